// The harness's clients holding and leaving their ports, and how the server under test takes it: the
// assigned connection stays open while the client holds the port (A1, A4), a client leaves with Quit
// (A2) or without (A3), and the server stops listening on the port it got back.

import {
  assignedClosed,
  heldClosed,
  portStillListening,
  programGone,
  resetInsteadOfClose,
} from '../judging/judge';
import { Violation } from '../judging/violation';
import { t } from '../messages';
import { untilNotListening } from '../process/sockets';
import { Bound } from '../process/starvation';
import type { ClientAsks } from './client-asks';
import type { ClientTable } from './client-table';
import type { ClientTalk } from './client-talk';

/** How long a connection that must stay open is watched for a close: a quarter of MPP_TIMEOUT_MS, at least this. */
const STILL_OPEN_WATCH_MIN_MS = 250;

export class ClientLeaving {
  constructor(
    private readonly table: ClientTable,
    private readonly talk: ClientTalk,
    private readonly asks: ClientAsks,
  ) {}

  /** The client leaves its assigned port with Quit and awaits the server's close (A2). */
  async leaveWithQuit(name: string): Promise<void> {
    await this.expectStillHolding(name);
    await this.talk.quit(name);
  }

  /**
   * The client leaves its assigned port by closing the connection without Quit (A3), and gives the
   * server the time to see it: until the server closes its side too (bounded; a server that does not
   * is judged when the port is asked for), so that the next move does not race the server's reading
   * of the close, and the same program gets the same outcome in every run.
   */
  async leaveWithoutQuit(name: string): Promise<void> {
    await this.expectStillHolding(name);
    this.closeGracefully(name);
    await this.table.current(name).endsWithin(this.table.context.timeoutMs);
  }

  closeGracefully(name: string): void {
    const client = this.table.client(name);
    if (client.holds && client.offered !== undefined) {
      client.holds = false;
      this.table.freedBy.set(client.offered, 'drop');
    } else if (client.offered !== undefined) client.abandoned = true;
    this.table.current(name).close();
  }

  /** From now on the client answers the server's close with a close of its own, as real clients do. */
  closeWhenServerCloses(name: string): void {
    this.table.graceful.add(name);
  }

  /** The client leaves the server's close of its current connection unanswered until it closes itself. */
  closeLaterThanServer(name: string): void {
    this.table.current(name).keepOpen = true;
  }

  /**
   * `name` still holds its port: the server has not ended its assigned connection while other
   * clients came and went (a server that closes the wrong client's connection on a Quit).
   */
  async expectStillHolding(name: string): Promise<void> {
    const connection = this.table.current(name);
    if (!this.table.client(name).holds || !connection.peerGone) return;
    // A program that ends closes every connection: it is given a moment to be seen exiting.
    const program = await this.table.context.settleGone();
    const { wrongInputSent, servedBefore } = this.table;
    const m = t().clients;
    throw new Violation({
      ...heldClosed(program ? { programEnded: { wrongInputSent, servedBefore } } : {}),
      what: m.heldEnded(t().client(name), connection.port),
      expected: m.staysOpen,
      received: m.connectionEvent('closed'),
      program,
    });
  }

  /**
   * The assigned connection stays open: the server took "Assigned: <p>" without closing (A1, A4). A
   * server that closes on Assigned does so a moment after it read it, which may be after the steps in
   * between: the connection is watched for a while (a quarter of MPP_TIMEOUT_MS), so that every run sees the close.
   */
  async expectStillConnected(name: string): Promise<void> {
    const connection = this.table.current(name);
    const watchMs = Math.max(STILL_OPEN_WATCH_MIN_MS, this.table.context.timeoutMs / 4);
    if (!(await connection.endsWithin(watchMs))) return;
    const event = await connection.next(0);
    const m = t().clients;
    const crlf = this.table.client(name).sentCrlf;
    // The probe opens connections of its own: only when the line end does not explain the close.
    const afterSecondConnection =
      !crlf && this.table.intruded.has(connection.port) && !(await this.closesAfterAssigned());
    throw new Violation({
      ...assignedClosed({ crlf, afterSecondConnection }),
      what: m.endedAfterAssigned(connection.port),
      expected: m.staysOpen,
      received: event.kind === 'line' ? m.lineThenClose(`"${event.text}⏎"`) : m.connectionEvent(event.kind),
      program: this.table.context.gone(),
    });
  }

  /**
   * Whether the server ends an assigned connection after "Assigned: <p>" with no second connection
   * anywhere near: then that (A1), not the second connection, ended the one a scenario saw closed,
   * whichever of the two the harness happened to see first.
   */
  private async closesAfterAssigned(): Promise<boolean> {
    const probe = t().clients.probe;
    try {
      await this.asks.takePort(probe);
      const connection = this.table.current(probe);
      const bound = new Bound(this.table.context.timeoutMs);
      // Lines after Assigned are the application's business (a greeting): only an end counts.
      for (;;) {
        const event = await connection.next(bound);
        if (event.kind === 'closed' || event.kind === 'reset') return true;
        if (event.kind === 'timeout') break;
      }
      await this.talk.quit(probe);
      return false;
    } catch (error) {
      // A probe that got no port proves nothing: the finding stays with the second connection.
      if (error instanceof Violation) return false;
      throw error;
    }
  }

  /** After Quit (A2) or a dropped client (A3) the server stops listening on the port, within the bound. */
  async expectPortReleased(name: string): Promise<void> {
    const port = this.table.offered(name);
    const released = await untilNotListening(port, this.table.context.timeoutMs);
    if (released.ok) return;
    const m = t().clients;
    throw new Violation({
      ...portStillListening({ freedBy: this.table.freedBy.get(port) }),
      what: m.stillListens(port, this.table.context.timeoutMs),
      waitedMs: this.table.context.timeoutMs,
      expected: m.nothingListens(port),
      received: m.listens(port),
      program: this.table.context.gone(),
    });
  }

  /** The S3 check of a close: a reset (TCP RST) instead of a close means the server left GetPort unread. */
  async expectCloseWithoutReset(name: string): Promise<void> {
    const connection = this.table.current(name);
    if (!(await connection.closedWithReset(this.table.context.timeoutMs))) return;
    const m = t();
    throw new Violation({
      ...resetInsteadOfClose(),
      what: m.clients.resetInsteadOfClose(connection.port),
      expected: m.expect.closes,
      received: m.expect.resetReceived,
    });
  }

  /** Fails with A4 when the program under test has stopped. */
  expectRunning(): void {
    const gone = this.table.context.gone();
    if (!gone) return;
    throw new Violation({
      ...programGone({ wrongInputSent: true, servedBefore: this.table.servedBefore }),
      what: t().clients.stoppedAfterWrong,
      expected: t().clients.keepsRunning,
      received: t().clients.programEnded,
      program: gone,
    });
  }
}
