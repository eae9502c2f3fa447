import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { href, indexHtml, matrixHtml } from './html';
import {
  type ClassResult,
  columns,
  DEFAULT_WEIGHTS,
  gradesCsv,
  interop,
  points,
  readWeights,
  type StudentResult,
  sandboxSentences,
} from './results';

function student(name: string, statuses: Record<string, string>, verdict = 'conformant'): StudentResult {
  const requirements: StudentResult['server'] extends infer R
    ? R extends { requirements: infer Q }
      ? Q
      : never
    : never = {};
  for (const [id, status] of Object.entries(statuses)) {
    requirements[id] = { level: id.startsWith('S5') ? 'should' : 'must', status };
  }
  return {
    name,
    source: 'mpp.json',
    commands: { server: 'python3 server.py {port} {first} {last}' },
    server: {
      command: 'python3 server.py',
      verdict,
      exitCode: 0,
      ms: 1,
      reports: `students/${name}/server`,
      requirements,
    },
  };
}

const CLASS: ClassResult = {
  folder: '/class',
  started: '2025-01-01T00:00:00.000Z',
  wallMs: 1000,
  isolation: 'network namespaces',
  parallel: 2,
  students: [
    student('anna', { S1: 'passed', S4: 'failed', S5: 'passed', A6: 'not-checked' }, 'non-conformant'),
  ],
  matrix: {
    clients: ['reference'],
    servers: ['anna', 'reference'],
    cells: [
      {
        client: 'reference',
        server: 'anna',
        outcome: 'failed',
        reason: 'no Quit',
        transcript: 'matrix/reference--anna.txt',
        ms: 5,
      },
      {
        client: 'reference',
        server: 'reference',
        outcome: 'passed',
        transcript: 'matrix/reference--reference.txt',
        ms: 5,
      },
    ],
  },
};

describe('grades', () => {
  it('gives MUST 2 and SHOULD 1 per passed requirement by default, and leaves out what no run checks', () => {
    const score = points(CLASS.students[0] as StudentResult, DEFAULT_WEIGHTS);
    assert.equal(score.points, 2 + 1);
    // Every requirement of both roles counts towards the maximum, except A6 that was not checked.
    assert.ok(score.max > 0);
    assert.ok(
      !columns('server').includes('C1') &&
        columns('client').includes('C1') &&
        columns('client').includes('W1'),
    );
  });

  it('reads a weight table of levels and requirement IDs, and refuses a typo', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weights-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, '{"MUST": 3, "S1": 10}');
    const weights = readWeights(good);
    assert.equal(points(CLASS.students[0] as StudentResult, weights).points, 10 + 1);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"mustt": 3}');
    assert.throws(() => readWeights(bad), /"mustt" is neither a level/);
  });

  it('counts the matrix cells a student took part in', () => {
    assert.deepEqual(interop('anna', CLASS.matrix.cells), { passed: 0, total: 1 });
    assert.deepEqual(interop('reference', CLASS.matrix.cells), { passed: 1, total: 2 });
  });

  it('writes one CSV row per student, quoting commas and defusing formulas', () => {
    const csv = gradesCsv(
      { ...CLASS, students: [student('=HYPERLINK("x"),1', { S1: 'passed' })] },
      DEFAULT_WEIGHTS,
    );
    const [header, row] = csv.trim().split('\n');
    assert.equal(
      header,
      'student,server verdict,client verdict,points,max points,interop passed,interop total',
    );
    assert.match(row ?? '', /^"'=HYPERLINK\(""x""\),1",conformant,none,2,\d+,0,0$/);
  });
});

describe('html', () => {
  it('escapes everything a student controls', () => {
    assert.equal(
      href('students/a b#1/server/cucumber-report.html'),
      'students/a%20b%231/server/cucumber-report.html',
    );
    const hostile = student('<script>alert(1)</script>', { S4: 'failed' });
    if (hostile.server)
      hostile.server.requirements.S4 = { level: 'must', status: 'failed', detail: 'got "<b>"' };
    const page = indexHtml({ ...CLASS, students: [hostile] }, DEFAULT_WEIGHTS);
    assert.ok(!page.includes('<script>alert(1)'));
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes('got &quot;&lt;b&gt;&quot;'));
  });

  it('puts the failure sentence on hover and links the reports and transcripts', () => {
    const page = indexHtml(CLASS, DEFAULT_WEIGHTS);
    assert.match(page, /href="students\/anna\/server\/cucumber-report.html"/);
    assert.match(page, /class="r failed"[^>]*title="server S4 \(MUST\): failed"/);
    const matrix = matrixHtml(CLASS);
    assert.match(
      matrix,
      /title="client reference × server anna: failed\nno Quit"><a href="matrix\/reference--anna.txt">✗<\/a>/,
    );
    assert.match(matrix, /1 of 2 cells passed/);
  });

  it("says in the student's row what the sandbox refused or ended, with the limit that did it", () => {
    const mallory = student('mallory', { S1: 'passed' });
    mallory.build = {
      command: 'make',
      status: 'ok',
      ms: 1,
      log: 'students/mallory/build.log',
      sandbox: [{ kind: 'processes' }],
    };
    if (mallory.server) mallory.server.sandbox = [{ kind: 'write', path: '/etc/mallory' }];
    const limits = { processes: 64, memoryMb: 256, fileMb: 16, cpuSeconds: 60 };
    assert.deepEqual(sandboxSentences(mallory, limits), [
      "the build could not start more processes at the sandbox's limit (64, MPP_SANDBOX_PROCESSES)",
      "the server tried to write /etc/mallory: outside the student's folder, refused by the sandbox",
    ]);
    const page = indexHtml({ ...CLASS, sandbox: limits, students: [mallory] }, DEFAULT_WEIGHTS);
    assert.match(page, /<small class="problem">the server tried to write \/etc\/mallory: /);
    assert.deepEqual(sandboxSentences(mallory, undefined), []);
  });

  it('shows an unknown status as it is', () => {
    const page = indexHtml({ ...CLASS, students: [student('b', { S1: 'wobbly' })] }, DEFAULT_WEIGHTS);
    assert.match(page, /class="r wobbly"[^>]*>wo<\/td>/);
  });
});
