// The listener checks read the kernel's socket tables only up to the first connection: they must
// still see every listener, on IPv4 and IPv6, while connections and TIME_WAIT sockets exist.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import {
  ephemeralRange,
  freshBlock,
  isListening,
  listeningPortsIn,
  listeningPortsOf,
  portRange,
} from './sockets';

const PORT = 31900;

async function listen(port: number, host: string): Promise<net.Server> {
  const server = net.createServer((socket) => socket.end());
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}

async function close(server: net.Server): Promise<void> {
  await new Promise((done) => server.close(done));
}

describe('listener checks', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  it('see IPv4 and IPv6 listeners among connections, and not once they closed', async () => {
    const ipv4 = await listen(PORT, '127.0.0.1');
    const ipv6 = await listen(PORT + 1, '::1').catch(() => undefined);
    // Connections (and, once closed, TIME_WAIT sockets) in the tables after the listeners.
    const clients = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const socket = net.connect(PORT, '127.0.0.1');
        await once(socket, 'connect');
        return socket;
      }),
    );
    try {
      assert.equal(isListening(PORT), true);
      if (ipv6) assert.equal(isListening(PORT + 1), true);
      assert.equal(isListening(PORT + 2), false);
      assert.deepEqual(listeningPortsIn(PORT, PORT + 3).sort(), ipv6 ? [PORT, PORT + 1] : [PORT]);
      assert.deepEqual(
        listeningPortsOf([process.pid])
          .filter((port) => port >= PORT && port < PORT + 3)
          .sort(),
        ipv6 ? [PORT, PORT + 1] : [PORT],
      );
    } finally {
      for (const socket of clients) socket.destroy();
      await close(ipv4);
      if (ipv6) await close(ipv6);
    }
    assert.equal(isListening(PORT), false);
    assert.equal(isListening(PORT + 1), false);
  });
});

describe('port blocks', () => {
  it('come from the whole range below the ephemeral ports unless a span is given', () => {
    const [ephemeralFirst] = ephemeralRange();
    assert.deepEqual(portRange({}), { base: 20000, span: ephemeralFirst - 20000 });
    assert.deepEqual(portRange({ MPP_PORT_BASE: '22000', MPP_PORT_SPAN: '2000' }), {
      base: 22000,
      span: 2000,
    });
    assert.deepEqual(portRange({ MPP_PORT_SPAN: '6000', STRYKER_MUTATOR_WORKER: '1' }), {
      base: 26000,
      span: 6000,
    });
  });

  it('start at a random block and hand out blocks that do not overlap, inside the range', () => {
    const { base, span } = portRange();
    const blocks = Array.from({ length: 40 }, () => freshBlock(11, () => 0.5));
    const ports = blocks.flat();
    assert.equal(new Set(ports).size, ports.length);
    assert.ok(ports.every((port) => port >= base && port < base + span));
    assert.ok(
      (blocks[0]?.[0] ?? 0) >= base + span / 2 - 16,
      'the first block is where the random start says',
    );
  });
});
