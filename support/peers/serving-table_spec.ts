// The table of the harness as a server: which ports a scenario gets, and what a move on a port
// the scenario has not awaited is (the harness's own error, never the client's).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSettings } from '../settings/target';
import { Transcript } from '../wire/transcript';
import type { Context } from './expect';
import { ownPorts, ServingTable } from './serving-table';

const settings = readSettings({});
const context: Context = {
  timeoutMs: 1000,
  strict: false,
  note: () => undefined,
  gone: () => undefined,
  settleGone: async () => undefined,
};

describe("the harness-server's ports", () => {
  it('keeps MPP_PORT and MPP_POOL for a client command without placeholders', () => {
    const target = { kind: 'command', command: './client', placeholders: false } as const;
    assert.deepEqual(ownPorts(target, settings), settings.fixedPlan);
  });

  it('gives a client that takes its ports as arguments a fresh block: the default port, then a pool of at most 15', () => {
    const plan = ownPorts({ kind: 'reference' }, settings);
    assert.equal(plan.pool[0], plan.defaultPort + 1);
    assert.equal(plan.pool.length, Math.min(settings.fixedPlan.pool.length, 15));
  });

  it("takes a move on a connection the scenario has not awaited for the harness's own error", () => {
    const table = new ServingTable(
      { kind: 'reference' },
      settings,
      new Transcript('harness', 'target'),
      context,
    );
    assert.throws(() => table.connection(table.plan.defaultPort), /must await it first/);
    assert.throws(() => table.clientOrFail(), /must start the client under test first/);
  });
});
