// The harness playing clients against the server under test, in small rooms over one table of named
// clients (client-table.ts): talking (client-talk.ts), asking and claiming (client-asks.ts), asking at
// once (client-races.ts), the offers (client-offers.ts), holding and leaving (client-leaving.ts), and
// the harness's own listeners on pool ports (below). The steps stay one line each; which requirement
// a failure violates is the judge's decision (support/judging/judge.ts): these modules report facts to it.

import net from 'node:net';
import { t } from '../messages';
import type { PortPlan } from '../wire/port-plan';
import type { Transcript } from '../wire/transcript';
import { ClientAsks } from './client-asks';
import { ClientLeaving } from './client-leaving';
import { ClientOffers } from './client-offers';
import { ClientRaces } from './client-races';
import { ClientTable } from './client-table';
import { ClientTalk } from './client-talk';
import type { Context } from './expect';
import type { ServerUnderTest } from './server-under-test';

export class HarnessClients {
  readonly table: ClientTable;
  readonly talk: ClientTalk;
  readonly asks: ClientAsks;
  readonly races: ClientRaces;
  readonly offers: ClientOffers;
  readonly leaving: ClientLeaving;

  constructor(server: ServerUnderTest, transcript: Transcript, context: Context) {
    this.table = new ClientTable(server, transcript, context);
    this.talk = new ClientTalk(this.table);
    this.asks = new ClientAsks(this.table, this.talk);
    this.races = new ClientRaces(this.table, this.talk, this.asks);
    this.offers = new ClientOffers(this.table, this.talk, this.asks);
    this.leaving = new ClientLeaving(this.table, this.talk, this.asks);
  }

  get plan(): PortPlan {
    return this.table.plan;
  }

  get pool(): readonly number[] {
    return this.table.plan.pool;
  }

  /** A port of the feature files in this run's ports. */
  port(sheetPort: number): number {
    return this.table.port(sheetPort);
  }

  /** The port `name` was offered; a NoPorts in its place is the server's failure, not the scenario's. */
  offered(name: string): number {
    return this.table.offered(name);
  }

  /** The port `name` was last offered, or undefined (NoPorts, or no answer yet). */
  answerOf(name: string): number | undefined {
    return this.table.client(name).offered;
  }

  /** The name of the client that holds the sheet's `sheetPort`. */
  holderOf(sheetPort: number): string {
    return this.table.holderOf(sheetPort);
  }

  /** Another program (the harness itself) listens on a pool port, so the server must skip it (S5). */
  async occupy(port: number): Promise<void> {
    const occupier = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      occupier.once('error', reject);
      // No host: 127.0.0.1 and ::1 alike (dual-stack), so that an IPv6-only server finds the port taken too.
      occupier.listen(port, () => resolve());
    });
    this.table.transcript.note(t().clients.occupied(port));
    this.table.occupiers.push(occupier);
    this.table.occupiedPorts.push(port);
  }

  /** The harness's listener on `port` stops: another program no longer listens there, and the port is available again. */
  async release(port: number): Promise<void> {
    const at = this.table.occupiedPorts.indexOf(port);
    const occupier = this.table.occupiers[at];
    if (!occupier) throw new Error(`the harness does not listen on ${port}`);
    this.table.occupiers.splice(at, 1);
    this.table.occupiedPorts.splice(at, 1);
    await new Promise((resolve) => occupier.close(resolve));
    this.table.freedBy.set(port, 'release');
    this.table.transcript.note(t().clients.released(port));
  }

  /** The harness's own listeners on pool ports: not a stranger's. */
  get occupied(): readonly number[] {
    return this.table.occupiedPorts;
  }

  async closeAll(): Promise<void> {
    for (const client of this.table.clients.values()) client.connection?.reset();
    await Promise.all(
      this.table.occupiers.map((occupier) => new Promise((resolve) => occupier.close(resolve))),
    );
  }
}
