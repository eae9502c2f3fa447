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

/** What a piece the server sent says: an offer (the server's port), and whether a line starts with NoPorts. */
export function readServerPiece(sent: string): { offered?: number; noPorts: boolean } {
  const offer = /freeport:\s*(\d+)/i.exec(sent);
  const noPorts = /^noports/im.test(sent);
  return offer ? { offered: Number(offer[1]), noPorts } : { noPorts };
}

/** What a piece the client sent says: a claim (the port it names), and whether a line is Quit. */
export function readClientPiece(sent: string): { claimed?: number; quit: boolean } {
  const claim = /assigned:\s*(\d+)/i.exec(sent);
  const quit = /^quit\r?$/im.test(sent);
  return claim ? { claimed: Number(claim[1]), quit } : { quit };
}

/** What a connection through the relay needs of it. */
interface Switchboard {
  readonly server: PortRange;
  readonly client: PortRange;
  record(entry: Omit<WireEntry, 'ms'>): void;
  note(text: string, event: WireEvent): void;
  /** Listens on a port the client sees (once per port). */
  listen(clientPort: number): Promise<void>;
  /** Closed with the relay. */
  track(socket: net.Socket): void;
  emit: Relay['emit'];
}

/**
 * One connection of the client through the relay, named "<client port>#<n>": its connection to the
 * server, the rewriting of both directions, and the events the cell waits for.
 */
class RelayedConnection {
  private readonly serverPort: number;
  /** A connection to an offered port, not the default one. */
  private readonly assigned: boolean;
  private readonly toServer: net.Socket;
  /** Offers wait for the relay's listener; later pieces, and the server's close, must not overtake them. */
  private downstream = Promise.resolve();

  constructor(
    private readonly board: Switchboard,
    private readonly clientPort: number,
    private readonly name: string,
    private readonly fromClient: net.Socket,
  ) {
    this.serverPort = mapPort(clientPort, board.client, board.server);
    this.assigned = clientPort !== board.client.port;
    board.emit('clientConnected', clientPort);
    this.event(
      'connected',
      `the client connected to ${clientPort}; the relay connects to the server's ${this.serverPort}`,
    );
    fromClient.pause();
    // Where the server listens: 127.0.0.1, or ::1 alone (see LOOPBACK_HOST).
    this.toServer = net.connect({
      ...connectOptions(LOOPBACK_HOST, SERVER_ATTEMPT_MS),
      port: this.serverPort,
    });
    board.track(this.toServer);
    for (const socket of [fromClient, this.toServer]) socket.setNoDelay(true);
    this.pipe();
  }

  private pipe(): void {
    const { board, fromClient, toServer } = this;
    const down = new Rewriter(
      'FreePort:',
      (port) => mapPort(port, board.server, board.client),
      (sent, relayed) => this.passDown(sent, relayed),
    );
    const up = new Rewriter(
      'Assigned:',
      (port) => mapPort(port, board.client, board.server),
      (sent, relayed) => this.passUp(sent, relayed),
    );
    toServer.once('connect', () => fromClient.resume());
    fromClient.on('data', (chunk: Buffer) => up.push(chunk.toString('latin1')));
    toServer.on('data', (chunk: Buffer) => down.push(chunk.toString('latin1')));
    fromClient.on('end', () => this.clientEnded(up));
    toServer.on('end', () => this.serverEnded(down));
    fromClient.on('error', (error: Error) => this.clientFailed(error));
    toServer.on('error', (error: Error) => this.serverFailed(error));
  }

  private event(event: WireEvent, text: string): void {
    this.board.record({ connection: this.name, direction: 'event', event, text });
  }

  /** What the server sent, to the client. The client may connect as soon as it reads an offer: listen first, then pass it on. */
  private passDown(sent: string, relayed: string): void {
    const { board } = this;
    board.record({
      connection: this.name,
      direction: 'server→client',
      text: sent,
      ...differs(sent, relayed),
    });
    const { offered, noPorts } = readServerPiece(sent);
    const target = offered === undefined ? undefined : mapPort(offered, board.server, board.client);
    this.downstream = this.downstream.then(() =>
      target !== undefined && target !== offered ? board.listen(target) : undefined,
    );
    this.downstream = this.downstream.then(
      () => {
        if (offered !== undefined) board.emit('freePort', offered);
        if (noPorts) board.emit('noPorts');
        this.deliver(relayed);
      },
      (error: Error) =>
        board.note(`the relay could not listen on ${target}: ${error.message}`, 'listen-error'),
    );
  }

  /** A client that closed after its Quit cannot read the server's answer; the server's close still counts. */
  private deliver(relayed: string): void {
    if (this.fromClient.writable) this.fromClient.write(relayed, 'latin1');
    else this.event('not-passed', 'not passed on: the client has closed');
  }

  /** What the client sent, to the server; a claim and a Quit count on an assigned port only. */
  private passUp(sent: string, relayed: string): void {
    const { board, clientPort } = this;
    board.record({
      connection: this.name,
      direction: 'client→server',
      text: sent,
      ...differs(sent, relayed),
    });
    const { claimed, quit } = readClientPiece(sent);
    if (this.assigned && claimed !== undefined) board.emit('assigned', clientPort, claimed);
    if (this.assigned && quit) board.emit('clientQuit', clientPort);
    this.toServer.write(relayed, 'latin1');
  }

  private clientEnded(up: Rewriter): void {
    up.flush();
    this.event('client-closed', 'the client closed the connection');
    this.toServer.end();
  }

  private serverEnded(down: Rewriter): void {
    down.flush();
    this.event('server-closed', 'the server closed the connection');
    // After what the server sent before: an offer in the same piece counts first.
    this.downstream = this.downstream.then(() => {
      if (this.assigned) this.board.emit('serverClosed', this.clientPort);
      else this.board.emit('defaultClosed', 'closed');
      this.fromClient.end();
    });
  }

  private clientFailed(error: Error): void {
    this.event('client-error', `client connection error: ${error.message}`);
    this.fromClient.destroy();
    // The server's side is ended, not cut: whether the server then closes is still seen.
    this.toServer.end();
  }

  private serverFailed(error: Error): void {
    this.event('server-error', `server connection error on ${this.serverPort}: ${errorText(error)}`);
    this.fromClient.destroy();
    this.toServer.destroy();
    if (this.assigned) this.board.emit('serverClosed', this.clientPort);
  }
}

export class Relay extends EventEmitter<RelayEvents> {
  readonly wire: WireEntry[] = [];
  private readonly started = Date.now();
  private readonly listening = new Map<number, net.Server>();
  private readonly sockets = new Set<net.Socket>();
  private readonly counts = new Map<number, number>();
  private readonly board: Switchboard;

  constructor(
    server: PortRange,
    private readonly client: PortRange,
  ) {
    super();
    this.board = {
      server,
      client,
      record: (entry) => this.record(entry),
      note: (text, event) => this.note(text, event),
      listen: (clientPort) => this.listen(clientPort),
      track: (socket) => this.sockets.add(socket),
      emit: (event, ...args) => this.emit(event, ...args),
    };
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
    this.sockets.add(fromClient);
    // The connection lives in its sockets' handlers, and ends with them.
    new RelayedConnection(this.board, clientPort, `${clientPort}#${number}`, fromClient);
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
