// Shards joined into one run's record: the class's order, the matrix's order, the times of runners
// side by side, and refusals where the parts are not the shards of one run.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gradescopeResults } from './gradescope';
import { parseRunOptions, type RunOptions } from './options';
import { parseMatrix } from './plan';
import { writeReports } from './reports';
import { type Cell, type ClassResult, DEFAULT_POLICY, type MatrixMode, type StudentResult } from './results';
import { shareOf } from './run';
import { mergeResults, mismatch } from './shard';
import { readClass } from './student';

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
  it('joins shards whose runners checked the class out at different paths', () => {
    const elsewhere = { ...second, folder: '/builds/runner-2/class' };
    assert.equal(mismatch([{ ...first, folder: '/builds/runner-1/class' }, elsewhere]), undefined);
  });
  it('refuses shards of another run', () => {
    const other = { ...second, matrix: { ...second.matrix, mode: 3 as const } };
    assert.match(mismatch([first, other]) ?? '', /another run/);
  });
});

/**
 * fixtures/class-record/class.json: one recorded run of the demo class. Its results, split by the shard
 * plan into the records four shards would write and merged, must give the single run's reports byte
 * for byte but for the start and wall time. The same results go into both sides, so a difference is a
 * fault of the plan or the merge, never of the machine's load.
 */
describe('a recorded run split by the shard plan into four shards and merged', () => {
  const root = path.join(__dirname, '..', '..');
  const demo = path.join(root, 'fixtures', 'class-demo');
  const recorded = JSON.parse(
    readFileSync(path.join(root, 'fixtures', 'class-record', 'class.json'), 'utf8'),
  ) as ClassResult;
  const roster = readClass(demo);

  const optionsFor = (matrix: string, shard?: string): RunOptions => {
    const options = parseRunOptions([demo, '--matrix', matrix, ...(shard ? ['--shard', shard] : [])], {});
    if (typeof options === 'string') throw new Error(options);
    return options;
  };

  /** What the single run with this matrix records: the recorded results of the plan's cells. */
  const wholeRun = (matrix: string): ClassResult => {
    const pairs = new Set(shareOf(roster, optionsFor(matrix)).pairs.map((pair) => pair.join('×')));
    const cells = recorded.matrix.cells.filter((cell) => pairs.has(`${cell.client}×${cell.server}`));
    assert.equal(cells.length, pairs.size, 'the recording holds every cell of the plan');
    return { ...recorded, matrix: { ...recorded.matrix, mode: parseMatrix(matrix) as MatrixMode, cells } };
  };

  /** The record shard i/count writes: its share's students and cells, with a start and wall time of its own. */
  const shardRecord = (whole: ClassResult, matrix: string, index: number, count: number): ClassResult => {
    const share = shareOf(roster, optionsFor(matrix, `${index}/${count}`));
    const pairs = new Set(share.pairs.map((pair) => pair.join('×')));
    return {
      ...whole,
      started: new Date(Date.parse(whole.started) + index * 1000).toISOString(),
      wallMs: Math.round(whole.wallMs / count) * index,
      students: share.students.map((student) => {
        const result = whole.students.find((s) => s.name === student.name);
        if (!result) throw new Error(`the recording has no ${student.name}`);
        return result;
      }),
      matrix: {
        mode: share.mode,
        clients: share.clients,
        servers: share.servers,
        cells: whole.matrix.cells.filter((cell) => pairs.has(`${cell.client}×${cell.server}`)),
      },
      shard: { index, count, roster: roster.map((student) => student.name) },
    };
  };

  /** The reports a record gives: the four files as written, and every student's Gradescope results. */
  const reports = (result: ClassResult): Record<string, string> => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mpp-shard-spec-'));
    try {
      writeReports(result, { reports: dir, policy: DEFAULT_POLICY });
      const files = ['index.html', 'matrix.html', 'grades.csv', 'class.json'];
      return {
        ...Object.fromEntries(files.map((file) => [file, readFileSync(path.join(dir, file), 'utf8')])),
        gradescope: result.students
          .map((student) => JSON.stringify(gradescopeResults(student, result, DEFAULT_POLICY)))
          .join('\n'),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  for (const matrix of ['all', '3']) {
    describe(`--matrix ${matrix}`, () => {
      const whole = wholeRun(matrix);
      // Given in reverse order, as a runner's artifacts may come.
      const parts = [4, 3, 2, 1].map((index) => shardRecord(whole, matrix, index, 4));
      const merged = mergeResults(parts);
      if (typeof merged === 'string') throw new Error(merged);
      const single = reports(mergeResults([whole]) as ClassResult);
      const joined = reports({ ...merged, started: whole.started, wallMs: whole.wallMs });
      it('gives every shard some students and some cells', () => {
        assert.ok(parts.every((part) => part.students.length > 0 && part.matrix.cells.length > 0));
        assert.equal(
          parts.reduce((sum, part) => sum + part.matrix.cells.length, 0),
          whole.matrix.cells.length,
        );
      });
      for (const file of Object.keys(single))
        it(`writes the single run's ${file}`, () => assert.equal(joined[file], single[file]));
    });
  }
});
