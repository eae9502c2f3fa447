// Runs the class mode's child processes (builds, conformance checks, matrix cells), each bounded in
// time and output, each in a process group of its own, and — where Linux allows it — each in a
// network namespace of its own with only loopback, so that two students who both listen on 10001
// never meet. A namespace vanishes with its last process; each child is a Child (support/process/
// child.ts) whose mark every process in it carries, the programs its harness launches under it, so
// that the end of a run or Ctrl-C finds and kills even a daemon that left its group, and with it the
// namespace. This module does not load the launcher: class mode stops its children gently on Ctrl-C.

import { spawnSync } from 'node:child_process';
import { Child } from './child';

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

/** How long a child's output pipes may stay open after the child itself exited. */
const PIPE_GRACE_MS = 2000;
/** A harness gets longer than a program under test to end: it ends its own programs first. */
const GRACE_MS = 3000;

export class Sandbox {
  constructor(readonly isolation: Isolation) {}

  /** Runs one child to its end or its bound; never rejects. */
  async run(options: ChildOptions): Promise<ChildResult> {
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
    // A run of its own: the harness in it marks its programs under the child's mark.
    const child = new Child({
      command: argv,
      cwd: options.cwd,
      env: options.env,
      stdin: 'ignore',
      graceMs: GRACE_MS,
      interleaved: true,
      ownRun: true,
      timeoutMs: options.timeoutMs,
      pipeGraceMs: PIPE_GRACE_MS,
    });
    const exit = await child.exited;
    // Whatever the child left behind (a server that outlived a killed harness) goes with it, and the
    // run ends only once it is gone: a SIGKILL is delivered when the process next runs, which on a
    // busy machine is later than the kill() call (a bounded wait, in stop()).
    child.kill();
    await child.stop();
    return {
      code: exit.code ?? null,
      signal: (exit.signal as NodeJS.Signals | undefined) ?? null,
      output: child.log,
      timedOut: child.timedOut,
      ms: Date.now() - started,
    };
  }
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
