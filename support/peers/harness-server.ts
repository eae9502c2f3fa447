// The harness playing the server for the client under test, in small rooms over one table
// (serving-table.ts): listening and awaiting the client's connections (serving-connections.ts), talking
// to it (serving-talk.ts), the program itself (serving-program.ts), and the sheet's handshake (below).
// The steps stay one line each; which requirement a failure violates is the judge's decision
// (support/judging/judge.ts): these modules report facts to it.

import type { ClientTarget, Settings } from '../settings/target';
import type { PortPlan } from '../wire/port-plan';
import { LF } from '../wire/protocol';
import type { Transcript } from '../wire/transcript';
import type { ClientUnderTest } from './client-under-test';
import type { Context } from './expect';
import { ServingConnections } from './serving-connections';
import { ServingProgram } from './serving-program';
import { ServingTable } from './serving-table';
import { ServingTalk } from './serving-talk';

export class HarnessServer {
  readonly table: ServingTable;
  readonly connections: ServingConnections;
  readonly talk: ServingTalk;
  readonly program: ServingProgram;

  constructor(target: ClientTarget, settings: Settings, transcript: Transcript, context: Context) {
    this.table = new ServingTable(target, settings, transcript, context);
    this.connections = new ServingConnections(this.table);
    this.talk = new ServingTalk(this.table);
    this.program = new ServingProgram(this.table);
  }

  get plan(): PortPlan {
    return this.table.plan;
  }

  /** A port of the feature files in this run's ports. */
  port(sheetPort: number): number {
    return this.table.port(sheetPort);
  }

  get clientUnderTest(): ClientUnderTest | undefined {
    return this.table.client;
  }

  /** The sheet's handshake, played by the harness: the client ends up holding `port` (C1, C3). */
  async handshake(port: number): Promise<void> {
    await this.connections.listen(port);
    await this.connections.expectClientConnection(this.plan.defaultPort);
    this.talk.answerAndClose([`FreePort:${port}`, 'Quit'], LF);
    await this.connections.expectClientConnection(port);
    await this.talk.expectMessage(port, { kind: 'Assigned', port });
  }

  async closeAll(): Promise<void> {
    const { accepted, current, listeners } = this.table;
    for (const connections of [...accepted.values(), [...current.values()]]) {
      for (const connection of connections) connection.reset();
    }
    await this.table.client?.stop();
    await Promise.all(
      [...listeners.values()].map((server) => new Promise((resolve) => server.close(resolve))),
    );
  }
}
