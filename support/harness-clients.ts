// The harness playing clients against the server under test: named clients ("client A"), each with
// its current connection and the port it was offered. The protocol's client moves live here, so that
// step definitions stay one line each. Which requirement a failure violates is the judge's decision
// (support/judge.ts); this module only gathers the facts it needs.

import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { ConnectError, Connection } from './connection';
import { type Context, expectClose, receive, type Wanted } from './expect';
import { assignedClosed, connectFailure, missingAnswer, programGone, sharedPort, wrongPort } from './judge';
import { actualPort, isListening, type PortPlan, untilNotListening } from './ports';
import { CRLF, format, LF, type Message, visibleSpaces } from './protocol';
import type { ServerUnderTest } from './server-under-test';
import { serverSilence } from './streaks';
import type { Transcript } from './transcript';
import { Inconclusive, VIOLATION_LINE, Violation } from './violation';

/** The gaps between the offers a client asks for while it waits for a port to come back. */
const RETRY_FIRST_GAP_MS = 10;
const RETRY_LAST_GAP_MS = 160;

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
}

const NO_PORTS_ON_RUNNING_SERVER =
  'the running server answered NoPorts. Its pool may still be held by earlier runs or other clients (a server need not reclaim an offer nobody claimed): restart the server and run the check again, or check it with MPP_SERVER_CMD';

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
  private readonly freedBy = new Map<number, 'quit' | 'drop'>();
  /** Ports a second client connected to while their client held them (A4). */
  private readonly intruded = new Set<number>();

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
    if (!this.server.fresh) throw new Inconclusive(NO_PORTS_ON_RUNNING_SERVER);
    throw new Violation({
      requirement: 'S2',
      what: `${name} got NoPorts although ports of the pool are free`,
      expected: '"FreePort:<port>⏎"',
      received: '"NoPorts⏎"',
      hint: 'a port is available unless a client holds it or another program listens on it: check how the server decides that a port is free',
      program: this.context.gone(),
    });
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
      this.context.note(
        `the second connection to ${port} did not get through (${error.message.split('\n')[0]?.replace(VIOLATION_LINE, '')}): conformant, the server may stop listening once its client arrived`,
      );
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
      // No answer to a GetPort with CR LF is W2 only if a GetPort with LF does get one.
      if (error instanceof Violation && error.requirement === 'W2' && !(await this.answersPlainGetPort())) {
        throw new Violation({
          ...missingAnswer({
            due: 'answer',
            sentGetPort: true,
            crlf: false,
            servedBefore: false,
            otherHoldsAssigned: false,
          }),
          what: 'the server answers no GetPort at all, with CR LF or with LF',
          expected: '"FreePort:<port>⏎"',
          received: '[nothing]',
          program: this.context.gone(),
        });
      }
      throw error;
    }
  }

  /** Whether a fresh client that says "GetPort" with LF gets any line back. */
  private async answersPlainGetPort(): Promise<boolean> {
    try {
      const probe = await Connection.open(
        this.server.host,
        { transcript: this.transcript, name: 'probe', port: this.server.plan.defaultPort, self: 'harness' },
        this.context.timeoutMs,
      );
      probe.send('GetPort\n');
      const event = await probe.next(this.context.timeoutMs);
      probe.reset();
      return event.kind === 'line';
    } catch {
      return false;
    }
  }

  private async receiveJudged(name: string, message: Wanted | Wanted[]): Promise<Message> {
    const client = this.client(name);
    const kinds = [message].flat().map((wanted) => wanted.kind);
    const judgeMissing = () =>
      missingAnswer({
        due: kinds.length === 1 && (kinds[0] === 'Quit' || kinds[0] === 'NoPorts') ? kinds[0] : 'answer',
        sentGetPort: client.sentGetPort,
        crlf: client.sentCrlf,
        servedBefore: this.servedBefore,
        otherHoldsAssigned: [...this.clients].some(([other, held]) => other !== name && held.holds),
      });
    const judged = judgeMissing();
    // A running server may have no port left for reasons of its past: that NoPorts proves nothing.
    const wanted = [message].flat();
    const pastMayExplainNoPorts =
      !this.server.fresh &&
      wanted.some((w) => w.kind === 'FreePort') &&
      !wanted.some((w) => w.kind === 'NoPorts');
    const received = await receive(
      this.current(name),
      {
        message: pastMayExplainNoPorts ? [...wanted, { kind: 'NoPorts' }] : message,
        requirement: judged.requirement,
        sender: 'the server',
        hint: judged.hint,
        judgeMissing,
        sentUnread: client.sentUnread,
        judgePort: (port) =>
          wrongPort({ offeredIsTaken: this.isTaken(name, port), expectedFreedBy: undefined }),
        goneRequirement: () =>
          programGone({ wrongInputSent: this.wrongInputSent, servedBefore: this.servedBefore }).requirement,
        listenerGone: () =>
          client.connection?.port === this.server.plan.defaultPort &&
          this.isLocal &&
          !isListening(this.server.plan.defaultPort),
      },
      this.context,
    );
    if (pastMayExplainNoPorts && received.kind === 'NoPorts')
      throw new Inconclusive(NO_PORTS_ON_RUNNING_SERVER);
    if (received.kind === 'FreePort' || received.kind === 'NoPorts') this.servedBefore = true;
    if (received.kind === 'FreePort') client.offered = received.port;
    if (received.kind === 'NoPorts') client.offered = undefined;
    return received;
  }

  async expectClosed(
    name: string,
    after: string,
    requirement: string,
    tolerated?: (text: string) => string | undefined,
  ): Promise<void> {
    await expectClose(this.current(name), requirement, 'the server', after, this.context, tolerated);
  }

  /** Connects to the default port, says GetPort, and reads the whole answer: FreePort or NoPorts, Quit, close. */
  async askForPort(name: string, lineEnd: string = LF): Promise<Message> {
    await this.connect(name, this.server.plan.defaultPort);
    this.sendMessage(name, { kind: 'GetPort' }, lineEnd);
    const answer = await this.receive(name, [{ kind: 'FreePort' }, { kind: 'NoPorts' }]);
    await this.receive(name, { kind: 'Quit' });
    await this.expectClosed(name, 'its Quit', 'S4');
    return answer;
  }

  /**
   * S3, observed: whether the answer comes before the client says anything. The sheet's prose has
   * the server answer on connect, its command table has the client ask with GetPort: both are
   * conformant. When nothing comes, the client says GetPort after all, so that a server which waits
   * for it is told apart from one that never answers (S2).
   */
  async observeUnaskedAnswer(name: string, expected: Message): Promise<string> {
    const waited = this.context.timeoutMs;
    if (await this.current(name).hasDataWithin(waited)) {
      await this.receive(name, expected);
      return 'Observed (S3): the server answered as soon as the client connected, before any GetPort.';
    }
    this.sendMessage(name, { kind: 'GetPort' });
    await this.receive(name, expected);
    return `Observed (S3): the server said nothing for ${waited} ms after the connect and answered once the client sent GetPort (the sheet allows both).`;
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

  /** Clients that connect at nearly the same time (S9): all connect, then all ask. */
  async askTogether(count: number): Promise<void> {
    const names = Array.from({ length: count }, (_, i) => `client ${i + 1}`);
    await Promise.all(names.map((name) => this.askForPort(name)));
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
    await this.expectClosed(name, "the client's Quit", this.client(name).sentCrlf ? 'W2' : 'A2', (text) =>
      text === 'Quit'
        ? 'the server answered Quit with Quit before closing (allowed: the sheet lists Quit for both sides)'
        : `the server sent "${visibleSpaces(text)}" on the assigned connection before closing it (application data, which the sheet leaves to the program; it may have been sent before the Quit arrived)`,
    );
  }

  expectDistinctOffers(count: number): void {
    const offers = [...this.clients.values()].map((client) => client.offered);
    const distinct = new Set(offers);
    if (offers.length !== count || distinct.size !== count) {
      throw new Violation({
        ...sharedPort(),
        what: `${count} clients that connected together were offered ${distinct.size} different ports`,
        expected: `${count} different ports`,
        received: offers.map((port) => (port === undefined ? 'NoPorts' : `FreePort:${port}`)).join(', '),
      });
    }
  }

  /** A5 (INFO): whether, and how soon, an offer nobody claims returns to the pool. Never a failure. */
  async observeReclaim(name: string): Promise<string> {
    const port = this.offered(name);
    const bound = this.context.timeoutMs + RECLAIM_OBSERVATION_MS;
    const released = await untilNotListening(port, bound);
    return released.ok
      ? `Observed (A5): nobody connected to ${port}; the server stopped listening on it after ${released.afterMs} ms, so the port returns to the pool.`
      : `Observed (A5): nobody connected to ${port}; the server still listened on it after ${bound} ms. An offer nobody claims may keep the port for good.`;
  }

  /**
   * `name` was offered the sheet's port. A port given back in this scenario need only be free again
   * within the bound: while another port is offered, the client gives that one back (claims it and
   * says Quit, so that the pool stays as it was) and asks again.
   */
  async expectOffered(name: string, sheetPort: number): Promise<void> {
    const expected = this.port(sheetPort);
    const freedBy = this.freedBy.get(expected);
    const started = Date.now();
    const offers: string[] = [];
    // Nothing tells the harness when a server has put the port back: it asks again at growing gaps,
    // so that a slow server is not flooded with clients.
    let gapMs = RETRY_FIRST_GAP_MS;
    for (;;) {
      const offered = freedBy ? this.client(name).offered : this.offered(name);
      if (offered === expected) return;
      offers.push(offered === undefined ? 'NoPorts' : `FreePort:${offered}`);
      const left = this.context.timeoutMs - (Date.now() - started);
      if (!freedBy || offered === undefined || left <= 0) break;
      await this.claimOffered(name);
      await this.quit(name);
      await delay(Math.min(gapMs, left));
      gapMs = Math.min(2 * gapMs, RETRY_LAST_GAP_MS);
      await this.askForPort(name);
    }
    const offered = this.client(name).offered;
    throw new Violation({
      ...wrongPort({
        offeredIsTaken: offered !== undefined && this.isTaken(name, offered),
        expectedFreedBy: freedBy,
      }),
      what: freedBy
        ? `${name} was answered ${runs(offers)}, not FreePort:${expected}, in the ${this.context.timeoutMs} ms after port ${expected} was given back`
        : `${name} was offered port ${offered}, not ${expected}`,
      expected: `"FreePort:${expected}⏎"`,
      received: `"${offers[offers.length - 1]}⏎"`,
      program: this.context.gone(),
    });
  }

  /** The assigned connection stays open: the server took "Assigned: <p>" without closing (A1, A4). */
  async expectStillConnected(name: string): Promise<void> {
    const connection = this.current(name);
    if (connection.peerGone) {
      const event = await connection.next(0);
      throw new Violation({
        ...(this.client(name).sentCrlf
          ? {
              requirement: 'W2',
              hint: 'read "Assigned: <p>\\r\\n" as Assigned (strip the \\r before comparing)',
            }
          : assignedClosed({ afterSecondConnection: this.intruded.has(connection.port) })),
        what: `the server ended the connection on port ${connection.port} after "Assigned: ${connection.port}"`,
        expected: '[the connection stays open until the client says Quit]',
        received: event.kind === 'line' ? `"${event.text}⏎", then the close` : `[connection ${event.kind}]`,
        program: this.context.gone(),
      });
    }
  }

  /** After Quit (A2) or a dropped client (A3) the server stops listening on the port, within the bound. */
  async expectPortReleased(name: string): Promise<void> {
    const port = this.offered(name);
    const released = await untilNotListening(port, this.context.timeoutMs);
    if (!released.ok) {
      throw new Violation({
        requirement: this.freedBy.get(port) === 'drop' ? 'A3' : 'A2',
        what: `port ${port} still listens ${this.context.timeoutMs} ms after the client left`,
        expected: `[nothing listens on ${port}]`,
        received: `[port ${port} listens]`,
        hint: 'close the listening socket of the assigned port when its client leaves, so that the port returns to the pool',
        program: this.context.gone(),
      });
    }
  }

  /** The S3 check of a close: a reset (TCP RST) instead of a close means the server left GetPort unread. */
  async expectCloseWithoutReset(name: string): Promise<void> {
    const connection = this.current(name);
    if (!(await connection.closedWithReset(this.context.timeoutMs))) return;
    throw new Violation({
      requirement: 'S3',
      what: `the server reset the connection on port ${connection.port} (TCP RST) instead of closing it`,
      expected: '[the connection closes]',
      received: '[connection reset]',
      hint: 'a socket closed while the client\'s "GetPort" is still unread in its buffer sends a reset, and a client that reads a moment later loses the answer: read the GetPort line before closing',
    });
  }

  closeGracefully(name: string): void {
    const client = this.client(name);
    if (client.holds && client.offered !== undefined) {
      client.holds = false;
      this.freedBy.set(client.offered, 'drop');
    }
    this.current(name).close();
  }

  /** From now on the client answers the server's close with a close of its own, as real clients do. */
  closeWhenServerCloses(name: string): void {
    this.graceful.add(name);
  }

  /** Fails with A4 when the program under test has stopped. */
  expectRunning(): void {
    const gone = this.context.gone();
    if (gone) {
      throw new Violation({
        ...programGone({ wrongInputSent: true, servedBefore: this.servedBefore }),
        what: 'the server stopped after a wrong message',
        expected: '[the server keeps running]',
        received: '[the program ended]',
        program: gone,
      });
    }
  }

  /** Another program (the harness itself) listens on a pool port, so the server must skip it (S5). */
  async occupy(port: number): Promise<void> {
    const occupier = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      occupier.once('error', reject);
      occupier.listen(port, () => resolve());
    });
    this.transcript.note(`another program listens on ${port}`);
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
   * port back (claim it and say Quit), so that the next scenario finds the pool as this one did.
   */
  async giveBackOffers(): Promise<void> {
    for (const [name, client] of this.clients) {
      if (client.offered === undefined) continue;
      try {
        if (!client.holds) await this.claimOffered(name);
        await this.quit(name);
      } catch {
        this.context.note(`port ${client.offered} could not be given back: the running server may keep it`);
      }
    }
  }

  async closeAll(): Promise<void> {
    for (const client of this.clients.values()) client.connection?.reset();
    await Promise.all(this.occupiers.map((occupier) => new Promise((resolve) => occupier.close(resolve))));
  }

  private isTaken(name: string, port: number): boolean {
    const heldByOther = [...this.clients].some(
      ([other, client]) => other !== name && client.offered === port,
    );
    return heldByOther || this.occupiedPorts.includes(port);
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
    const reason = {
      refused: 'connection refused',
      reset: 'the connection was reset as it opened',
      timeout: 'no answer to the connection',
      other: error.message,
    }[error.reason];
    if (kind === 'default') {
      const judged = program
        ? programGone({ wrongInputSent: this.wrongInputSent, servedBefore: this.servedBefore })
        : connectFailure({ port: 'default', servedBefore: this.servedBefore });
      return new Violation({
        ...judged,
        what: `${name} could not connect to the default port ${port}: ${reason}`,
        expected: `[the server accepts on ${port}]`,
        received: `[${error.reason}]`,
        program,
      });
    }
    const offered = this.client(name).offered === port;
    const judged = program
      ? programGone({ wrongInputSent: this.wrongInputSent, servedBefore: this.servedBefore })
      : connectFailure({ port: offered ? 'offered' : 'held', servedBefore: this.servedBefore });
    return new Violation({
      ...judged,
      what: `port ${port}: ${reason}${offered ? ` right after FreePort:${port}` : ''}`,
      expected: `[the server accepts on ${port}]`,
      received: `[${error.reason}]`,
      program,
    });
  }
}

/** "FreePort:20034 (5 times), then NoPorts": repeated answers once, with their count. */
function runs(answers: readonly string[]): string {
  const parts: string[] = [];
  for (let i = 0; i < answers.length; ) {
    let j = i;
    while (answers[j + 1] === answers[i]) j++;
    parts.push(j > i ? `${answers[i]} (${j - i + 1} times)` : `${answers[i]}`);
    i = j + 1;
  }
  return parts.join(', then ');
}
