// The three kinds of work of a class run, each a child process bounded in time: a student's build,
// the conformance check of one of its programs (bin/mpp-conformance.cjs, whose summary.json becomes
// the student's requirements), and one interop cell (support/class/cell.ts between two programs).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TargetRole } from '../judging/result';
import type { Isolation, Mutex, Sandbox } from '../process/class-children';
import { type Limits, type SandboxCause, sandboxCauses } from '../process/sandbox';
import { failureOf, type Summary } from '../report/summary';
import { CLIENT_PLACEHOLDERS, SERVER_PLACEHOLDERS } from '../settings/target';
import type { Cages } from './cages';
import type { CellPlan, CellResult } from './cell';
import { type BuildResult, type Cell, REFERENCE, type RoleResult } from './results';
import type { Student } from './student';

/** The harness's checkout: the first folder above this file with a package.json (it may run compiled, from dist/). */
export const ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
/** The compiled JavaScript while it matches the sources (bin/compiled.cjs): a cell's Node process then starts without ts-node (0.2 s of CPU instead of 1.5 s). */
const DIST = (
  require(path.join(ROOT, 'bin', 'compiled.cjs')) as { compiledDir(): string | undefined }
).compiledDir();
/** How a harness program of this checkout is started: compiled when possible, else through ts-node. */
const harness = (program: string) =>
  DIST ? ['node', `${DIST}/${program}.js`] : ['node', '-r', 'ts-node/register', `${program}.ts`];

export const REFERENCE_STUDENT: Student = {
  name: REFERENCE,
  dir: ROOT,
  source: 'the reference implementations',
  server: `${harness('reference/server-cli').join(' ')} --port {port} --pool {first}-{last}`,
  client: `${harness('reference/client-cli').join(' ')} --host {host} --port {port}`,
};

const BUILD_LIMIT_MS = 120_000;
const CHECK_LIMIT_MS = 300_000;
const CELL_LIMIT_MS = 60_000;
/** Variables a teacher may set for every check; the target variables are the class run's own. */
const PASSED_ON = [
  'MPP_TIMEOUT_MS',
  'MPP_START_TIMEOUT_MS',
  'MPP_STRICT',
  'MPP_CLIENT_QUIT_INPUT',
  'MPP_LANG',
];

/** What every check of a run shares: where it writes, how it isolates and confines the programs. */
export interface CheckContext {
  reports: string;
  scratch: string;
  isolation: Isolation;
  sandbox: Sandbox;
  /** Without namespaces, programs on the fixed port 10001 run one at a time. */
  fixedPorts: Mutex;
  /** The students' sandboxes, when the programs run in one. */
  cages?: Cages;
  limits: Limits;
}

/** A word for the shell, quoted. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function checkEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  for (const name of Object.keys(env))
    if (name.startsWith('MPP_') && !PASSED_ON.includes(name)) delete env[name];
  return { ...env, ...extra };
}

export function hasPlaceholders(student: Student, role: TargetRole): boolean {
  return (role === 'server' ? SERVER_PLACEHOLDERS : CLIENT_PLACEHOLDERS).test(student[role] ?? '');
}

/** The command as it runs: in the student's sandbox, or in their folder. */
export function confined(context: CheckContext, student: Student, command: string): string {
  return context.cages
    ? context.cages.command(student, command)
    : `cd ${shellQuote(student.dir)} && ${command}`;
}

/** How a harness that launches a student's program learns of its sandbox (support/process/launcher.ts). */
export function sandboxEnv(context: CheckContext, events?: string): Record<string, string> {
  return context.cages
    ? { MPP_SANDBOXED: JSON.stringify({ hidden: context.cages.hidden, limits: context.limits, events }) }
    : {};
}

function causesIn(file: string): SandboxCause[] | undefined {
  if (!existsSync(file)) return undefined;
  const lines = [...new Set(readFileSync(file, 'utf8').trim().split('\n'))];
  return lines.map((line) => JSON.parse(line) as SandboxCause);
}

/**
 * Builds a student. `owned`: the build is the student's result, its log goes to the reports; a
 * shard that only needs the student as a partner in a cell keeps the log in its scratch folder.
 */
export async function build(context: CheckContext, student: Student, owned: boolean): Promise<BuildResult> {
  const relative = `students/${student.name}/build.log`;
  const log = owned
    ? path.join(context.reports, relative)
    : path.join(context.scratch, `${student.name}.build.log`);
  mkdirSync(path.dirname(log), { recursive: true });
  const run = await context.sandbox.run({
    argv: ['sh', '-c', confined(context, student, student.build as string)],
    cwd: student.dir,
    env: checkEnv({}),
    timeoutMs: BUILD_LIMIT_MS,
    isolate: false,
  });
  const status: BuildResult['status'] = run.timedOut ? 'timed out' : run.code === 0 ? 'ok' : 'failed';
  writeFileSync(log, `$ ${student.build}\n${run.output}\n(${status}, ${run.ms} ms)\n`);
  const refused = context.cages ? sandboxCauses(run, run.output, context.cages.hidden) : [];
  return {
    command: student.build as string,
    status,
    ms: run.ms,
    log: relative,
    ...(refused.length ? { sandbox: refused } : {}),
  };
}

/** The failure sentence, observation or note of a requirement, for the hover text. */
function detailOf(summary: Summary, id: string, status: string): string | undefined {
  const scenario = summary.scenarios.find((s) => s.violated === id && s.message);
  if (status === 'failed' && scenario?.message)
    return scenario.message.split('\n').slice(0, 4).join('\n').slice(0, 600);
  const entry = summary.requirements[id];
  if (entry?.note) return entry.note;
  const observed = summary.scenarios.find((s) => s.requirements.includes(id) && s.observation);
  return observed?.observation?.slice(0, 600);
}

/** A check's summary.json as the student's requirements. */
export function requirementsOf(summary: Summary): RoleResult['requirements'] {
  const requirements: RoleResult['requirements'] = {};
  for (const [id, entry] of Object.entries(summary.requirements)) {
    const detail = detailOf(summary, id, entry.status);
    const failure = entry.status === 'failed' ? failureOf(summary.scenarios, id) : undefined;
    requirements[id] = {
      level: entry.level,
      status: entry.status,
      ...(detail ? { detail } : {}),
      ...(failure ? { failure } : {}),
      ...(entry.blockedBy ? { blockedBy: entry.blockedBy } : {}),
      ...(entry.lines ? { lines: entry.lines } : {}),
    };
  }
  return requirements;
}

/** Runs the conformance check of one program of a student, with the ports from `base` on. */
export async function checkRole(
  context: CheckContext,
  student: Student,
  role: TargetRole,
  base: number,
): Promise<RoleResult> {
  const command = student[role] as string;
  const relative = `students/${student.name}/${role}`;
  const dir = path.join(context.reports, relative);
  mkdirSync(dir, { recursive: true });
  const events = path.join(context.scratch, `${student.name}.${role}.events`);
  const go = () =>
    context.sandbox.run({
      argv: ['node', 'bin/mpp-conformance.cjs'],
      cwd: ROOT,
      env: checkEnv({
        [role === 'server' ? 'MPP_SERVER_CMD' : 'MPP_CLIENT_CMD']: confined(context, student, command),
        ...sandboxEnv(context, events),
        MPP_REPORTS_DIR: dir,
        MPP_PORT_BASE: String(base),
        MPP_PORT_SPAN: '256',
        // Several checks run side by side already; workers of its own would only add CPU time.
        MPP_PARALLEL: '1',
      }),
      timeoutMs: CHECK_LIMIT_MS,
      isolate: true,
    });
  // Without namespaces, two programs on the fixed port 10001 would meet: one at a time.
  const run =
    context.isolation.kind === 'ports' && !hasPlaceholders(student, role)
      ? await context.fixedPorts.run(go)
      : await go();
  writeFileSync(path.join(dir, 'output.log'), run.output);
  const refused = causesIn(events);
  const unjudged: RoleResult = {
    command,
    verdict: 'error',
    exitCode: run.code,
    ms: run.ms,
    reports: relative,
    requirements: {},
    ...(refused ? { sandbox: refused } : {}),
  };
  if (run.timedOut) return { ...unjudged, note: `the check did not end within ${CHECK_LIMIT_MS / 1000} s` };
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as Summary;
  } catch {
    const last = run.output.trim().split('\n').slice(-3).join('\n');
    return { ...unjudged, note: `the check gave no summary (exit ${run.code}): ${last}` };
  }
  const verdict = run.code === 2 ? 'error' : (summary.verdicts[role] ?? summary.verdict);
  return { ...unjudged, verdict, requirements: requirementsOf(summary) };
}

/** The cell's plan: each side's command, folder and ports (the sheet's when the command has no placeholder). */
function cellPlan(context: CheckContext, client: Student, server: Student, base: number): CellPlan {
  const file = `${client.name}--${server.name}`;
  const range = (start: number) => ({ port: start + 1, first: start + 2, last: start + 11 });
  const fixed = { port: 10001, first: 10002, last: 10011 };
  // The reference implementations are the harness's own: they run outside the sandbox.
  const inCage = (student: Student, command: string) =>
    context.cages && student !== REFERENCE_STUDENT ? context.cages.command(student, command) : command;
  return {
    title: `Interop: client ${client.name} × server ${server.name}`,
    server: {
      command: inCage(server, server.server as string),
      cwd: server.dir,
      ports: hasPlaceholders(server, 'server') ? range(base) : fixed,
    },
    client: {
      command: inCage(client, client.client as string),
      cwd: client.dir,
      ports: hasPlaceholders(client, 'client') ? range(base + 100) : fixed,
    },
    transcript: path.join(context.reports, 'matrix', `${file}.txt`),
    result: path.join(context.scratch, `${file}.result.json`),
    timeoutMs: Number(process.env.MPP_TIMEOUT_MS ?? 2000),
    startTimeoutMs: Number(process.env.MPP_START_TIMEOUT_MS ?? 10_000),
    quitInput: process.env.MPP_CLIENT_QUIT_INPUT ?? 'Quit',
  };
}

/**
 * One cell of the matrix. `failedBuilds` names the sides whose build failed: the cell then does not
 * run. A pair where both sides are fixed to port 10001 cannot have the relay between them.
 */
export async function interopCell(
  context: CheckContext,
  client: Student,
  server: Student,
  base: number,
  failedBuilds: string[],
): Promise<Cell> {
  const cell: Cell = { client: client.name, server: server.name, outcome: 'not-run', ms: 0 };
  if (failedBuilds.length) return { ...cell, reason: `the build of ${failedBuilds.join(' and ')} failed` };
  const serverFixed = !hasPlaceholders(server, 'server');
  const clientFixed = !hasPlaceholders(client, 'client');
  if (serverFixed && clientFixed)
    return {
      ...cell,
      uncounted: true,
      reason:
        'both programs are fixed to port 10001 (no {port} placeholder), so the harness cannot stand between them',
    };
  const plan = cellPlan(context, client, server, base);
  const transcript = path.relative(context.reports, plan.transcript);
  const planFile = plan.result.replace(/\.result\.json$/, '.plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  const go = () =>
    context.sandbox.run({
      argv: [...harness('support/class/cell'), planFile],
      cwd: ROOT,
      env: checkEnv(sandboxEnv(context)),
      timeoutMs: CELL_LIMIT_MS,
      isolate: true,
    });
  const run =
    context.isolation.kind === 'ports' && (serverFixed || clientFixed)
      ? await context.fixedPorts.run(go)
      : await go();
  try {
    const outcome = JSON.parse(readFileSync(plan.result, 'utf8')) as CellResult;
    return { ...cell, ...outcome, transcript };
  } catch {
    writeFileSync(
      plan.transcript,
      `${plan.title}\nThe cell's run ended without a result${run.timedOut ? ` (it took longer than ${CELL_LIMIT_MS / 1000} s)` : ''}:\n${run.output}\n`,
    );
    return {
      ...cell,
      outcome: 'failed',
      reason: 'the cell run ended without a result',
      transcript,
      ms: run.ms,
    };
  }
}
