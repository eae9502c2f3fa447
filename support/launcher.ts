// Starts a program under test in a process group of its own, keeps a capped copy of its output, and
// kills the whole group afterwards: execa's kill() would not reach a grandchild (a `sh -c` wrapper's
// java, a forked worker), so every launch is `detached` and killed as a group, and a registry kills
// what is left when the run ends or is interrupted.

import { readdirSync, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { execa } from 'execa';
import { waitFor } from './wait';

export interface Exit {
  code: number | undefined;
  signal: string | undefined;
}

/** Keeps the start and the end of a long output, and says how much it cut. */
class CappedText {
  private head = '';
  private tail = '';
  private total = 0;

  constructor(private readonly limit: number) {}

  add(chunk: string): void {
    this.total += chunk.length;
    if (this.head.length < this.limit / 2) {
      const room = this.limit / 2 - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    this.tail = (this.tail + chunk).slice(-this.limit / 2);
  }

  toString(): string {
    const kept = this.head.length + this.tail.length;
    if (kept >= this.total) return this.head + this.tail;
    return `${this.head}\n… ${this.total - kept} characters cut …\n${this.tail}`;
  }
}

const OUTPUT_LIMIT = 64 * 1024;
const GRACE_MS = 1000;

export class Launched {
  exit: Exit | undefined;
  readonly exited: Promise<Exit>;
  private readonly stdout = new CappedText(OUTPUT_LIMIT);
  private readonly stderr = new CappedText(OUTPUT_LIMIT);
  readonly stdin: Writable | undefined;
  readonly pid: number | undefined;
  private stopping = false;

  constructor(
    readonly command: string,
    options: { cwd?: string; stdin: 'ignore' | 'pipe' },
  ) {
    const child = execa(command, {
      shell: true,
      detached: true,
      cleanup: false,
      reject: false,
      buffer: false,
      stdin: options.stdin,
      cwd: options.cwd,
    });
    this.pid = child.pid;
    this.stdin = child.stdin ?? undefined;
    child.stdin?.on('error', () => undefined); // a program that exits before reading its input
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.stdout.add(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.add(chunk));
    this.exited = child.then((result) => {
      this.exit = { code: result.exitCode, signal: result.signal };
      if (result.failed && result.exitCode === undefined && !result.signal)
        this.stderr.add(result.message ?? 'the program could not be started');
      return this.exit;
    });
    running.add(this);
  }

  get output(): { stdout: string; stderr: string } {
    return { stdout: this.stdout.toString(), stderr: this.stderr.toString() };
  }

  /** "exited with status 1", in a student's words, with the likely cause of well-known codes. */
  describeExit(): string {
    if (!this.exit) return 'is still running';
    if (this.exit.signal) return `was ended by signal ${this.exit.signal}`;
    const cause: Record<number, string> = {
      126: ' (the shell found the program but could not run it: is it executable?)',
      127: ' (the shell could not find the program: check the command and the working directory)',
    };
    return `exited with status ${this.exit.code}${cause[this.exit.code ?? -1] ?? ''}`;
  }

  /** The program's own output, for a failure message or a report. */
  describeOutput(maxLines = 15): string {
    const { stdout, stderr } = this.output;
    const lastLines = (text: string) => text.trimEnd().split('\n').slice(-maxLines).join('\n');
    const parts: string[] = [];
    if (stderr.trim()) parts.push(`its stderr (last lines):\n${indent(lastLines(stderr))}`);
    if (stdout.trim()) parts.push(`its stdout (last lines):\n${indent(lastLines(stdout))}`);
    return parts.length ? parts.join('\n') : 'it printed nothing';
  }

  /** Ends the program and everything it started: SIGTERM to the group, then SIGKILL after a grace time. */
  async stop(): Promise<void> {
    if (this.stopping) return this.exited.then(() => undefined);
    this.stopping = true;
    signalGroup(this.pid, 'SIGTERM');
    await waitFor(() => this.exit !== undefined, { timeoutMs: GRACE_MS, everyMs: 10 });
    signalGroup(this.pid, 'SIGKILL');
    await waitFor(() => !groupAlive(this.pid), { timeoutMs: GRACE_MS, everyMs: 10 });
    await this.exited;
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

/**
 * Whether a process of the group still runs. Zombies do not count: a grandchild whose parent (the
 * shell) died first is reaped by PID 1, which in a container may take a while.
 */
function groupAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return signalGroup(pid, 0);
  }
  return entries.some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may contain spaces, so parse after ")".
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(group) === pid && state !== 'Z';
    } catch {
      return false;
    }
  });
}

const running = new Set<Launched>();

/** Kills every program still running, synchronously: for the run's end and for Ctrl-C. */
export function killAll(): void {
  for (const program of running) signalGroup(program.pid, 'SIGKILL');
  running.clear();
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
