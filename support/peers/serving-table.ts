// The harness as the server of the client under test, as a table: its plan of ports, its listeners,
// the connections the client made (queued until the scenario awaits them, then the current one per
// port), the program under test, and what the client was last told on each port, which the judge
// needs (support/judging/judge.ts). The moves live beside it (serving-connections.ts, serving-talk.ts,
// serving-program.ts); harness-server.ts puts them together.

import type net from 'node:net';
import { freshBlock } from '../process/sockets';
import type { ClientTarget, Settings } from '../settings/target';
import type { Connection } from '../wire/connection';
import { actualPort, type PortPlan, planFrom } from '../wire/port-plan';
import type { Transcript } from '../wire/transcript';
import type { ClientUnderTest } from './client-under-test';
import type { Context } from './expect';

/** What the client should do next because of what was said last on a port, for the judge. */
export type Cue = 'freeport' | 'noports' | 'server-quit' | 'own-quit';

export class ServingTable {
  readonly plan: PortPlan;
  readonly listeners = new Map<number, net.Server>();
  /** Connections the client made that the scenario has not awaited yet, per port. */
  readonly accepted = new Map<number, Connection[]>();
  /** The scenario awaiting a connection, per port. */
  readonly waiting = new Map<number, (connection: Connection) => void>();
  /** The connection the scenario talks on, per port. */
  readonly current = new Map<number, Connection>();
  client: ClientUnderTest | undefined;
  /** Per port, what the client was last told (or said itself), and whether the harness's last answer came with CR LF. */
  readonly cues = new Map<number, Cue>();
  crlfSent = false;

  constructor(
    readonly target: ClientTarget,
    readonly settings: Settings,
    readonly transcript: Transcript,
    readonly context: Context,
  ) {
    this.plan = ownPorts(target, settings);
  }

  /** A port of the feature files in this run's ports. */
  port(sheetPort: number): number {
    return actualPort(this.plan, sheetPort);
  }

  /** The connection the scenario awaited on `port`. */
  connection(port: number): Connection {
    const connection = this.current.get(port);
    if (!connection)
      throw new Error(`the client has no connection on port ${port}: the scenario must await it first`);
    return connection;
  }

  clientOrFail(): ClientUnderTest {
    if (!this.client) throw new Error('the scenario must start the client under test first');
    return this.client;
  }

  /** The client's exit, not the server's, is what a broken connection may mean here. */
  clientContext(): Context {
    return {
      ...this.context,
      gone: () => this.client?.gone(),
      settleGone: async () => {
        await this.client?.exitWithin(300);
        return this.client?.gone();
      },
    };
  }
}

/** Ports of the scenario's own, or MPP_PORT / MPP_POOL for a command without placeholders. */
export function ownPorts(target: ClientTarget, settings: Settings): PortPlan {
  if (target.kind === 'command' && !target.placeholders) return settings.fixedPlan;
  const [defaultPort = 0, ...pool] = freshBlock(1 + Math.min(settings.fixedPlan.pool.length, 15));
  return planFrom(defaultPort, pool[0] ?? 0, pool[pool.length - 1] ?? 0);
}
