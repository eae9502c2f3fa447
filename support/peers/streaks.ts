// Streaks of scenarios in which the program under test did nothing at all: it did not start, it
// answered no client, it never connected. After two in a row it is not waited for again, so that a
// dead program is judged in seconds; the scenarios after that are blocked by the first failure. The
// streaks live in a folder per run, so that the worker processes of a concurrent run share them.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const GIVE_UP_AFTER = 2;

function folder(): string {
  return path.join(os.tmpdir(), `mpp-conformance-${process.env.MPP_HARNESS_RUN ?? process.pid}`);
}

export class Streak {
  constructor(private readonly name: string) {}

  private get file(): string {
    return path.join(folder(), this.name);
  }

  private read(): { count: number; last: string } {
    try {
      const [count = '0', ...last] = readFileSync(this.file, 'utf8').split('\n');
      return { count: Number(count) || 0, last: last.join('\n') };
    } catch {
      return { count: 0, last: '' };
    }
  }

  /** How many scenarios in a row the program did nothing, and what happened the last time. */
  get count(): number {
    return this.read().count;
  }

  get last(): string {
    return this.read().last;
  }

  get givenUp(): boolean {
    return this.count >= GIVE_UP_AFTER;
  }

  miss(what = ''): void {
    mkdirSync(folder(), { recursive: true });
    writeFileSync(this.file, `${this.count + 1}\n${what}`);
  }

  hit(): void {
    if (this.count) writeFileSync(this.file, '0\n');
  }
}

export const serverStarts = new Streak('server-start');
export const serverSilence = new Streak('server-silence');
export const clientConnects = new Streak('client-connect');

/** Ends the run's streaks (the runner calls it before and after a run). */
export function clearStreaks(): void {
  rmSync(folder(), { recursive: true, force: true });
}
