// The harness's clients talking to the server under test: connecting, saying something, hearing the
// server's next message, awaiting its close. What went wrong is reported to the judge as facts
// (support/judging/judge.ts), which names the requirement.

import {
  answerDue,
  connectFailure,
  judgeArrival,
  programGone,
  serverCloseRequirement,
} from '../judging/judge';
import { Inconclusive, Violation } from '../judging/violation';
import { type After, t } from '../messages';
import { ConnectError, Connection } from '../wire/connection';
import { CRLF, format, LF, type Message, visibleSpaces } from '../wire/protocol';
import type { ClientTable } from './client-table';
import { arrive, expectClose, violationOf, type Wanted } from './expect';
import { serverSilence } from './streaks';

export class ClientTalk {
  constructor(private readonly table: ClientTable) {}

  async connect(name: string, port: number): Promise<void> {
    const client = this.table.client(name);
    const isDefault = port === this.table.plan.defaultPort;
    try {
      client.connection = await Connection.open(
        this.table.server.host,
        { transcript: this.table.transcript, name, port, self: 'harness' },
        this.table.context.timeoutMs,
      );
      client.connection.graceful = this.table.graceful.has(name);
      if (isDefault) this.table.defaultConnections.push(client.connection);
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
    this.table.intruded.add(port);
    try {
      await this.connect(name, port);
    } catch (error) {
      if (!(error instanceof Violation) || this.table.context.gone()) throw error;
      this.table.context.note(t().clients.secondRefused(port, t().sentence(error.failure.what)));
      return;
    }
    this.send(name, text);
  }

  send(name: string, text: string, lineEnd: string = LF): void {
    const client = this.table.client(name);
    this.table.current(name).send(`${text}${lineEnd}`);
    client.sentUnread = true;
    if (text === 'GetPort') client.sentGetPort = true;
    client.sentCrlf = lineEnd === CRLF;
    if (text === 'Quit' && client.holds && client.offered !== undefined) {
      client.holds = false;
      this.table.freedBy.set(client.offered, 'quit');
    }
  }

  /** Sends input that is no protocol message, to see that the server survives it (A4). */
  sendWrongInput(name: string, bytes: string): void {
    this.send(name, bytes, '');
    this.table.wrongInputSent = !this.table.context.gone();
  }

  sendMessage(name: string, message: Message, lineEnd: string = LF): void {
    this.send(name, format(message), lineEnd);
  }

  /** The server's next message to `name`; a wrong or missing one is judged by what was done before. */
  async receive(name: string, message: Wanted | Wanted[]): Promise<Message> {
    const onDefaultPort = this.table.current(name).port === this.table.plan.defaultPort;
    try {
      const received = await this.receiveJudged(name, message);
      serverSilence.hit();
      return received;
    } catch (error) {
      // Only a server that has said nothing at all to anyone counts (judged now: clients that asked
      // together may have been answered meanwhile); one that said something wrong was heard.
      const answeredNobody = onDefaultPort && !this.table.servedBefore;
      if (answeredNobody && error instanceof Violation && error.silent) serverSilence.miss();
      else if (answeredNobody) serverSilence.hit();
      throw error;
    }
  }

  private async receiveJudged(name: string, message: Wanted | Wanted[]): Promise<Message> {
    const client = this.table.client(name);
    const connection = this.table.current(name);
    // Whether the whole pool is held is known before the wait: only the harness's own moves change it.
    const due = answerDue(
      [message].flat().map((wanted) => wanted.kind),
      this.table.poolHeld(),
    );
    const before = this.table.answerFacts(name, due);
    // A running server may have no port left for reasons of its past: that NoPorts proves nothing.
    const wanted = [message].flat();
    const pastMayExplainNoPorts =
      !this.table.server.fresh &&
      wanted.some((w) => w.kind === 'FreePort') &&
      !wanted.some((w) => w.kind === 'NoPorts');
    const received = await arrive(
      connection,
      {
        message: pastMayExplainNoPorts ? [...wanted, { kind: 'NoPorts' }] : message,
        sender: 'server',
        sentUnread: client.sentUnread,
        watchListener: connection.port === this.table.plan.defaultPort && this.table.isLocal,
      },
      this.table.context,
    );
    if (!received.ok) {
      const now = this.table.answerFacts(name, due);
      throw violationOf(received, judgeArrival(received.arrival, { role: 'server', before, now }));
    }
    if (pastMayExplainNoPorts && received.message.kind === 'NoPorts')
      throw new Inconclusive(t().clients.noPortsOnRunningServer);
    this.heard(name, received.message);
    return received.message;
  }

  /** Records an answer of the default port: the port offered, or none. */
  private heard(name: string, message: Message): void {
    const client = this.table.client(name);
    if (message.kind === 'FreePort' || message.kind === 'NoPorts') {
      this.table.servedBefore = true;
      this.table.answered.add(this.table.current(name));
    }
    if (message.kind === 'FreePort') client.offered = message.port;
    if (message.kind === 'NoPorts') client.offered = undefined;
  }

  async expectClosed(
    name: string,
    after: After,
    requirement: string,
    tolerated?: (text: string) => string | undefined,
  ): Promise<void> {
    await expectClose(this.table.current(name), requirement, 'server', after, this.table.context, tolerated);
  }

  /** After its answer and Quit the server closes the default-port connection (S4). */
  async expectClosedAfterAnswer(name: string): Promise<void> {
    await this.expectClosed(name, 'ownQuit', serverCloseRequirement('answer'));
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
    const requirement = serverCloseRequirement('client-quit', this.table.client(name).sentCrlf);
    await this.expectClosed(name, 'peerQuit', requirement, (text) =>
      text === 'Quit' ? t().clients.quitReply : t().clients.applicationData(visibleSpaces(text)),
    );
  }

  private async connectViolation(
    name: string,
    port: number,
    kind: 'default' | 'offered',
    error: ConnectError,
  ): Promise<Violation> {
    const program = await this.table.context.settleGone();
    const m = t();
    const reason = error.reason === 'other' ? error.message : m.clients.connectReason[error.reason];
    const facts = { wrongInputSent: this.table.wrongInputSent, servedBefore: this.table.servedBefore };
    const offered = this.table.client(name).offered === port;
    // A connection the default port accepted earlier in the scenario proves its listener (S1).
    const judged = program
      ? programGone(facts)
      : kind === 'default'
        ? connectFailure({
            port: 'default',
            servedBefore: facts.servedBefore || this.table.defaultConnections.length > 0,
          })
        : connectFailure({ port: offered ? 'offered' : 'held', servedBefore: facts.servedBefore });
    return new Violation({
      ...judged,
      what:
        kind === 'default'
          ? m.clients.defaultRefused(m.client(name), port, reason)
          : m.clients.offeredRefused(port, reason, offered),
      expected: m.clients.accepts(port),
      received: `[${reason}]`,
      program,
      // A connection not answered within the bound is a wait that ran out: a stall of the harness may explain it.
      silent: error.reason === 'timeout',
    });
  }
}
