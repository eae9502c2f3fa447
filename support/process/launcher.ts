// A program under test: a shell command started as a child of its own (support/process/child.ts: its
// process group, its capped output, its end with everything it started), in the sandbox where the run
// asks for one, with its exit and its output in a student's words. Loading this module makes the run's
// end and Ctrl-C kill every child still running; class mode, which stops its children gently first,
// does not load it.

import { appendFileSync } from 'node:fs';
import { t } from '../messages';
import { Child, type Exit, killAll } from './child';
import {
  describeCause,
  type Limits,
  type SandboxCause,
  type SandboxMode,
  sandboxCauses,
  sandboxCommand,
  singleCage,
} from './sandbox';

export type { Exit } from './child';
export { killAll, stopAll } from './child';

const GRACE_MS = 1000;
/**
 * A command of plain words (a program and its arguments, no quotes, variables, globs, redirections,
 * pipes or lists). The shell runs it with `exec`, so that the program replaces the shell instead of
 * becoming its child: one process less a launch, and no orphan left for PID 1 to reap when both die.
 */
const PLAIN_WORDS = /^[\w./:,@%+-]+(?: +[\w./:,@%+=-]+)*$/;
/** The run's mark on every launched program, so that a check afterwards finds any that outlived it. */
const RUN = process.env.MPP_HARNESS_RUN ?? String(process.pid);

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

export class Launched extends Child {
  /** What the sandbox refused or ended, once the program has exited. */
  causes: SandboxCause[] = [];
  /** The limits of the program's sandbox, for the sentences of its causes. */
  private limits: Limits | undefined;
  private readonly sandbox: Sandboxed | undefined;

  constructor(
    readonly command: string,
    options: { cwd?: string; stdin: 'ignore' | 'pipe'; sandbox?: Sandboxed },
  ) {
    super({
      command: PLAIN_WORDS.test(command) ? `exec ${command}` : command,
      cwd: options.cwd,
      env: { ...process.env, MPP_HARNESS_RUN: RUN },
      stdin: options.stdin,
      graceMs: GRACE_MS,
      underTest: true,
    });
    this.sandbox = options.sandbox ?? SANDBOXED;
  }

  protected override exitedWith(exit: Exit): void {
    if (!this.sandbox) return;
    const { stdout, stderr } = this.output;
    this.causes = sandboxCauses(exit, `${stderr}\n${stdout}`, this.sandbox.hidden);
    this.limits = this.sandbox.limits;
    if (!this.sandbox.events || this.causes.length === 0) return;
    try {
      appendFileSync(this.sandbox.events, this.causes.map((cause) => `${JSON.stringify(cause)}\n`).join(''));
    } catch {
      // the class run is gone; the report still says it
    }
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
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

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

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}
