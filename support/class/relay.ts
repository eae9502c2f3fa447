// The harness between a student's client and a student's server in the interop matrix. The server
// listens on its own ports; the relay listens on the ports the client sees (they must differ: both
// live on one loopback) and forwards every connection byte for byte, except for the port numbers:
// "FreePort:<server port>" reaches the client as "FreePort:<client port>", and "Assigned: <client
// port>" reaches the server as "Assigned: <server port>". Both forms go into the transcript.

import { EventEmitter } from 'node:events';
import net from 'node:net';
import { connectOptions, errorText, LOOPBACK_HOST } from '../wire/connection';
import { visible } from '../wire/protocol';

/** How long the relay's connection to 127.0.0.1 may take before ::1 is tried: as long as the kernel tries. */
const SERVER_ATTEMPT_MS = 2 ** 31 - 1;

export interface PortRange {
  port: number;
  first: number;
  last: number;
}

export type WireEvent =
  | 'connected'
  | 'client-closed'
  | 'server-closed'
  | 'client-error'
  | 'server-error'
  | 'not-passed'
  | 'listen-error'
  | 'user';

export interface WireEntry {
  ms: number;
  /** "10001#1": the port the client sees and the number of the connection to it. */
  connection: string;
  direction: 'client→server' | 'server→client' | 'event';
  /** What happened, for an event: the judge reads this, the text is for people. */
  event?: WireEvent;
  /** What the sender sent. */
  text: string;
  /** What the relay passed on, where it differs. */
  relayed?: string;
}

/** Moves a port from one range to the other by its place in the pool; other ports stay as they are. */
export function mapPort(port: number, from: PortRange, to: PortRange): number {
  if (port === from.port) return to.port;
  if (port >= from.first && port <= from.last) return to.first + (port - from.first);
  return port;
}

/**
 * Rewrites the port numbers of one direction of a connection. A message may arrive in pieces; the end
 * of a piece that could be the start of a port message is held back until the rest arrives (or for
 * `holdMs`, so that a slow sender is never stalled for long).
 */
export class Rewriter {
  private held = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly word: 'FreePort:' | 'Assigned:',
    private readonly map: (port: number) => number,
    private readonly emit: (sent: string, relayed: string) => void,
    private readonly holdMs = 100,
  ) {}

  push(chunk: string): void {
    clearTimeout(this.timer);
    const text = this.held + chunk;
    const cut = this.holdFrom(text);
    this.held = text.slice(cut);
    if (cut > 0) this.out(text.slice(0, cut));
    if (this.held) this.timer = setTimeout(() => this.flush(), this.holdMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    const rest = this.held;
    this.held = '';
    if (rest) this.out(rest);
  }

  /** Rewrites a complete text. */
  rewrite(text: string): string {
    const pattern = new RegExp(`(${this.word})(\\s*)(\\d+)`, 'gi');
    return text.replace(pattern, (_whole, word: string, space: string, digits: string) => {
      return `${word}${space}${this.map(Number(digits))}`;
    });
  }

  private out(text: string): void {
    this.emit(text, this.rewrite(text));
  }

  /** Where a trailing part that may still grow into a port message starts (text.length when none). */
  private holdFrom(text: string): number {
    const lower = text.toLowerCase();
    const word = this.word.toLowerCase();
    for (let start = Math.max(0, text.length - 32); start < text.length; start++) {
      const tail = lower.slice(start);
      const prefix =
        tail.length <= word.length
          ? word.startsWith(tail)
          : /^\s*\d*$/.test(tail.slice(word.length)) && tail.startsWith(word);
      if (prefix) return start;
    }
    return text.length;
  }
}

/** The events a cell waits for. */
export interface RelayEvents {
  clientConnected: [port: number];
  /** The server offered `serverPort` on the default port. */
  freePort: [serverPort: number];
  noPorts: [];
  /** The server closed a connection of the default port. */
  defaultClosed: [closed: 'closed'];
  /** The client claimed a port on a connection to `clientPort`. */
  assigned: [clientPort: number, claimed: number];
  /** The client said Quit on a connection to an assigned port. */
  clientQuit: [clientPort: number];
  /** The server closed a connection of an assigned port. */
  serverClosed: [clientPort: number];
}

export class Relay extends EventEmitter<RelayEvents> {
  readonly wire: WireEntry[] = [];
  private readonly started = Date.now();
  private readonly listening = new Map<number, net.Server>();
  private readonly sockets = new Set<net.Socket>();
  private readonly counts = new Map<number, number>();

  constructor(
    private readonly server: PortRange,
    private readonly client: PortRange,
  ) {
    super();
  }

  /** Listens on the client's default port. */
  start(): Promise<void> {
    return this.listen(this.client.port);
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    for (const listener of this.listening.values()) listener.close();
  }

  note(text: string, event: WireEvent = 'user'): void {
    this.record({ connection: '', direction: 'event', event, text });
  }

  private record(entry: Omit<WireEntry, 'ms'>): void {
    this.wire.push({ ms: Date.now() - this.started, ...entry });
  }

  private listen(clientPort: number): Promise<void> {
    if (this.listening.has(clientPort)) return Promise.resolve();
    const listener = net.createServer((socket) => this.accept(clientPort, socket));
    this.listening.set(clientPort, listener);
    return new Promise((resolve, reject) => {
      listener.once('error', reject);
      // No host: both 127.0.0.1 and ::1, for a client that connects to "localhost".
      listener.listen(clientPort, () => resolve());
    });
  }

  private accept(clientPort: number, fromClient: net.Socket): void {
    const number = (this.counts.get(clientPort) ?? 0) + 1;
    this.counts.set(clientPort, number);
    const name = `${clientPort}#${number}`;
    const serverPort = mapPort(clientPort, this.client, this.server);
    const assigned = clientPort !== this.client.port;
    this.sockets.add(fromClient);
    this.emit('clientConnected', clientPort);
    this.record({
      connection: name,
      direction: 'event',
      event: 'connected',
      text: `the client connected to ${clientPort}; the relay connects to the server's ${serverPort}`,
    });
    fromClient.pause();
    // Where the server listens: 127.0.0.1, or ::1 alone (see LOOPBACK_HOST).
    const toServer = net.connect({ ...connectOptions(LOOPBACK_HOST, SERVER_ATTEMPT_MS), port: serverPort });
    this.sockets.add(toServer);
    for (const socket of [fromClient, toServer]) socket.setNoDelay(true);

    // Offers wait for the relay's listener; later pieces must not overtake them.
    let downstream = Promise.resolve();
    const down = new Rewriter(
      'FreePort:',
      (port) => mapPort(port, this.server, this.client),
      (sent, relayed) => {
        this.record({ connection: name, direction: 'server→client', text: sent, ...differs(sent, relayed) });
        const offered = /freeport:\s*(\d+)/i.exec(sent);
        const target = offered ? mapPort(Number(offered[1]), this.server, this.client) : undefined;
        // The client may connect as soon as it reads the offer: listen first, then pass it on.
        downstream = downstream.then(() =>
          target !== undefined && target !== Number(offered?.[1]) ? this.listen(target) : undefined,
        );
        downstream = downstream.then(
          () => {
            if (offered) this.emit('freePort', Number(offered[1]));
            if (/^noports/im.test(sent)) this.emit('noPorts');
            // A client that closed after its Quit cannot read the server's answer; the server's close still counts.
            if (fromClient.writable) fromClient.write(relayed, 'latin1');
            else
              this.record({
                connection: name,
                direction: 'event',
                event: 'not-passed',
                text: 'not passed on: the client has closed',
              });
          },
          (error: Error) =>
            this.note(`the relay could not listen on ${target}: ${error.message}`, 'listen-error'),
        );
      },
    );
    const up = new Rewriter(
      'Assigned:',
      (port) => mapPort(port, this.client, this.server),
      (sent, relayed) => {
        this.record({ connection: name, direction: 'client→server', text: sent, ...differs(sent, relayed) });
        const claim = /assigned:\s*(\d+)/i.exec(sent);
        if (assigned && claim) this.emit('assigned', clientPort, Number(claim[1]));
        if (assigned && /^quit\r?$/im.test(sent)) this.emit('clientQuit', clientPort);
        toServer.write(relayed, 'latin1');
      },
    );
    toServer.once('connect', () => fromClient.resume());
    fromClient.on('data', (chunk: Buffer) => up.push(chunk.toString('latin1')));
    toServer.on('data', (chunk: Buffer) => down.push(chunk.toString('latin1')));
    fromClient.on('end', () => {
      up.flush();
      this.record({
        connection: name,
        direction: 'event',
        event: 'client-closed',
        text: 'the client closed the connection',
      });
      toServer.end();
    });
    toServer.on('end', () => {
      down.flush();
      this.record({
        connection: name,
        direction: 'event',
        event: 'server-closed',
        text: 'the server closed the connection',
      });
      // After what the server sent before: an offer in the same piece counts first.
      downstream = downstream.then(() => {
        if (assigned) this.emit('serverClosed', clientPort);
        else this.emit('defaultClosed', 'closed');
        fromClient.end();
      });
    });
    fromClient.on('error', (error: Error) => {
      this.record({
        connection: name,
        direction: 'event',
        event: 'client-error',
        text: `client connection error: ${error.message}`,
      });
      fromClient.destroy();
      // The server's side is ended, not cut: whether the server then closes is still seen.
      toServer.end();
    });
    toServer.on('error', (error: Error) => {
      this.record({
        connection: name,
        direction: 'event',
        event: 'server-error',
        text: `server connection error on ${serverPort}: ${errorText(error)}`,
      });
      fromClient.destroy();
      toServer.destroy();
      if (assigned) this.emit('serverClosed', clientPort);
    });
  }
}

function differs(sent: string, relayed: string): { relayed?: string } {
  return sent === relayed ? {} : { relayed };
}

/** The transcript as text lines, with line ends made visible. */
export function formatWire(wire: WireEntry[]): string {
  return wire
    .map((entry) => {
      const time = `+${entry.ms}ms`.padStart(8);
      const where = entry.connection.padEnd(9);
      if (entry.direction === 'event') return `${time}  ${where}  · ${entry.text}`;
      const relayed = entry.relayed === undefined ? '' : `   (relayed as "${visible(entry.relayed)}")`;
      return `${time}  ${where}  ${entry.direction}  "${visible(entry.text)}"${relayed}`;
    })
    .join('\n');
}
