// The self-test of class mode: a small class made from fixtures of fixtures/manifest.json, checked by
// `mpp-conformance class` with the matrix. Each student's verdict and failed requirements must be those of
// the fixture's single run (the manifest, which the rest of the self-test checks), also for the two
// servers that are both hard-wired to port 10001 and run at the same time; and where both programs of
// a matrix cell are conformant, the cell must pass. Each student's points in grades.csv must be the
// expected ones under the default grade policy (one bug, one deduction); a second class, without the
// matrix, holds the two students of issue 21, and the Gradescope results of the first must agree.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { GradescopeResults } from '../support/class/gradescope';
import { type ClassResult, DEFAULT_BLOCKED, type Role } from '../support/class/results';
import { readManifest } from './fixtures';

/** A student made of fixtures. */
interface ClassStudent {
  name: string;
  server?: string;
  client?: string;
  /** Fills the placeholders of this role with the sheet's ports, as a student who hard-wired them would. */
  fixed?: Role;
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
export const CLASS_MODE_CHECK = `four students in class mode, two servers on port 10001 at once: the verdicts of their single runs, and conformant pairs interoperate; six students' points (blocked: ${DEFAULT_BLOCKED}) in grades.csv and Gradescope`;
const RUN_LIMIT_MS = 5 * 60_000;

type Fixtures = Map<string, ReturnType<typeof readManifest>['fixtures'][number]>;

/** Writes a class folder of fixture students and checks it; the result, or why there is none. */
async function runClass(
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
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  for (const name of Object.keys(env)) if (name.startsWith('MPP_')) delete env[name];
  // --parallel 4: port slots 20000-21599, apart from the fixture runs' 22000 on, also without namespaces.
  const run = await execa(
    'node',
    ['bin/mpp-conformance.cjs', 'class', folder, '--reports', reports, '--parallel', '4', ...options],
    {
      env: { ...env, MPP_TIMEOUT_MS: timeoutMs },
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

/** What differs from each student's single runs (the manifest) and expected points. */
function studentProblems(
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
      const failing = Object.entries(outcome?.requirements ?? {})
        .filter(([, entry]) => entry.status === 'failed')
        .map(([id]) => id)
        .sort();
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

/** Runs both classes; returns what differs from the single runs and the expected points, or undefined. */
export async function classModeProblem(timeoutMs: string): Promise<string | undefined> {
  const fixtures: Fixtures = new Map(readManifest().fixtures.map((fixture) => [fixture.name, fixture]));
  const root = path.resolve('reports', 'self-test', 'class-mode');
  rmSync(root, { recursive: true, force: true });
  const result = await runClass(root, STUDENTS, fixtures, timeoutMs, []);
  if (typeof result === 'string') return result;
  const problems = studentProblems(root, result, STUDENTS, fixtures);
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
