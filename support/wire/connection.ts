// One TCP connection of the harness, seen as a queue of events: lines, the peer's close, a reset.
// Every wait is bounded. Once the peer has closed, the harness answers with a reset: then neither side
// keeps the port in TIME_WAIT, and a server that re-binds a port without SO_REUSEADDR is not tripped
// by the harness (the graceful case is a scenario of its own).

import type { LookupAddress } from 'node:dns';
import net from 'node:net';
import { Bound, onExpiry } from '../process/starvation';
import { within } from '../process/wait';
import type { Party, Transcript } from './transcript';

export type Incoming =
  | { kind: 'line'; text: string; ending: '\n' | '\r\n' }
  /** The peer closed (FIN); `rest` is what it sent after the last line end. */
  | { kind: 'closed'; rest: string }
  | { kind: 'reset'; rest: string }
  /** A line grew past the limit without a line end. */
  | { kind: 'overflow'; length: number }
  | { kind: 'timeout'; rest: string; waitedMs: number };

const MAX_LINE = 64 * 1024;

/**
 * The harness's name for a server on this machine: IPv4's loopback, and IPv6's where that refuses. A
 * correct server may listen on one of them only (the sheet names no address; `listen(port,
 * "localhost")` binds ::1 alone where localhost resolves to it first, as on macOS). The addresses
 * are the harness's own, not the resolver's (many Linux hosts files have no ::1 for localhost), and
 * Node tries them in turn on one socket (its autoSelectFamily): a refusal on 127.0.0.1 moves on to
 * ::1 at once, an attempt that hangs is waited for as long as the caller waits, and callers keep one
 * socket. Reading the socket tables instead would need /proc (lsof elsewhere) before every connection.
 */
export const LOOPBACK_HOST = 'localhost';
const LOOPBACK: readonly LookupAddress[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

/** How net.connect reaches `host`: for LOOPBACK_HOST both loopback addresses, each tried up to `attemptMs`. */
export function connectOptions(host: string, attemptMs: number): Omit<net.TcpNetConnectOpts, 'port'> {
  if (host !== LOOPBACK_HOST) return { host };
  return {
    host,
    lookup: (_hostname, options, callback) => {
      if (options.all) callback(null, [...LOOPBACK]);
      else callback(null, '127.0.0.1', 4);
    },
    autoSelectFamily: true,
    autoSelectFamilyAttemptTimeout: Math.max(10, Math.min(Math.round(attemptMs), 2 ** 31 - 1)),
  };
}

/** An error's own words; a failure on every loopback address (an AggregateError) has none of its own. */
export function errorText(error: Error): string {
  return error instanceof AggregateError && !error.message
    ? error.errors.map((each: Error) => each.message).join('; ')
    : error.message;
}

export class ConnectError extends Error {
  constructor(
    readonly port: number,
    readonly reason: 'refused' | 'reset' | 'timeout' | 'other',
    detail: string,
  ) {
    super(detail);
  }
}

export interface Endpoint {
  transcript: Transcript;
  /** A short name for the transcript: "client A", "assigned". */
  name: string;
  /** The port this connection is known by: the server's port. */
  port: number;
  /** Who the harness plays on this connection; the peer is the target. */
  self: Party;
}

export class Connection {
  private pending = '';
  private readonly queue: Incoming[] = [];
  private waiter: ((event: Incoming) => void) | undefined;
  private ended: 'closed' | 'reset' | undefined;
  private discarding = false;
  private selfEnded = false;
  /** Whether the peer reset the connection, also after its close (a reset that follows a FIN). */
  private resetSeen = false;
  private readonly fullyClosed: Promise<void>;
  /** Answer the peer's close with a graceful close instead of a reset, as real clients do. */
  graceful = false;
  /** Leave the peer's close unanswered until close() is called: a client that is slow to close its socket. */
  keepOpen = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly endpoint: Endpoint,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk.toString('latin1')));
    socket.on('end', () => this.finish('closed'));
    socket.on('error', () => {
      if (!this.selfEnded) this.resetSeen = true;
      this.finish('reset');
    });
    this.fullyClosed = new Promise((resolve) =>
      socket.on('close', () => {
        if (!this.selfEnded) this.finish('closed');
        resolve();
      }),
    );
  }

  /** Connects to a port on the target; refusals and time-outs become a ConnectError. */
  static open(host: string, endpoint: Endpoint, timeoutMs: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({
        ...connectOptions(host, timeoutMs),
        port: endpoint.port,
        allowHalfOpen: true,
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new ConnectError(endpoint.port, 'timeout', `no answer to the connection within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        endpoint.transcript.record({ ...where(endpoint), from: endpoint.self, event: 'connect', text: '' });
        resolve(new Connection(socket, endpoint));
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const refused = error.code === 'ECONNREFUSED';
        if (refused)
          endpoint.transcript.record({ ...where(endpoint), from: 'target', event: 'refused', text: '' });
        const reason = refused ? 'refused' : error.code === 'ECONNRESET' ? 'reset' : 'other';
        reject(new ConnectError(endpoint.port, reason, errorText(error)));
      });
    });
  }

  /** Wraps a connection the harness accepted while it plays the server. */
  static accepted(socket: net.Socket, endpoint: Endpoint): Connection {
    endpoint.transcript.record({ ...where(endpoint), from: 'target', event: 'connect', text: '' });
    return new Connection(socket, endpoint);
  }

  get name(): string {
    return this.endpoint.name;
  }

  get port(): number {
    return this.endpoint.port;
  }

  /** Whether the peer has closed or reset the connection (events may still wait in the queue). */
  get peerGone(): boolean {
    return this.ended !== undefined;
  }

  /** Whether the peer ended the connection without leaving anything to read. */
  get endedSilently(): boolean {
    return (
      this.ended !== undefined &&
      this.queue.every((event) => event.kind !== 'line' && event.kind !== 'overflow' && !event.rest)
    );
  }

  send(text: string): void {
    this.endpoint.transcript.record({
      ...where(this.endpoint),
      from: this.endpoint.self,
      event: 'data',
      text,
    });
    if (!this.socket.destroyed) this.socket.write(Buffer.from(text, 'latin1'));
  }

  /**
   * The next event, or a timeout event once `bound` has run out (milliseconds, or a bound shared by
   * several calls); the time the program under test waited for a CPU does not count (starvation.ts).
   */
  next(bound: number | Bound): Promise<Incoming> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve({ kind: this.ended, rest: '' });
    const fair = typeof bound === 'number' ? new Bound(bound) : bound;
    return new Promise((resolve) => {
      const cancel = onExpiry(fair, () => {
        this.waiter = undefined;
        resolve({ kind: 'timeout', rest: this.pending, waitedMs: fair.ms });
      });
      this.waiter = (event) => {
        cancel();
        this.waiter = undefined;
        resolve(event);
      };
    });
  }

  /** Whether anything (a line, a close, a reset) arrives within `timeoutMs`; nothing is taken from the queue. */
  hasDataWithin(timeoutMs: number): Promise<boolean> {
    if (this.queue.length || this.ended || this.pending) return Promise.resolve(true);
    return this.socketEventWithin(['data', 'end', 'error'], timeoutMs);
  }

  /** Whether the peer ends the connection (a close or a reset) within `timeoutMs`; lines are left queued. */
  endsWithin(timeoutMs: number): Promise<boolean> {
    if (this.ended) return Promise.resolve(true);
    return this.socketEventWithin(['end', 'error', 'close'], timeoutMs);
  }

  /** Whether one of the socket's `events` happens within `timeoutMs`. */
  private socketEventWithin(events: readonly string[], timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const settle = (happened: boolean) => {
        cancel();
        for (const event of events) this.socket.off(event, onEvent);
        resolve(happened);
      };
      const onEvent = () => settle(true);
      const cancel = onExpiry(new Bound(timeoutMs), () => settle(false));
      for (const event of events) this.socket.on(event, onEvent);
    });
  }

  /** Awaits the end of the whole connection (bounded) and tells whether the peer reset it. */
  async closedWithReset(timeoutMs: number): Promise<boolean> {
    await within(this.fullyClosed, timeoutMs, () => undefined);
    return this.resetSeen;
  }

  /** Closes gracefully (FIN), as a well-behaved program does; the harness side keeps TIME_WAIT. */
  close(): void {
    if ((this.ended && !this.keepOpen) || this.socket.destroyed) return;
    this.endpoint.transcript.record({
      ...where(this.endpoint),
      from: this.endpoint.self,
      event: 'close',
      text: '',
    });
    this.socket.end();
  }

  /** Ends the connection with a reset: no TIME_WAIT on either side. */
  reset(): void {
    this.selfEnded = true;
    // A wait still under way (a client of a scenario that already failed) ends now, not at its bound.
    this.ended ??= 'reset';
    this.waiter?.({ kind: 'reset', rest: '' });
    if (this.socket.destroyed) return;
    // A reset while our own FIN is under way leaves a handle that never closes (Node 20), and the
    // process then spins at exit: a socket that already ended is only destroyed.
    if (this.socket.writableEnded) this.socket.destroy();
    else this.socket.resetAndDestroy();
  }

  private receive(text: string): void {
    this.endpoint.transcript.record({ ...where(this.endpoint), from: 'target', event: 'data', text });
    this.pending += text;
    let end = this.pending.indexOf('\n');
    while (end >= 0) {
      const raw = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 1);
      if (this.discarding) this.discarding = false;
      else
        this.push(
          raw.endsWith('\r')
            ? { kind: 'line', text: raw.slice(0, -1), ending: '\r\n' }
            : { kind: 'line', text: raw, ending: '\n' },
        );
      end = this.pending.indexOf('\n');
    }
    if (this.pending.length > MAX_LINE) {
      if (!this.discarding) this.push({ kind: 'overflow', length: this.pending.length });
      this.discarding = true;
      this.pending = '';
    }
  }

  private finish(how: 'closed' | 'reset'): void {
    if (this.ended) return;
    this.ended = how;
    this.endpoint.transcript.record({
      ...where(this.endpoint),
      from: 'target',
      event: how === 'closed' ? 'close' : 'reset',
      text: '',
    });
    this.push({ kind: how, rest: this.pending });
    this.pending = '';
    // The peer is gone: answer with a reset so that no side keeps the port in TIME_WAIT.
    if (how === 'closed' && this.keepOpen) return;
    if (how === 'closed' && !this.graceful) this.reset();
    else if (how === 'closed') this.socket.end();
  }

  private push(event: Incoming): void {
    if (this.waiter) this.waiter(event);
    else this.queue.push(event);
  }
}

function where(endpoint: Endpoint): { port: number; connection: string } {
  return { port: endpoint.port, connection: endpoint.name };
}
