// The harness's clients against the server under test, as a table: each named client ("client A")
// with its current connection and the port it was offered, and what the scenario has done so far
// that the judge needs to know (support/judging/judge.ts): who holds what, which ports were given back and
// how, whether the default port answered anyone. The moves live in the modules beside it
// (client-talk.ts, client-asks.ts, client-races.ts, client-offers.ts, client-leaving.ts).

import type net from 'node:net';
import { type AnswerFacts, noPortsWhileFree } from '../judging/judge';
import { Inconclusive, Violation } from '../judging/violation';
import { t } from '../messages';
import type { Connection } from '../wire/connection';
import { actualPort, type PortPlan } from '../wire/port-plan';
import type { Transcript } from '../wire/transcript';
import type { Context } from './expect';
import type { ServerUnderTest } from './server-under-test';

export interface Client {
  connection: Connection | undefined;
  offered: number | undefined;
  /** Whether the client said "Assigned:" on its offered port and has not left it yet. */
  holds: boolean;
  sentGetPort: boolean;
  sentCrlf: boolean;
  sentUnread: boolean;
  /** Whether the client will never claim its offer: the server may keep the port or give it back (A5). */
  abandoned: boolean;
}

/** How a port was given back in this scenario: by Quit, by a close without Quit, or by the harness's own listener stopping. */
export type FreedBy = 'quit' | 'drop' | 'release';

export class ClientTable {
  readonly clients = new Map<string, Client>();
  /** The harness's own listeners on pool ports, and their ports. */
  readonly occupiers: net.Server[] = [];
  readonly occupiedPorts: number[] = [];
  /** Set once wrong input was sent while the program ran: a later exit is that input's doing (A4). */
  wrongInputSent = false;
  /** Clients that answer the server's close with a close of their own. */
  readonly graceful = new Set<string>();
  /** Whether the default port has answered a client in this scenario: a later silence is S8, not S2. */
  servedBefore = false;
  readonly freedBy = new Map<number, FreedBy>();
  /** Ports a second client connected to while their client held them (A4). */
  readonly intruded = new Set<number>();
  /** Every connection to the default port, and those whose answer the scenario read. */
  readonly defaultConnections: Connection[] = [];
  readonly answered = new WeakSet<Connection>();
  /** What the clients of the last race that counts were offered (S9). */
  raceOffers: (number | undefined)[] = [];

  constructor(
    readonly server: ServerUnderTest,
    readonly transcript: Transcript,
    readonly context: Context,
  ) {}

  get plan(): PortPlan {
    return this.server.plan;
  }

  /** Whether the server runs on this machine, so that its listening sockets can be read. */
  get isLocal(): boolean {
    return ['127.0.0.1', 'localhost', '::1'].includes(this.server.host);
  }

  port(sheetPort: number): number {
    return actualPort(this.server.plan, sheetPort);
  }

  client(name: string): Client {
    let client = this.clients.get(name);
    if (!client) {
      client = {
        connection: undefined,
        offered: undefined,
        holds: false,
        sentGetPort: false,
        sentCrlf: false,
        sentUnread: false,
        abandoned: false,
      };
      this.clients.set(name, client);
    }
    return client;
  }

  current(name: string): Connection {
    const connection = this.client(name).connection;
    if (!connection) throw new Error(`${name} has no connection yet: the scenario must connect it first`);
    return connection;
  }

  /** The port `name` was offered; a NoPorts in its place is the server's failure, not the scenario's. */
  offered(name: string): number {
    const port = this.client(name).offered;
    if (port !== undefined) return port;
    const m = t();
    if (!this.server.fresh) throw new Inconclusive(m.clients.noPortsOnRunningServer);
    throw new Violation({
      ...noPortsWhileFree(),
      what: m.clients.noPortsWhileFree(m.client(name)),
      expected: '"FreePort:<port>⏎"',
      received: '"NoPorts⏎"',
      program: this.context.gone(),
    });
  }

  /**
   * The ports another client than `name` has (it holds one, or was offered one and may still claim
   * it), and those an occupier of the harness listens on. An offer its client gave up, and a port
   * given back since, are not taken: the server may offer them again.
   */
  takenPorts(name: string): number[] {
    const heldByOthers = [...this.clients]
      .filter(
        ([other, client]) =>
          other !== name &&
          client.offered !== undefined &&
          (client.holds || (!client.abandoned && !this.freedBy.has(client.offered))),
      )
      .flatMap(([, client]) => (client.offered === undefined ? [] : [client.offered]));
    return [...heldByOthers, ...this.occupiedPorts];
  }

  /** Whether a client other than `name` was offered `port` and will never claim it (A5). */
  abandonedByOther(name: string, port: number): boolean {
    return [...this.clients].some(
      ([other, client]) => other !== name && client.abandoned && client.offered === port,
    );
  }

  isTaken(name: string, port: number): boolean {
    return this.takenPorts(name).includes(port);
  }

  /** Whether every port of the pool is held by a client or listened on by another program. */
  poolHeld(): boolean {
    const held = [...this.clients.values()].filter((client) => client.holds).map((client) => client.offered);
    return this.plan.pool.every((port) => held.includes(port) || this.occupiedPorts.includes(port));
  }

  /** The name of the client that holds the sheet's `sheetPort`. */
  holderOf(sheetPort: number): string {
    const port = this.port(sheetPort);
    const holder = [...this.clients].find(([, client]) => client.holds && client.offered === port);
    if (!holder) throw new Error(`no client holds port ${sheetPort}`);
    return holder[0];
  }

  /** What `name` and the others had done when the server's message to `name`, `due`, did not come as due. */
  answerFacts(name: string, due: AnswerFacts['due']): AnswerFacts {
    const client = this.client(name);
    return {
      due,
      sentGetPort: client.sentGetPort,
      crlf: client.sentCrlf,
      servedBefore: this.servedBefore,
      otherHoldsAssigned: [...this.clients].some(([other, held]) => other !== name && held.holds),
      wrongInputSent: this.wrongInputSent,
      taken: this.takenPorts(name),
    };
  }
}
