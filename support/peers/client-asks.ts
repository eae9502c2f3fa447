// The harness's clients asking the server under test for ports and claiming them: GetPort on the
// default port and the whole answer, "Assigned: <p>" on the port offered, and giving every offer back
// at the end of a scenario on a server that keeps running.

import { observedRequirement } from '../judging/judge';
import type { Observation } from '../judging/result';
import { t } from '../messages';
import { Bound } from '../process/starvation';
import type { Connection } from '../wire/connection';
import { LF, type Message, parseLine } from '../wire/protocol';
import type { ClientTable } from './client-table';
import type { ClientTalk } from './client-talk';

export class ClientAsks {
  constructor(
    private readonly table: ClientTable,
    private readonly talk: ClientTalk,
  ) {}

  /** Connects to the default port, says GetPort, and reads the whole answer: FreePort or NoPorts, Quit, close. */
  async askForPort(name: string, lineEnd: string = LF): Promise<Message> {
    await this.talk.connect(name, this.table.plan.defaultPort);
    this.talk.sendMessage(name, { kind: 'GetPort' }, lineEnd);
    return this.readAnswer(name);
  }

  /** The whole answer on the default port: FreePort or NoPorts, Quit, close. */
  async readAnswer(name: string): Promise<Message> {
    const answer = await this.talk.receive(name, [{ kind: 'FreePort' }, { kind: 'NoPorts' }]);
    await this.talk.receive(name, { kind: 'Quit' });
    await this.talk.expectClosedAfterAnswer(name);
    return answer;
  }

  /**
   * S3, observed: whether the answer comes before the client says anything. The sheet's prose has
   * the server answer on connect, its command table has the client ask with GetPort: both are
   * conformant. When nothing comes, the client says GetPort after all, so that a server which waits
   * for it is told apart from one that never answers (S2).
   */
  async observeUnaskedAnswer(name: string, expected: Message): Promise<Observation> {
    const waited = this.table.context.timeoutMs;
    const m = t();
    const requirement = observedRequirement('answer-unasked');
    if (await this.table.current(name).hasDataWithin(waited)) {
      if (!this.table.current(name).endedSilently) {
        await this.talk.receive(name, expected);
        return { requirement, text: m.clients.answeredOnConnect };
      }
      // A server that waits for GetPort may close a connection that stays silent: ask on a new one.
      await this.talk.connect(name, this.table.plan.defaultPort);
      this.talk.sendMessage(name, { kind: 'GetPort' });
      await this.talk.receive(name, expected);
      return { requirement, text: m.clients.closedSilentThenAnswered(waited) };
    }
    this.talk.sendMessage(name, { kind: 'GetPort' });
    await this.talk.receive(name, expected);
    return { requirement, text: m.clients.answeredOnGetPort(waited) };
  }

  /** Asks for a port, connects to it and says "Assigned: <p>": the client holds the port. */
  async takePort(name: string, lineEnd: string = LF): Promise<number> {
    await this.askForPort(name, lineEnd);
    return this.claimOffered(name, lineEnd);
  }

  /** Connects to the offered port and says "Assigned: <p>" (A1). */
  async claimOffered(name: string, lineEnd: string = LF): Promise<number> {
    const port = this.table.offered(name);
    await this.talk.connect(name, port);
    this.talk.sendMessage(name, { kind: 'Assigned', port }, lineEnd);
    this.table.client(name).holds = true;
    return port;
  }

  /** One client per pool port takes it, so that nothing is left (S6). */
  async takeEveryPort(): Promise<void> {
    for (const [index] of this.table.plan.pool.entries()) await this.takePort(`client ${index + 1}`);
  }

  /** The clients claim the ports they were offered; a client that got NoPorts has nothing to claim. */
  async claimEachOffered(names: readonly string[]): Promise<void> {
    for (const name of names) await this.claimIfOffered(name);
  }

  /** Claims the offer if there was one: after an answer that may be NoPorts. */
  async claimIfOffered(name: string): Promise<void> {
    if (this.table.client(name).offered !== undefined) await this.claimOffered(name);
  }

  /** `name` will never claim the port it was offered: the server may keep it or give it back (A5). */
  abandon(name: string): void {
    this.table.client(name).abandoned = true;
  }

  /**
   * A server that already ran before the scenario keeps what the scenario took: give every offered
   * port back (claim it and say Quit), so that the next scenario finds the pool as this one did. That
   * includes offers nobody asked for or read: a server that answers as soon as a client connects
   * offered a port to a client that then sent a wrong message, and may keep it reserved.
   */
  async giveBackOffers(): Promise<void> {
    const unread = await Promise.all(
      this.table.defaultConnections
        .filter((connection) => !this.table.answered.has(connection))
        .map((connection) => this.unreadOffer(connection)),
    );
    for (const [index, port] of unread.entries()) {
      if (port !== undefined) this.table.client(t().clients.unreadOffer(index + 1)).offered = port;
    }
    for (const [name, client] of this.table.clients) {
      if (client.offered === undefined) continue;
      try {
        if (!client.holds) await this.claimOffered(name);
        await this.talk.quit(name);
      } catch {
        this.table.context.note(t().clients.notGivenBack(client.offered));
      }
    }
  }

  /** The port of a FreePort that waits unread on a default-port connection, up to its close (bounded). */
  private async unreadOffer(connection: Connection): Promise<number | undefined> {
    const bound = new Bound(this.table.context.timeoutMs);
    for (;;) {
      const event = await connection.next(bound);
      if (event.kind !== 'line') return undefined;
      const judged = parseLine(event.text);
      if (judged.ok && judged.message.kind === 'FreePort') return judged.message.port;
    }
  }
}
