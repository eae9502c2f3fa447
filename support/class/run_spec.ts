// What a class run takes on: its students (--only), its share of a sharded class, and the line it
// prints for a finished student.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunOptions } from './options';
import { DEFAULT_POLICY, REFERENCE, type StudentResult } from './results';
import { shareOf, studentLine } from './run';
import type { Student } from './student';

const options = (over: Partial<RunOptions> = {}): RunOptions => ({
  folder: '/class',
  reports: '/reports',
  policy: DEFAULT_POLICY,
  parallel: 4,
  sandbox: 'off',
  limits: { processes: 1, memoryMb: 1, fileMb: 1, cpuSeconds: 1 },
  ...over,
});
const student = (name: string, extra: Partial<Student> = {}): Student => ({
  name,
  dir: `/class/${name}`,
  source: 'mpp.json',
  server: 'python3 server.py {port} {first} {last}',
  client: 'python3 client.py {host} {port}',
  ...extra,
});
const CLASS = [
  ...Array.from({ length: 40 }, (_, i) => student(`s${String(i).padStart(2, '0')}`)),
  student('broken', { problem: 'mpp.json: the file is empty', server: undefined, client: undefined }),
];

describe('the share of a class run', () => {
  it('is the whole class and matrix without --shard', () => {
    const share = shareOf(CLASS, options({ matrix: 'all' }));
    assert.equal(share.students.length, 41);
    assert.equal(share.pairs.length, 41 * 41);
  });
  it('chooses k partners by default beyond 30 students, the broken student in no cell', () => {
    const share = shareOf(CLASS, options());
    assert.equal(share.mode, 3);
    assert.ok(share.pairs.every((pair) => !pair.includes('broken')));
  });
  it('gives every student and every cell to exactly one of the shards', () => {
    const whole = shareOf(CLASS, options({ matrix: 3 }));
    const shares = [1, 2, 3, 4, 5, 6, 7, 8].map((index) =>
      shareOf(CLASS, options({ matrix: 3, shard: { index, count: 8 } })),
    );
    const students = shares.flatMap((share) => share.students.map((s) => s.name)).sort();
    assert.deepEqual(students, CLASS.map((s) => s.name).sort());
    const cells = shares.flatMap((share) => share.pairs.map((pair) => pair.join('×'))).sort();
    assert.deepEqual(cells, whole.pairs.map((pair) => pair.join('×')).sort());
    assert.ok(shares.every((share) => share.pairs.length > 0));
    assert.equal(
      shares.filter((share) => share.pairs.some((pair) => pair.every((n) => n === REFERENCE))).length,
      1,
    );
  });
});

describe("a finished student's line", () => {
  const ben: StudentResult = {
    name: 'ben',
    source: 'mpp.json',
    commands: {},
    server: {
      command: 's',
      verdict: 'non-conformant',
      exitCode: 1,
      ms: 2000,
      reports: 'students/ben/server',
      requirements: { S4: { level: 'must', status: 'failed' }, S1: { level: 'must', status: 'passed' } },
    },
  };
  it('gives each verdict with its failed requirements, marked ✗ when one is not conformant', () => {
    assert.equal(studentLine(ben, 2000, undefined), '✗ ben: server non-conformant (S4) (2.0 s)');
  });
  it('is in the language of MPP_LANG', () => {
    const previous = process.env.MPP_LANG;
    process.env.MPP_LANG = 'de';
    try {
      assert.equal(studentLine(ben, 2000, undefined), '✗ ben: Server nicht konform (S4) (2.0 s)');
    } finally {
      if (previous === undefined) delete process.env.MPP_LANG;
      else process.env.MPP_LANG = previous;
    }
  });
  it('says why a student was not checked', () => {
    assert.equal(
      studentLine({ name: 'jana', source: 'mpp.json', problem: 'mpp.json: bad', commands: {} }, 0, undefined),
      '– jana: mpp.json: bad',
    );
  });
});
