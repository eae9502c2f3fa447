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

export async function startReferenceServer(options: ServerOptions): Promise<ReferenceServer> {
  const slots = new Map<number, Slot>();
  const defaultClients = new Set<net.Socket>();
  let allocation: Promise<unknown> = Promise.resolve();
  let clientCount = 0;

  const send = (socket: net.Socket, where: string, line: string) => {
    options.log(`${where} → ${shown(line)}`);
    socket.write(line);
  };

  // S2, S5: the smallest pool port that no client holds and that this machine lets us listen on.
  // Allocations run one after the other, so that clients arriving together get different ports (S9).
  const allocate = (): Promise<number | undefined> => {
    const next = allocation.then(async () => {
      for (const port of options.pool) {
        // Stryker disable next-line ConditionalExpression: equivalent, binding a held port fails anyway
        if (slots.has(port)) continue;
        const listener = await listenOn(port);
        if (!listener) continue;
        const slot: Slot = { listener, client: undefined, claimTimer: undefined };
        // Stryker disable next-line BlockStatement: A5 is INFO, observed and never a failure
        slot.claimTimer = setTimeout(() => {
          options.log(
            `${port}: nobody claimed the port within ${options.claimTimeoutMs} ms; it returns to the pool`,
          );
          release(port);
        }, options.claimTimeoutMs);
        listener.on('connection', (socket) => onAssignedConnection(port, slot, socket));
        slots.set(port, slot);
        return port;
      }
      return undefined;
    });
    allocation = next.catch(() => undefined);
    return next;
  };

  const release = (port: number) => {
    const slot = slots.get(port);
    // Stryker disable next-line ConditionalExpression: defensive, no protocol path releases a port twice
    if (!slot) return;
    clearTimeout(slot.claimTimer);
    slots.delete(port);
    slot.listener.close();
    options.log(`${port}: no longer listening; the port is free again`);
  };

  // S3: answer at once, whether or not the client says GetPort. S4: then Quit and close; the socket
  // goes on reading until the client closes, so an unread GetPort never turns the close into a reset.
  const onDefaultConnection = async (socket: net.Socket) => {
    // Stryker disable all: bookkeeping for logs, shutdown and clients that vanish; no protocol behaviour
    const where = `${options.port} client ${++clientCount}`;
    options.log(`${where} connected`);
    defaultClients.add(socket);
    socket.on('close', () => defaultClients.delete(socket));
    socket.on('error', () => undefined);
    socket.setTimeout(options.claimTimeoutMs, () => socket.destroy());
    readLines(socket, {
      line: (text) => options.log(`${where} ← ${shown(`${text}\n`)}`),
      overlong: () => options.log(`${where} ← an over-long line, ignored`),
    });
    const port = await allocate();
    if (socket.destroyed) {
      if (port !== undefined) release(port);
      return;
    }
    // Stryker restore all
    send(socket, where, port === undefined ? 'NoPorts\n' : `FreePort:${port}\n`);
    send(socket, where, 'Quit\n');
    socket.end();
  };

  // A1: the first line must be "Assigned: <port>". A4: anything else ends that connection and leaves
  // the offer standing. A2, A3: Quit or a dropped connection frees the port.
  const onAssignedConnection = (port: number, slot: Slot, socket: net.Socket) => {
    // Stryker disable next-line StringLiteral: log text
    const where = `${port}`;
    socket.on('error', () => undefined);
    // Stryker disable next-line BlockStatement,ConditionalExpression: equivalent, the claim below checks slot.client too
    if (slot.client) {
      options.log(`${where}: a second connection while the port is held; closed`);
      socket.destroy();
      return;
    }
    options.log(`${where} client connected`);
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
            release(port);
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
      if (claimed && slots.get(port) === slot) {
        options.log(`${where}: the client left without Quit`);
        release(port);
      }
    });
  };

  const server = net.createServer((socket) => void onDefaultConnection(socket));
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
      for (const [port, slot] of slots) {
        if (slot.client && !slot.client.destroyed) {
          send(slot.client, `${port}`, 'Quit\n');
          slot.client.end();
        }
        release(port);
      }
      for (const socket of defaultClients) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Stryker restore all: a directive counts only before a statement, so it stands here and not at the end of close()

function listenOn(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const listener = net.createServer();
    listener.once('error', () => resolve(undefined));
    listener.listen(port, () => resolve(listener));
  });
}
