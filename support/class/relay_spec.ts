import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { within } from '../process/wait';
import { mapPort, Relay } from './relay';

const SERVER = { port: 31501, first: 31502, last: 31503 };
const CLIENT = { port: 31511, first: 31512, last: 31513 };

/** Reads lines from a socket until `count` have come. */
async function lines(socket: net.Socket, count: number): Promise<string[]> {
  let text = '';
  while (text.split('\n').length <= count) {
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    text += chunk.toString('latin1');
  }
  return text.split('\n').slice(0, count);
}

describe('the interop relay', () => {
  it('moves pool ports between the two ranges', () => {
    assert.equal(mapPort(31502, SERVER, CLIENT), 31512);
    assert.equal(mapPort(31511, CLIENT, SERVER), 31501);
    assert.equal(mapPort(40000, SERVER, CLIENT), 40000);
  });

  it('reaches a server that listens on ::1 only', async (test) => {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => socket.end(`FreePort:${SERVER.first}\nQuit\n`));
    });
    server.listen(SERVER.port, '::1');
    const listening = await once(server, 'listening').then(
      () => true,
      () => false,
    );
    if (!listening) return test.skip('no IPv6 loopback here');
    const relay = new Relay(SERVER, CLIENT);
    try {
      await relay.start();
      const client = net.connect(CLIENT.port, '127.0.0.1');
      client.write('GetPort\n');
      assert.deepEqual(await within(lines(client, 1), 2000, () => ['nothing']), [`FreePort:${CLIENT.first}`]);
      client.destroy();
    } finally {
      relay.close();
      server.close();
    }
  });

  it("sees the server's close after a client that closed right after its Quit (the server's answer cannot reach it)", async () => {
    const servers = [
      net.createServer((socket) => {
        socket.once('data', () => socket.end(`FreePort:${SERVER.first}\nQuit\n`));
      }),
      // Like the Perl fixture: answers Quit with Quit, and closes a little later.
      net.createServer({ allowHalfOpen: true }, (socket) => {
        socket.on('data', (chunk) => {
          if (!/quit/i.test(chunk.toString())) return;
          socket.write('Quit\n');
          setTimeout(() => socket.end(), 50);
        });
      }),
    ];
    await Promise.all(
      servers.map((server, index) =>
        once(server.listen(index ? SERVER.first : SERVER.port, '127.0.0.1'), 'listening'),
      ),
    );
    const relay = new Relay(SERVER, CLIENT);
    try {
      await relay.start();
      const closed = once(relay, 'serverClosed');
      const first = net.connect(CLIENT.port, '127.0.0.1');
      first.write('GetPort\n');
      const [offer] = await within(lines(first, 1), 2000, () => ['nothing']);
      assert.equal(offer, `FreePort:${CLIENT.first}`);
      const second = net.connect(CLIENT.first, '127.0.0.1');
      await once(second, 'connect');
      // Closes for good (as a program that ends does): the server's answer meets a closed socket.
      second.write(`Assigned: ${CLIENT.first}\nQuit\n`, () => second.destroy());
      assert.deepEqual(await within(closed, 2000, () => ['not seen']), [CLIENT.first]);
      assert.ok(relay.wire.some((entry) => entry.text === 'not passed on: the client has closed'));
      first.destroy();
      second.destroy();
    } finally {
      relay.close();
      for (const server of servers) server.close();
    }
  });
});
