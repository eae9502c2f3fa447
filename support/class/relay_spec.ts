import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { within } from '../process/wait';
import { mapPort, Relay, type RelayEvents, readClientPiece, readServerPiece } from './relay';

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

/** Everything a socket reads until the other side ends it. */
async function untilEnd(socket: net.Socket): Promise<string> {
  let text = '';
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  await once(socket, 'end');
  return text;
}

describe('the interop relay', () => {
  it('moves pool ports between the two ranges', () => {
    assert.equal(mapPort(31502, SERVER, CLIENT), 31512);
    assert.equal(mapPort(31511, CLIENT, SERVER), 31501);
    assert.equal(mapPort(40000, SERVER, CLIENT), 40000);
  });

  it('reads an offer in any case and spacing, and NoPorts only at the start of a line', () => {
    assert.deepEqual(readServerPiece('freeport:  31502\r\n'), { offered: 31502, noPorts: false });
    assert.deepEqual(readServerPiece('FreePort:31502\nNoPorts\n'), { offered: 31502, noPorts: true });
    assert.deepEqual(readServerPiece('noports\n'), { noPorts: true });
    assert.deepEqual(readServerPiece('Sorry, NoPorts\n'), { noPorts: false });
    assert.deepEqual(readServerPiece('FreePort:\n'), { noPorts: false });
  });

  it('reads a claim in any case and spacing, and Quit only as a whole line', () => {
    assert.deepEqual(readClientPiece('assigned:31512\n'), { claimed: 31512, quit: false });
    assert.deepEqual(readClientPiece('Assigned: 31512\r\nQuit\r\n'), { claimed: 31512, quit: true });
    assert.deepEqual(readClientPiece('QUIT\n'), { quit: true });
    assert.deepEqual(readClientPiece('Quitting\n'), { quit: false });
    assert.deepEqual(readClientPiece('GetPort\n'), { quit: false });
  });

  it("tells of an offer before the server's close, also one held back for its rest until the close, and passes it on in the client's form", async () => {
    // No line end: the relay holds "FreePort:<p>" back for more digits, and the close flushes it.
    const server = net.createServer((socket) => {
      socket.once('data', () => socket.end(`FreePort:${SERVER.first}`));
    });
    await once(server.listen(SERVER.port, '127.0.0.1'), 'listening');
    const relay = new Relay(SERVER, CLIENT);
    const events: string[] = [];
    for (const event of ['clientConnected', 'freePort', 'defaultClosed'] as const)
      relay.on(event, (...args: RelayEvents[typeof event]) => events.push(`${event} ${args.join(' ')}`));
    try {
      await relay.start();
      const client = net.connect(CLIENT.port, '127.0.0.1');
      client.write('GetPort\n');
      assert.equal(await within(untilEnd(client), 2000, () => 'no end'), `FreePort:${CLIENT.first}`);
      assert.deepEqual(events, [
        `clientConnected ${CLIENT.port}`,
        `freePort ${SERVER.first}`,
        'defaultClosed closed',
      ]);
      const offer = relay.wire.find((entry) => entry.direction === 'server→client');
      assert.deepEqual(
        { connection: offer?.connection, text: offer?.text, relayed: offer?.relayed },
        {
          connection: `${CLIENT.port}#1`,
          text: `FreePort:${SERVER.first}`,
          relayed: `FreePort:${CLIENT.first}`,
        },
      );
      client.destroy();
    } finally {
      relay.close();
      server.close();
    }
  });

  it('counts a refused connection to an offered port as the server closing it, and records the error', async () => {
    const server = net.createServer((socket) => {
      socket.once('data', () => socket.write(`FreePort:${SERVER.first}\n`));
    });
    await once(server.listen(SERVER.port, '127.0.0.1'), 'listening');
    const relay = new Relay(SERVER, CLIENT);
    try {
      await relay.start();
      const closed = once(relay, 'serverClosed');
      const first = net.connect(CLIENT.port, '127.0.0.1');
      first.write('GetPort\n');
      await within(lines(first, 1), 2000, () => ['nothing']);
      // Nothing listens on the server's side of the offered port.
      const second = net.connect(CLIENT.first, '127.0.0.1');
      second.on('error', () => undefined);
      assert.deepEqual(await within(closed, 2000, () => ['not seen']), [CLIENT.first]);
      const error = relay.wire.find((entry) => entry.event === 'server-error');
      assert.equal(error?.connection, `${CLIENT.first}#1`);
      assert.match(error?.text ?? '', new RegExp(`^server connection error on ${SERVER.first}: `));
      first.destroy();
      second.destroy();
    } finally {
      relay.close();
      server.close();
    }
  });

  it("passes a claim to the server in the server's form, and tells of the claim and the Quit on the assigned port", async () => {
    const servers = [
      net.createServer((socket) => {
        socket.once('data', () => socket.write(`FreePort:${SERVER.first}\n`));
      }),
      net.createServer((socket) => {
        socket.resume();
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
      const assigned = once(relay, 'assigned');
      const quit = once(relay, 'clientQuit');
      const first = net.connect(CLIENT.port, '127.0.0.1');
      first.write('GetPort\n');
      await within(lines(first, 1), 2000, () => ['nothing']);
      const second = net.connect(CLIENT.first, '127.0.0.1');
      second.write(`Assigned: ${CLIENT.first}\nQuit\n`);
      assert.deepEqual(await within(assigned, 2000, () => ['not seen']), [CLIENT.first, CLIENT.first]);
      assert.deepEqual(await within(quit, 2000, () => ['not seen']), [CLIENT.first]);
      const claim = relay.wire.find((entry) => /assigned/i.test(entry.text));
      assert.deepEqual(
        { connection: claim?.connection, relayed: claim?.relayed },
        { connection: `${CLIENT.first}#1`, relayed: `Assigned: ${SERVER.first}\nQuit\n` },
      );
      first.destroy();
      second.destroy();
    } finally {
      relay.close();
      for (const server of servers) server.close();
    }
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
