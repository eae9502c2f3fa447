// Bounds that count the program's time, not the machine's. On a busy machine a program under test waits
// for a CPU before it can answer; a bound of MPP_TIMEOUT_MS on the wall clock alone would call it
// silent in one run and not in the next. A bound is therefore extended by the time its programs were
// kept from running: the run-queue delay of their threads (/proc/<pid>/task/<tid>/schedstat), and a
// moment more while one of them is running or in disk sleep when the bound runs out. Where the harness
// knows no process (a server at MPP_SERVER_ADDR, the bundled reference in the harness's own process),
// the machine's CPU and I/O pressure (/proc/pressure) stands in. A program that sleeps waiting for
// input owes nothing: a silent program is judged as soon on a busy machine as on an idle one.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runningPrograms } from './child';
import { tasksOf } from './processes';

/** A bound is extended by at most this many times itself. */
export const MAX_EXTENSION = 4;
/** What a bound waits more while one of its programs is running or in disk sleep as it runs out. */
export const BUSY_STEP_MS = 25;

/** What keeps the programs under test from running, sampled now. */
export interface Sample {
  /** Cumulative milliseconds their threads waited for a CPU (or the machine's pressure stall time). */
  delayedMs: number;
  /** Whether one of their threads is running or in disk sleep: it may be about to answer. */
  busy: boolean;
}

export type Meter = () => Sample;

/** A bound of `ms` on waiting for the programs under test, begun now. */
export class Bound {
  private readonly started: number;
  private readonly mark: number;
  private busyMs = 0;

  constructor(
    readonly ms: number,
    private readonly meter: Meter = sample,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.started = clock();
    this.mark = ms > 0 ? meter().delayedMs : 0;
  }

  /** Milliseconds still to wait; 0 once the bound and what the programs are owed have run out. */
  remaining(): number {
    const elapsed = this.clock() - this.started;
    if (elapsed < this.ms) return this.ms - elapsed;
    if (this.ms <= 0) return 0;
    const now = this.meter();
    // Each look at a program that is running or in disk sleep grants it a step more.
    if (now.busy) this.busyMs += BUSY_STEP_MS;
    const owed = Math.min(this.ms * MAX_EXTENSION, Math.max(0, now.delayedMs - this.mark) + this.busyMs);
    return Math.max(0, this.ms + owed - elapsed);
  }
}

/**
 * Calls `onExpire` once `bound` has run out; returns the cancel. After a stall of the harness's own
 * event loop, timers run before the input that arrived meanwhile: the last look waits for that input
 * to be delivered first, so that an answer that came in time is never taken for silence.
 */
export function onExpiry(bound: Bound, onExpire: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const look = () => {
    const left = bound.remaining();
    if (left > 0) timer = setTimeout(look, left);
    else immediate = setImmediate(onExpire);
  };
  look();
  return () => {
    clearTimeout(timer);
    clearImmediate(immediate);
  };
}

/** The programs under test as the kernel sees them now; the machine's pressure where there are none. */
export function sample(): Sample {
  const pids = runningPrograms();
  return pids.length ? sampleThreads(pids) : machinePressure();
}

function sampleThreads(pids: readonly number[]): Sample {
  let delayedNs = 0;
  let busy = false;
  for (const pid of pids) {
    for (const task of tasksOf(pid)) {
      // schedstat: "time on CPU (ns) time waiting on a run queue (ns) timeslices"
      const schedstat = read(`/proc/${pid}/task/${task}/schedstat`)?.split(' ');
      delayedNs += Number(schedstat?.[1] ?? 0) || 0;
      // stat: "tid (comm) state …"; comm may contain spaces.
      const state = read(`/proc/${pid}/task/${task}/stat`)?.split(') ')[1]?.[0];
      if (state === 'R' || state === 'D') busy = true;
    }
  }
  return { delayedMs: delayedNs / 1e6, busy };
}

/** The machine's CPU and I/O pressure: the time in which some task waited (µs, since boot). */
export function machinePressure(): Sample {
  let stalledUs = 0;
  for (const resource of ['cpu', 'io']) {
    const some = read(`/proc/pressure/${resource}`)?.match(/^some .*total=(\d+)/m);
    stalledUs += Number(some?.[1] ?? 0);
  }
  return { delayedMs: stalledUs / 1000, busy: false };
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined; // the thread ended meanwhile, or no /proc (macOS): nothing owed
  }
}
