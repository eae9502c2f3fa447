// The harness's clients asking the server under test at the same moment (S9, and the scenarios of
// several holders): all connect first, then all say GetPort in one tick, so that their requests reach
// the server together however busy the machine is; then what they were offered is checked.

import { noPortsWhileFree, sharedPort, wrongPort } from '../judging/judge';
import { Violation } from '../judging/violation';
import { t } from '../messages';
import { untilNotListening } from '../process/sockets';
import type { ClientAsks } from './client-asks';
import type { ClientTable } from './client-table';
import type { ClientTalk } from './client-talk';

/** How often the clients of S9 race for ports before the server is believed to keep them apart. */
const RACE_ROUNDS = 10;

export class ClientRaces {
  constructor(
    private readonly table: ClientTable,
    private readonly talk: ClientTalk,
    private readonly asks: ClientAsks,
  ) {}

  /**
   * Clients at the same time (S9), made to race. A server that checks a port and takes it later gives
   * two of them the same port only when its threads meet in that gap, so the race is run again (the
   * ports given back) up to RACE_ROUNDS times, until two clients share a port.
   */
  async askTogether(count: number): Promise<void> {
    const names = Array.from({ length: count }, (_, i) => `client ${i + 1}`);
    for (let round = 1; ; round++) {
      await this.race(names);
      const offers = names.map((name) => this.table.client(name).offered);
      // A later round that meets an empty pool proves nothing about the race (a server may keep
      // ports given back, which other scenarios judge): the last full round stands.
      if (round > 1 && offers.includes(undefined)) return;
      this.table.raceOffers = offers;
      if (round === RACE_ROUNDS || new Set(offers).size < count || offers.includes(undefined)) return;
      if (!(await this.giveBackQuietly(names))) return;
    }
  }

  /**
   * Named clients ask at the same moment and read their whole answers. Their offers must be
   * different ports (S9).
   */
  async askAtOnce(names: readonly string[]): Promise<void> {
    await this.race(names);
    // NoPorts may come to any number of them; a port to one only.
    const ports = names.map((name) => this.table.client(name).offered).filter((port) => port !== undefined);
    if (new Set(ports).size === ports.length) return;
    this.table.raceOffers = ports;
    this.expectDistinctOffers(ports.length);
  }

  /**
   * One race: the clients connect one after the other (a server with a small listen backlog would
   * have the kernel drop a third handshake that arrives while two wait, and the client's retry comes
   * a second later), say GetPort in one tick, and read their whole answers.
   */
  private async race(names: readonly string[]): Promise<void> {
    for (const name of names) await this.talk.connect(name, this.table.plan.defaultPort);
    for (const name of names) this.talk.sendMessage(name, { kind: 'GetPort' });
    await Promise.all(names.map((name) => this.asks.readAnswer(name)));
  }

  /**
   * Claims and gives back the clients' offers and waits until nothing listens on them, so that the next
   * race starts from the same pool; false when that did not work out (the race is then not run again:
   * what went wrong is for the scenarios that check it).
   */
  private async giveBackQuietly(names: readonly string[]): Promise<boolean> {
    try {
      for (const name of names) {
        await this.asks.claimOffered(name);
        await this.talk.quit(name);
      }
      for (const name of names) {
        if (!this.table.isLocal) continue;
        if (!(await untilNotListening(this.table.offered(name), this.table.context.timeoutMs)).ok)
          return false;
      }
      return true;
    } catch (error) {
      if (error instanceof Violation) return false;
      throw error;
    }
  }

  expectDistinctOffers(count: number): void {
    const offers = this.table.raceOffers;
    const distinct = new Set(offers);
    if (offers.length !== count || distinct.size !== count) {
      throw new Violation({
        ...sharedPort(),
        what: t().clients.sharedPorts(count, distinct.size),
        expected: t().clients.differentPorts(count),
        received: offers.map((port) => (port === undefined ? 'NoPorts' : `FreePort:${port}`)).join(', '),
      });
    }
  }

  /**
   * The clients that asked at once were offered the sheet's ports (undefined: NoPorts), in any order:
   * whatever order the server took them in, they get the smallest available ports.
   */
  expectOfferedTogether(names: readonly string[], sheetPorts: readonly (number | undefined)[]): void {
    const wanted = sheetPorts.map((port) => (port === undefined ? undefined : this.table.port(port)));
    const key = (port: number | undefined) => (port === undefined ? 'NoPorts' : `FreePort:${port}`);
    const got = names.map((name) => this.table.client(name).offered);
    const missing = wanted.map(key).sort();
    for (const answer of got.map(key)) {
      const at = missing.indexOf(answer);
      if (at >= 0) missing.splice(at, 1);
    }
    if (!missing.length) return;
    const odd = got.find((port) => !wanted.includes(port));
    const m = t();
    throw new Violation({
      ...(odd === undefined
        ? noPortsWhileFree()
        : wrongPort({ offeredIsTaken: this.table.isTaken('', odd), expectedFreedBy: undefined })),
      what: m.clients.togetherOffered(m.list(names.map((name) => m.client(name))), m.list(got.map(key))),
      expected: m.list(wanted.map(key)),
      received: m.list(got.map(key)),
      program: this.table.context.gone(),
    });
  }
}
