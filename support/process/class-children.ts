// Runs the class mode's child processes (builds, conformance checks, matrix cells), each bounded in
// time and output, each in a process group of its own, and — where Linux allows it — each in a
// network namespace of its own with only loopback, so that two students who both listen on 10001
// never meet. A namespace vanishes with its last process; every process of a child carries a mark
// (MPP_HARNESS_RUN, which the harness's launcher passes on), so that the end of a run or Ctrl-C can
// find and kill even a daemon that left its group, and with it the namespace.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { CappedText } from './capped-text';

export type Isolation =
  | { kind: 'netns'; unshare: string[]; description: string }
  | { kind: 'ports'; description: string };

/** Whether this machine lets us make network namespaces: as root `unshare -n`, else in a user namespace. */
export function detectIsolation(env: NodeJS.ProcessEnv = process.env): Isolation {
  if (env.MPP_CLASS_ISOLATION === 'ports') {
    return {
      kind: 'ports',
      description:
        'network namespaces are switched off (MPP_CLASS_ISOLATION=ports): each run gets ports of its own, and students whose commands have no {port} placeholder (fixed port 10001) run one at a time',
    };
  }
  const flags = process.getuid?.() === 0 ? ['-n'] : ['-r', '-n'];
  const probe = spawnSync('unshare', [...flags, 'sh', '-c', 'ip link set lo up'], {
    stdio: 'ignore',
    timeout: 5000,
  });
  if (probe.status === 0) {
    return {
      kind: 'netns',
      unshare: flags,
      description: `each check and each matrix pair runs in a network namespace of its own (unshare ${flags.join(' ')}): students cannot meet on a port`,
    };
  }
  return {
    kind: 'ports',
    description:
      'network namespaces are not available here (unshare -n failed): each run gets ports of its own, and students whose commands have no {port} placeholder (fixed port 10001) run one at a time',
  };
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The start and the end of stdout and stderr together, capped. */
  output: string;
  timedOut: boolean;
  ms: number;
}

export interface ChildOptions {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Put the child into a network namespace of its own (when the isolation allows it). */
  isolate: boolean;
}

const OUTPUT_LIMIT = 64 * 1024;
/** How long a child's output pipes may stay open after the child itself exited. */
const PIPE_GRACE_MS = 2000;
const GRACE_MS = 3000;
/**
 * The prefix of every mark of this run. Under another run's mark (explore's judging run, started by a
 * class run's exploration), under that one, so that the outer run's end finds these processes too.
 */
const RUN = `${process.env.MPP_HARNESS_RUN ? `${process.env.MPP_HARNESS_RUN}.` : ''}class-${process.pid}`;
let children = 0;
const running = new Map<ChildProcess, string>();

export class Sandbox {
  constructor(readonly isolation: Isolation) {}

  /** Runs one child to its end or its bound; never rejects. */
  run(options: ChildOptions): Promise<ChildResult> {
    const mark = `${RUN}-${++children}`;
    const argv =
      options.isolate && this.isolation.kind === 'netns'
        ? [
            'unshare',
            ...this.isolation.unshare,
            '--',
            'sh',
            '-c',
            'ip link set lo up && exec "$@"',
            'sh',
            ...options.argv,
          ]
        : options.argv;
    const started = Date.now();
    const child = spawn(argv[0] as string, argv.slice(1), {
      cwd: options.cwd,
      env: { ...options.env, MPP_HARNESS_RUN: mark },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.set(child, mark);
    const output = new CappedText(OUTPUT_LIMIT);
    const keep = (chunk: Buffer) => output.add(chunk.toString('utf8'));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // A child that exited but left a process holding its output pipes (a build that starts a
    // daemon) ends once the grace has passed: its pipes are closed, and killMarked ends the rest.
    child.once('exit', () => {
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, PIPE_GRACE_MS).unref();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void stop(child, mark);
    }, options.timeoutMs);
    return new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
        clearTimeout(timer);
        running.delete(child);
        // Whatever the child left behind (a server that outlived a killed harness) goes with it.
        killMarked(mark);
        const text = output.toString();
        resolve({
          code,
          signal,
          output: error ? `${text}${error.message}\n` : text,
          timedOut,
          ms: Date.now() - started,
        });
      };
      child.once('error', (error) => finish(null, null, error));
      child.once('close', (code, signal) => finish(code, signal));
    });
  }
}

/** SIGTERM to the child's group (the harness then stops what it launched), SIGKILL after a grace time. */
async function stop(child: ChildProcess, mark: string): Promise<void> {
  signalGroup(child, 'SIGTERM');
  const ended = await new Promise<boolean>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!ended) signalGroup(child, 'SIGKILL');
  killMarked(mark);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Kills every live process whose environment carries a mark that starts with `prefix`. */
function killMarked(prefix: string): void {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return; // no /proc: the process groups are all we can reach
  }
  const tag = `MPP_HARNESS_RUN=${prefix}`;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const marks = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      // "-" ends the child's number, so that class-1-1 does not match class-1-12.
      if (marks.some((mark) => mark === tag || mark.startsWith(`${tag}-`) || mark.startsWith(`${tag}.`)))
        process.kill(Number(entry), 'SIGKILL');
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
}

/** Ends every running child: SIGTERM first so that the harnesses clean up, then SIGKILL. For Ctrl-C. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(([child, mark]) => stop(child, mark)));
  killMarked(RUN);
}

/** The last resort at exit: SIGKILL to every group and every marked process, synchronously. */
export function killAll(): void {
  for (const child of running.keys()) signalGroup(child, 'SIGKILL');
  killMarked(RUN);
}

/** Runs `critical` alone: for students with a fixed port when there are no namespaces. */
export class Mutex {
  private last: Promise<void> = Promise.resolve();

  async run<T>(critical: () => Promise<T>): Promise<T> {
    const before = this.last;
    let release: () => void = () => {};
    this.last = new Promise<void>((resolve) => {
      release = resolve;
    });
    await before;
    try {
      return await critical();
    } finally {
      release();
    }
  }
}
