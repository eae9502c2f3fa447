// The harness reaches a server on this machine where it listens: on 127.0.0.1, or on ::1 alone (the
// sheet names no address). An explicit address is taken as given.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { ConnectError, Connection, connectOptions, errorText, LOOPBACK_HOST } from './connection';
import { Transcript } from './transcript';

const PORT = 31950;

async function listen(port: number, host: string): Promise<net.Server | undefined> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined); // the harness answers a close with a reset
    socket.end(`hello from ${host}\n`);
  });
  server.listen(port, host);
  try {
    await once(server, 'listening');
    return server;
  } catch {
    return undefined; // no IPv6 on this machine
  }
}

async function greeting(host: string, port: number): Promise<string> {
  const transcript = new Transcript('client', 'server');
  const connection = await Connection.open(host, { transcript, name: 'client', port, self: 'harness' }, 2000);
  const event = await connection.next(2000);
  connection.reset();
  return event.kind === 'line' ? event.text : event.kind;
}

describe('connections to the server under test', () => {
  it('look up both loopback addresses for the harness name, IPv4 first, and nothing else for an address', () => {
    const options = connectOptions(LOOPBACK_HOST, 1000);
    assert.equal(options.autoSelectFamily, true);
    assert.equal(options.autoSelectFamilyAttemptTimeout, 1000);
    let found: unknown;
    options.lookup?.(LOOPBACK_HOST, { all: true }, (_error, addresses) => {
      found = addresses;
    });
    assert.deepEqual(found, [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    assert.deepEqual(connectOptions('127.0.0.1', 1000), { host: '127.0.0.1' });
    assert.deepEqual(connectOptions('::1', 1000), { host: '::1' });
  });

  it('reach a server that listens on ::1 only, and one on 127.0.0.1 only', async (test) => {
    const ipv6 = await listen(PORT, '::1');
    if (!ipv6) return test.skip('no IPv6 loopback here');
    const ipv4 = await listen(PORT + 1, '127.0.0.1');
    try {
      assert.equal(await greeting(LOOPBACK_HOST, PORT), 'hello from ::1');
      assert.equal(await greeting(LOOPBACK_HOST, PORT + 1), 'hello from 127.0.0.1');
      // An address named by the user is not second-guessed.
      await assert.rejects(greeting('127.0.0.1', PORT), (error) => error instanceof ConnectError);
    } finally {
      ipv6.close();
      ipv4?.close();
    }
  });

  it('report a port that refuses on both addresses as refused, once in the transcript', async () => {
    const transcript = new Transcript('client', 'server');
    const endpoint = { transcript, name: 'client', port: PORT + 2, self: 'harness' as const };
    const error = await Connection.open(LOOPBACK_HOST, endpoint, 2000).catch((caught: unknown) => caught);
    assert.ok(error instanceof ConnectError);
    assert.equal(error.reason, 'refused');
    assert.match(error.message, /ECONNREFUSED 127\.0\.0\.1/);
    assert.equal(transcript.forDiagram().entries.filter((entry) => entry.event === 'refused').length, 1);
  });

  it('give a failure on every address the words of each', () => {
    const failure = new AggregateError([new Error('connect ECONNREFUSED 127.0.0.1:1'), new Error('no ::1')]);
    assert.equal(errorText(failure), 'connect ECONNREFUSED 127.0.0.1:1; no ::1');
    assert.equal(errorText(new Error('plain')), 'plain');
  });
});
