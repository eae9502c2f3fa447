// The harness playing clients against the server under test: named clients ("client A"), each with
// its current connection and the port it was offered. The protocol's client moves live here, so that
// step definitions stay one line each. Which requirement a failure violates is the judge's decision
// (support/judge.ts); this module only gathers the facts it needs.

import net from 'node:net';
import { ConnectError, Connection } from './connection';
import { arrive, type Context, expectClose, violationOf, type Wanted } from './expect';
import {
  type AnswerFacts,
  answerDue,
  assignedClosed,
  connectFailure,
  heldClosed,
  judgeArrival,
  programGone,
  sharedPort,
  wrongPort,
} from './judge';
import { type After, t } from './messages';
import { actualPort, type PortPlan, surelyNotListening, untilNotListening } from './ports';
import { CRLF, format, LF, type Message, parseLine, visibleSpaces } from './protocol';
import type { Observation } from './result';
import type { ServerUnderTest } from './server-under-test';
import { Bound, onExpiry } from './starvation';
import { serverSilence } from './streaks';
import type { Transcript } from './transcript';
import { Inconclusive, Violation } from './violation';

/** How long a connection that must stay open is watched for a close: a quarter of MPP_TIMEOUT_MS, at least this. */
const STILL_OPEN_WATCH_MIN_MS = 250;
/** How often the clients of S9 race for ports before the server is believed to keep them apart. */
const RACE_ROUNDS = 10;

/** How much longer than MPP_TIMEOUT_MS A5 is watched: past the reference server's claim time-out (MPP_TIMEOUT_MS + 1 s). */
const RECLAIM_OBSERVATION_MS = 1500;

interface Client {
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

export class HarnessClients {
  private readonly clients = new Map<string, Client>();
  private readonly occupiers: net.Server[] = [];
  private readonly occupiedPorts: number[] = [];
  /** Set once wrong input was sent while the program ran: a later exit is that input's doing (A4). */
  private wrongInputSent = false;
  private readonly graceful = new Set<string>();
  /** Whether the default port has answered a client in this scenario: a later silence is S8, not S2. */
  private servedBefore = false;
  /** How each port was given back in this scenario: by Quit, or by a close without Quit. */
  private readonly freedBy = new Map<number, 'quit' | 'drop' | 'release'>();
  /** Ports a second client connected to while their client held them (A4). */
  private readonly intruded = new Set<number>();
  /** Every connection to the default port, and those whose answer the scenario read. */
  private readonly defaultConnections: Connection[] = [];
  private readonly answered = new WeakSet<Connection>();
  /** What the clients of the last race that counts were offered (S9). */
  private raceOffers: (number | undefined)[] = [];

  constructor(
    private readonly server: ServerUnderTest,
    private readonly transcript: Transcript,
    private readonly context: Context,
  ) {}

  /** Whether the server runs on this machine, so that its listening sockets can be read. */
  private get isLocal(): boolean {
    return ['127.0.0.1', 'localhost', '::1'].includes(this.server.host);
  }

  port(sheetPort: number): number {
    return actualPort(this.server.plan, sheetPort);
  }

  /** The port `name` was offered; a NoPorts in its place is the server's failure, not the scenario's. */
  offered(name: string): number {
    const port = this.client(name).offered;
    if (port !== undefined) return port;
    const m = t();
    if (!this.server.fresh) throw new Inconclusive(m.clients.noPortsOnRunningServer);
    throw new Violation({
      requirement: 'S2',
      what: m.clients.noPortsWhileFree(m.client(name)),
      expected: '"FreePort:<port>⏎"',
      received: '"NoPorts⏎"',
      hint: m.clients.noPortsHint,
      program: this.context.gone(),
    });
  }

  /** Whether every port of the pool is held by a client or listened on by another program. */
  private poolHeld(): boolean {
    const held = [...this.clients.values()].filter((client) => client.holds).map((client) => client.offered);
    return this.server.plan.pool.every((port) => held.includes(port) || this.occupiedPorts.includes(port));
  }

  /** The port `name` was last offered, or undefined (NoPorts, or no answer yet). */
  answerOf(name: string): number | undefined {
    return this.client(name).offered;
  }

  /** The name of the client that holds the sheet's `sheetPort`. */
  holderOf(sheetPort: number): string {
    const port = this.port(sheetPort);
    const holder = [...this.clients].find(([, client]) => client.holds && client.offered === port);
    if (!holder) throw new Error(`no client holds port ${sheetPort}`);
    return holder[0];
  }

  async connect(name: string, port: number): Promise<void> {
    const client = this.client(name);
    const isDefault = port === this.server.plan.defaultPort;
    try {
      client.connection = await Connection.open(
        this.server.host,
        { transcript: this.transcript, name, port, self: 'harness' },
        this.context.timeoutMs,
      );
      client.connection.graceful = this.graceful.has(name);
      if (isDefault) this.defaultConnections.push(client.connection);
      client.sentUnread = false;
      client.sentGetPort = false;
    } catch (error) {
      if (!(error instanceof ConnectError)) throw error;
      throw await this.connectViolation(name, port, isDefault ? 'default' : 'offered', error);
    }
  }

  /**
   * A second client connects to a port another client holds and says `text` (A4). Refusing it is
   * conformant: a server may stop listening once its client arrived.
   */
  async intrude(name: string, port: number, text: string): Promise<void> {
    this.intruded.add(port);
    try {
      await this.connect(name, port);
    } catch (error) {
      if (!(error instanceof Violation) || this.context.gone()) throw error;
      this.context.note(t().clients.secondRefused(port, t().sentence(error.failure.what)));
      return;
    }
    this.send(name, text);
  }

  send(name: string, text: string, lineEnd: string = LF): void {
    const client = this.client(name);
    this.current(name).send(`${text}${lineEnd}`);
    client.sentUnread = true;
    if (text === 'GetPort') client.sentGetPort = true;
    client.sentCrlf = lineEnd === CRLF;
    if (text === 'Quit' && client.holds && client.offered !== undefined) {
      client.holds = false;
      this.freedBy.set(client.offered, 'quit');
    }
  }

  /** Sends input that is no protocol message, to see that the server survives it (A4). */
  sendWrongInput(name: string, bytes: string): void {
    this.send(name, bytes, '');
    this.wrongInputSent = !this.context.gone();
  }

  sendMessage(name: string, message: Message, lineEnd: string = LF): void {
    this.send(name, format(message), lineEnd);
  }

  /** The server's next message to `name`; a wrong or missing one is judged by what was done before. */
  async receive(name: string, message: Wanted | Wanted[]): Promise<Message> {
    const onDefaultPort = this.current(name).port === this.server.plan.defaultPort;
    try {
      const received = await this.receiveJudged(name, message);
      serverSilence.hit();
      return received;
    } catch (error) {
      // Only a server that has said nothing at all to anyone counts (judged now: clients that asked
      // together may have been answered meanwhile); one that said something wrong was heard.
      const answeredNobody = onDefaultPort && !this.servedBefore;
      if (answeredNobody && error instanceof Violation && error.silent) serverSilence.miss();
      else if (answeredNobody) serverSilence.hit();
      throw error;
    }
  }

  private async receiveJudged(name: string, message: Wanted | Wanted[]): Promise<Message> {
    const client = this.client(name);
    const connection = this.current(name);
    // Whether the whole pool is held is known before the wait: only the harness's own moves change it.
    const due = answerDue(
      [message].flat().map((wanted) => wanted.kind),
      this.poolHeld(),
    );
    const before = this.answerFacts(name, due);
    // A running server may have no port left for reasons of its past: that NoPorts proves nothing.
    const wanted = [message].flat();
    const pastMayExplainNoPorts =
      !this.server.fresh &&
      wanted.some((w) => w.kind === 'FreePort') &&
      !wanted.some((w) => w.kind === 'NoPorts');
    const received = await arrive(
      connection,
      {
        message: pastMayExplainNoPorts ? [...wanted, { kind: 'NoPorts' }] : message,
        sender: 'server',
        sentUnread: client.sentUnread,
        watchListener: connection.port === this.server.plan.defaultPort && this.isLocal,
      },
      this.context,
    );
    if (!received.ok) {
      const now = this.answerFacts(name, due);
      throw violationOf(received, judgeArrival(received.arrival, { role: 'server', before, now }));
    }
    if (pastMayExplainNoPorts && received.message.kind === 'NoPorts')
      throw new Inconclusive(t().clients.noPortsOnRunningServer);
    if (received.message.kind === 'FreePort' || received.message.kind === 'NoPorts') {
      this.servedBefore = true;
      this.answered.add(this.current(name));
    }
    if (received.message.kind === 'FreePort') client.offered = received.message.port;
    if (received.message.kind === 'NoPorts') client.offered = undefined;
    return received.message;
  }

  /** What `name` and the others had done when the server's message to `name` did not come as due. */
  private answerFacts(name: string, due: AnswerFacts['due']): AnswerFacts {
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

  async expectClosed(
    name: string,
    after: After,
    requirement: string,
    tolerated?: (text: string) => string | undefined,
  ): Promise<void> {
    await expectClose(this.current(name), requirement, 'server', after, this.context, tolerated);
  }

  /** Connects to the default port, says GetPort, and reads the whole answer: FreePort or NoPorts, Quit, close. */
  async askForPort(name: string, lineEnd: string = LF): Promise<Message> {
    await this.connect(name, this.server.plan.defaultPort);
    this.sendMessage(name, { kind: 'GetPort' }, lineEnd);
    return this.readAnswer(name);
  }

  /** The whole answer on the default port: FreePort or NoPorts, Quit, close. */
  private async readAnswer(name: string): Promise<Message> {
    const answer = await this.receive(name, [{ kind: 'FreePort' }, { kind: 'NoPorts' }]);
    await this.receive(name, { kind: 'Quit' });
    await this.expectClosed(name, 'ownQuit', 'S4');
    return answer;
  }

  /**
   * S3, observed: whether the answer comes before the client says anything. The sheet's prose has
   * the server answer on connect, its command table has the client ask with GetPort: both are
   * conformant. When nothing comes, the client says GetPort after all, so that a server which waits
   * for it is told apart from one that never answers (S2).
   */
  async observeUnaskedAnswer(name: string, expected: Message): Promise<Observation> {
    const waited = this.context.timeoutMs;
    const m = t();
    if (await this.current(name).hasDataWithin(waited)) {
      if (!this.current(name).endedSilently) {
        await this.receive(name, expected);
        return { requirement: 'S3', text: m.clients.answeredOnConnect };
      }
      // A server that waits for GetPort may close a connection that stays silent: ask on a new one.
      await this.connect(name, this.server.plan.defaultPort);
      this.sendMessage(name, { kind: 'GetPort' });
      await this.receive(name, expected);
      return { requirement: 'S3', text: m.clients.closedSilentThenAnswered(waited) };
    }
    this.sendMessage(name, { kind: 'GetPort' });
    await this.receive(name, expected);
    return { requirement: 'S3', text: m.clients.answeredOnGetPort(waited) };
  }

  /** Asks for a port, connects to it and says "Assigned: <p>": the client holds the port. */
  async takePort(name: string, lineEnd: string = LF): Promise<number> {
    await this.askForPort(name, lineEnd);
    return this.claimOffered(name, lineEnd);
  }

  /** Connects to the offered port and says "Assigned: <p>" (A1). */
  async claimOffered(name: string, lineEnd: string = LF): Promise<number> {
    const port = this.offered(name);
    await this.connect(name, port);
    this.sendMessage(name, { kind: 'Assigned', port }, lineEnd);
    this.client(name).holds = true;
    return port;
  }

  /** One client per pool port takes it, so that nothing is left (S6). */
  async takeEveryPort(): Promise<void> {
    for (const [index] of this.server.plan.pool.entries()) await this.takePort(`client ${index + 1}`);
  }

  /**
   * Clients at the same time (S9), made to race: all connect first, then all say GetPort in one tick,
   * so that their requests reach the server together however busy the machine is. A server that
   * checks a port and takes it later gives two of them the same port only when its threads meet in
   * that gap, so the race is run again (the ports given back) up to RACE_ROUNDS times, until two
   * clients share a port.
   */
  async askTogether(count: number): Promise<void> {
    const names = Array.from({ length: count }, (_, i) => `client ${i + 1}`);
    const defaultPort = this.server.plan.defaultPort;
    for (let round = 1; ; round++) {
      // One connection after the other: a server with a small listen backlog would have the kernel
      // drop a third handshake that arrives while two wait, and the client's retry comes a second later.
      for (const name of names) await this.connect(name, defaultPort);
      for (const name of names) this.sendMessage(name, { kind: 'GetPort' });
      await Promise.all(names.map((name) => this.readAnswer(name)));
      const offers = names.map((name) => this.client(name).offered);
      // A later round that meets an empty pool proves nothing about the race (a server may keep
      // ports given back, which other scenarios judge): the last full round stands.
      if (round > 1 && offers.includes(undefined)) return;
      this.raceOffers = offers;
      if (round === RACE_ROUNDS || new Set(offers).size < count || offers.includes(undefined)) return;
      if (!(await this.giveBackQuietly(names))) return;
    }
  }

  /**
   * Claims and gives back the clients' offers and waits until nothing listens on them, so that the next
   * race starts from the same pool; false when that did not work out (the race is then not run again:
   * what went wrong is for the scenarios that check it).
   */
  private async giveBackQuietly(names: readonly string[]): Promise<boolean> {
    try {
      for (const name of names) {
        await this.claimOffered(name);
        await this.quit(name);
      }
      for (const name of names) {
        if (this.isLocal && !(await untilNotListening(this.offered(name), this.context.timeoutMs)).ok)
          return false;
      }
      return true;
    } catch (error) {
      if (error instanceof Violation) return false;
      throw error;
    }
  }

  /** Client after client takes the port and leaves with Quit: the port must come back every time (S8, A2). */
  async takeAndQuitInTurn(count: number, sheetPort: number): Promise<void> {
    for (let turn = 1; turn <= count; turn++) {
      const name = `client ${turn}`;
      await this.askForPort(name);
      await this.expectOffered(name, sheetPort);
      await this.claimOffered(name);
      await this.quit(name);
    }
  }

  /** The client says Quit on its assigned port and awaits the server's close (A2). */
  async quit(name: string): Promise<void> {
    this.sendMessage(name, { kind: 'Quit' });
    await this.expectAssignedClosed(name);
  }

  /**
   * After the client's Quit the server closes (A2). Lines before the close are allowed: a Quit reply,
   * and application data, which the sheet leaves to the program and which may have been on its way
   * before the Quit arrived (a greeting, an echo): the harness cannot tell the two apart.
   */
  async expectAssignedClosed(name: string): Promise<void> {
    await this.expectClosed(name, 'peerQuit', this.client(name).sentCrlf ? 'W2' : 'A2', (text) =>
      text === 'Quit' ? t().clients.quitReply : t().clients.applicationData(visibleSpaces(text)),
    );
  }

  expectDistinctOffers(count: number): void {
    const offers = this.raceOffers;
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

  /** A5 (INFO): whether, and how soon, an offer nobody claims returns to the pool. Never a failure. */
  async observeReclaim(name: string): Promise<Observation> {
    const port = this.offered(name);
    const bound = this.context.timeoutMs + RECLAIM_OBSERVATION_MS;
    const released = await untilNotListening(port, bound);
    const m = t();
    return {
      requirement: 'A5',
      text: released.ok ? m.clients.reclaimed(port, released.afterMs) : m.clients.notReclaimed(port, bound),
    };
  }

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
    const allowed = sheetPorts.map((port) => this.port(port));
    const ok = (offered: number | undefined) => (offered === undefined ? noPorts : allowed.includes(offered));
    // The port to blame is one the server had to give back: a port offered to a client that never
    // claims it is allowed too, but keeping it is the server's choice (A5), so it is expected only
    // when nothing else is. The smallest such port that was given back is the one that may be late.
    const abandoned = (port: number) =>
      [...this.clients].some(
        ([other, client]) => other !== name && client.abandoned && client.offered === port,
      );
    const due = allowed.filter((port) => !abandoned(port));
    const candidates = due.length ? due : allowed;
    const expected = candidates.find((port) => this.freedBy.has(port)) ?? candidates[0];
    const freedBy = expected === undefined ? undefined : this.freedBy.get(expected);
    const started = Date.now();
    const bound = new Bound(this.context.timeoutMs);
    const waits = [
      async () => {
        if (this.isLocal && expected !== undefined) await untilNotListening(expected, bound.remaining());
      },
      () => new Promise<void>((resolve) => onExpiry(bound, resolve)),
    ];
    const offers: string[] = [];
    for (const wait of [...waits, undefined]) {
      const offered = freedBy || noPorts ? this.client(name).offered : this.offered(name);
      if (ok(offered)) return;
      offers.push(offered === undefined ? 'NoPorts' : `FreePort:${offered}`);
      // A port another client has is no late freeing: it is judged now, and never claimed by this client.
      const taken = offered !== undefined && this.isTaken(name, offered);
      if (!freedBy || taken || !wait) break;
      // A NoPorts may be transient too: the ports given back meanwhile may not be free again yet.
      if (offered !== undefined) {
        await this.claimOffered(name);
        await this.quit(name);
      }
      await wait();
      await this.askForPort(name);
    }
    const offered = this.client(name).offered;
    const taken = offered !== undefined && this.isTaken(name, offered);
    const passedOver =
      freedBy !== undefined &&
      expected !== undefined &&
      offers.length > waits.length &&
      offered !== undefined &&
      offered > expected &&
      this.isLocal &&
      surelyNotListening(expected);
    const judged = wrongPort({
      offeredIsTaken: taken,
      expectedFreedBy: freedBy,
      passedOver,
    });
    const m = t().clients;
    const wanted = [...allowed.map((port) => `FreePort:${port}`), ...(noPorts ? ['NoPorts'] : [])];
    throw new Violation({
      ...judged,
      what:
        expected === undefined
          ? m.offeredNoneFree(t().client(name), offered)
          : !freedBy || taken
            ? allowed.length > 1 || noPorts
              ? m.wrongOfferAmong(t().client(name), offered, t().or(wanted))
              : m.wrongOffer(t().client(name), offered, expected)
            : passedOver
              ? m.passedOver(t().client(name), runs(offers), expected)
              : m.notBackInTime(t().client(name), runs(offers), expected, Date.now() - started),
      ...(freedBy && !taken && !passedOver ? { waitedMs: Date.now() - started } : {}),
      expected: t().or(wanted.map((answer) => `"${answer}⏎"`)),
      received: `"${offers[offers.length - 1]}⏎"`,
      program: this.context.gone(),
    });
  }

  /**
   * The assigned connection stays open: the server took "Assigned: <p>" without closing (A1, A4). A
   * server that closes on Assigned does so a moment after it read it, which may be after the steps in
   * between: the connection is watched for a while (a quarter of MPP_TIMEOUT_MS), so that every run sees the close.
   */
  async expectStillConnected(name: string): Promise<void> {
    const connection = this.current(name);
    if (await connection.endsWithin(Math.max(STILL_OPEN_WATCH_MIN_MS, this.context.timeoutMs / 4))) {
      const event = await connection.next(0);
      const m = t().clients;
      const intruded = this.intruded.has(connection.port);
      throw new Violation({
        ...(this.client(name).sentCrlf
          ? { requirement: 'W2', hint: m.crlfAssigned }
          : assignedClosed({ afterSecondConnection: intruded && !(await this.closesAfterAssigned()) })),
        what: m.endedAfterAssigned(connection.port),
        expected: m.staysOpen,
        received: event.kind === 'line' ? m.lineThenClose(`"${event.text}⏎"`) : m.connectionEvent(event.kind),
        program: this.context.gone(),
      });
    }
  }

  /**
   * Whether the server ends an assigned connection after "Assigned: <p>" with no second connection
   * anywhere near: then that (A1), not the second connection, ended the one a scenario saw closed,
   * whichever of the two the harness happened to see first.
   */
  private async closesAfterAssigned(): Promise<boolean> {
    const probe = t().clients.probe;
    try {
      await this.takePort(probe);
      const connection = this.current(probe);
      const bound = new Bound(this.context.timeoutMs);
      // Lines after Assigned are the application's business (a greeting): only an end counts.
      for (;;) {
        const event = await connection.next(bound);
        if (event.kind === 'closed' || event.kind === 'reset') return true;
        if (event.kind === 'timeout') break;
      }
      await this.quit(probe);
      return false;
    } catch (error) {
      // A probe that got no port proves nothing: the finding stays with the second connection.
      if (error instanceof Violation) return false;
      throw error;
    }
  }

  /** After Quit (A2) or a dropped client (A3) the server stops listening on the port, within the bound. */
  async expectPortReleased(name: string): Promise<void> {
    const port = this.offered(name);
    const released = await untilNotListening(port, this.context.timeoutMs);
    if (!released.ok) {
      const m = t().clients;
      throw new Violation({
        requirement: this.freedBy.get(port) === 'drop' ? 'A3' : 'A2',
        what: m.stillListens(port, this.context.timeoutMs),
        waitedMs: this.context.timeoutMs,
        expected: m.nothingListens(port),
        received: m.listens(port),
        hint: m.closeListener,
        program: this.context.gone(),
      });
    }
  }

  /** The S3 check of a close: a reset (TCP RST) instead of a close means the server left GetPort unread. */
  async expectCloseWithoutReset(name: string): Promise<void> {
    const connection = this.current(name);
    if (!(await connection.closedWithReset(this.context.timeoutMs))) return;
    const m = t();
    throw new Violation({
      requirement: 'S3',
      what: m.clients.resetInsteadOfClose(connection.port),
      expected: m.expect.closes,
      received: m.expect.resetReceived,
      hint: m.clients.resetHint,
    });
  }

  closeGracefully(name: string): void {
    const client = this.client(name);
    if (client.holds && client.offered !== undefined) {
      client.holds = false;
      this.freedBy.set(client.offered, 'drop');
    } else if (client.offered !== undefined) client.abandoned = true;
    this.current(name).close();
  }

  /** `name` will never claim the port it was offered: the server may keep it or give it back (A5). */
  abandon(name: string): void {
    this.client(name).abandoned = true;
  }

  /**
   * `name` still holds its port: the server has not ended its assigned connection while other
   * clients came and went (a server that closes the wrong client's connection on a Quit).
   */
  expectStillHolding(name: string): void {
    const connection = this.current(name);
    if (!this.client(name).holds || !connection.peerGone) return;
    const m = t().clients;
    throw new Violation({
      ...heldClosed(),
      what: m.heldEnded(t().client(name), connection.port),
      expected: m.staysOpen,
      received: m.connectionEvent('closed'),
      program: this.context.gone(),
    });
  }

  /** The client leaves its assigned port with Quit and awaits the server's close (A2). */
  async leaveWithQuit(name: string): Promise<void> {
    this.expectStillHolding(name);
    await this.quit(name);
  }

  /**
   * The client leaves its assigned port by closing the connection without Quit (A3), and gives the
   * server the time to see it: until the server closes its side too (bounded; a server that does not
   * is judged when the port is asked for), so that the next move does not race the server's reading
   * of the close, and the same program gets the same outcome in every run.
   */
  async leaveWithoutQuit(name: string): Promise<void> {
    this.expectStillHolding(name);
    this.closeGracefully(name);
    await this.current(name).endsWithin(this.context.timeoutMs);
  }

  /**
   * Named clients ask at the same moment (connect first, then GetPort in one tick, as in S9) and read
   * their whole answers. Their offers must be different ports (S9).
   */
  async askAtOnce(names: readonly string[]): Promise<void> {
    for (const name of names) await this.connect(name, this.server.plan.defaultPort);
    for (const name of names) this.sendMessage(name, { kind: 'GetPort' });
    await Promise.all(names.map((name) => this.readAnswer(name)));
    // NoPorts may come to any number of them; a port to one only.
    const ports = names.map((name) => this.client(name).offered).filter((port) => port !== undefined);
    if (new Set(ports).size === ports.length) return;
    this.raceOffers = ports;
    this.expectDistinctOffers(ports.length);
  }

  /**
   * The clients that asked at once were offered the sheet's ports (undefined: NoPorts), in any order:
   * whatever order the server took them in, they get the smallest available ports.
   */
  expectOfferedTogether(names: readonly string[], sheetPorts: readonly (number | undefined)[]): void {
    const wanted = sheetPorts.map((port) => (port === undefined ? undefined : this.port(port)));
    const key = (port: number | undefined) => (port === undefined ? 'NoPorts' : `FreePort:${port}`);
    const got = names.map((name) => this.client(name).offered);
    const missing = wanted.map(key).sort();
    for (const answer of got.map(key)) {
      const at = missing.indexOf(answer);
      if (at >= 0) missing.splice(at, 1);
    }
    if (!missing.length) return;
    const odd = got.find((port) => !wanted.includes(port));
    const m = t();
    const judged =
      odd === undefined
        ? { requirement: 'S2', hint: m.clients.noPortsHint }
        : wrongPort({ offeredIsTaken: this.isTaken('', odd), expectedFreedBy: undefined });
    throw new Violation({
      ...judged,
      what: m.clients.togetherOffered(m.list(names.map((name) => m.client(name))), m.list(got.map(key))),
      expected: m.list(wanted.map(key)),
      received: m.list(got.map(key)),
      program: this.context.gone(),
    });
  }

  /** The clients claim the ports they were offered; a client that got NoPorts has nothing to claim. */
  async claimEachOffered(names: readonly string[]): Promise<void> {
    for (const name of names) if (this.client(name).offered !== undefined) await this.claimOffered(name);
  }

  /** Claims the offer if there was one: after an answer that may be NoPorts. */
  async claimIfOffered(name: string): Promise<void> {
    if (this.client(name).offered !== undefined) await this.claimOffered(name);
  }

  /** The harness's listener on `port` stops: another program no longer listens there, and the port is available again. */
  async release(port: number): Promise<void> {
    const at = this.occupiedPorts.indexOf(port);
    const occupier = this.occupiers[at];
    if (!occupier) throw new Error(`the harness does not listen on ${port}`);
    this.occupiers.splice(at, 1);
    this.occupiedPorts.splice(at, 1);
    await new Promise((resolve) => occupier.close(resolve));
    this.freedBy.set(port, 'release');
    this.transcript.note(t().clients.released(port));
  }

  /** From now on the client answers the server's close with a close of its own, as real clients do. */
  closeWhenServerCloses(name: string): void {
    this.graceful.add(name);
  }

  /** The client leaves the server's close of its current connection unanswered until it closes itself. */
  closeLaterThanServer(name: string): void {
    this.current(name).keepOpen = true;
  }

  /** `name` was not offered the port that `holder` holds (S5): a port a connected client holds is not available. */
  expectNotOfferedHeldPort(name: string, holder: string): void {
    const held = this.client(holder);
    if (!held.holds || held.offered === undefined) throw new Error(`${holder} holds no port`);
    const port = held.offered;
    if (this.client(name).offered !== port) return;
    const m = t();
    throw new Violation({
      ...wrongPort({ offeredIsTaken: true, expectedFreedBy: undefined }),
      // A port given back earlier in the scenario: most likely the end of that old connection freed it again.
      ...(this.freedBy.has(port) ? { hint: m.clients.freedAgainHint } : {}),
      what: m.clients.heldPortOffered(m.client(name), port, m.client(holder)),
      expected: m.clients.anotherPort(port),
      received: `"FreePort:${port}⏎"`,
      program: this.context.gone(),
    });
  }

  /** Fails with A4 when the program under test has stopped. */
  expectRunning(): void {
    const gone = this.context.gone();
    if (gone) {
      throw new Violation({
        ...programGone({ wrongInputSent: true, servedBefore: this.servedBefore }),
        what: t().clients.stoppedAfterWrong,
        expected: t().clients.keepsRunning,
        received: t().clients.programEnded,
        program: gone,
      });
    }
  }

  /** Another program (the harness itself) listens on a pool port, so the server must skip it (S5). */
  async occupy(port: number): Promise<void> {
    const occupier = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      occupier.once('error', reject);
      // No host: 127.0.0.1 and ::1 alike (dual-stack), so that an IPv6-only server finds the port taken too.
      occupier.listen(port, () => resolve());
    });
    this.transcript.note(t().clients.occupied(port));
    this.occupiers.push(occupier);
    this.occupiedPorts.push(port);
  }

  get pool(): readonly number[] {
    return this.server.plan.pool;
  }

  get plan(): PortPlan {
    return this.server.plan;
  }

  /** The harness's own listeners on pool ports: not a stranger's. */
  get occupied(): readonly number[] {
    return this.occupiedPorts;
  }

  /**
   * A server that already ran before the scenario keeps what the scenario took: give every offered
   * port back (claim it and say Quit), so that the next scenario finds the pool as this one did. That
   * includes offers nobody asked for or read: a server that answers as soon as a client connects
   * offered a port to a client that then sent a wrong message, and may keep it reserved.
   */
  async giveBackOffers(): Promise<void> {
    const unread = await Promise.all(
      this.defaultConnections
        .filter((connection) => !this.answered.has(connection))
        .map((connection) => this.unreadOffer(connection)),
    );
    for (const [index, port] of unread.entries()) {
      if (port !== undefined) this.client(t().clients.unreadOffer(index + 1)).offered = port;
    }
    for (const [name, client] of this.clients) {
      if (client.offered === undefined) continue;
      try {
        if (!client.holds) await this.claimOffered(name);
        await this.quit(name);
      } catch {
        this.context.note(t().clients.notGivenBack(client.offered));
      }
    }
  }

  /** The port of a FreePort that waits unread on a default-port connection, up to its close (bounded). */
  private async unreadOffer(connection: Connection): Promise<number | undefined> {
    const bound = new Bound(this.context.timeoutMs);
    for (;;) {
      const event = await connection.next(bound);
      if (event.kind !== 'line') return undefined;
      const judged = parseLine(event.text);
      if (judged.ok && judged.message.kind === 'FreePort') return judged.message.port;
    }
  }

  async closeAll(): Promise<void> {
    for (const client of this.clients.values()) client.connection?.reset();
    await Promise.all(this.occupiers.map((occupier) => new Promise((resolve) => occupier.close(resolve))));
  }

  /**
   * The ports another client than `name` has (it holds one, or was offered one and may still claim
   * it), and those an occupier of the harness listens on. An offer its client gave up, and a port
   * given back since, are not taken: the server may offer them again.
   */
  private takenPorts(name: string): number[] {
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

  private isTaken(name: string, port: number): boolean {
    return this.takenPorts(name).includes(port);
  }

  private client(name: string): Client {
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

  private current(name: string): Connection {
    const connection = this.client(name).connection;
    if (!connection) throw new Error(`${name} has no connection yet: the scenario must connect it first`);
    return connection;
  }

  private async connectViolation(
    name: string,
    port: number,
    kind: 'default' | 'offered',
    error: ConnectError,
  ): Promise<Violation> {
    const program = await this.context.settleGone();
    const m = t();
    const reason = error.reason === 'other' ? error.message : m.clients.connectReason[error.reason];
    // A connection not answered within the bound is a wait that ran out: a stall of the harness may explain it.
    const silent = error.reason === 'timeout';
    if (kind === 'default') {
      const judged = program
        ? programGone({ wrongInputSent: this.wrongInputSent, servedBefore: this.servedBefore })
        : // A connection the default port accepted earlier in the scenario proves its listener (S1).
          connectFailure({
            port: 'default',
            servedBefore: this.servedBefore || this.defaultConnections.length > 0,
          });
      return new Violation({
        ...judged,
        what: m.clients.defaultRefused(m.client(name), port, reason),
        expected: m.clients.accepts(port),
        received: `[${reason}]`,
        program,
        silent,
      });
    }
    const offered = this.client(name).offered === port;
    const judged = program
      ? programGone({ wrongInputSent: this.wrongInputSent, servedBefore: this.servedBefore })
      : connectFailure({ port: offered ? 'offered' : 'held', servedBefore: this.servedBefore });
    return new Violation({
      ...judged,
      what: m.clients.offeredRefused(port, reason, offered),
      expected: m.clients.accepts(port),
      received: `[${reason}]`,
      program,
      silent,
    });
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
