// The harness listening for the client under test: its listeners, the connections it accepts (kept
// in order until the scenario awaits them), and the waits for the client's connections, whose
// failure goes to the judge as facts (support/judging/judge.ts).

import net from 'node:net';
import { connectedAfterNoPorts, connectionNotMade } from '../judging/judge';
import { Inconclusive, Violation } from '../judging/violation';
import { t } from '../messages';
import { Bound, onExpiry } from '../process/starvation';
import { Connection } from '../wire/connection';
import type { ServingTable } from './serving-table';
import { clientConnects } from './streaks';

export class ServingConnections {
  constructor(private readonly table: ServingTable) {}

  async listen(port: number): Promise<void> {
    if (this.table.listeners.has(port)) return;
    const server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(port, socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new Inconclusive(t().server.portTaken(port, error.code ?? ''))),
      );
      // No host: 127.0.0.1 and ::1 alike, for a client that connects to "localhost" or ::1 on its own.
      server.listen(port, () => resolve());
    });
    this.table.listeners.set(port, server);
  }

  /**
   * The client's connection to the default port (C1; a slow start is allowed) or to an offered port.
   * A client that never connected in two scenarios in a row is not waited for again.
   */
  async expectClientConnection(port: number): Promise<void> {
    const { plan, settings } = this.table;
    if (port !== plan.defaultPort) return this.expectConnection(port, 'offered', settings.timeoutMs);
    if (clientConnects.givenUp) {
      throw new Violation({
        ...connectionNotMade({ to: 'default', port, crlf: this.table.crlfSent, givenUp: true }),
        what: t().server.notWaitedAgain(clientConnects.count),
        program: this.table.client?.describeOutput(),
      });
    }
    try {
      await this.expectConnection(port, 'default', settings.startTimeoutMs);
      clientConnects.hit();
    } catch (error) {
      clientConnects.miss();
      throw error;
    }
  }

  /** C4: nothing connected to any port of the pool. */
  expectNoConnectionTo(ports: readonly number[]): void {
    const reached = ports.filter(
      (port) => (this.table.accepted.get(port)?.length ?? 0) > 0 || this.table.current.has(port),
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

  /** Waits for the client to connect to `port`: the default one, or the one offered. */
  private async expectConnection(port: number, to: 'default' | 'offered', timeoutMs: number): Promise<void> {
    const judged = connectionNotMade({ to, port, crlf: this.table.crlfSent });
    const connection = await this.nextConnection(port, timeoutMs);
    if (connection) {
      this.table.current.set(port, connection);
      return;
    }
    const client = this.table.client;
    const gone = client?.gone();
    const m = t();
    throw new Violation({
      ...judged,
      what: gone ? m.server.endedBeforeConnect(port) : m.server.noConnect(port, timeoutMs),
      ...(gone ? {} : { waitedMs: timeoutMs }),
      expected: m.server.connectionTo([port]),
      received: gone ? m.clients.programEnded : m.server.noConnection,
      program: gone ?? client?.describeOutput(),
    });
  }

  /** The next connection to `port` within `timeoutMs`; undefined when none came or the client ended. */
  private async nextConnection(port: number, timeoutMs: number): Promise<Connection | undefined> {
    const { accepted, waiting, client } = this.table;
    const queued = accepted.get(port)?.shift();
    return (
      queued ??
      (await new Promise<Connection | undefined>((resolve) => {
        const cancel = onExpiry(new Bound(timeoutMs), () => {
          waiting.delete(port);
          resolve(undefined);
        });
        waiting.set(port, (connection) => {
          cancel();
          resolve(connection);
        });
        void client?.exitWithin(timeoutMs).then((exit) => {
          if (exit && waiting.has(port)) {
            cancel();
            waiting.delete(port);
            resolve(undefined);
          }
        });
      }))
    );
  }

  private accept(port: number, socket: net.Socket): void {
    const name = port === this.table.plan.defaultPort ? 'default' : 'assigned';
    const connection = Connection.accepted(socket, {
      transcript: this.table.transcript,
      name,
      port,
      self: 'harness',
    });
    const waiter = this.table.waiting.get(port);
    if (waiter) {
      this.table.waiting.delete(port);
      waiter(connection);
    } else {
      const queue = this.table.accepted.get(port) ?? [];
      queue.push(connection);
      this.table.accepted.set(port, queue);
    }
  }
}
