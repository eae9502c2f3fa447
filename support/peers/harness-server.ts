// The harness playing the server for the client under test: it listens on the default port and on
// the ports it offers, answers as the scenario says, and records what the client does. The protocol
// moves of the client role live here, so that step definitions stay one line each. What the client
// did wrong is reported as facts to the judge (support/judging/judge.ts), which names the requirement.

import net from 'node:net';
import {
  clientCloseRequirement,
  connectedAfterNoPorts,
  connectionNotMade,
  crashOf,
  judgeArrival,
  observedRequirement,
  uncleanExit,
} from '../judging/judge';
import type { Observation } from '../judging/result';
import { Inconclusive, Violation } from '../judging/violation';
import { t } from '../messages';
import { freshBlock } from '../process/sockets';
import { Bound, onExpiry } from '../process/starvation';
import type { ClientTarget, Settings } from '../settings/target';
import { Connection } from '../wire/connection';
import { actualPort, type PortPlan, planFrom } from '../wire/port-plan';
import { CRLF, format, LF, type Message } from '../wire/protocol';
import type { Transcript } from '../wire/transcript';
import { type ClientUnderTest, startClient } from './client-under-test';
import { arrive, type Context, expectClose, sheetMessage, violationOf } from './expect';
import { clientConnects } from './streaks';

/** The address a client under test is given for {host}; the harness listens on ::1 as well. */
const HOST = '127.0.0.1';

/** What the client should do next because of what the harness said last on a port, for the judge. */
type Cue = 'freeport' | 'noports' | 'server-quit' | 'own-quit';

export class HarnessServer {
  readonly plan: PortPlan;
  private readonly listeners = new Map<number, net.Server>();
  private readonly accepted = new Map<number, Connection[]>();
  private readonly waiting = new Map<number, (connection: Connection) => void>();
  /** The connection the scenario talks on, per port. */
  private readonly current = new Map<number, Connection>();
  private client: ClientUnderTest | undefined;
  /** Per port, what the client was last told (or said itself), and whether that came with CR LF. */
  private readonly cues = new Map<number, Cue>();
  private crlfSent = false;

  constructor(
    private readonly target: ClientTarget,
    private readonly settings: Settings,
    private readonly transcript: Transcript,
    private readonly context: Context,
  ) {
    this.plan = ownPorts(target, settings);
  }

  port(sheetPort: number): number {
    return actualPort(this.plan, sheetPort);
  }

  get clientUnderTest(): ClientUnderTest | undefined {
    return this.client;
  }

  async listen(port: number): Promise<void> {
    if (this.listeners.has(port)) return;
    const server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(port, socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new Inconclusive(t().server.portTaken(port, error.code ?? ''))),
      );
      // No host: 127.0.0.1 and ::1 alike, for a client that connects to "localhost" or ::1 on its own.
      server.listen(port, () => resolve());
    });
    this.listeners.set(port, server);
  }

  startClient(): void {
    this.client = startClient(this.target, this.settings, HOST, this.plan.defaultPort);
  }

  /** Waits for the client to connect to `port`: the default one, or the one offered. */
  private async expectConnection(
    port: number,
    to: 'default' | 'offered',
    timeoutMs = this.settings.timeoutMs,
  ): Promise<void> {
    const judged = connectionNotMade({ to, port, crlf: this.crlfSent });
    const connection = await this.nextConnection(port, timeoutMs);
    if (connection) {
      this.current.set(port, connection);
      return;
    }
    const gone = this.client?.gone();
    const m = t();
    throw new Violation({
      ...judged,
      what: gone ? m.server.endedBeforeConnect(port) : m.server.noConnect(port, timeoutMs),
      ...(gone ? {} : { waitedMs: timeoutMs }),
      expected: m.server.connectionTo([port]),
      received: gone ? m.clients.programEnded : m.server.noConnection,
      program: gone ?? this.client?.describeOutput(),
    });
  }

  /** The next connection to `port` within `timeoutMs`; undefined when none came or the client ended. */
  private async nextConnection(port: number, timeoutMs: number): Promise<Connection | undefined> {
    const queued = this.accepted.get(port)?.shift();
    return (
      queued ??
      (await new Promise<Connection | undefined>((resolve) => {
        const cancel = onExpiry(new Bound(timeoutMs), () => {
          this.waiting.delete(port);
          resolve(undefined);
        });
        this.waiting.set(port, (accepted) => {
          cancel();
          resolve(accepted);
        });
        void this.client?.exitWithin(timeoutMs).then((exit) => {
          if (exit && this.waiting.has(port)) {
            cancel();
            this.waiting.delete(port);
            resolve(undefined);
          }
        });
      }))
    );
  }

  /**
   * The client's connection to the default port (C1; a slow start is allowed) or to an offered port.
   * A client that never connected in two scenarios in a row is not waited for again.
   */
  async expectClientConnection(port: number): Promise<void> {
    if (port !== this.plan.defaultPort) return this.expectConnection(port, 'offered');
    if (clientConnects.givenUp) {
      throw new Violation({
        ...connectionNotMade({ to: 'default', port, crlf: this.crlfSent, givenUp: true }),
        what: t().server.notWaitedAgain(clientConnects.count),
        program: this.client?.describeOutput(),
      });
    }
    try {
      await this.expectConnection(port, 'default', this.settings.startTimeoutMs);
      clientConnects.hit();
    } catch (error) {
      clientConnects.miss();
      throw error;
    }
  }

  /** The sheet's handshake, played by the harness: the client ends up holding `port` (C1, C3). */
  async handshake(port: number): Promise<void> {
    await this.listen(port);
    await this.expectClientConnection(this.plan.defaultPort);
    this.answerAndClose([`FreePort:${port}`, 'Quit'], LF);
    await this.expectClientConnection(port);
    await this.expectMessage(port, { kind: 'Assigned', port });
  }

  /** The server's answer on the default port, then its close (S4). */
  answerAndClose(texts: string[], lineEnd: string): void {
    const port = this.plan.defaultPort;
    this.answer(
      port,
      texts.map((text) => sheetMessage(this.plan, text)),
      lineEnd,
    );
    this.closeFromServer(port);
  }

  /** The next message of the client on `port`: GetPort, Assigned or Quit (C2, C3, C5; C7 after CR LF). */
  async expectMessage(port: number, message: Message): Promise<void> {
    const kind = message.kind === 'GetPort' || message.kind === 'Quit' ? message.kind : 'Assigned';
    // A client that reached this connection has read the CR LF answer that sent it here: what it
    // says next is judged as after an LF answer.
    const received = await arrive(this.connection(port), { message, sender: 'client' }, this.clientContext());
    if (!received.ok)
      throw violationOf(received, judgeArrival(received.arrival, { role: 'client', message: kind }));
    if (kind === 'Quit' && port !== this.plan.defaultPort) {
      this.cues.set(port, 'own-quit');
      // As a server does (A2): the client's Quit ends the session, and a client may wait for that.
      this.closeFromServer(port);
    }
  }

  answer(port: number, messages: Message[], lineEnd = LF): void {
    this.connection(port).send(messages.map((message) => `${format(message)}${lineEnd}`).join(''));
    const first = messages[0]?.kind;
    if (first === 'FreePort') this.cues.set(port, 'freeport');
    else if (first === 'NoPorts') this.cues.set(port, 'noports');
    else if (first === 'Quit') this.cues.set(port, 'server-quit');
    this.crlfSent = lineEnd === CRLF;
  }

  /** The server side closes gracefully after its Quit, as the sheet's server does. */
  closeFromServer(port: number): void {
    this.connection(port).close();
  }

  /** The client closes its connection after what it was last told there (C3, C4, C6) or its own Quit (C5). */
  async expectClientCloses(port: number): Promise<void> {
    const cue = this.cues.get(port) ?? 'freeport';
    const requirement = clientCloseRequirement(cue, this.crlfSent);
    const after = cue === 'own-quit' ? 'ownQuit' : 'peerQuit';
    // A client's GetPort may cross the harness's answer on the default port.
    const crossed = (text: string) => (port === this.plan.defaultPort && text === 'GetPort' ? '' : undefined);
    await expectClose(this.connection(port), requirement, 'client', after, this.clientContext(), crossed);
  }

  /**
   * C4: after NoPorts the client ends cleanly, i.e. without a crash. The sheet sets no exit status:
   * the status and whether the client told its user anything are observations.
   */
  async expectCleanExit(): Promise<Observation> {
    const client = this.clientUnderTestOrFail();
    const exit = await client.exitWithin(this.settings.timeoutMs);
    const { stdout, stderr } = client.output();
    const crash = exit && crashOf(exit, `${stderr}\n${stdout}`);
    const m = t();
    if (!exit || crash) {
      throw new Violation({
        ...uncleanExit({ exited: Boolean(exit) }),
        what: exit
          ? m.server.crashedAfterNoPorts(crash || '')
          : m.server.stillRunning(this.settings.timeoutMs),
        ...(exit ? {} : { waitedMs: this.settings.timeoutMs }),
        expected: m.server.cleanEnd,
        received: exit ? m.server.exitReceived(client.describeExit(exit)) : m.server.stillRunningReceived,
        program: client.describeOutput(),
      });
    }
    const told = Boolean(`${stdout}${stderr}`.trim());
    return {
      requirement: observedRequirement('exit'),
      text: m.server.exitObserved(client.describeExit(exit), told),
    };
  }

  /** C4: nothing connected to any port of the pool. */
  expectNoConnectionTo(ports: readonly number[]): void {
    const reached = ports.filter(
      (port) => (this.accepted.get(port)?.length ?? 0) > 0 || this.current.has(port),
    );
    if (reached.length) {
      throw new Violation({
        ...connectedAfterNoPorts(),
        what: t().server.connectedAfterNoPorts(reached),
        expected: t().server.noOtherConnection,
        received: t().server.connectionTo(reached),
      });
    }
  }

  typeIntoClient(line: string): void {
    this.clientUnderTestOrFail().type(line);
  }

  async closeAll(): Promise<void> {
    for (const connections of [...this.accepted.values(), [...this.current.values()]]) {
      for (const connection of connections) connection.reset();
    }
    await this.client?.stop();
    await Promise.all(
      [...this.listeners.values()].map((server) => new Promise((resolve) => server.close(resolve))),
    );
  }

  private accept(port: number, socket: net.Socket): void {
    const name = port === this.plan.defaultPort ? 'default' : 'assigned';
    const connection = Connection.accepted(socket, {
      transcript: this.transcript,
      name,
      port,
      self: 'harness',
    });
    const waiter = this.waiting.get(port);
    if (waiter) {
      this.waiting.delete(port);
      waiter(connection);
    } else {
      const queue = this.accepted.get(port) ?? [];
      queue.push(connection);
      this.accepted.set(port, queue);
    }
  }

  private connection(port: number): Connection {
    const connection = this.current.get(port);
    if (!connection)
      throw new Error(`the client has no connection on port ${port}: the scenario must await it first`);
    return connection;
  }

  private clientUnderTestOrFail(): ClientUnderTest {
    if (!this.client) throw new Error('the scenario must start the client under test first');
    return this.client;
  }

  /** The client's exit, not the server's, is what a broken connection may mean here. */
  private clientContext(): Context {
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
function ownPorts(target: ClientTarget, settings: Settings): PortPlan {
  if (target.kind === 'command' && !target.placeholders) return settings.fixedPlan;
  const [defaultPort = 0, ...pool] = freshBlock(1 + Math.min(settings.fixedPlan.pool.length, 15));
  return planFrom(defaultPort, pool[0] ?? 0, pool[pool.length - 1] ?? 0);
}
