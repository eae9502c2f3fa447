// What arrived vs. what was due: expect.ts reports the message, or a typed fact of what came instead,
// described for the report; it names no requirement (the judge does, see judge_spec.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Violation } from '../judging/violation';
import type { Connection, Incoming } from '../wire/connection';
import {
  type Awaited,
  arrive,
  type Context,
  expectClose,
  expectSheetSpelling,
  type Received,
} from './expect';

/** A connection that hands out the given events, then times out. */
function connection(...events: Incoming[]): Connection {
  return {
    port: 22000,
    next: async () => events.shift() ?? { kind: 'timeout', rest: '', waitedMs: 1000 },
  } as unknown as Connection;
}

function context(over: Partial<Context> = {}): Context & { notes: string[] } {
  const notes: string[] = [];
  return {
    timeoutMs: 1000,
    strict: false,
    note: (text) => notes.push(text),
    gone: () => undefined,
    settleGone: async () => undefined,
    notes,
    ...over,
  };
}

const freePort: Awaited = { message: { kind: 'FreePort', port: 22001 }, sender: 'server' };
const line = (text: string): Incoming => ({ kind: 'line', text, ending: '\n' });

async function unexpected(received: Promise<Received>): Promise<Extract<Received, { ok: false }>> {
  const result = await received;
  assert.equal(result.ok, false, 'the message due was accepted');
  return result as Extract<Received, { ok: false }>;
}

describe('a message that arrives as due', () => {
  it('is returned as the message', async () => {
    const received = await arrive(connection(line('FreePort:22001')), freePort, context());
    assert.deepEqual(received, { ok: true, message: { kind: 'FreePort', port: 22001 } });
  });

  it('matches any port when only its kind is awaited, and any of several alternatives', async () => {
    const awaited: Awaited = { message: [{ kind: 'FreePort' }, { kind: 'NoPorts' }], sender: 'server' };
    assert.equal((await arrive(connection(line('FreePort:22009')), awaited, context())).ok, true);
    assert.equal((await arrive(connection(line('NoPorts')), awaited, context())).ok, true);
  });

  it('notes a spelling other than the sheet in a lenient run, and accepts the message', async () => {
    const lenient = context();
    const received = await arrive(connection(line('FreePort: 22001')), freePort, lenient);
    assert.equal(received.ok, true);
    assert.equal(lenient.notes.length, 1);
    assert.doesNotThrow(() => expectSheetSpelling([], 'server'));
    assert.throws(
      () => expectSheetSpelling(lenient.notes, 'server'),
      (error: Violation) => {
        return error.requirement === 'W4';
      },
    );
  });
});

describe('what arrives instead of the message due', () => {
  it('reports a misspelled message in a strict run, without a note', async () => {
    const strict = context({ strict: true });
    const { arrival, details } = await unexpected(
      arrive(connection(line('FreePort: 22001')), freePort, strict),
    );
    assert.equal(arrival.kind, 'misspelled');
    assert.equal(details.expected, '"FreePort:22001⏎"');
    assert.deepEqual(strict.notes, []);
  });

  it('reports a line that is no message with its fault, and shows a CR before the line end', async () => {
    const crlf: Incoming = { kind: 'line', text: 'FreePort:22001Quit', ending: '\r\n' };
    const { arrival, details } = await unexpected(arrive(connection(crlf), freePort, context()));
    assert.deepEqual({ ...arrival, problem: '' }, { kind: 'malformed', fault: 'glued', problem: '' });
    assert.equal(details.received, '"FreePort:22001Quit\\r⏎"');
  });

  it('reports the message due with another port as another port', async () => {
    const { arrival } = await unexpected(arrive(connection(line('FreePort:22002')), freePort, context()));
    assert.deepEqual(arrival, { kind: 'other-port', port: 22002 });
  });

  it('reports a message of another kind with the kind that was due first', async () => {
    const awaited: Awaited = { message: [{ kind: 'Quit' }, { kind: 'NoPorts' }], sender: 'server' };
    const { arrival } = await unexpected(arrive(connection(line('FreePort:22002')), awaited, context()));
    assert.deepEqual(arrival, { kind: 'other-kind', wanted: 'Quit', got: 'FreePort' });
  });

  it('reports a line that grew past the limit as an overflow', async () => {
    const { arrival } = await unexpected(
      arrive(connection({ kind: 'overflow', length: 70_000 }), freePort, context()),
    );
    assert.equal(arrival.kind, 'overflow');
  });

  it('reports text without a line end, then silence or the end of the connection', async () => {
    const silent = await unexpected(
      arrive(connection({ kind: 'timeout', rest: 'FreePort:22001', waitedMs: 1000 }), freePort, context()),
    );
    assert.deepEqual(silent.arrival, { kind: 'unended', ended: false });
    const closed = await unexpected(
      arrive(connection({ kind: 'closed', rest: 'Free' }), freePort, context()),
    );
    assert.deepEqual(closed.arrival, { kind: 'unended', ended: true });
  });

  it('reports nothing at all as silence, marked silent for the stall rule', async () => {
    const { arrival, details } = await unexpected(arrive(connection(), freePort, context()));
    assert.equal(arrival.kind, 'silence');
    assert.equal(details.silent, true);
    assert.equal(details.waitedMs, 1000);
  });

  it('reports an end of the connection while the program went down as the program gone, with its output', async () => {
    const going = context({ settleGone: async () => 'the program ended (exit status 1)' });
    const { arrival, details } = await unexpected(
      arrive(connection({ kind: 'reset', rest: '' }), freePort, going),
    );
    assert.equal(arrival.kind, 'program-gone');
    assert.equal(details.program, 'the program ended (exit status 1)');
  });

  it('reports a reset after an unread message of the harness, and a plain end otherwise', async () => {
    const reset: Incoming = { kind: 'reset', rest: '' };
    const unread = await unexpected(arrive(connection(reset), { ...freePort, sentUnread: true }, context()));
    assert.equal(unread.arrival.kind, 'reset-unread');
    const read = await unexpected(arrive(connection({ kind: 'reset', rest: '' }), freePort, context()));
    assert.equal(read.arrival.kind, 'ended');
    const closed = await unexpected(
      arrive(connection({ kind: 'closed', rest: '' }), { ...freePort, sentUnread: true }, context()),
    );
    assert.equal(closed.arrival.kind, 'ended', 'a close (FIN) is no reset');
  });

  it('reports a reset from a default port that no longer listens as the listener gone', async () => {
    // Nothing listens on port 1 of this machine's loopback.
    const gone = {
      port: 1,
      next: async () => ({ kind: 'reset', rest: '' }),
    } as unknown as Connection;
    const { arrival } = await unexpected(
      arrive(gone, { ...freePort, watchListener: true, sentUnread: true }, context()),
    );
    assert.equal(arrival.kind, 'listener-gone');
  });
});

describe('a close that is due', () => {
  it('passes when the peer closes or resets', async () => {
    await expectClose(connection({ kind: 'closed', rest: '' }), 'S4', 'server', 'ownQuit', context());
    await expectClose(connection({ kind: 'reset', rest: '' }), 'S4', 'server', 'ownQuit', context());
  });

  it('notes the lines it tolerates before the close', async () => {
    const tolerant = context();
    await expectClose(
      connection(line('Quit'), line('hello'), { kind: 'closed', rest: '' }),
      'A2',
      'server',
      'peerQuit',
      tolerant,
      (text) => (text === 'Quit' ? 'a Quit reply' : `data ${text}`),
    );
    assert.deepEqual(tolerant.notes, ['a Quit reply', 'data hello']);
  });

  it('fails the requirement it was given when the peer stays open or says more', async () => {
    await assert.rejects(
      expectClose(connection(), 'S4', 'server', 'ownQuit', context()),
      (error: Violation) => error.requirement === 'S4' && error.silent === false,
    );
    await assert.rejects(
      expectClose(connection(line('FreePort:22001')), 'C3', 'client', 'peerQuit', context()),
      (error: Violation) => error.requirement === 'C3',
    );
  });
});
