// Shards joined into one run's record: the class's order, the matrix's order, the times of runners
// side by side, and refusals where the parts are not the shards of one run.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cell, ClassResult, StudentResult } from './results';
import { mergeResults, mismatch } from './shard';

const roster = ['anna', 'ben', 'clara'];
const student = (name: string): StudentResult => ({ name, source: 'mpp.json', commands: {} });
const cell = (client: string, server: string): Cell => ({ client, server, outcome: 'passed', ms: 1 });
const clients = ['anna', 'ben', 'reference'];
const servers = ['anna', 'clara', 'reference'];

function shard(index: number, names: string[], cells: Cell[], started: string, wallMs: number): ClassResult {
  return {
    folder: '/class',
    started,
    wallMs,
    isolation: 'namespaces',
    parallel: 4,
    students: names.map(student),
    matrix: { mode: 'all', clients, servers, cells },
    shard: { index, count: 2, roster },
  };
}

const first = shard(
  1,
  ['ben'],
  [cell('ben', 'reference'), cell('ben', 'anna')],
  '2026-12-05T10:00:05.000Z',
  50,
);
const second = shard(
  2,
  ['anna', 'clara'],
  [cell('reference', 'clara'), cell('anna', 'anna')],
  '2026-12-05T10:00:00.000Z',
  70,
);

describe('class merge', () => {
  it('lists the students in the class order and the cells in the matrix order, whatever the shards', () => {
    const merged = mergeResults([second, first]) as ClassResult;
    assert.deepEqual(
      merged.students.map((s) => s.name),
      roster,
    );
    assert.deepEqual(
      merged.matrix.cells.map((c) => `${c.client}×${c.server}`),
      ['anna×anna', 'ben×anna', 'ben×reference', 'reference×clara'],
    );
  });
  it('takes the earliest start and the longest shard, as runners side by side', () => {
    const merged = mergeResults([first, second]) as ClassResult;
    assert.equal(merged.started, '2026-12-05T10:00:00.000Z');
    assert.equal(merged.wallMs, 70);
  });
  it('writes no shard field: the merge is the record of one whole run', () => {
    assert.equal((mergeResults([first, second]) as ClassResult).shard, undefined);
  });
  it('merges a whole run alone into itself', () => {
    const whole = mergeResults([first, second]) as ClassResult;
    assert.deepEqual(mergeResults([whole]), whole);
  });
  it('refuses a missing or doubled shard', () => {
    assert.match(mismatch([first]) ?? '', /each of 1 to 2 once/);
    assert.match(mismatch([first, first]) ?? '', /each of 1 to 2 once/);
  });
  it('refuses shards of another run', () => {
    const other = { ...second, matrix: { ...second.matrix, mode: 3 as const } };
    assert.match(mismatch([first, other]) ?? '', /another run/);
  });
});
