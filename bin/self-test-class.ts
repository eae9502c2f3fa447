// The self-test of class mode: a small class made from fixtures of fixtures/manifest.json, checked by
// `mpp-conformance class` with the matrix. Each student's verdict and failed requirements must be those of
// the fixture's single run (the manifest, which the rest of the self-test checks), also for the two
// servers that are both hard-wired to port 10001 and run at the same time; and where both programs of
// a matrix cell are conformant, the cell must pass. Each student's points in grades.csv must be the
// expected ones under the default grade policy (one bug, one deduction); a second class, without the
// matrix, holds the two students of issue 21, and the Gradescope results of the first must agree.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { GradescopeResults } from '../support/class/gradescope';
import type { ClassResult, RoleResult } from '../support/class/results';
import type { TargetRole } from '../support/judging/result';
import { type SandboxCause, sandboxProblem, singleCage } from '../support/process/sandbox';
import { DEFAULT_BLOCKED, readSandbox } from '../support/settings/target';
import { type Fixture, readManifest } from './fixtures';

/** A student made of fixtures. */
export interface ClassStudent {
  name: string;
  server?: string;
  client?: string;
  /** Fills the placeholders of this role with the sheet's ports, as a student who hard-wired them would. */
  fixed?: TargetRole;
  /** What grades.csv must say ("points of max") under the default policy. */
  points: string;
}

/** The class with the interop matrix. */
const STUDENTS: ClassStudent[] = [
  { name: 'alex', server: 'perl-server', client: 'c-client', fixed: 'server', points: '54 of 54' },
  {
    name: 'bea',
    server: 'python-server-occupied-not-skipped',
    client: 'python-client-never-reconnect',
    fixed: 'server',
    // S5 and S6 cost 4 points, C3 2; W2, C5, C6 and C7 (blocked by C3) are not counted.
    points: '40 of 46',
  },
  { name: 'cem', server: 'cpp-server', client: 'c-client', fixed: 'client', points: '54 of 54' },
  // S1 costs 2 points; what the server's crash blocked is not counted.
  { name: 'dora', server: 'python-server-crash-at-start', client: 'python-client', points: '22 of 24' },
];

/** The class of issue 21, without the matrix (it adds nothing here), checked as Gradescope would. */
const GRADED: ClassStudent[] = [
  // A correct server and a client whose only mistake is closing without Quit: C5 costs its 2 points,
  // and W1, W3, W5 (whose scenario needs that Quit) pass on the lines of the other scenarios.
  { name: 'emil', server: 'python-server', client: 'python-client-no-quit-on-leave', points: '52 of 54' },
  // A server that never answers: its S2 failure is charged once, what it blocked is not counted.
  { name: 'finn', server: 'hostile-server-silent', client: 'python-client', points: '22 of 24' },
];

const SHEET_PORTS: Record<string, string> = {
  '{port}': '10001',
  '{first}': '10002',
  '{last}': '10011',
  '{host}': '127.0.0.1',
};
/** What the check shows when it passes. */
export const CLASS_MODE_CHECK = `four students in class mode, two servers on port 10001 at once: the verdicts of their single runs, and conformant pairs interoperate; class merge of the run writes its reports byte for byte; six students' points (blocked: ${DEFAULT_BLOCKED}) in grades.csv and Gradescope`;
const RUN_LIMIT_MS = 5 * 60_000;

export type Fixtures = Map<string, ReturnType<typeof readManifest>['fixtures'][number]>;

/** Writes a class folder of fixture students and checks it; the result, or why there is none. */
export async function runClass(
  root: string,
  students: readonly ClassStudent[],
  fixtures: Fixtures,
  timeoutMs: string,
  options: readonly string[],
): Promise<ClassResult | string> {
  const folder = path.join(root, 'class');
  const reports = path.join(root, 'reports');
  for (const student of students) {
    const commands: Record<string, string> = {};
    for (const role of ['server', 'client'] as const) {
      const fixture = fixtures.get(student[role] ?? '');
      if (!fixture) continue;
      const command =
        student.fixed === role
          ? fixture.command.replace(/\{\w+\}/g, (placeholder) => SHEET_PORTS[placeholder] ?? placeholder)
          : fixture.command;
      // The fixtures' paths are relative to the checkout.
      commands[role] = `cd '${process.cwd()}' && ${command}`;
    }
    mkdirSync(path.join(folder, student.name), { recursive: true });
    writeFileSync(path.join(folder, student.name, 'mpp.json'), JSON.stringify(commands, null, 2));
  }
  // --parallel 4: port slots 20000-21599, apart from the fixture runs' 22000 on, also without namespaces.
  const run = await execa(
    'node',
    ['bin/mpp-conformance.cjs', 'class', folder, '--reports', reports, '--parallel', '4', ...options],
    {
      env: { ...classRunEnv(), MPP_TIMEOUT_MS: timeoutMs },
      extendEnv: false,
      reject: false,
      all: true,
      timeout: RUN_LIMIT_MS,
    },
  );
  try {
    return JSON.parse(readFileSync(path.join(reports, 'class.json'), 'utf8')) as ClassResult;
  } catch {
    return `the class run wrote no class.json (exit ${run.exitCode}):\n${run.all?.slice(-2000)}`;
  }
}

/** The environment of a class run: this one's, without colours and without any MPP_ setting of its own. */
function classRunEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  for (const name of Object.keys(env)) if (name.startsWith('MPP_')) delete env[name];
  return env;
}

/** The requirements a student's program failed in class mode, sorted. */
function failedIn(outcome: RoleResult | undefined): string[] {
  return Object.entries(outcome?.requirements ?? {})
    .filter(([, entry]) => entry.status === 'failed')
    .map(([id]) => id)
    .sort();
}

/** What differs from each student's single runs (the manifest) and expected points. */
export function studentProblems(
  root: string,
  result: ClassResult,
  students: readonly ClassStudent[],
  fixtures: Fixtures,
): string[] {
  const reports = path.join(root, 'reports');
  const problems: string[] = [];
  const grades = readFileSync(path.join(reports, 'grades.csv'), 'utf8').trim().split('\n').slice(1);
  for (const student of students) {
    // student, server verdict, client verdict, points, max points, …
    const row = grades.find((line) => line.startsWith(`${student.name},`))?.split(',');
    const points = row ? `${row[3]} of ${row[4]}` : 'no row';
    if (points !== student.points)
      problems.push(
        `${student.name}'s points in grades.csv: ${points}, expected ${student.points}; see ${path.relative(process.cwd(), path.join(reports, 'index.html'))}`,
      );
    const found = result.students.find((entry) => entry.name === student.name);
    for (const role of ['server', 'client'] as const) {
      const fixture = fixtures.get(student[role] ?? '');
      if (!fixture) continue;
      const outcome = found?.[role];
      const failing = failedIn(outcome);
      const expected = fixture.failing ? [...fixture.failing].sort() : failing;
      if (outcome?.verdict !== fixture.verdict || failing.join(' ') !== expected.join(' ')) {
        problems.push(
          `${student.name}'s ${role} (${fixture.name}${student.fixed === role ? ' on port 10001' : ''}): ${outcome?.verdict ?? 'no verdict'} (failed: ${failing.join(' ') || 'none'}) in class mode, ${fixture.verdict} (failed: ${expected.join(' ') || 'none'}) alone; see ${path.relative(process.cwd(), path.join(reports, outcome?.reports ?? ''))}`,
        );
      }
    }
  }
  return problems;
}

/** The reports a run writes, which `class merge` of that run alone must write byte for byte. */
const MERGED_REPORTS = ['class.json', 'grades.csv', 'index.html', 'matrix.html'];

/** Merges a whole run's reports as a shard 1/1; what differs from the run's own (and of `more` files), or undefined. */
export async function mergeProblem(
  reports: string,
  merged: string,
  more: readonly string[] = [],
): Promise<string | undefined> {
  const run = await execa(
    'node',
    ['bin/mpp-conformance.cjs', 'class', 'merge', reports, '--reports', merged],
    {
      reject: false,
      all: true,
      timeout: 60_000,
    },
  );
  if (run.exitCode !== 0) return `class merge of the run's reports failed (exit ${run.exitCode}): ${run.all}`;
  const differ = [...MERGED_REPORTS, ...more].filter((file) => {
    const read = (dir: string) =>
      existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file)) : undefined;
    return !read(reports)?.equals(read(merged) ?? Buffer.alloc(0));
  });
  return differ.length
    ? `class merge of the run as a shard 1/1 wrote another ${differ.join(', ')} than the run; see ${path.relative(process.cwd(), merged)}`
    : undefined;
}

/** Runs both classes; returns what differs from the single runs and the expected points, or undefined. */
export async function classModeProblem(timeoutMs: string): Promise<string | undefined> {
  const fixtures: Fixtures = new Map(readManifest().fixtures.map((fixture) => [fixture.name, fixture]));
  const root = path.resolve('reports', 'self-test', 'class-mode');
  rmSync(root, { recursive: true, force: true });
  const result = await runClass(root, STUDENTS, fixtures, timeoutMs, []);
  if (typeof result === 'string') return result;
  const problems = studentProblems(root, result, STUDENTS, fixtures);
  const merged = await mergeProblem(path.join(root, 'reports'), path.join(root, 'merged'));
  if (merged) problems.push(merged);
  const conformant = new Set<string>(['server reference', 'client reference']);
  for (const student of STUDENTS)
    for (const role of ['server', 'client'] as const)
      if (fixtures.get(student[role] ?? '')?.verdict === 'conformant')
        conformant.add(`${role} ${student.name}`);
  const cells = result.matrix.cells;
  const expectedCells = result.matrix.clients.length * result.matrix.servers.length;
  if (cells.length !== expectedCells)
    problems.push(`the matrix has ${cells.length} cells, not ${expectedCells}`);
  for (const cell of cells) {
    if (
      cell.uncounted ||
      !conformant.has(`server ${cell.server}`) ||
      !conformant.has(`client ${cell.client}`)
    )
      continue;
    if (cell.outcome !== 'passed')
      problems.push(
        `the conformant client ${cell.client} and server ${cell.server} did not work together: ${cell.reason}; see ${path.relative(process.cwd(), path.join(root, 'reports', cell.transcript ?? ''))}`,
      );
  }
  const gradedRoot = path.join(root, 'graded');
  const gradescope = path.join(gradedRoot, 'results.json');
  const graded = await runClass(gradedRoot, GRADED, fixtures, timeoutMs, [
    '--no-matrix',
    '--gradescope',
    gradescope,
  ]);
  if (typeof graded === 'string') return [...problems, graded].join('\n    ');
  problems.push(...studentProblems(gradedRoot, graded, GRADED, fixtures));
  // Gradescope gets the first student's results: the same figure as grades.csv.
  const first = GRADED[0] as ClassStudent;
  const results = JSON.parse(readFileSync(gradescope, 'utf8')) as GradescopeResults;
  if (
    !results.output.startsWith(`points: ${first.points}\n`) ||
    `${results.score}` !== first.points.split(' ')[0]
  )
    problems.push(
      `${first.name}'s Gradescope results say score ${results.score} and "${results.output.split('\n')[0]}", expected ${first.points}; see ${path.relative(process.cwd(), gradescope)}`,
    );
  return problems.length ? problems.join('\n    ') : undefined;
}

/** The hostile class: what each student tries, where (the build, or the first start of its server in the check), and what its row must say. */
const HOSTILE: { name: string; attack?: string; in?: 'build' | 'server'; causes: SandboxCause['kind'][] }[] =
  [
    { name: 'victor', causes: [] },
    { name: 'nosy', attack: 'neighbour victor', in: 'server', causes: ['hidden'] },
    { name: 'vandal', attack: 'outside', in: 'server', causes: ['write'] },
    { name: 'forker', attack: 'fork', in: 'build', causes: ['processes'] },
    { name: 'hog', attack: 'memory', in: 'build', causes: ['memory'] },
    { name: 'filler', attack: 'file', in: 'build', causes: ['file-size'] },
    { name: 'killer', attack: 'signal', in: 'server', causes: [] },
  ];
/**
 * Low limits, so that the attacks reach them fast and the machine hardly notices; and a longer start
 * bound, since the first start of three of the servers runs an attack first (a bound changes no
 * verdict of a server that starts).
 */
const HOSTILE_ENV = {
  MPP_SANDBOX_PROCESSES: '64',
  MPP_SANDBOX_MEMORY_MB: '256',
  MPP_SANDBOX_FILE_MB: '16',
  MPP_START_TIMEOUT_MS: '30000',
};
/** Seven checks under low limits; a bound far above what they take, as the machine may be loaded. */
const HOSTILE_LIMIT_MS = 10 * 60_000;
export const HOSTILE_CLASS_CHECK =
  'six hostile students in the sandbox (a neighbour, outside writes, fork, memory, file, signals): each contained and reported, every verdict that of the single run, nothing changed outside their folders';

/** Every file of a folder with its content's hash, in one text: equal texts, unchanged folder. */
function fingerprint(folder: string): string {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else
        lines.push(
          `${path.relative(folder, file)} ${createHash('sha256').update(readFileSync(file)).digest('hex')}`,
        );
    }
  };
  walk(folder);
  return lines.join('\n');
}

/** Why the hostile class cannot run here (no sandbox can be made: no bubblewrap, no user namespaces), or undefined. */
export function hostileClassSkipped(): string | undefined {
  return sandboxProblem(singleCage(readSandbox({}).limits));
}

/** Runs the hostile class in the sandbox; returns what was not contained or not reported, or undefined. */
export async function hostileClassProblem(timeoutMs: string): Promise<string | undefined> {
  const fixtures = new Map(readManifest().fixtures.map((fixture) => [fixture.name, fixture]));
  const server = fixtures.get('python-server');
  const client = fixtures.get('python-client');
  if (!server || !client) return 'the manifest has no python-server or python-client';
  const root = path.resolve('reports', 'self-test', 'hostile-class');
  const folder = path.join(root, 'class');
  const reports = path.join(root, 'reports');
  rmSync(root, { recursive: true, force: true });
  const canary = plantCanary();
  writeHostileClass(folder, { canary: canary.file, reports }, { server, client });
  const before = fingerprint(folder);
  const started = Date.now();
  const run = await runHostileClass(folder, reports, timeoutMs);
  const problems: string[] = [];
  if (run.timedOut) problems.push(`the class run did not end within ${HOSTILE_LIMIT_MS / 1000} s`);
  problems.push(...escapes(folder, before, canary, reports));
  let result: ClassResult;
  try {
    result = JSON.parse(readFileSync(path.join(reports, 'class.json'), 'utf8')) as ClassResult;
  } catch {
    return [
      ...problems,
      `the class run wrote no class.json (exit ${run.exitCode}):\n${run.all?.slice(-2000)}`,
    ].join('\n    ');
  }
  for (const student of HOSTILE)
    problems.push(...hostileRowProblems(student, result, { server, client }, reports));
  const seconds = (Date.now() - started) / 1000;
  return problems.length
    ? `${problems.join('\n    ')}\n    (the run took ${seconds.toFixed(1)} s)`
    : undefined;
}

type HostileStudent = (typeof HOSTILE)[number];
/** The fixtures every hostile student runs: the Python server, and (victor only) the Python client. */
type HostilePrograms = Record<'server' | 'client', Fixture>;

/** A file in the home folder that no student may change: where it is and what it says. */
function plantCanary(): { file: string; text: string } {
  const file = path.join(os.homedir(), `.mpp-self-test-canary-${process.pid}`);
  const text = `canary ${Date.now()}`;
  writeFileSync(file, text);
  return { file, text };
}

/** Writes each hostile student's mpp.json: the Python server (and client), with the student's attack before it. */
function writeHostileClass(
  folder: string,
  targets: { canary: string; reports: string },
  programs: HostilePrograms,
): void {
  const attack = (what: string) =>
    `python3 '${process.cwd()}/fixtures/hostile/class-attack.py' ${what === 'outside' ? `outside '${targets.canary}' '${targets.reports}'` : what}`;
  const checkout = `cd '${process.cwd()}'`;
  for (const student of HOSTILE) {
    const commands: Record<string, string> = {
      // The attack of a server runs at its first start in the check (a mark in the student's copy):
      // the harness's own processes run then, and the other starts cost no more than a plain one.
      server: `${student.in === 'server' ? `{ test -e .attacked || ${attack(student.attack as string)}; touch .attacked; } && ` : ''}${checkout} && ${programs.server.command}`,
      ...(student.name === 'victor' ? { client: `${checkout} && ${programs.client.command}` } : {}),
      ...(student.in === 'build' ? { build: attack(student.attack as string) } : {}),
    };
    mkdirSync(path.join(folder, student.name), { recursive: true });
    writeFileSync(path.join(folder, student.name, 'mpp.json'), JSON.stringify(commands, null, 2));
  }
}

/** `mpp-conformance class` on the hostile class, without the matrix, in a sandbox that must be made. */
function runHostileClass(folder: string, reports: string, timeoutMs: string) {
  return execa(
    'node',
    [
      'bin/mpp-conformance.cjs',
      'class',
      folder,
      '--reports',
      reports,
      '--parallel',
      '4',
      '--no-matrix',
      '--sandbox',
      'required',
    ],
    {
      env: { ...classRunEnv(), MPP_TIMEOUT_MS: timeoutMs, ...HOSTILE_ENV },
      extendEnv: false,
      reject: false,
      all: true,
      timeout: HOSTILE_LIMIT_MS,
    },
  );
}

/** What the attacks changed outside the sandbox: the class folder, the canary, /etc, the reports. */
function escapes(
  folder: string,
  before: string,
  canary: { file: string; text: string },
  reports: string,
): string[] {
  const problems: string[] = [];
  if (fingerprint(folder) !== before) problems.push('a file of the class folder changed');
  const canaryNow = existsSync(canary.file) ? readFileSync(canary.file, 'utf8') : undefined;
  rmSync(canary.file, { force: true });
  if (canaryNow !== canary.text) problems.push(`the canary in the home ${canary.file} changed`);
  if (existsSync('/etc/mpp-hostile')) problems.push('/etc/mpp-hostile was written');
  if (existsSync(path.join(reports, 'planted.txt'))) problems.push('a file was planted in the reports');
  return problems;
}

/** What a hostile student's row gets wrong: a verdict other than the fixture's single run, or a sandbox cause unsaid. */
function hostileRowProblems(
  student: HostileStudent,
  result: ClassResult,
  programs: HostilePrograms,
  reports: string,
): string[] {
  const problems: string[] = [];
  const found = result.students.find((entry) => entry.name === student.name);
  for (const role of ['server', 'client'] as const) {
    if (role === 'client' && student.name !== 'victor') continue;
    const fixture = programs[role];
    const outcome = found?.[role];
    const failing = failedIn(outcome);
    const expected = [...(fixture.failing ?? [])].sort();
    if (outcome?.verdict !== fixture.verdict || failing.join(' ') !== expected.join(' '))
      problems.push(
        `${student.name}'s ${role}: ${outcome?.verdict ?? 'no verdict'} (failed: ${failing.join(' ') || 'none'}), alone ${fixture.verdict} (failed: ${expected.join(' ') || 'none'}); see ${path.relative(process.cwd(), path.join(reports, outcome?.reports ?? ''))}`,
      );
  }
  const said = new Set(
    [...(found?.build?.sandbox ?? []), ...(found?.server?.sandbox ?? [])].map((cause) => cause.kind),
  );
  const missing = student.causes.filter((kind) => !said.has(kind));
  if (missing.length)
    problems.push(
      `${student.name}'s row does not say what the sandbox did: ${missing.join(', ')} missing (it says ${[...said].join(', ') || 'nothing'})`,
    );
  return problems;
}
