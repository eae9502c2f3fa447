// A bound counts the program's time, not the machine's: what the program waited for a CPU is added (up
// to a cap), a program that sleeps waiting for input is owed nothing, and an answer that arrived while
// the harness itself was stalled is taken before the bound is declared run out.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { describe, it } from 'node:test';
import { Connection } from '../wire/connection';
import { Transcript } from '../wire/transcript';
import { Bound, BUSY_STEP_MS, MAX_EXTENSION, type Sample } from './starvation';

/** A meter and a clock whose readings the test sets. */
function machine(initial: Sample = { delayedMs: 0, busy: false }) {
  const reading = { ...initial };
  const time = { now: 1000 };
  return { reading, time, read: () => ({ ...reading }), clock: () => time.now };
}

function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the harness's event loop blocked, as on a machine that gives it no CPU
  }
}

describe('bounds on waiting for a program', () => {
  it('run out on time for a program that sleeps waiting for input', () => {
    const { time, read, clock } = machine();
    const bound = new Bound(30, read, clock);
    time.now += 29;
    assert.equal(bound.remaining(), 1);
    time.now += 1;
    assert.equal(bound.remaining(), 0);
  });

  it('add the time the program waited for a CPU, up to the cap', () => {
    const { reading, time, read, clock } = machine({ delayedMs: 500, busy: false });
    const bound = new Bound(20, read, clock);
    time.now += 30;
    reading.delayedMs = 525; // 25 ms on a run queue during the wait
    assert.equal(bound.remaining(), 15);
    reading.delayedMs = 500 + 10_000;
    assert.equal(bound.remaining(), 20 * (1 + MAX_EXTENSION) - 30);
  });

  it('give a program that is running or in disk sleep a step at each look, up to the cap', () => {
    const { reading, time, read, clock } = machine();
    const bound = new Bound(100, read, clock);
    time.now += 100;
    reading.busy = true;
    let left = bound.remaining();
    assert.equal(left, BUSY_STEP_MS);
    let looks = 1;
    // The timer looks again when what is left has passed.
    for (; left > 0 && looks < 1000; looks++) {
      time.now += left;
      left = bound.remaining();
    }
    assert.equal(looks, 1 + (100 * MAX_EXTENSION) / BUSY_STEP_MS);
    assert.equal(time.now - 1000, 100 * (1 + MAX_EXTENSION));
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
      const next = accepted.connection.next(new Bound(10, machine().read));
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
