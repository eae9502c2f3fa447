// Shards joined into one run's record: the class's order, the matrix's order, the times of runners
// side by side, and refusals where the parts are not the shards of one run.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type Cell, type ClassResult, DEFAULT_POLICY, gradesCsv, type StudentResult } from './results';
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

/**
 * fixtures/class-shards/: the class.json of the demo class run as four shards and as one run on this
 * project's machine under a load of 25 to 42 from other jobs (the hover texts left out, see its
 * README). The merge is exact, but the runs were not: under that load rosa's Java server did not
 * listen within the 10 s start bound in shard 4 (S1) and did in the single run, and the reference
 * server once did not start within it either (clara × reference). Those differences are pinned
 * here, every other verdict, failed requirement, point and cell must be the single run's.
 */
const LOADED = { student: 'rosa', cell: 'clara×reference' };

describe('four recorded shards of the demo class against its recorded single run', () => {
  const folder = path.join(__dirname, '..', '..', 'fixtures', 'class-shards');
  const read = (name: string) =>
    JSON.parse(readFileSync(path.join(folder, `${name}.json`), 'utf8')) as ClassResult;
  const single = read('single');
  const merged = mergeResults([1, 2, 3, 4].map((i) => read(`shard-${i}`))) as ClassResult;
  const failed = (result: ClassResult) =>
    result.students.flatMap((s) =>
      (['server', 'client'] as const).map((role) => {
        const check = s[role];
        const ids = Object.entries(check?.requirements ?? {}).filter(
          ([, outcome]) => outcome.status === 'failed',
        );
        return `${s.name} ${role}: ${check?.verdict ?? 'none'} ${ids.map(([id]) => id).join(' ')}`;
      }),
    );
  const differing = (ours: string[], theirs: string[]) => ours.filter((line) => !theirs.includes(line));
  it('give every student the verdicts and failed requirements of the single run, but the Java server that did not start in time', () => {
    assert.deepEqual(differing(failed(merged), failed(single)), [
      `${LOADED.student} server: non-conformant S1`,
    ]);
  });
  it("give every other student the single run's points", () => {
    // student, server verdict, client verdict, points, max points, …
    const points = (result: ClassResult) =>
      gradesCsv(result, DEFAULT_POLICY)
        .split('\n')
        .filter((row) => !row.startsWith(`${LOADED.student},`))
        .map((row) => row.split(',').slice(0, 5).join(','));
    assert.deepEqual(points(merged), points(single));
  });
  it('give the same cells, each failed one blamed on the same side and requirement, but those of the late starts', () => {
    const cells = (result: ClassResult) =>
      result.matrix.cells
        .filter(
          (c) => ![c.client, c.server].includes(LOADED.student) && `${c.client}×${c.server}` !== LOADED.cell,
        )
        .map(
          (c) => `${c.client}×${c.server} ${c.outcome} ${c.blame?.side ?? ''} ${c.blame?.requirement ?? ''}`,
        );
    assert.equal(merged.matrix.cells.length, single.matrix.cells.length);
    // 19 clients × 22 servers, less rosa's row and column and the late reference server.
    assert.equal(cells(merged).length, 418 - (22 + 19 - 1) - 1);
    assert.deepEqual(cells(merged), cells(single));
  });
});
