import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REQUIREMENTS } from '../judging/requirements';
import type { RequirementOutcome, Verdict } from '../judging/result';
import { gradescopeResults } from './gradescope';
import { indexHtml, matrixHtml } from './html';
import { href } from './page';
import {
  type ClassResult,
  columns,
  DEFAULT_POLICY,
  gradesCsv,
  interop,
  points,
  type RoleResult,
  readWeights,
  type StudentResult,
  sandboxSentences,
} from './results';

function student(
  name: string,
  statuses: Record<string, RequirementOutcome>,
  verdict: Verdict | 'error' = 'conformant',
): StudentResult {
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
    mode: 'all',
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
    const score = points(CLASS.students[0] as StudentResult, DEFAULT_POLICY);
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
    writeFileSync(good, '{"MUST": 3, "S1": 10, "blocked": "not-earned"}');
    const file = readWeights(good);
    assert.equal(file.blocked, 'not-earned');
    assert.equal(points(CLASS.students[0] as StudentResult, { ...DEFAULT_POLICY, ...file }).points, 10 + 1);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"mustt": 3}');
    assert.throws(() => readWeights(bad), /"mustt" is neither a level/);
    writeFileSync(bad, '{"blocked": "ignored"}');
    assert.throws(() => readWeights(bad), /"blocked" is "ignored", not one of left-out, not-earned/);
  });

  it('counts the matrix cells a student took part in', () => {
    assert.deepEqual(interop('anna', CLASS.matrix.cells), { passed: 0, total: 1 });
    assert.deepEqual(interop('reference', CLASS.matrix.cells), { passed: 1, total: 2 });
  });

  it('writes one CSV row per student, quoting commas and defusing formulas', () => {
    const csv = gradesCsv(
      { ...CLASS, students: [student('=HYPERLINK("x"),1', { S1: 'passed' })] },
      DEFAULT_POLICY,
    );
    const [header, row] = csv.trim().split('\n');
    assert.equal(
      header,
      'student,server verdict,client verdict,points,max points,interop passed,interop total,blocked requirements,blocked policy',
    );
    assert.match(row ?? '', /^"'=HYPERLINK\(""x""\),1",conformant,none,2,\d+,0,0,0,left-out$/);
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
    const page = indexHtml({ ...CLASS, students: [hostile] }, DEFAULT_POLICY);
    assert.ok(!page.includes('<script>alert(1)'));
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes('got &quot;&lt;b&gt;&quot;'));
  });

  it('puts the failure sentence on hover and links the reports and transcripts', () => {
    const page = indexHtml(CLASS, DEFAULT_POLICY);
    assert.match(page, /href="students\/anna\/server\/cucumber-report.html"/);
    assert.match(page, /class="r failed"[^>]*title="server S4 \(MUST\): failed"/);
    const matrix = matrixHtml(CLASS);
    assert.match(
      matrix,
      /title="client reference × server anna: failed\nno Quit"><a href="matrix\/reference--anna.txt">✗<\/a>/,
    );
    assert.match(matrix, /1 of 2 cells passed/);
  });

  it('writes the matrix page in the language of MPP_LANG', () => {
    const blamed: ClassResult = {
      ...CLASS,
      matrix: {
        ...CLASS.matrix,
        cells: CLASS.matrix.cells.map((cell, i) =>
          i === 0 ? { ...cell, blame: { side: 'server' as const, requirement: 'A2' } } : cell,
        ),
      },
    };
    const previous = process.env.MPP_LANG;
    process.env.MPP_LANG = 'de';
    try {
      const matrix = matrixHtml(blamed);
      assert.match(matrix, /<html lang="de-CH">/);
      assert.match(matrix, /<h1>Interop-Matrix<\/h1>/);
      assert.match(
        matrix,
        /Jeder Client \(Zeilen\) gegen jeden Server \(Spalten\)\. .* 1 von 2 Zellen bestanden\./,
      );
      assert.match(
        matrix,
        /<li><a href="matrix\/reference--anna.txt">Server anna verletzt A2 mit Client reference<\/a><\/li>/,
      );
      assert.match(matrix, /title="Client reference × Server anna: nicht bestanden: Server anna verletzt A2/);
    } finally {
      if (previous === undefined) delete process.env.MPP_LANG;
      else process.env.MPP_LANG = previous;
    }
    assert.match(matrixHtml(blamed), /server anna breaks A2 with client reference/);
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
    const page = indexHtml({ ...CLASS, sandbox: limits, students: [mallory] }, DEFAULT_POLICY);
    assert.match(page, /<small class="problem">the server tried to write \/etc\/mallory: /);
    assert.deepEqual(sandboxSentences(mallory, undefined), []);
  });

  it('marks an outcome without a sign of its own by its first letters', () => {
    const page = indexHtml({ ...CLASS, students: [student('b', { S1: 'inconclusive' })] }, DEFAULT_POLICY);
    assert.match(page, /class="r inconclusive"[^>]*>in<\/td>/);
  });
});

/** A role's result where every requirement passed but those given. */
function role(
  name: 'server' | 'client',
  statuses: Record<string, Partial<RoleResult['requirements'][string]>>,
): RoleResult {
  const requirements: RoleResult['requirements'] = {};
  for (const id of columns(name)) {
    const level = REQUIREMENTS.find((r) => r.id === id)?.level ?? 'must';
    requirements[id] = { level, status: id === 'A6' ? 'not-checked' : 'passed', ...statuses[id] };
  }
  const failed = Object.values(requirements).some((r) => r.status === 'failed' && r.level === 'must');
  return {
    command: name,
    verdict: failed ? 'non-conformant' : 'conformant',
    exitCode: failed ? 1 : 0,
    ms: 1,
    reports: `students/x/${name}`,
    requirements,
  };
}

const submission = (server: RoleResult, client: RoleResult): StudentResult => ({
  name: 'submission',
  source: 'mpp.json',
  commands: { server: 'server', client: 'client' },
  server,
  client,
});

describe('the grade policy: one bug, one deduction', () => {
  // The submission: a correct server, and a client whose only mistake is that it closes
  // without Quit; W1, W3 and W5 passed on the evidence of its other lines (summary.json's lines).
  const noQuit = submission(
    role('server', {}),
    role('client', {
      C5: {
        status: 'failed',
        detail: 'C5 (MUST): the program ended while "Quit⏎" was due on port 22002',
        failure: { requirement: 'C5', what: 'the program ended while "Quit⏎" was due on port 22002' },
      },
      W1: { lines: 16, blockedBy: ['C5'] },
    }),
  );
  // A server that never answers: S2 fails once, what it kept from being checked is blocked by it.
  const blockedByS2 = Object.fromEntries(
    columns('server')
      .filter((id) => !['S1', 'S2', 'A6'].includes(id))
      .map((id) => [id, { status: 'blocked', blockedBy: ['S2'] }]),
  );
  const silent = submission(
    role('server', {
      ...blockedByS2,
      S2: {
        status: 'failed',
        detail: 'S2 (MUST): no answer',
        failure: { requirement: 'S2', what: 'no answer' },
      },
    }),
    role('client', {}),
  );

  it("scores the issue's submission 52 of 54 under either policy", () => {
    assert.deepEqual(points(noQuit, DEFAULT_POLICY), { points: 52, max: 54, blocked: 0 });
    assert.deepEqual(points(noQuit, { ...DEFAULT_POLICY, blocked: 'not-earned' }), {
      points: 52,
      max: 54,
      blocked: 0,
    });
  });

  it('charges a server that never answers its S2 failure once by default, every blocked requirement with not-earned', () => {
    const blocked = Object.keys(blockedByS2).length;
    const left = points(silent, DEFAULT_POLICY);
    // Client 22 of 22, server S1 2 of 2, S2 0 of 2; the blocked rest is in neither figure.
    assert.deepEqual(left, { points: 22 + 2, max: 22 + 4, blocked });
    const charged = points(silent, { ...DEFAULT_POLICY, blocked: 'not-earned' });
    assert.deepEqual(charged, { points: 22 + 2, max: 54, blocked });
  });

  it('writes Gradescope tests that read like a grade, the real mistakes first', () => {
    const run = gradescopeResults(noQuit, { ...CLASS, students: [noQuit] }, DEFAULT_POLICY);
    assert.equal(run.score, 52);
    const [first, ...rest] = run.output.split('\n');
    assert.equal(first, 'points: 52 of 54');
    assert.equal(rest[0], 'mistakes:');
    assert.match(rest[1] ?? '', /^ {2}- client C5 \(MUST\) failed: the program ended while "Quit⏎" was due/);
    assert.match(
      run.output,
      /policy: points per passed requirement: MUST 2, SHOULD 1, INFO 0; a requirement blocked/,
    );
    const test = (name: string) => run.tests.find((each) => each.name === name);
    assert.equal(test('client C5 (MUST)')?.status, 'failed');
    assert.match(test('client C5 (MUST)')?.output ?? '', /^failed: C5 \(MUST\): the program ended/);
    assert.match(
      test('client W1 (MUST)')?.output ?? '',
      /^passed on the evidence of 16 protocol lines .*blocked by C5/,
    );
    assert.equal(test('client W1 (MUST)')?.score, 2);

    const silentRun = gradescopeResults(silent, { ...CLASS, students: [silent] }, DEFAULT_POLICY);
    const a2 = silentRun.tests.find((each) => each.name === 'server A2 (MUST)');
    assert.deepEqual(
      { score: a2?.score, max: a2?.max_score, status: a2?.status, output: a2?.output },
      {
        score: 0,
        max: 0,
        status: undefined,
        output: 'not checked: blocked by S2 (not counted, see the policy)',
      },
    );
    const notEarned = gradescopeResults(
      silent,
      { ...CLASS, students: [silent] },
      { ...DEFAULT_POLICY, blocked: 'not-earned' },
    );
    const charged = notEarned.tests.find((each) => each.name === 'server A2 (MUST)');
    assert.deepEqual([charged?.score, charged?.max_score, charged?.status], [0, 2, 'failed']);
    assert.match(charged?.output ?? '', /counted as not earned, see the policy/);
    assert.equal(silentRun.score, 24);
    assert.match(
      silentRun.output,
      /^points: 24 of 26\nmistakes:\n {2}- server S2 \(MUST\) failed: no answer\n/,
    );
  });

  it('shows the policy on the class page and the reason of a blocked cell', () => {
    const page = indexHtml({ ...CLASS, students: [silent] }, DEFAULT_POLICY);
    assert.match(
      page,
      /<p class="policy">Grades: points per passed requirement: MUST 2, SHOULD 1, INFO 0; a requirement blocked by another failure is not counted/,
    );
    assert.match(
      page,
      /title="server A2 \(MUST\): not checked: blocked by S2 \(not counted, see the policy\)"/,
    );
    assert.match(page, />24 \/ 26</);
  });
});
