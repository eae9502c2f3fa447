// The harness playing clients against the server under test: named clients ("client A"), each with
// its current connection and the port it was offered. The protocol's client moves live here, so that
// step definitions stay one line each.

import net from 'node:net';
import { ConnectError, Connection } from './connection';
import { type Context, expectClose, receive, type Wanted } from './expect';
import { actualPort, isListening, type PortPlan, untilNotListening } from './ports';
import { format, LF, type Message } from './protocol';
import type { ServerUnderTest } from './server-under-test';
import type { Transcript } from './transcript';
import { Violation } from './violation';

/** How much longer than MPP_TIMEOUT_MS A5 is watched: past the reference server's claim time-out. */
const RECLAIM_OBSERVATION_MS = 2000;

interface Client {
  connection: Connection | undefined;
  offered: number | undefined;
  /** How many FreePorts the scenario had seen before this client's offer. */
  offerIndex: number;
  sentUnread: boolean;
}

/** The likely cause of a wrong port, by the requirement it violates. */
const WRONG_PORT_HINTS: Record<string, string> = {
  S2: 'the answer must be the smallest free port of the pool, counted from its first port',
  S5: 'a port that a client holds or that another program listens on is not available: try to bind it before offering it, and skip the ports clients hold',
  S8: 'a freed port must be offered again; a counter that only goes up never reuses ports',
  S9: 'two clients at nearly the same time must not get the same port: reserve the port before answering the next client',
  A2: "the port was freed by the client's Quit: stop listening on it and put it back into the pool",
  A3: 'the client dropped the connection without Quit: a server should free the port the same way',
};

/** The likely cause of an answer that does not come, by the requirement it violates. */
const MISSING_ANSWER_HINTS: Record<string, string> = {
  S2: 'if the program writes through a buffered stream, flush it after each message (Java: new PrintWriter(out, true) or out.flush(); Python: sendall)',
  S3: 'the server seems to wait for "GetPort"; the sheet has it answer as soon as a client connects',
  W2: 'the server must read "GetPort\\r\\n" and "Assigned: <p>\\r\\n" as GetPort and Assigned (strip the \\r)',
};

export class HarnessClients {
  private readonly clients = new Map<string, Client>();
  private readonly occupiers: net.Server[] = [];
  private readonly occupiedPorts: number[] = [];
  /** Set once wrong input was sent while the program ran: a later exit is that input's doing (A4). */
  private wrongInputSent = false;
  private readonly graceful = new Set<string>();
  /** Whether the default port has accepted a client in this scenario: a later refusal is S8, not S1. */
  private servedBefore = false;
  private freePortsSeen = 0;

  constructor(
    private readonly server: ServerUnderTest,
    private readonly transcript: Transcript,
    private readonly context: Context,
    /** The requirement a plain mismatch violates: the scenario's first requirement tag. */
    private readonly requirement: string,
  ) {}

  /** Whether the server runs on this machine, so that its listening sockets can be read. */
  private get isLocal(): boolean {
    return ['127.0.0.1', 'localhost', '::1'].includes(this.server.host);
  }

  port(sheetPort: number): number {
    return actualPort(this.server.plan, sheetPort);
  }

  offered(name: string): number {
    const port = this.client(name).offered;
    if (port === undefined)
      throw new Error(`${name} was offered no port yet: the scenario must ask for one first`);
    return port;
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
      if (isDefault) this.servedBefore = true;
      client.sentUnread = false;
    } catch (error) {
      if (!(error instanceof ConnectError)) throw error;
      throw await this.connectViolation(name, port, isDefault, error);
    }
  }

  send(name: string, text: string, lineEnd: string = LF): void {
    const client = this.client(name);
    this.current(name).send(`${text}${lineEnd}`);
    client.sentUnread = true;
  }

  /** Sends input that is no protocol message, to see that the server survives it (A4). */
  sendWrongInput(name: string, bytes: string): void {
    this.send(name, bytes, '');
    this.wrongInputSent = !this.context.gone();
  }

  sendMessage(name: string, message: Message, lineEnd: string = LF): void {
    this.send(name, format(message), lineEnd);
  }

  async receive(
    name: string,
    message: Wanted | Wanted[],
    requirement = this.requirementFor(message),
  ): Promise<Message> {
    const client = this.client(name);
    const received = await receive(
      this.current(name),
      {
        message,
        requirement,
        sender: 'the server',
        hint: MISSING_ANSWER_HINTS[requirement],
        sentUnread: client.sentUnread,
        judgePort: (port) => {
          const judged = this.wrongPortRequirement(name, port, this.freePortsSeen);
          return { requirement: judged, hint: WRONG_PORT_HINTS[judged] };
        },
        goneRequirement: this.goneRequirement(),
        listenerGone: () =>
          client.connection?.port === this.server.plan.defaultPort &&
          this.isLocal &&
          !isListening(this.server.plan.defaultPort),
      },
      this.context,
    );
    if (received.kind === 'FreePort') {
      client.offered = received.port;
      client.offerIndex = this.freePortsSeen++;
    }
    return received;
  }

  async expectClosed(name: string, after: string, requirement: string): Promise<void> {
    await expectClose(this.current(name), requirement, 'the server', after, this.context);
  }

  /** Connects to the default port, says GetPort, and reads the whole answer: FreePort or NoPorts, Quit, close. */
  async askForPort(name: string, lineEnd: string = LF): Promise<Message> {
    await this.connect(name, this.server.plan.defaultPort);
    this.sendMessage(name, { kind: 'GetPort' }, lineEnd);
    const answer = await this.receive(name, [{ kind: 'FreePort' }, { kind: 'NoPorts' }]);
    await this.receive(name, { kind: 'Quit' }, 'S4');
    await this.expectClosed(name, 'its Quit', 'S4');
    return answer;
  }

  /** Asks for a port, connects to it and says "Assigned: <p>": the client holds the port. */
  async takePort(name: string, lineEnd: string = LF): Promise<number> {
    await this.askForPort(name, lineEnd);
    return this.claimOffered(name, lineEnd);
  }

  /** Connects to the offered port and says "Assigned: <p>" (A1). */
  async claimOffered(name: string, lineEnd: string = LF): Promise<number> {
    const port = this.client(name).offered;
    if (port === undefined) {
      throw new Violation({
        requirement: 'S2',
        what: 'the server answered NoPorts although ports of the pool are free',
        expected: '"FreePort:<port>⏎"',
        received: '"NoPorts⏎"',
        program: this.context.gone(),
      });
    }
    await this.connect(name, port);
    this.sendMessage(name, { kind: 'Assigned', port }, lineEnd);
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
      await this.takePort(name);
      this.expectOffered(name, sheetPort);
      this.sendMessage(name, { kind: 'Quit' });
      await this.expectClosed(name, "the client's Quit", 'A2');
      await this.expectPortReleased(name, 'A2');
    }
  }

  expectDistinctOffers(count: number): void {
    const offers = [...this.clients.values()].map((client) => client.offered);
    const distinct = new Set(offers);
    if (offers.length !== count || distinct.size !== count) {
      throw new Violation({
        requirement: 'S9',
        what: `${count} clients that connected together were offered ${distinct.size} different ports`,
        expected: `${count} different ports`,
        received: offers.map((port) => (port === undefined ? 'NoPorts' : `FreePort:${port}`)).join(', '),
        hint: WRONG_PORT_HINTS.S9,
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

  expectOffered(name: string, sheetPort: number): void {
    const expected = this.port(sheetPort);
    const offered = this.offered(name);
    if (offered !== expected) {
      const requirement = this.wrongPortRequirement(name, offered, this.client(name).offerIndex);
      throw new Violation({
        requirement,
        what: `${name} was offered port ${offered}, not ${expected}`,
        expected: `"FreePort:${expected}⏎"`,
        received: `"FreePort:${offered}⏎"`,
        hint: WRONG_PORT_HINTS[requirement],
      });
    }
  }

  /** The assigned connection stays open: the server took "Assigned: <p>" without closing (A1). */
  async expectStillConnected(name: string, requirement: string): Promise<void> {
    const connection = this.current(name);
    if (connection.peerGone) {
      const event = await connection.next(0);
      throw new Violation({
        requirement,
        what: `the server ended the connection on port ${connection.port} after "Assigned: ${connection.port}"`,
        expected: '[the connection stays open until the client says Quit]',
        received: event.kind === 'line' ? `"${event.text}⏎", then the close` : `[connection ${event.kind}]`,
        hint: 'the sheet defines no answer to Assigned: keep the connection open until the client says Quit',
        program: this.context.gone(),
      });
    }
  }

  /** After Quit or a dropped client the server stops listening on the port (A2, A3). */
  async expectPortReleased(name: string, requirement: string): Promise<void> {
    const port = this.offered(name);
    const released = await untilNotListening(port, this.context.timeoutMs);
    if (!released.ok) {
      throw new Violation({
        requirement,
        what: `port ${port} still listens ${this.context.timeoutMs} ms after the client left`,
        expected: `[nothing listens on ${port}]`,
        received: `[port ${port} listens]`,
        hint: 'close the listening socket of the assigned port when its client leaves, so that the port returns to the pool',
        program: this.context.gone(),
      });
    }
  }

  closeGracefully(name: string): void {
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
        requirement: 'A4',
        what: 'the server stopped after a wrong message',
        expected: '[the server keeps running]',
        received: '[the program ended]',
        hint: 'catch errors of one connection (parsing, decoding, a closed socket) so that they never end the server',
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

  async closeAll(): Promise<void> {
    for (const client of this.clients.values()) client.connection?.reset();
    await Promise.all(this.occupiers.map((occupier) => new Promise((resolve) => occupier.close(resolve))));
  }

  /**
   * Which requirement a wrong or missing message violates: Quit after an answer is always S4, NoPorts
   * S6; a FreePort that does not come is S2 (a wrong port is judged apart, see wrongPortRequirement).
   */
  private requirementFor(message: Wanted | Wanted[]): string {
    const kinds = [message].flat().map((wanted) => wanted.kind);
    if (kinds.length === 1 && kinds[0] === 'Quit') return 'S4';
    if (kinds.length === 1 && kinds[0] === 'NoPorts') return 'S6';
    // An answer that does not come is S2, unless the scenario provokes it: no GetPort (S3), CR LF (W2).
    return ['S3', 'W2'].includes(this.requirement) ? this.requirement : 'S2';
  }

  /**
   * Which requirement a wrong port violates: offering a port that a client holds or another program
   * listens on is S5; not giving back a freed port is the scenario's A2, A3 or S8; anything else,
   * such as the very first offer of a fresh server, is a wrong choice of the smallest port (S2).
   */
  private wrongPortRequirement(name: string, port: number, offerIndex: number): string {
    const heldByOther = [...this.clients].some(
      ([other, client]) => other !== name && client.offered === port,
    );
    if (heldByOther || this.occupiedPorts.includes(port)) return 'S5';
    if (offerIndex > 0 && ['A2', 'A3', 'S8'].includes(this.requirement)) return this.requirement;
    return 'S2';
  }

  /** The program ended: after wrong input that is the input's doing (A4); else S8 or S1. */
  private goneRequirement(): string {
    if (this.wrongInputSent) return 'A4';
    return this.servedBefore ? 'S8' : 'S1';
  }

  private client(name: string): Client {
    let client = this.clients.get(name);
    if (!client) {
      client = { connection: undefined, offered: undefined, offerIndex: 0, sentUnread: false };
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
    isDefault: boolean,
    error: ConnectError,
  ): Promise<Violation> {
    const program = await this.context.settleGone();
    if (isDefault) {
      return new Violation({
        requirement: program ? this.goneRequirement() : this.servedBefore ? 'S8' : 'S1',
        what: `${name} could not connect to the default port ${port}: ${error.reason === 'refused' ? 'connection refused' : error.message}`,
        expected: `[the server accepts on ${port}]`,
        received: `[${error.reason}]`,
        hint: program
          ? 'the program stopped: it must keep serving clients one after the other'
          : 'the default port must accept every client, one after the other: keep the listening socket open, or open it again at once',
        program,
      });
    }
    const offered = this.client(name).offered === port;
    return new Violation({
      requirement: offered ? 'S7' : this.requirement,
      what: `port ${port} ${error.reason === 'refused' ? 'refused the connection' : 'did not answer the connection'}${offered ? ` right after FreePort:${port}` : ''}`,
      expected: `[the server accepts on ${port}]`,
      received: `[${error.reason}]`,
      hint: offered ? 'start the listener on the port before sending FreePort' : undefined,
      program,
    });
  }
}
