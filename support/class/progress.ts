// How far a class run is. On a terminal one live line (students and cells done of all, the time so
// far, an estimate of the rest) under the lines of the finished students; without a terminal (CI)
// only a line per finished student, so that a log of hundreds of students stays readable.

import { t } from '../messages';

/** What is done and what there is, in counts and in expected time (the plan's cost model). */
export interface Done {
  students: number;
  studentsTotal: number;
  cells: number;
  cellsTotal: number;
  /** Expected ms of the finished work, and of all of it. */
  cost: number;
  costTotal: number;
}

/** "12:05", "1:02:03". */
export function clock(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/**
 * The time still to go: the time so far scaled by the expected time of what is left against what is
 * done (the estimate follows the machine's real speed); undefined until something is done.
 */
export function estimateLeft(elapsedMs: number, done: Pick<Done, 'cost' | 'costTotal'>): number | undefined {
  if (done.cost <= 0 || elapsedMs <= 0) return undefined;
  return (elapsedMs * Math.max(0, done.costTotal - done.cost)) / done.cost;
}

/** The live line. */
export function progressLine(done: Done, elapsedMs: number): string {
  const left = estimateLeft(elapsedMs, done);
  return t().classRun.progress(
    done.students,
    done.studentsTotal,
    done.cells,
    done.cellsTotal,
    clock(elapsedMs),
    left === undefined ? undefined : clock(left),
  );
}

export class Progress {
  private readonly done: Done;
  private readonly started = Date.now();
  private readonly ticker: NodeJS.Timeout | undefined;

  constructor(
    totals: Pick<Done, 'studentsTotal' | 'cellsTotal' | 'costTotal'>,
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly tty = Boolean(out.isTTY),
  ) {
    this.done = { students: 0, cells: 0, cost: 0, ...totals };
    // The time so far moves on while long checks run.
    if (this.tty) this.ticker = setInterval(() => this.draw(), 1000).unref();
  }

  /** Work of this expected time finished (a build, a check, a cell). */
  worked(cost: number): void {
    this.done.cost += cost;
    this.draw();
  }

  /** A cell finished: counted, never printed (there are hundreds). */
  cell(cost: number): void {
    this.done.cells++;
    this.worked(cost);
  }

  /** A student's build and checks are all done: its line. */
  student(line: string): void {
    this.done.students++;
    this.print(line);
  }

  print(line: string): void {
    if (this.tty) this.out.write('\r\x1b[K');
    this.out.write(`${line}\n`);
    this.draw();
  }

  clear(): void {
    clearInterval(this.ticker);
    if (this.tty) this.out.write('\r\x1b[K');
  }

  private draw(): void {
    if (!this.tty) return;
    const line = progressLine(this.done, Date.now() - this.started);
    this.out.write(`\r\x1b[K${line.slice(0, (this.out.columns || 100) - 1)}`);
  }
}
