// `mpp-conformance class <class folder>` (`npm run class -- <class folder>`): checks a whole class at once. Each student's folder holds an
// mpp.json (or files the commands can be guessed from); every student is built, their server and
// client are checked by the conformance suite, and every client is tried against every server
// (and the reference implementations) in an interop matrix. Each check runs in a network namespace of
// its own where Linux allows it, several at a time. The reports go to reports/class/.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Cages } from '../support/class/cages';
import type { CellPlan, CellResult } from '../support/class/cell';
import { gradescopeResults } from '../support/class/gradescope';
import { indexHtml, matrixHtml } from '../support/class/html';
import {
  type BuildResult,
  type Cell,
  type ClassResult,
  DEFAULT_BLOCKED,
  DEFAULT_WEIGHTS,
  type GradePolicy,
  gradesCsv,
  policyText,
  REFERENCE,
  type RoleResult,
  readWeights,
  type StudentResult,
  sandboxSentences,
} from '../support/class/results';
import { detectIsolation, killAll, Mutex, Sandbox, stopAll } from '../support/class/sandbox';
import { readClass, type Student } from '../support/class/student';
import { t } from '../support/messages';
import { ephemeralRange } from '../support/ports';
import type { TargetRole } from '../support/result';
import { inside, type Limits, type SandboxCause, type SandboxMode, sandboxCauses } from '../support/sandbox';
import { failureOf, type Summary } from '../support/summary';
import {
  CLIENT_PLACEHOLDERS,
  ConfigError,
  read,
  readSandbox,
  SERVER_PLACEHOLDERS,
  SETTINGS,
} from '../support/target';
import { runMain } from './run-main';

/** The harness's checkout: the first folder above this file with a package.json (it may run compiled, from dist/bin). */
const ROOT = (() => {
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
const USAGE = `usage: mpp-conformance class <class folder> [options]   (or: npm run class -- <class folder> [options])

Checks every student of a class folder: <class folder>/<student>/mpp.json says how to build and
start the student's programs, e.g.
  {"server": "python3 server.py {port} {first} {last}", "client": "python3 client.py {host} {port}",
   "build": "javac -d out *.java"}
(each key optional; the commands run in the student's folder). Without mpp.json the commands are
guessed from server.py, Server.java, server.js, server.c and their client counterparts.

options:
  --reports <dir>     where the reports go (default reports/class)
  --weights <file>    points per passed requirement: {"must": 2, "should": 1, "S4": 4} (default MUST 2, SHOULD 1);
                      also "blocked": "left-out" or "not-earned" (see --blocked)
  --blocked <policy>  what a requirement blocked by another failure counts (MPP_BLOCKED): left-out
                      (default: not in the points nor the maximum, one bug is charged once) or
                      not-earned (in the maximum, without points); wins over the weights file
  --parallel <n>      checks at a time (default: twice the number of CPUs)
  --only <a,b>        check only these students
  --no-matrix         skip the interop matrix
  --gradescope <file> also write Gradescope's results.json for the (single) student
  --sandbox <mode>    on: each student's programs in a sandbox (bubblewrap) where one can be made
                      (default); required: refuse to run without one; off: none (MPP_SANDBOX)
  --help              this text

The sandbox's limits: MPP_SANDBOX_PROCESSES (default 256), MPP_SANDBOX_MEMORY_MB (2048 a process),
MPP_SANDBOX_FILE_MB (256 a file), MPP_SANDBOX_CPU_S (120 a process).

Outputs: index.html, matrix.html, class.json, grades.csv and each student's reports.`;

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

const REFERENCE_STUDENT: Student = {
  name: REFERENCE,
  dir: ROOT,
  source: 'the reference implementations',
  server: `${harness('reference/server-cli').join(' ')} --port {port} --pool {first}-{last}`,
  client: `${harness('reference/client-cli').join(' ')} --host {host} --port {port}`,
};

interface Options {
  folder: string;
  reports: string;
  policy: GradePolicy;
  parallel: number;
  only?: string[];
  matrix: boolean;
  gradescope?: string;
  sandbox: SandboxMode;
  limits: Limits;
}

const ARGUMENTS = {
  allowPositionals: true,
  options: {
    reports: { type: 'string' },
    weights: { type: 'string' },
    blocked: { type: 'string' },
    parallel: { type: 'string' },
    only: { type: 'string' },
    'no-matrix': { type: 'boolean' },
    gradescope: { type: 'string' },
    sandbox: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
} as const;

function parseOptions(argv: string[]): Options | string {
  let parsed: ReturnType<typeof parseArgs<typeof ARGUMENTS>>;
  try {
    parsed = parseArgs({ ...ARGUMENTS, args: argv });
  } catch (error) {
    return `${(error as Error).message}\n\n${USAGE}`;
  }
  const { values, positionals } = parsed;
  if (values.help) return USAGE;
  if (positionals.length !== 1) return `give exactly one class folder\n\n${USAGE}`;
  // A check or a cell mostly waits for the programs (a bound, a start): two per CPU keep the CPUs busy.
  const parallel = Number(values.parallel ?? 2 * os.availableParallelism());
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64)
    return `--parallel ${values.parallel} is not a whole number from 1 to 64`;
  let file: ReturnType<typeof readWeights> = { weights: DEFAULT_WEIGHTS };
  let blocked: GradePolicy['blocked'] | undefined;
  try {
    if (values.weights) file = readWeights(values.weights);
    // The flag wins over its variable, and both over the weights file.
    blocked =
      values.blocked !== undefined
        ? SETTINGS.blocked.parse('--blocked', values.blocked)
        : read(process.env, SETTINGS.blocked);
  } catch (error) {
    return (error as Error).message;
  }
  const policy: GradePolicy = { weights: file.weights, blocked: blocked ?? file.blocked ?? DEFAULT_BLOCKED };
  let sandbox: ReturnType<typeof readSandbox>;
  try {
    sandbox = readSandbox({
      ...process.env,
      ...(values.sandbox === undefined ? {} : { MPP_SANDBOX: values.sandbox }),
    });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  const folder = path.resolve(positionals[0] as string);
  const reports = path.resolve(values.reports ?? 'reports/class');
  // Every run writes the reports' students/ and matrix/ anew: they must not hold the class, nor the class them.
  if (
    inside(reports, folder) ||
    ['students', 'matrix'].some((dir) => inside(folder, path.join(reports, dir)))
  )
    return `--reports ${reports} would overwrite the class folder ${folder} or lie inside it: choose a reports folder apart from the class`;
  return {
    folder,
    reports,
    policy,
    parallel,
    only: values.only?.split(',').map((name) => name.trim()),
    matrix: !values['no-matrix'],
    gradescope: values.gradescope,
    sandbox: sandbox.mode ?? 'on',
    limits: sandbox.limits,
  };
}

/** One line per finished task; on a terminal also a progress line that is redrawn in place. */
class Progress {
  private done = 0;
  private readonly running = new Set<string>();
  private readonly started = Date.now();
  private readonly tty = Boolean(process.stdout.isTTY);

  private readonly ticker: NodeJS.Timeout | undefined;

  constructor(private total: number) {
    // The elapsed time moves on while long checks run.
    if (this.tty) this.ticker = setInterval(() => this.draw(), 1000).unref();
  }

  add(count: number): void {
    this.total += count;
    this.draw();
  }

  begin(name: string): void {
    this.running.add(name);
    this.draw();
  }

  /** A finished task's line; a task ended by Ctrl-C is only said to be stopped. */
  end(name: string, line: string, stopped = false): void {
    this.running.delete(name);
    this.done++;
    this.print(stopped ? `  ${name}: stopped` : line);
  }

  print(line: string): void {
    if (this.tty) process.stdout.write('\r\x1b[K');
    console.log(line);
    this.draw();
  }

  clear(): void {
    clearInterval(this.ticker);
    if (this.tty) process.stdout.write('\r\x1b[K');
  }

  private draw(): void {
    if (!this.tty) return;
    const seconds = Math.round((Date.now() - this.started) / 1000);
    const line = `[${this.done}/${this.total}] ${seconds} s  running: ${[...this.running].join(', ')}`;
    process.stdout.write(`\r\x1b[K${line.slice(0, (process.stdout.columns || 100) - 1)}`);
  }
}

/** Runs the tasks with at most `limit` at a time; stops taking new ones once `stopped()` says so. */
async function pool(tasks: (() => Promise<void>)[], limit: number, stopped: () => boolean): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length && !stopped()) await (tasks[next++] as () => Promise<void>)();
    }),
  );
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function checkEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  for (const name of Object.keys(env))
    if (name.startsWith('MPP_') && !PASSED_ON.includes(name)) delete env[name];
  return { ...env, ...extra };
}

function hasPlaceholders(student: Student, role: TargetRole): boolean {
  return (role === 'server' ? SERVER_PLACEHOLDERS : CLIENT_PLACEHOLDERS).test(student[role] ?? '');
}

/** The failure sentence, observation or note of a requirement, for the hover text. */
function detailOf(summary: Summary, id: string, status: string): string | undefined {
  const scenario = summary.scenarios.find((s) => s.violated === id && s.message);
  if (status === 'failed' && scenario?.message) {
    return scenario.message.split('\n').slice(0, 4).join('\n').slice(0, 600);
  }
  const entry = summary.requirements[id];
  if (entry?.note) return entry.note;
  const observed = summary.scenarios.find((s) => s.requirements.includes(id) && s.observation);
  return observed?.observation?.slice(0, 600);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (typeof options === 'string') {
    (options === USAGE ? console.log : console.error)(options);
    return options === USAGE ? 0 : 2;
  }
  let students: Student[];
  try {
    students = readClass(options.folder);
  } catch (error) {
    console.error(`class: cannot read the class folder ${options.folder}: ${(error as Error).message}`);
    return 2;
  }
  if (options.only) {
    const only = options.only;
    const unknown = only.filter((name) => !students.some((student) => student.name === name));
    if (unknown.length) {
      console.error(`class: --only names no student called ${unknown.join(', ')}`);
      return 2;
    }
    students = students.filter((student) => only.includes(student.name));
  }
  if (students.length === 0) {
    console.error(`class: ${options.folder} has no student folders`);
    return 2;
  }
  const isolation = detectIsolation();
  const sandbox = new Sandbox(isolation);
  const fixedPorts = new Mutex();
  const reports = options.reports;
  rmSync(path.join(reports, 'students'), { recursive: true, force: true });
  rmSync(path.join(reports, 'matrix'), { recursive: true, force: true });
  mkdirSync(path.join(reports, 'matrix'), { recursive: true });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mpp-class-'));
  // The harness's checkout stays readable (the self-test's students run its fixtures), its reports do not.
  const cages = new Cages({
    classFolder: options.folder,
    reports: options.reports,
    scratch,
    hidden: [path.join(ROOT, 'reports')],
    visible: [ROOT],
    limits: options.limits,
  });
  const m = t().sandbox;
  let sandboxed = false;
  let sandboxLine = m.off;
  if (options.sandbox !== 'off') {
    const problem = cages.problem();
    if (problem && options.sandbox === 'required') {
      rmSync(scratch, { recursive: true, force: true });
      console.error(`class: ${m.required(problem)}`);
      return 2;
    }
    sandboxed = !problem;
    const { processes, memoryMb, fileMb, cpuSeconds } = options.limits;
    sandboxLine = problem
      ? m.unavailable(problem)
      : m.on(m.limits(processes, memoryMb, fileMb, cpuSeconds), cages.ownUsers ? m.ownUser : m.callersUser);
  }

  const progress = new Progress(0);
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    progress.print(`\nclass: ${signal}: stopping every running check …`);
    void stopAll().then(() => {
      rmSync(scratch, { recursive: true, force: true });
      progress.clear();
      console.log('class: stopped; no check is left running.');
      process.exit(130);
    });
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  process.on('exit', killAll);

  console.log(`Class ${options.folder}: ${students.length} students, ${options.parallel} at a time.`);
  console.log(`Isolation: ${isolation.description}.`);
  console.log(`Grades: ${policyText(options.policy)}`);
  console.log(sandboxLine);
  for (const student of students) {
    if (student.problem) console.log(`  ${student.name}: ${student.problem}`);
    else if (student.source !== 'mpp.json') console.log(`  ${student.name}: ${student.source}`);
  }
  const started = Date.now();
  const results = new Map<string, StudentResult>(
    students.map((student) => [
      student.name,
      {
        name: student.name,
        source: student.source,
        ...(student.problem ? { problem: student.problem } : {}),
        commands: {
          ...(student.server ? { server: student.server } : {}),
          ...(student.client ? { client: student.client } : {}),
        },
      },
    ]),
  );
  const result = (student: Student) => results.get(student.name) as StudentResult;
  const checkable = students.filter((student) => !student.problem);
  if (sandboxed) for (const student of checkable) cages.prepare(student);
  /** The command as it runs: in the student's sandbox, or in their folder. */
  const confined = (student: Student, command: string) =>
    sandboxed ? cages.command(student, command) : `cd ${quote(student.dir)} && ${command}`;
  /** How a harness that launches a student's program learns of its sandbox (support/launcher.ts). */
  const sandboxEnv = (events?: string): Record<string, string> =>
    sandboxed
      ? { MPP_SANDBOXED: JSON.stringify({ hidden: cages.hidden, limits: options.limits, events }) }
      : {};
  const causesIn = (file: string): SandboxCause[] | undefined => {
    if (!existsSync(file)) return undefined;
    const lines = [...new Set(readFileSync(file, 'utf8').trim().split('\n'))];
    return lines.map((line) => JSON.parse(line) as SandboxCause);
  };

  // 1. Builds: a student whose build fails is not run (its programs would fail for that reason only).
  const builds = checkable.filter((student) => student.build);
  progress.add(builds.length);
  await pool(
    builds.map((student) => async () => {
      const name = `${student.name} build`;
      progress.begin(name);
      const dir = path.join(reports, 'students', student.name);
      mkdirSync(dir, { recursive: true });
      const run = await sandbox.run({
        argv: ['sh', '-c', confined(student, student.build as string)],
        cwd: student.dir,
        env: checkEnv({}),
        timeoutMs: BUILD_LIMIT_MS,
        isolate: false,
      });
      const status: BuildResult['status'] = run.timedOut ? 'timed out' : run.code === 0 ? 'ok' : 'failed';
      writeFileSync(
        path.join(dir, 'build.log'),
        `$ ${student.build}\n${run.output}\n(${status}, ${run.ms} ms)\n`,
      );
      const refused = sandboxed ? sandboxCauses(run, run.output, cages.hidden) : [];
      result(student).build = {
        command: student.build as string,
        status,
        ms: run.ms,
        log: `students/${student.name}/build.log`,
        ...(refused.length ? { sandbox: refused } : {}),
      };
      const said = sandboxSentences(result(student), sandboxed ? options.limits : undefined);
      progress.end(
        name,
        `${status === 'ok' ? '✓' : '✗'} ${name}: ${status} (${(run.ms / 1000).toFixed(1)} s)${said.map((sentence) => `\n    ${sentence}`).join('')}`,
        interrupted,
      );
    }),
    options.parallel,
    () => interrupted,
  );
  const runnable = (student: Student) =>
    !student.problem && (results.get(student.name)?.build?.status ?? 'ok') === 'ok';

  // 2. Each student's server and client against the conformance suite, and 3. the interop matrix.
  const tasks: (() => Promise<void>)[] = [];
  // Every running check takes ports of its own (MPP_PORT_SPAN 256 of a 400-port slot), below the
  // kernel's ephemeral ports (31 slots on Linux's default range): no more checks run at once.
  const running = Math.max(1, Math.min(options.parallel, Math.floor((ephemeralRange()[0] - 20000) / 400)));
  const freeSlots = Array.from({ length: running }, (_, slot) => slot);
  const withPorts = async <T>(use: (base: number) => Promise<T>): Promise<T> => {
    const slot = freeSlots.shift() ?? 0; // never empty: at most `running` tasks run
    try {
      return await use(20000 + slot * 400);
    } finally {
      freeSlots.push(slot);
    }
  };
  // Servers first: their checks take longest (a broken server waits out many bounds), and one that
  // starts last would keep the whole run waiting.
  for (const role of ['server', 'client'] as const) {
    for (const student of checkable.filter(runnable)) {
      const command = student[role];
      if (!command) continue;
      tasks.push(async () => {
        const name = `${student.name} ${role}`;
        const run = () => withPorts((base) => checkRole(student, role, command, base));
        progress.begin(name);
        // Without namespaces, two programs on the fixed port 10001 would meet: one at a time.
        const outcome =
          isolation.kind === 'ports' && !hasPlaceholders(student, role)
            ? await fixedPorts.run(run)
            : await run();
        result(student)[role] = outcome;
        const mark = outcome.verdict === 'conformant' ? '✓' : '✗';
        const said = sandboxSentences(
          { name: student.name, source: '', commands: {}, [role]: outcome },
          sandboxed ? options.limits : undefined,
        );
        progress.end(
          name,
          `${mark} ${name}: ${outcome.verdict}${outcome.note ? ` (${outcome.note.split('\n')[0]})` : ''} (${(outcome.ms / 1000).toFixed(1)} s)${said.map((sentence) => `\n    ${sentence}`).join('')}`,
          interrupted,
        );
      });
    }
  }
  const cells: Cell[] = [];
  const clients = [...checkable.filter((student) => student.client), REFERENCE_STUDENT];
  const servers = [...checkable.filter((student) => student.server), REFERENCE_STUDENT];
  if (options.matrix) {
    for (const client of clients) {
      for (const server of servers) {
        tasks.push(async () => {
          const name = `${client.name}×${server.name}`;
          progress.begin(name);
          const cell = await withPorts((base) => runCell(client, server, base));
          cells.push(cell);
          progress.end(
            name,
            `${{ passed: '✓', failed: '✗', 'not-run': '–' }[cell.outcome]} client ${client.name} × server ${server.name}: ${cell.outcome}${cell.reason ? ` (${cell.reason})` : ''}`,
            interrupted,
          );
        });
      }
    }
  }
  progress.add(tasks.length);
  await pool(tasks, running, () => interrupted);
  if (interrupted) return new Promise(() => undefined); // the interrupt handler ends the process

  async function checkRole(
    student: Student,
    role: TargetRole,
    command: string,
    base: number,
  ): Promise<RoleResult> {
    const relative = `students/${student.name}/${role}`;
    const dir = path.join(reports, relative);
    mkdirSync(dir, { recursive: true });
    const events = path.join(scratch, `${student.name}.${role}.events`);
    const run = await sandbox.run({
      argv: ['node', 'bin/mpp-conformance.cjs'],
      cwd: ROOT,
      env: checkEnv({
        [role === 'server' ? 'MPP_SERVER_CMD' : 'MPP_CLIENT_CMD']: confined(student, command),
        ...sandboxEnv(events),
        MPP_REPORTS_DIR: dir,
        MPP_PORT_BASE: String(base),
        MPP_PORT_SPAN: '256',
        // Several checks run side by side already; workers of its own would only add CPU time.
        MPP_PARALLEL: '1',
      }),
      timeoutMs: CHECK_LIMIT_MS,
      isolate: true,
    });
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
    const verdict = run.code === 2 ? 'error' : (summary.verdicts[role] ?? summary.verdict);
    return { ...unjudged, verdict, requirements };
  }

  async function runCell(client: Student, server: Student, base: number): Promise<Cell> {
    const cell: Cell = { client: client.name, server: server.name, outcome: 'not-run', ms: 0 };
    if (!runnable(client) || !runnable(server)) {
      const failed = [client, server].filter((student) => !runnable(student)).map((student) => student.name);
      return { ...cell, reason: `the build of ${failed.join(' and ')} failed` };
    }
    const serverFixed = !hasPlaceholders(server, 'server');
    const clientFixed = !hasPlaceholders(client, 'client');
    if (serverFixed && clientFixed) {
      return {
        ...cell,
        uncounted: true,
        reason:
          'both programs are fixed to port 10001 (no {port} placeholder), so the harness cannot stand between them',
      };
    }
    const file = `${client.name}--${server.name}`;
    const transcript = `matrix/${file}.txt`;
    const range = (start: number) => ({ port: start + 1, first: start + 2, last: start + 11 });
    const fixed = { port: 10001, first: 10002, last: 10011 };
    // The reference implementations are the harness's own: they run outside the sandbox.
    const inCage = (student: Student, command: string) =>
      sandboxed && student !== REFERENCE_STUDENT ? cages.command(student, command) : command;
    const plan: CellPlan = {
      title: `Interop: client ${client.name} × server ${server.name}`,
      server: {
        command: inCage(server, server.server as string),
        cwd: server.dir,
        ports: serverFixed ? fixed : range(base),
      },
      client: {
        command: inCage(client, client.client as string),
        cwd: client.dir,
        ports: clientFixed ? fixed : range(base + 100),
      },
      transcript: path.join(reports, transcript),
      result: path.join(scratch, `${file}.result.json`),
      timeoutMs: Number(process.env.MPP_TIMEOUT_MS ?? 2000),
      startTimeoutMs: Number(process.env.MPP_START_TIMEOUT_MS ?? 10_000),
      quitInput: process.env.MPP_CLIENT_QUIT_INPUT ?? 'Quit',
    };
    const planFile = path.join(scratch, `${file}.plan.json`);
    writeFileSync(planFile, JSON.stringify(plan));
    const go = () =>
      sandbox.run({
        argv: [...harness('support/class/cell'), planFile],
        cwd: ROOT,
        env: checkEnv(sandboxEnv()),
        timeoutMs: CELL_LIMIT_MS,
        isolate: true,
      });
    const run =
      isolation.kind === 'ports' && (serverFixed || clientFixed) ? await fixedPorts.run(go) : await go();
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

  progress.clear();
  const classResult: ClassResult = {
    folder: options.folder,
    started: new Date(started).toISOString(),
    wallMs: Date.now() - started,
    isolation: isolation.description,
    ...(sandboxed ? { sandbox: options.limits } : {}),
    parallel: options.parallel,
    students: students.map(result),
    matrix: {
      clients: clients.map((student) => student.name),
      servers: servers.map((student) => student.name),
      cells: options.matrix ? cells : [],
    },
  };
  writeFileSync(path.join(reports, 'class.json'), `${JSON.stringify(classResult, null, 2)}\n`);
  writeFileSync(path.join(reports, 'grades.csv'), gradesCsv(classResult, options.policy));
  writeFileSync(path.join(reports, 'index.html'), indexHtml(classResult, options.policy));
  writeFileSync(path.join(reports, 'matrix.html'), matrixHtml(classResult));
  if (options.gradescope) {
    const only = classResult.students[0] as StudentResult;
    writeFileSync(
      options.gradescope,
      `${JSON.stringify(gradescopeResults(only, classResult, options.policy), null, 2)}\n`,
    );
  }
  rmSync(scratch, { recursive: true, force: true });
  const passedCells = cells.filter((cell) => cell.outcome === 'passed').length;
  console.log(
    `\nDone in ${(classResult.wallMs / 1000).toFixed(1)} s: ${students.length} student${students.length === 1 ? '' : 's'}${options.matrix ? `, interop ${passedCells}/${cells.length} cells passed` : ''}.`,
  );
  console.log(
    `Reports: ${path.relative(process.cwd(), path.join(reports, 'index.html')) || 'index.html'}, matrix.html, grades.csv, class.json`,
  );
  return 0;
}

runMain('class: the class run itself', main);
