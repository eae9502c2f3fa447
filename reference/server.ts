// The reference server of the Multiple-Ports protocol: every MUST and SHOULD of the reading.
// Run it by itself with `npm run reference-server -- --port 10001 --pool 10002-10011`; the harness
// runs it in-process when no MPP_SERVER_CMD is given.

import net from 'node:net';
import { format, type Message, parseLine, visible } from '../support/protocol';
import { readLines } from './lines';

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

  const send = (socket: net.Socket, where: string, message: Message) => {
    const line = `${format(message)}\n`;
    options.log(`${where} → ${visible(line)}`);
    socket.write(line);
  };

  // S2, S5: the smallest pool port that no client holds and that this machine lets us listen on.
  // Allocations run one after the other, so that clients arriving together get different ports (S9).
  const allocate = (): Promise<number | undefined> => {
    const next = allocation.then(async () => {
      for (const port of options.pool) {
        if (slots.has(port)) continue;
        const listener = await listenOn(port);
        if (!listener) continue;
        const slot: Slot = { listener, client: undefined, claimTimer: undefined };
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
    if (!slot) return;
    clearTimeout(slot.claimTimer);
    slots.delete(port);
    slot.listener.close();
    options.log(`${port}: no longer listening; the port is free again`);
  };

  // S3: answer at once, whether or not the client says GetPort. S4: then Quit and close; the socket
  // goes on reading until the client closes, so an unread GetPort never turns the close into a reset.
  const onDefaultConnection = async (socket: net.Socket) => {
    const where = `${options.port} client ${++clientCount}`;
    options.log(`${where} connected`);
    defaultClients.add(socket);
    socket.on('close', () => defaultClients.delete(socket));
    socket.on('error', () => undefined);
    socket.setTimeout(options.claimTimeoutMs, () => socket.destroy());
    readLines(socket, {
      line: (text) => options.log(`${where} ← ${visible(`${text}\n`)}`),
      overlong: () => options.log(`${where} ← an over-long line, ignored`),
    });
    const port = await allocate();
    if (socket.destroyed) {
      if (port !== undefined) release(port);
      return;
    }
    send(socket, where, port === undefined ? { kind: 'NoPorts' } : { kind: 'FreePort', port });
    send(socket, where, { kind: 'Quit' });
    socket.end();
  };

  // A1: the first line must be "Assigned: <port>". A4: anything else ends that connection and leaves
  // the offer standing. A2, A3: Quit or a dropped connection frees the port.
  const onAssignedConnection = (port: number, slot: Slot, socket: net.Socket) => {
    const where = `${port}`;
    socket.on('error', () => undefined);
    if (slot.client) {
      options.log(`${where}: a second connection while the port is held; closed`);
      socket.destroy();
      return;
    }
    options.log(`${where} client connected`);
    let claimed = false;
    const refuse = (why: string) => {
      options.log(`${where}: ${why}; connection closed, the port stays offered`);
      socket.destroy();
    };
    readLines(socket, {
      overlong: () => refuse('an over-long line'),
      line: (text) => {
        options.log(`${where} ← ${visible(`${text}\n`)}`);
        const judged = parseLine(text);
        if (!claimed) {
          if (judged.ok && judged.message.kind === 'Assigned' && judged.message.port === port) {
            claimed = true;
            slot.client = socket;
            clearTimeout(slot.claimTimer);
          } else {
            refuse(`the first message is not "Assigned: ${port}"`);
          }
        } else if (judged.ok && judged.message.kind === 'Quit') {
          socket.end();
          release(port);
        }
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
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  options.log(
    `listening on ${options.port}, pool ${options.pool[0]}-${options.pool[options.pool.length - 1]}`,
  );

  return {
    port: options.port,
    async close() {
      // A6: tell held clients that the server ends their connection.
      for (const [port, slot] of slots) {
        if (slot.client && !slot.client.destroyed) {
          send(slot.client, `${port}`, { kind: 'Quit' });
          slot.client.end();
        }
        release(port);
      }
      for (const socket of defaultClients) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listenOn(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const listener = net.createServer();
    listener.once('error', () => resolve(undefined));
    listener.listen(port, () => resolve(listener));
  });
}

function parseArguments(argv: string[]): ServerOptions {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i] ?? '', argv[i + 1] ?? '');
  const port = Number(args.get('--port') ?? 10001);
  const [first, last] = (args.get('--pool') ?? '10002-10011').split('-').map(Number);
  if (!Number.isInteger(port) || first === undefined || last === undefined || !(first <= last)) {
    throw new Error('usage: reference-server [--port 10001] [--pool 10002-10011] [--claim-timeout-ms 5000]');
  }
  const pool = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return {
    port,
    pool,
    claimTimeoutMs: Number(args.get('--claim-timeout-ms') ?? 5000),
    log: (line) => console.log(`[server] ${line}`),
  };
}

if (require.main === module) {
  startReferenceServer(parseArguments(process.argv.slice(2))).then(
    (server) => {
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: Error) => {
      console.error(`[server] ${error.message}`);
      process.exit(1);
    },
  );
}
