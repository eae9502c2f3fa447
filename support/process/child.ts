// Every process the harness starts, for a single run (the programs under test) and for class mode
// (its builds, checks and matrix cells): each in a process group of its own, with a capped copy of its
// output, and killed with everything it started. A kill of the child alone would not reach a grandchild
// (a `sh -c` wrapper's java, a forked worker), so each is `detached` and signalled as a group, with its
// descendants and every process that carries its mark (a daemon that left the group and its parent).
// One registry knows every child still running, for the run's end and for Ctrl-C.

import type { Writable } from 'node:stream';
import { execa } from 'execa';
import { t } from '../messages';
import { CappedText } from './capped-text';
import {
  alive,
  descendantsOf,
  familyOf,
  groupAlive,
  LAUNCH_MARK,
  markedProcesses,
  RUN_MARK,
} from './processes';
import { waitFor, within } from './wait';

export interface Exit {
  code: number | undefined;
  signal: string | undefined;
}

export interface ChildOptions {
  /** A shell command line (run by `sh -c`), or a program and its arguments. */
  command: string | readonly string[];
  cwd?: string;
  /** The child's whole environment; the marks are added. */
  env?: NodeJS.ProcessEnv;
  stdin: 'ignore' | 'pipe';
  /** How long the child gets after SIGTERM before SIGKILL, and each further wait of its end. */
  graceMs: number;
  /** stdout and stderr in one capped text, in the order they came (a log), instead of one each. */
  interleaved?: boolean;
  /** A run of its own: MPP_HARNESS_RUN is the child's mark (a harness, which marks its programs under it). */
  ownRun?: boolean;
  /** A program under test, whose waits for a CPU the bounds count (support/process/starvation.ts). */
  underTest?: boolean;
  /** Stopped once it has run this long. */
  timeoutMs?: number;
  /** How long its output pipes may stay open after it exited (held by a daemon it started). */
  pipeGraceMs?: number;
}

/** The output kept of each stream (beginning and end), and of both together where interleaved. */
const OUTPUT_LIMIT = 64 * 1024;
/** The mark of this process's launches: under the launch or run this process itself belongs to. */
const PARENT_MARK = `${process.env[LAUNCH_MARK] ?? process.env[RUN_MARK] ?? 'run'}.${process.pid}`;
let launches = 0;

export class Child {
  exit: Exit | undefined;
  /** Whether the child was stopped because it ran longer than its `timeoutMs`. */
  timedOut = false;
  /** Settles once the child has exited and its output pipes are closed (all their holders ended). */
  readonly exited: Promise<Exit>;
  readonly stdin: Writable | undefined;
  readonly pid: number | undefined;
  /** Marks every process of this launch, so that one that left its group and its parent is found too. */
  readonly mark = `${PARENT_MARK}.${++launches}`;
  readonly underTest: boolean;
  /** Settles once the launched process itself has exited, whoever still holds its output pipes. */
  private readonly processExited: Promise<void>;
  private readonly stdout = new CappedText(OUTPUT_LIMIT);
  private readonly stderr: CappedText;
  private readonly streams: { destroy(): void }[];
  private readonly graceMs: number;
  private stopping: Promise<void> | undefined;

  constructor(options: ChildOptions) {
    this.graceMs = options.graceMs;
    this.underTest = options.underTest ?? false;
    this.stderr = options.interleaved ? this.stdout : new CappedText(OUTPUT_LIMIT);
    const child = start(options, this.mark);
    this.streams = [child.stdout, child.stderr].filter((stream) => stream !== null);
    this.pid = child.pid;
    this.stdin = child.stdin ?? undefined;
    child.stdin?.on('error', () => undefined); // a program that exits before reading its input
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.stdout.add(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.add(chunk));
    // execa settles once the child has exited and its output pipes are closed; the process's own
    // 'exit' comes first when a daemon it left behind still holds them.
    this.exited = child.then((result) => {
      if (result.failed && result.exitCode === undefined && !result.signal)
        this.stderr.add(t().program.couldNotStart(result.message ?? ''));
      this.exit ??= { code: result.exitCode, signal: result.signal };
      this.exitedWith(this.exit);
      return this.exit;
    });
    this.processExited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      void this.exited.then(() => resolve());
    });
    this.bound(options);
    running.add(this);
  }

  /** The child's time limit and the grace its output pipes get after its exit. */
  private bound({ timeoutMs, pipeGraceMs }: ChildOptions): void {
    if (timeoutMs !== undefined) {
      const timer = setTimeout(() => {
        this.timedOut = true;
        void this.stop();
      }, timeoutMs);
      void this.exited.then(() => clearTimeout(timer));
    }
    if (pipeGraceMs !== undefined)
      void this.processExited.then(() => setTimeout(() => this.closePipes(), pipeGraceMs).unref());
  }

  /** What a kind of child notes of its exit before `exited` settles (a sandbox's causes). */
  protected exitedWith(_exit: Exit): void {}

  private closePipes(): void {
    for (const stream of this.streams) stream.destroy();
  }

  get output(): { stdout: string; stderr: string } {
    return { stdout: this.stdout.toString(), stderr: this.stderr.toString() };
  }

  /** stdout and stderr together, as they came: the whole output of an interleaved child. */
  get log(): string {
    return this.stdout.toString();
  }

  /** Kills every process of this launch at once, synchronously: for the run's end and for Ctrl-C. */
  kill(): void {
    if (this.pid !== undefined)
      signalAll(this.pid, [...familyOf(this.pid), ...markedProcesses(this.mark)], 'SIGKILL');
    running.delete(this);
  }

  /** The live processes of this launch: its group and its descendants. */
  family(): number[] {
    return this.pid === undefined ? [] : familyOf(this.pid);
  }

  /** The launched process and its descendants, found cheaply through /proc/<pid>/task/<tid>/children. */
  descendants(): number[] {
    return this.pid === undefined ? [] : descendantsOf(this.pid);
  }

  /**
   * Ends the child and everything it started: SIGTERM, then SIGKILL after the grace time, to its
   * process group, to every process that descends from it (a child that left the group with
   * setsid() is still found through its parent) and to every process that carries this launch's
   * mark (a daemon whose parent is gone). Every wait is bounded.
   */
  stop(): Promise<void> {
    this.stopping ??= this.end();
    return this.stopping;
  }

  private async end(): Promise<void> {
    const pid = this.pid;
    if (pid !== undefined) await this.terminate(pid);
    // The exit is only reported once the output pipes close; a process that still holds them
    // (one the kill could not reach) must not keep the harness waiting.
    const done = await within(
      this.exited.then(() => true),
      this.graceMs,
      () => false,
    );
    if (!done) this.closePipes();
    await within(this.exited, this.graceMs, () => undefined);
    running.delete(this);
  }

  /**
   * The usual end is quick: SIGTERM to the group and the descendants, and the launched process exits.
   * The whole process table is read only while the group still has members; the environments once,
   * for daemons that left the group (which may still hold the output pipes).
   */
  private async terminate(pid: number): Promise<void> {
    signalAll(pid, descendantsOf(pid), 'SIGTERM');
    const exited = await within(
      this.processExited.then(() => true),
      this.graceMs,
      () => false,
    );
    let members = [...new Set([...(groupAlive(pid) ? familyOf(pid) : []), ...markedProcesses(this.mark)])];
    if (exited && members.length === 0) return;
    const gone = () => members.every((member) => !alive(member));
    if (exited) {
      // Survivors that the first SIGTERM did not reach (a daemon): the same grace as the rest had.
      signalAll(pid, members, 'SIGTERM');
      await waitFor(gone, { timeoutMs: this.graceMs, everyMs: 10 });
    }
    members = [...new Set([...members, ...familyOf(pid), ...markedProcesses(this.mark)])];
    signalAll(pid, members, 'SIGKILL');
    await waitFor(gone, { timeoutMs: this.graceMs, everyMs: 10 });
  }
}

/** Spawns the child in a process group of its own, with the marks in its environment. */
function start(options: ChildOptions, mark: string) {
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), [LAUNCH_MARK]: mark };
  if (options.ownRun) env[RUN_MARK] = mark;
  const common = {
    detached: true,
    cleanup: false,
    reject: false,
    buffer: false,
    stdin: options.stdin,
    stdout: 'pipe',
    stderr: 'pipe',
    cwd: options.cwd,
    env,
    extendEnv: false,
  } as const;
  const { command } = options;
  return typeof command === 'string'
    ? execa(command, { ...common, shell: true })
    : execa(command[0] as string, command.slice(1), common);
}

/** Signals the process group and each of `members` (already gone: nothing to do). */
function signalAll(group: number, members: number[], signal: NodeJS.Signals): void {
  for (const pid of [-group, ...members]) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

const running = new Set<Child>();

/** The processes of every program under test still running (its first process and its descendants). */
export function runningPrograms(): number[] {
  return [...running]
    .filter((child) => child.underTest && !child.exit)
    .flatMap((child) => child.descendants());
}

/** Kills every child still running and whatever any launch of this process left, synchronously. */
export function killAll(): void {
  for (const child of running) child.kill();
  killLeftovers();
}

/** Ends every child still running, SIGTERM first so that a harness among them ends its programs. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
  killLeftovers();
}

/** SIGKILL to every process that carries the mark of one of this process's launches. */
function killLeftovers(): void {
  for (const pid of markedProcesses(PARENT_MARK)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
