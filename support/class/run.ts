// A class run (or one shard of it): reads the class, plans the matrix and the shard's share
// (support/class/plan.ts), builds, checks every program and runs the cells, several at a time, then
// writes the reports (a shard: its class.json for `class merge`). Ctrl-C stops every check and
// leaves nothing behind.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { t } from '../messages';
import { killAll, stopAll } from '../process/child';
import { detectIsolation, Mutex, Sandbox } from '../process/class-children';
import { ephemeralRange } from '../process/sockets';
import { Cages } from './cages';
import { build, type CheckContext, checkRole, interopCell, REFERENCE_STUDENT, ROOT } from './checks';
import { exploreServer } from './explore';
import { exploreText } from './explore-page';
import type { RunOptions } from './options';
import {
  assignShards,
  cellCost,
  cellOwner,
  defaultMatrix,
  matrixPairs,
  passingIn,
  studentCost,
  units,
} from './plan';
import { Progress } from './progress';
import { clearReports, writeRecord, writeReports } from './reports';
import {
  type BuildResult,
  type Cell,
  type ClassResult,
  type MatrixMode,
  policyText,
  REFERENCE,
  type StudentResult,
  sandboxSentences,
} from './results';
import { mergeResults, sortCells } from './shard';
import { readClass, type Student } from './student';

/** The students of the run, or why there are none to check. */
export function rosterOf(options: RunOptions): Student[] | string {
  let students: Student[];
  try {
    students = readClass(options.folder);
  } catch (error) {
    return t().classRun.unreadable(options.folder, (error as Error).message);
  }
  const only = options.only;
  if (only) {
    const unknown = only.filter((name) => !students.some((student) => student.name === name));
    if (unknown.length) return t().classRun.unknownOnly(unknown);
    students = students.filter((student) => only.includes(student.name));
  }
  return students.length ? students : t().classRun.empty(options.folder);
}

/** The matrix and the share of this run: every student and cell, or a shard's. */
export interface Share {
  mode: MatrixMode;
  clients: string[];
  servers: string[];
  /** The students this run checks, and the cells it runs. */
  students: Student[];
  pairs: [string, string][];
}

export function shareOf(students: readonly Student[], options: RunOptions): Share {
  const checkable = students.filter((student) => !student.problem);
  const clients = [
    ...checkable.filter((student) => student.client).map((student) => student.name),
    REFERENCE,
  ];
  const servers = [
    ...checkable.filter((student) => student.server).map((student) => student.name),
    REFERENCE,
  ];
  const mode = options.matrix ?? defaultMatrix(students.length);
  const pairs = matrixPairs(clients, servers, mode, passingIn(options.previous));
  if (!options.shard) return { mode, clients, servers, students: [...students], pairs };
  const shard = assignShards(units(students, pairs, options.previous), options.shard.count);
  const mine = (name: string) => shard.get(name) === options.shard?.index;
  return {
    mode,
    clients,
    servers,
    students: students.filter((student) => mine(student.name)),
    pairs: pairs.filter((pair) => mine(cellOwner(pair))),
  };
}

/** Ports of its own for every check that runs at once (a 400-port slot each, below the kernel's ephemeral ports). */
class PortSlots {
  readonly size: number;
  private readonly free: number[];

  constructor(parallel: number) {
    this.size = Math.max(1, Math.min(parallel, Math.floor((ephemeralRange()[0] - 20000) / 400)));
    this.free = Array.from({ length: this.size }, (_, slot) => slot);
  }

  async with<T>(use: (base: number) => Promise<T>): Promise<T> {
    const slot = this.free.shift() ?? 0; // never empty: at most `size` tasks run
    try {
      return await use(20000 + slot * 400);
    } finally {
      this.free.push(slot);
    }
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

/** A student's line once its build and checks are done. */
export function studentLine(
  result: StudentResult,
  ms: number,
  limits: RunOptions['limits'] | undefined,
): string {
  if (result.problem) return `– ${result.name}: ${result.problem}`;
  const m = t().classRun;
  const parts: string[] = [];
  if (result.build && result.build.status !== 'ok') parts.push(m.build[result.build.status]);
  for (const role of ['server', 'client'] as const) {
    const check = result[role];
    if (!check) continue;
    const failed = Object.entries(check.requirements)
      .filter(([, outcome]) => outcome.status === 'failed')
      .map(([id]) => id);
    const note = check.note
      ? `: ${check.note.split('\n')[0]}`
      : failed.length
        ? ` (${failed.join(' ')})`
        : '';
    parts.push(`${m.role(role, m.verdict[check.verdict])}${note}`);
  }
  // Shown after the verdicts, never part of them.
  if (result.explore) parts.push(`${t().classExplore.column}: ${exploreText(result.explore)}`);
  const good =
    (result.build?.status ?? 'ok') === 'ok' &&
    (['server', 'client'] as const).every((role) => !result[role] || result[role]?.verdict === 'conformant');
  const said = sandboxSentences(result, limits).map((sentence) => `\n    ${sentence}`);
  return `${good ? '✓' : '✗'} ${result.name}: ${parts.join(', ') || m.nothing} (${m.seconds(ms / 1000)})${said.join('')}`;
}

function emptyResult(student: Student): StudentResult {
  return {
    name: student.name,
    source: student.source,
    ...(student.problem ? { problem: student.problem } : {}),
    commands: {
      ...(student.server ? { server: student.server } : {}),
      ...(student.client ? { client: student.client } : {}),
    },
  };
}

/** The sandbox of the run, set up, and the line that says what it is; a string when it is required and cannot be made. */
function sandboxSetup(
  options: RunOptions,
  scratch: string,
): { cages?: Cages; line: string; ownUsers?: boolean } | string {
  const m = t().sandbox;
  if (options.sandbox === 'off') return { line: m.off };
  // The harness's checkout stays readable (the self-test's students run its fixtures), its reports do not.
  const cages = new Cages({
    classFolder: options.folder,
    reports: options.reports,
    scratch,
    hidden: [path.join(ROOT, 'reports')],
    visible: [ROOT],
    limits: options.limits,
  });
  const problem = cages.problem();
  if (problem && options.sandbox === 'required') return m.required(problem);
  if (problem) return { line: m.unavailable(problem) };
  const { processes, memoryMb, fileMb, cpuSeconds } = options.limits;
  return {
    cages,
    line: m.on(m.limits(processes, memoryMb, fileMb, cpuSeconds), cages.ownUsers ? m.ownUser : m.callersUser),
  };
}

export class ClassRun {
  private readonly results = new Map<string, StudentResult>();
  /** Every build of the run, also of partners that another shard owns. */
  private readonly builds = new Map<string, BuildResult>();
  private readonly cells: Cell[] = [];
  private readonly pending = new Map<string, number>();
  private readonly started = Date.now();
  private interrupted = false;
  private progress!: Progress;

  constructor(
    private readonly options: RunOptions,
    private readonly roster: Student[],
    private readonly share: Share,
    private readonly context: CheckContext,
  ) {}

  /** Runs the share; the reports are written, or the process ends on Ctrl-C. */
  async run(): Promise<ClassResult> {
    const { students, pairs } = this.share;
    const byName = new Map(this.roster.map((student) => [student.name, student]));
    this.progress = new Progress({
      studentsTotal: students.length,
      cellsTotal: pairs.length,
      costTotal:
        students.reduce((sum, student) => sum + studentCost(student, this.options.previous), 0) +
        pairs.reduce((sum, pair) => sum + cellCost(pair, byName, this.options.previous), 0),
    });
    this.onInterrupt();
    for (const student of students) {
      this.results.set(student.name, emptyResult(student));
      const checks = student.problem
        ? 0
        : (['server', 'client'] as const).filter((role) => student[role]).length;
      this.pending.set(student.name, (student.build && !student.problem ? 1 : 0) + checks);
    }
    // A student with nothing to run (a broken mpp.json, no programs) is done at once.
    for (const student of students) if (!this.pending.get(student.name)) this.finished(student, 0);
    await this.buildAll(byName);
    const slots = new PortSlots(this.options.parallel);
    await pool(
      [...this.checkTasks(slots), ...this.cellTasks(slots, byName)],
      slots.size,
      () => this.interrupted,
    );
    if (this.interrupted) return new Promise(() => undefined); // the interrupt handler ends the process
    this.progress.clear();
    return this.result();
  }

  private onInterrupt(): void {
    const interrupt = (signal: NodeJS.Signals) => {
      if (this.interrupted) return;
      this.interrupted = true;
      this.progress.print(`\n${t().classRun.stopping(signal)}`);
      void stopAll().then(() => {
        rmSync(this.context.scratch, { recursive: true, force: true });
        this.progress.clear();
        console.log(t().classRun.stopped);
        process.exit(130);
      });
    };
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    process.on('exit', killAll);
  }

  private runnable(name: string): boolean {
    return name === REFERENCE || (this.builds.get(name)?.status ?? 'ok') === 'ok';
  }

  /** Counts down a student's tasks; its line once all are done. */
  private finished(student: Student, tasks = 1): void {
    const left = (this.pending.get(student.name) ?? 0) - tasks;
    this.pending.set(student.name, left);
    if (left > 0 || this.interrupted) return;
    const result = this.results.get(student.name) as StudentResult;
    this.progress.worked(studentCost(student, this.options.previous));
    const ms = (result.build?.ms ?? 0) + (result.server?.ms ?? 0) + (result.client?.ms ?? 0);
    this.progress.student(studentLine(result, ms, this.context.cages ? this.options.limits : undefined));
  }

  /** Builds the share's students and the partners its cells need: a program whose build fails is not run. */
  private async buildAll(byName: Map<string, Student>): Promise<void> {
    const owned = new Set(this.share.students.map((student) => student.name));
    const partners = this.share.pairs.flat();
    const needed = [...new Set([...owned, ...partners])]
      .map((name) => byName.get(name))
      .filter((student): student is Student => Boolean(student && !student.problem));
    if (this.context.cages) for (const student of needed) this.context.cages.prepare(student);
    await pool(
      needed
        .filter((student) => student.build)
        .map((student) => async () => {
          const result = await build(this.context, student, owned.has(student.name));
          this.builds.set(student.name, result);
          if (!owned.has(student.name)) return;
          (this.results.get(student.name) as StudentResult).build = result;
          const checks = (['server', 'client'] as const).filter((role) => student[role]).length;
          this.finished(student, result.status === 'ok' ? 1 : 1 + checks);
        }),
      this.options.parallel,
      () => this.interrupted,
    );
  }

  /** Servers first: their checks take longest (a broken server waits out many bounds), and one that starts last would keep the whole run waiting. */
  private checkTasks(slots: PortSlots): (() => Promise<void>)[] {
    const students = this.share.students.filter((student) => !student.problem && this.runnable(student.name));
    return (['server', 'client'] as const).flatMap((role) =>
      students
        .filter((student) => student[role])
        .map((student) => async () => {
          const result = this.results.get(student.name) as StudentResult;
          await slots.with(async (base) => {
            result[role] = await checkRole(this.context, student, role, base);
            // On the check's ports, after it: shown on the pages, never graded.
            const budget = this.options.explore;
            if (role === 'server' && budget !== undefined && !this.interrupted)
              result.explore = await exploreServer(this.context, student, base, budget);
          });
          this.finished(student);
        }),
    );
  }

  private cellTasks(slots: PortSlots, byName: Map<string, Student>): (() => Promise<void>)[] {
    const studentOf = (name: string) =>
      name === REFERENCE ? REFERENCE_STUDENT : (byName.get(name) as Student);
    return this.share.pairs.map((pair) => async () => {
      const [client, server] = pair.map(studentOf) as [Student, Student];
      const failed = pair.filter((name) => !this.runnable(name));
      this.cells.push(await slots.with((base) => interopCell(this.context, client, server, base, failed)));
      this.progress.cell(cellCost(pair, byName, this.options.previous));
    });
  }

  private result(): ClassResult {
    const { shard, limits } = this.options;
    const { mode, clients, servers } = this.share;
    return {
      folder: this.options.folder,
      started: new Date(this.started).toISOString(),
      wallMs: Date.now() - this.started,
      isolation: this.context.isolation.description,
      ...(this.context.cages ? { sandbox: limits } : {}),
      parallel: this.options.parallel,
      students: this.share.students.map((student) => this.results.get(student.name) as StudentResult),
      matrix: { mode, clients, servers, cells: sortCells(this.cells, clients, servers) },
      ...(shard ? { shard: { ...shard, roster: this.roster.map((student) => student.name) } } : {}),
    };
  }
}

/** `class <folder> [options]`: the exit status. */
export async function runClass(options: RunOptions): Promise<number> {
  const roster = rosterOf(options);
  if (typeof roster === 'string') {
    console.error(`class: ${roster}`);
    return 2;
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mpp-class-'));
  const setup = sandboxSetup(options, scratch);
  if (typeof setup === 'string') {
    rmSync(scratch, { recursive: true, force: true });
    console.error(`class: ${setup}`);
    return 2;
  }
  const isolation = detectIsolation();
  const share = shareOf(roster, options);
  const context: CheckContext = {
    reports: options.reports,
    scratch,
    isolation,
    sandbox: new Sandbox(isolation),
    fixedPorts: new Mutex(),
    ...(setup.cages ? { cages: setup.cages } : {}),
    limits: options.limits,
  };
  clearReports(options.reports);
  announce(options, roster, share, isolation.description, setup.line);
  const result = await new ClassRun(options, roster, share, context).run();
  if (options.shard) writeRecord(options.reports, result);
  else writeReports(mergeResults([result]) as ClassResult, options);
  rmSync(scratch, { recursive: true, force: true });
  finalWords(options, result);
  return 0;
}

function announce(
  options: RunOptions,
  roster: Student[],
  share: Share,
  isolation: string,
  sandbox: string,
): void {
  const m = t().classRun;
  const part = options.shard && { ...options.shard, students: share.students.length };
  const matrix = share.mode === 'none' ? m.noMatrix : m.matrix(String(share.mode), share.pairs.length);
  console.log(m.start(options.folder, part, roster.length, matrix, options.parallel));
  console.log(m.isolation(isolation));
  if (!options.shard) console.log(m.grades(policyText(options.policy)));
  console.log(sandbox);
  if (options.explore !== undefined) console.log(t().classExplore.announce(options.explore / 1000));
  for (const student of share.students)
    if (!student.problem && student.source !== 'mpp.json')
      console.log(`  ${student.name}: ${student.source}`);
}

function finalWords(options: RunOptions, result: ClassResult): void {
  const cells = result.matrix.cells;
  const passed = cells.filter((cell) => cell.outcome === 'passed').length;
  const m = t().classRun;
  console.log(`\n${m.done(m.seconds(result.wallMs / 1000), result.students.length, passed, cells.length)}`);
  const where = path.relative(process.cwd(), options.reports) || '.';
  console.log(
    options.shard ? m.shardRecord(path.join(where, 'class.json')) : m.reports(path.join(where, 'index.html')),
  );
}
