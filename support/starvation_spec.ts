// A bound counts the program's time, not the machine's: what the program waited for a CPU is added (up
// to a cap), a program that sleeps waiting for input is owed nothing, and an answer that arrived while
// the harness itself was stalled is taken before the bound is declared run out.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Connection } from './connection';
import { Bound, BUSY_STEP_MS, MAX_EXTENSION, type Sample } from './starvation';
import { Transcript } from './transcript';

/** A meter whose readings the test sets. */
function meter(initial: Sample = { delayedMs: 0, busy: false }) {
  const reading = { ...initial };
  return { reading, read: () => ({ ...reading }) };
}

function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the harness's event loop blocked, as on a machine that gives it no CPU
  }
}

describe('bounds on waiting for a program', () => {
  it('run out on time for a program that sleeps waiting for input', async () => {
    const { read } = meter();
    const bound = new Bound(30, read);
    assert.ok(bound.remaining() > 0);
    await delay(40);
    assert.equal(bound.remaining(), 0);
  });

  it('add the time the program waited for a CPU, up to the cap', async () => {
    const { reading, read } = meter({ delayedMs: 500, busy: false });
    const bound = new Bound(20, read);
    await delay(30);
    reading.delayedMs = 530; // 30 ms on a run queue during the wait
    assert.ok(bound.remaining() > 0);
    reading.delayedMs = 500 + 10_000;
    const left = bound.remaining();
    assert.ok(left > 0 && left <= 20 * (1 + MAX_EXTENSION) - 30, `capped, got ${left}`);
  });

  it('give a program that is running or in disk sleep a step at each look, up to the cap', async () => {
    const { reading, read } = meter();
    const bound = new Bound(10, read);
    await delay(15);
    reading.busy = true;
    assert.ok(bound.remaining() > 0);
    let looks = 1;
    while (bound.remaining() > 0) looks++;
    assert.ok(looks >= (10 * MAX_EXTENSION) / BUSY_STEP_MS, `a step a look until the cap, ${looks} looks`);
  });

  it('take an answer that arrived while the harness was stalled, not a timeout', async () => {
    const server = net.createServer((socket) => socket.on('error', () => undefined));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    const [accepted] = await Promise.all([
      once(server, 'connection') as Promise<[net.Socket]>,
      Connection.open(
        '127.0.0.1',
        { transcript: new Transcript('a', 'b'), name: 'a', port, self: 'harness' },
        1000,
      ),
    ]).then(([[socket], connection]) => [{ socket, connection }]);
    try {
      const next = accepted.connection.next(new Bound(10, meter().read));
      accepted.socket.write('FreePort:10002\r\n');
      stall(60); // the answer is in the kernel, the bound has run out: both wait for the loop
      const event = await next;
      assert.equal(event.kind, 'line');
    } finally {
      accepted.connection.reset();
      accepted.socket.destroy();
      server.close();
    }
  });
});
