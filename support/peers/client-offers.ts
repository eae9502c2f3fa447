// Which ports the server under test offers the harness's clients: the sheet's port, one of several
// allowed, never a port another client holds; a port given back in the scenario is asked for again
// a few times, the same in every run, so that freeing it a moment late is no failure (A2, A3, S5).

import { dueOffer, observedRequirement, wrongPort } from '../judging/judge';
import type { Observation } from '../judging/result';
import { Violation } from '../judging/violation';
import { t } from '../messages';
import { surelyNotListening, untilNotListening } from '../process/sockets';
import { Bound, onExpiry } from '../process/starvation';
import type { ClientAsks } from './client-asks';
import type { ClientTable, FreedBy } from './client-table';
import type { ClientTalk } from './client-talk';

/** How much longer than MPP_TIMEOUT_MS A5 is watched: past the reference server's claim time-out (MPP_TIMEOUT_MS + 1 s). */
const RECLAIM_OBSERVATION_MS = 1500;

/** One check of an offer: what is allowed, the port that may be late, and the answers so far. */
interface OfferCheck {
  name: string;
  allowed: number[];
  noPorts: boolean;
  /** The port a wrong offer is judged against (the judge's `dueOffer`): the one that may be late. */
  expected: number | undefined;
  freedBy: FreedBy | undefined;
  started: number;
  /** The answers in turn: "FreePort:22003", "NoPorts". */
  offers: string[];
  /** How many waits for a late port there are before the last ask. */
  waits: number;
}

export class ClientOffers {
  constructor(
    private readonly table: ClientTable,
    private readonly talk: ClientTalk,
    private readonly asks: ClientAsks,
  ) {}

  /**
   * `name` was offered the sheet's port. A port given back in this scenario need only be free again
   * within the bound: freeing it a moment after the close is the server's choice (a thread, a poll
   * loop, a deliberate cool-down). The asks are few and always the same, so that a server that hands
   * ports out in turn (round-robin) gets the same offers in every run: a wrong offer is given back
   * (claimed and quit, so that the pool stays as it was); the harness waits until the server no longer
   * listens on the port and asks again; if that offer is wrong too, it waits until the bound has run
   * out and asks a last time. A larger offer then, with the listener long gone, passes the port over.
   */
  async expectOffered(name: string, sheetPort: number): Promise<void> {
    await this.expectOfferedAmong(name, [sheetPort], false);
  }

  /**
   * `name` was offered one of the sheet's ports, or NoPorts where `noPorts` allows it: where the
   * reading leaves a choice open (an offer nobody claimed may be kept or given back), every choice is
   * allowed. A port given back in this scenario is asked for as in `expectOffered`: the same few asks
   * in every run.
   */
  async expectOfferedAmong(name: string, sheetPorts: readonly number[], noPorts: boolean): Promise<void> {
    const allowed = sheetPorts.map((port) => this.table.port(port));
    const expected = dueOffer(
      allowed,
      (port) => this.table.freedBy.has(port),
      (port) => this.table.abandonedByOther(name, port),
    );
    const check: OfferCheck = {
      name,
      allowed,
      noPorts,
      expected,
      freedBy: expected === undefined ? undefined : this.table.freedBy.get(expected),
      started: Date.now(),
      offers: [],
      waits: 0,
    };
    if (await this.askUntilAllowed(check)) return;
    throw this.wrongOffer(check);
  }

  /** Reads the offer, and while it is wrong and the port may be late, gives it back, waits and asks again. */
  private async askUntilAllowed(check: OfferCheck): Promise<boolean> {
    const { name, allowed, noPorts, expected, freedBy } = check;
    const bound = new Bound(this.table.context.timeoutMs);
    const waits = [
      async () => {
        if (this.table.isLocal && expected !== undefined)
          await untilNotListening(expected, bound.remaining());
      },
      () => new Promise<void>((resolve) => onExpiry(bound, resolve)),
    ];
    check.waits = waits.length;
    for (const wait of [...waits, undefined]) {
      const offered = freedBy || noPorts ? this.table.client(name).offered : this.table.offered(name);
      if (offered === undefined ? noPorts : allowed.includes(offered)) return true;
      check.offers.push(offered === undefined ? 'NoPorts' : `FreePort:${offered}`);
      // A port another client has is no late freeing: it is judged now, and never claimed by this client.
      const taken = offered !== undefined && this.table.isTaken(name, offered);
      if (!freedBy || taken || !wait) break;
      // A NoPorts may be transient too: the ports given back meanwhile may not be free again yet.
      if (offered !== undefined) {
        await this.asks.claimOffered(name);
        await this.talk.quit(name);
      }
      await wait();
      await this.asks.askForPort(name);
    }
    return false;
  }

  /** The failure of an offer that stayed wrong, judged by how the expected port was given back. */
  private wrongOffer(check: OfferCheck): Violation {
    const { name, allowed, noPorts, expected, freedBy, offers } = check;
    const offered = this.table.client(name).offered;
    const taken = offered !== undefined && this.table.isTaken(name, offered);
    const passedOver =
      freedBy !== undefined &&
      expected !== undefined &&
      offers.length > check.waits &&
      offered !== undefined &&
      offered > expected &&
      this.table.isLocal &&
      surelyNotListening(expected);
    const m = t().clients;
    const client = t().client(name);
    const wanted = [...allowed.map((port) => `FreePort:${port}`), ...(noPorts ? ['NoPorts'] : [])];
    return new Violation({
      ...wrongPort({ offeredIsTaken: taken, expectedFreedBy: freedBy, passedOver }),
      what:
        expected === undefined
          ? m.offeredNoneFree(client, offered)
          : !freedBy || taken
            ? allowed.length > 1 || noPorts
              ? m.wrongOfferAmong(client, offered, t().or(wanted))
              : m.wrongOffer(client, offered, expected)
            : passedOver
              ? m.passedOver(client, runs(offers), expected)
              : m.notBackInTime(client, runs(offers), expected, Date.now() - check.started),
      ...(freedBy && !taken && !passedOver ? { waitedMs: Date.now() - check.started } : {}),
      expected: t().or(wanted.map((answer) => `"${answer}⏎"`)),
      received: `"${offers[offers.length - 1]}⏎"`,
      program: this.table.context.gone(),
    });
  }

  /** Client after client takes the port and leaves with Quit: the port must come back every time (S8, A2). */
  async takeAndQuitInTurn(count: number, sheetPort: number): Promise<void> {
    for (let turn = 1; turn <= count; turn++) {
      const name = `client ${turn}`;
      await this.asks.askForPort(name);
      await this.expectOffered(name, sheetPort);
      await this.asks.claimOffered(name);
      await this.talk.quit(name);
    }
  }

  /** `name` was not offered the port that `holder` holds (S5): a port a connected client holds is not available. */
  expectNotOfferedHeldPort(name: string, holder: string): void {
    const held = this.table.client(holder);
    if (!held.holds || held.offered === undefined) throw new Error(`${holder} holds no port`);
    const port = held.offered;
    if (this.table.client(name).offered !== port) return;
    const m = t();
    throw new Violation({
      ...wrongPort({ offeredIsTaken: true, expectedFreedBy: undefined }),
      // A port given back earlier in the scenario: most likely the end of that old connection freed it again.
      ...(this.table.freedBy.has(port) ? { hint: m.clients.freedAgainHint } : {}),
      what: m.clients.heldPortOffered(m.client(name), port, m.client(holder)),
      expected: m.clients.anotherPort(port),
      received: `"FreePort:${port}⏎"`,
      program: this.table.context.gone(),
    });
  }

  /** A5 (INFO): whether, and how soon, an offer nobody claims returns to the pool. Never a failure. */
  async observeReclaim(name: string): Promise<Observation> {
    const port = this.table.offered(name);
    const bound = this.table.context.timeoutMs + RECLAIM_OBSERVATION_MS;
    const released = await untilNotListening(port, bound);
    const m = t();
    return {
      requirement: observedRequirement('reclaim'),
      text: released.ok ? m.clients.reclaimed(port, released.afterMs) : m.clients.notReclaimed(port, bound),
    };
  }
}

/** "FreePort:20034 (5 times), then NoPorts": repeated answers once, with their count. */
function runs(answers: readonly string[]): string {
  const parts: string[] = [];
  for (let i = 0; i < answers.length; ) {
    let j = i;
    while (answers[j + 1] === answers[i]) j++;
    parts.push(j > i ? t().clients.times(`${answers[i]}`, j - i + 1) : `${answers[i]}`);
    i = j + 1;
  }
  return t().clients.inTurn(parts);
}
