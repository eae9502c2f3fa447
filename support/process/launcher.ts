// Starts a program under test in a process group of its own, keeps a capped copy of its output, and
// kills the whole group afterwards: a kill of the child alone would not reach a grandchild (a `sh -c` wrapper's
// java, a forked worker), so every launch is `detached` and killed as a group, and a registry kills
// what is left when the run ends or is interrupted.

import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { execa } from 'execa';
import { t } from '../messages';
import { CappedText } from './capped-text';
import {
  describeCause,
  type Limits,
  type SandboxCause,
  type SandboxMode,
  sandboxCauses,
  sandboxCommand,
  singleCage,
} from './sandbox';
import { waitFor, within } from './wait';

export interface Exit {
  code: number | undefined;
  signal: string | undefined;
}

const OUTPUT_LIMIT = 64 * 1024;
/** The run's mark on every launched process, so that a check afterwards finds any that outlived it. */
const RUN = process.env.MPP_HARNESS_RUN ?? String(process.pid);
let launches = 0;
const GRACE_MS = 1000;
/**
 * A command of plain words (a program and its arguments, no quotes, variables, globs, redirections,
 * pipes or lists). The shell runs it with `exec`, so that the program replaces the shell instead of
 * becoming its child: one process less a launch, and no orphan left for PID 1 to reap when both die.
 */
const PLAIN_WORDS = /^[\w./:,@%+-]+(?: +[\w./:,@%+=-]+)*$/;

/** A program that runs in a sandbox: what it hides and its limits, and where what it tried is noted. */
export interface Sandboxed {
  hidden: string[];
  limits: Limits;
  /** A file that gets a JSON line per cause (class mode reads it for the student's row). */
  events?: string;
}

/** Class mode wraps the commands in its sandbox itself and says so here. */
const SANDBOXED: Sandboxed | undefined = process.env.MPP_SANDBOXED
  ? (JSON.parse(process.env.MPP_SANDBOXED) as Sandboxed)
  : undefined;

export class Launched {
  exit: Exit | undefined;
  /** What the sandbox refused or ended, once the program has exited. */
  causes: SandboxCause[] = [];
  /** The limits of the program's sandbox, for the sentences of its causes. */
  private limits: Limits | undefined;
  /** Settles once the program has exited and its output pipes are closed (all their holders ended). */
  readonly exited: Promise<Exit>;
  /** Settles once the launched process itself has exited, whoever still holds its output pipes. */
  private readonly processExited: Promise<void>;
  private readonly stdout = new CappedText(OUTPUT_LIMIT);
  private readonly stderr = new CappedText(OUTPUT_LIMIT);
  readonly stdin: Writable | undefined;
  readonly pid: number | undefined;
  /** Marks every process of this launch, so that one that left its group and its parent is found too. */
  private readonly mark: string;
  private readonly streams: { destroy(): void }[];
  private stopping: Promise<void> | undefined;

  constructor(
    readonly command: string,
    options: { cwd?: string; stdin: 'ignore' | 'pipe'; sandbox?: Sandboxed },
  ) {
    const sandbox = options.sandbox ?? SANDBOXED;
    // The process id keeps the marks of a parallel run's workers (one RUN, a counter each) apart.
    this.mark = `${RUN}.${process.pid}.${++launches}`;
    const child = execa(PLAIN_WORDS.test(command) ? `exec ${command}` : command, {
      shell: true,
      detached: true,
      cleanup: false,
      reject: false,
      buffer: false,
      stdin: options.stdin,
      cwd: options.cwd,
      // Marks every process of the run, so that a check afterwards can find any that outlived it.
      env: { MPP_HARNESS_RUN: RUN, MPP_HARNESS_LAUNCH: this.mark },
    });
    this.streams = [child.stdout, child.stderr].filter((stream) => stream !== null);
    this.pid = child.pid;
    this.stdin = child.stdin ?? undefined;
    child.stdin?.on('error', () => undefined); // a program that exits before reading its input
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.stdout.add(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.add(chunk));
    // execa settles once the program has exited and its output pipes are closed; the process's own
    // 'exit' comes first when a daemon it left behind still holds them.
    this.exited = child.then((result) => {
      if (result.failed && result.exitCode === undefined && !result.signal)
        this.stderr.add(t().program.couldNotStart(result.message ?? ''));
      this.exit ??= { code: result.exitCode, signal: result.signal };
      if (sandbox) this.noteCauses(sandbox);
      return this.exit;
    });
    this.processExited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      void this.exited.then(() => resolve());
    });
    running.add(this);
  }

  private noteCauses(sandbox: Sandboxed): void {
    const { stdout, stderr } = this.output;
    this.causes = sandboxCauses(this.exit ?? {}, `${stderr}\n${stdout}`, sandbox.hidden);
    this.limits = sandbox.limits;
    if (!sandbox.events || this.causes.length === 0) return;
    try {
      appendFileSync(sandbox.events, this.causes.map((cause) => `${JSON.stringify(cause)}\n`).join(''));
    } catch {
      // the class run is gone; the report still says it
    }
  }

  /** Kills every process of this launch at once, synchronously: for the run's end and for Ctrl-C. */
  kill(): void {
    signalAll(this.pid, [...familyOf(this.pid), ...marked(this.mark)], 'SIGKILL');
  }

  /** The live processes of this launch: its group and its descendants. */
  family(): number[] {
    return familyOf(this.pid);
  }

  /** The launched process and its descendants, found cheaply through /proc/<pid>/task/<tid>/children. */
  descendants(): number[] {
    return descendantsOf(this.pid);
  }

  get output(): { stdout: string; stderr: string } {
    return { stdout: this.stdout.toString(), stderr: this.stderr.toString() };
  }

  /** "exited with status 1", in a student's words, with the likely cause of well-known codes. */
  describeExit(): string {
    const m = t().program;
    if (!this.exit) return m.running;
    const sandbox = this.limits
      ? this.causes.map((cause) => `; ${describeCause(cause, this.limits as Limits)}`).join('')
      : '';
    if (this.exit.signal) return `${m.signal(this.exit.signal)}${sandbox}`;
    const cause: Record<number, string> = { 126: m.notExecutable, 127: m.notFound };
    return `${m.status(this.exit.code)}${cause[this.exit.code ?? -1] ?? ''}${sandbox}`;
  }

  /** The program's own output, for a failure message or a report. */
  describeOutput(maxLines = 15): string {
    const { stdout, stderr } = this.output;
    const lastLines = (text: string) => text.trimEnd().split('\n').slice(-maxLines).join('\n');
    const parts: string[] = [];
    const m = t().program;
    if (stderr.trim()) parts.push(`${m.stderr}\n${indent(lastLines(stderr))}`);
    if (stdout.trim()) parts.push(`${m.stdout}\n${indent(lastLines(stdout))}`);
    return parts.length ? parts.join('\n') : m.silent;
  }

  /**
   * Ends the program and everything it started: SIGTERM, then SIGKILL after a grace time, to its
   * process group, to every process that descends from it (a child that left the group with
   * setsid() is still found through its parent) and to every process that carries this launch's
   * mark (a daemon whose parent is gone). Every wait is bounded.
   */
  stop(): Promise<void> {
    this.stopping ??= this.end();
    return this.stopping;
  }

  private async end(): Promise<void> {
    // The usual end is quick: SIGTERM to the group and the descendants, and the launched process
    // exits. The whole process table is read only while the group still has members; the
    // environments once, for daemons that left the group (which may still hold the output pipes).
    signalAll(this.pid, descendantsOf(this.pid), 'SIGTERM');
    const exited = await within(
      this.processExited.then(() => true),
      GRACE_MS,
      () => false,
    );
    const group = signalGroup(this.pid, 0) ? familyOf(this.pid) : [];
    let members = [...new Set([...group, ...marked(this.mark)])];
    if (!exited || members.length > 0) {
      if (exited) {
        // Survivors that the first SIGTERM did not reach (a daemon): the same grace as the rest had.
        signalAll(this.pid, members, 'SIGTERM');
        await waitFor(() => members.every((member) => !alive(member)), { timeoutMs: GRACE_MS, everyMs: 10 });
      }
      members = [...new Set([...members, ...familyOf(this.pid), ...marked(this.mark)])];
      signalAll(this.pid, members, 'SIGKILL');
      await waitFor(() => members.every((member) => !alive(member)), {
        timeoutMs: GRACE_MS,
        everyMs: 10,
      });
    }
    // The exit is only reported once the output pipes close; a process that still holds them
    // (one the kill could not reach) must not keep the harness waiting.
    const done = await within(
      this.exited.then(() => true),
      GRACE_MS,
      () => false,
    );
    if (!done) for (const stream of this.streams) stream.destroy();
    await within(this.exited, GRACE_MS, () => undefined);
    running.delete(this);
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** Signals the whole process group; false when it is gone already (ESRCH). */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals | 0): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

interface ProcessEntry {
  pid: number;
  ppid: number;
  group: number;
}

/** The machine's live processes (zombies left out), or undefined where /proc is missing. */
function processTable(): ProcessEntry[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const table: ProcessEntry[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may contain spaces, so parse after ")".
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const [state, ppid, group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') table.push({ pid: Number(entry), ppid: Number(ppid), group: Number(group) });
    } catch {
      // the process ended while the table was read
    }
  }
  return table;
}

/**
 * The live processes of a launch: its process group and every descendant of its first process.
 * Zombies do not count: a grandchild whose parent (the shell) died first is reaped by PID 1, which in
 * a container may take a while.
 */
function familyOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const table = processTable();
  if (!table) return signalGroup(pid, 0) ? [pid] : [];
  const family = new Set(
    table.filter((entry) => entry.group === pid || entry.pid === pid).map((entry) => entry.pid),
  );
  let grown = true;
  while (grown) {
    grown = false;
    for (const entry of table) {
      if (family.has(entry.ppid) && !family.has(entry.pid)) {
        family.add(entry.pid);
        grown = true;
      }
    }
  }
  return [...family];
}

/** The process and its descendants, through the kernel's list of each thread's children. */
function descendantsOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    found.push(next);
    for (const task of readdirSafe(`/proc/${next}/task`)) {
      try {
        const children = readFileSync(`/proc/${next}/task/${task}/children`, 'latin1').trim();
        if (children) queue.push(...children.split(' ').map(Number));
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return found;
}

/** Live processes whose environment carries `MPP_HARNESS_LAUNCH=<mark>` (Linux only). */
function marked(mark: string): number[] {
  const tag = `MPP_HARNESS_LAUNCH=${mark}`;
  const found: number[] = [];
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (
        readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(tag) &&
        alive(Number(entry))
      ) {
        found.push(Number(entry));
      }
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return found;
}

/** The entries of a folder, or none where it is gone (a process that ended meanwhile). */
export function readdirSafe(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

function signalAll(group: number | undefined, members: number[], signal: NodeJS.Signals): void {
  signalGroup(group, signal);
  for (const member of members) {
    try {
      process.kill(member, signal);
    } catch {
      // already gone
    }
  }
}

const running = new Set<Launched>();

/**
 * A program under test of a single check, in the sandbox when `--sandbox` asks for one (the run has
 * made sure at its start that one can be made, or switched it off with a sentence).
 */
export function launchSandboxed(
  command: string,
  stdin: 'ignore' | 'pipe',
  { mode, limits }: { mode: SandboxMode | undefined; limits: Limits },
): Launched {
  if (mode !== 'on' && mode !== 'required') return new Launched(command, { stdin });
  const cage = singleCage(limits);
  return new Launched(sandboxCommand(command, cage), { stdin, sandbox: { hidden: cage.hidden, limits } });
}

/** Kills every program still running, synchronously: for the run's end and for Ctrl-C. */
export function killAll(): void {
  for (const program of running) program.kill();
  running.clear();
}

/** The processes of every program still running (each launch's first process and its descendants). */
export function runningPrograms(): number[] {
  return [...running].filter((program) => !program.exit).flatMap((program) => program.descendants());
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((program) => program.stop()));
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}
