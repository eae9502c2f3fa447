// The harness listening for the client under test: a connection that came before the scenario
// awaited it is kept for it, one that never came is the judge's to name, and a connection to the
// pool after NoPorts is seen.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { Inconclusive, Violation } from '../judging/violation';
import { readSettings } from '../settings/target';
import { Transcript } from '../wire/transcript';
import type { Context } from './expect';
import { ServingConnections } from './serving-connections';
import { ServingTable } from './serving-table';

const settings = readSettings({ MPP_TIMEOUT_MS: '200' });
const context: Context = {
  timeoutMs: 200,
  strict: false,
  note: () => undefined,
  gone: () => undefined,
  settleGone: async () => undefined,
};
const table = new ServingTable({ kind: 'reference' }, settings, new Transcript('harness', 'target'), context);
const connections = new ServingConnections(table);
const [offered = 0, other = 0] = table.plan.pool;
const sockets: net.Socket[] = [];

async function connectTo(port: number): Promise<void> {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
}

after(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all([...table.listeners.values()].map((server) => new Promise((done) => server.close(done))));
});

describe('the connections of the client under test', () => {
  it('keeps a connection that came before the scenario awaited it, and seen on the pool it counts', async () => {
    await connections.listen(offered);
    await connections.listen(offered);
    await connectTo(offered);
    await connections.expectClientConnection(offered);
    assert.ok(table.current.has(offered));
    assert.throws(() => connections.expectNoConnectionTo(table.plan.pool), Violation);
  });

  it('hands the judge the facts of an offered port nobody connected to, with the time it waited', async () => {
    await connections.listen(other);
    const failure = await connections.expectClientConnection(other).then(
      () => assert.fail('no client connected'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof Violation);
    assert.deepEqual([failure.requirement, failure.waitedMs], ['C3', 200]);
  });

  it('calls a port another program holds inconclusive, not the client under test', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    await assert.rejects(connections.listen(port), Inconclusive);
    await new Promise((done) => squatter.close(done));
  });
});
