// The harness talking to the client under test as its server: answering, closing after its answer,
// hearing the client's next message, awaiting the client's close. What the client was told last on a
// port is its cue (serving-table.ts); what went wrong goes to the judge as facts (support/judging/judge.ts).

import { clientCloseRequirement, judgeArrival } from '../judging/judge';
import { CRLF, format, LF, type Message } from '../wire/protocol';
import { arrive, expectClose, sheetMessage, violationOf } from './expect';
import type { Cue, ServingTable } from './serving-table';

/** What a message of the harness's tells the client to do next; a message that tells nothing leaves the cue as it was. */
export function cueOf(message: Message | undefined): Cue | undefined {
  if (message?.kind === 'FreePort') return 'freeport';
  if (message?.kind === 'NoPorts') return 'noports';
  if (message?.kind === 'Quit') return 'server-quit';
  return undefined;
}

export class ServingTalk {
  constructor(private readonly table: ServingTable) {}

  answer(port: number, messages: Message[], lineEnd = LF): void {
    this.table.connection(port).send(messages.map((message) => `${format(message)}${lineEnd}`).join(''));
    const cue = cueOf(messages[0]);
    if (cue) this.table.cues.set(port, cue);
    this.table.crlfSent = lineEnd === CRLF;
  }

  /** The server's answer on the default port, then its close (S4). */
  answerAndClose(texts: string[], lineEnd: string): void {
    const { plan } = this.table;
    this.answer(
      plan.defaultPort,
      texts.map((text) => sheetMessage(plan, text)),
      lineEnd,
    );
    this.closeFromServer(plan.defaultPort);
  }

  /** The server side closes gracefully after its Quit, as the sheet's server does. */
  closeFromServer(port: number): void {
    this.table.connection(port).close();
  }

  /** The next message of the client on `port`: GetPort, Assigned or Quit (C2, C3, C5; C7 after CR LF). */
  async expectMessage(port: number, message: Message): Promise<void> {
    const kind = message.kind === 'GetPort' || message.kind === 'Quit' ? message.kind : 'Assigned';
    // A client that reached this connection has read the CR LF answer that sent it here: what it
    // says next is judged as after an LF answer.
    const received = await arrive(
      this.table.connection(port),
      { message, sender: 'client' },
      this.table.clientContext(),
    );
    if (!received.ok)
      throw violationOf(received, judgeArrival(received.arrival, { role: 'client', message: kind }));
    if (kind === 'Quit' && port !== this.table.plan.defaultPort) {
      this.table.cues.set(port, 'own-quit');
      // As a server does (A2): the client's Quit ends the session, and a client may wait for that.
      this.closeFromServer(port);
    }
  }

  /** The client closes its connection after what it was last told there (C3, C4, C6) or its own Quit (C5). */
  async expectClientCloses(port: number): Promise<void> {
    const cue = this.table.cues.get(port) ?? 'freeport';
    const requirement = clientCloseRequirement(cue, this.table.crlfSent);
    const after = cue === 'own-quit' ? 'ownQuit' : 'peerQuit';
    // A client's GetPort may cross the harness's answer on the default port.
    const crossed = (text: string) =>
      port === this.table.plan.defaultPort && text === 'GetPort' ? '' : undefined;
    await expectClose(
      this.table.connection(port),
      requirement,
      'client',
      after,
      this.table.clientContext(),
      crossed,
    );
  }
}
