// `--repeat N` (MPP_REPEAT): the same check N times, one whole run after another, each a fresh
// `mpp-conformance` process with reports of its own, then the comparison of their summary.json
// (support/report/stability.ts). Used by the command line and by `npm run stability`.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { killAll, stopAll } from '../support/process/child';
import { Sandbox } from '../support/process/class-children';
import { compareRuns, type RunInput, runLine, runRecord, type Stability } from '../support/report/stability';
import type { Summary } from '../support/report/summary';
import { SETTINGS } from '../support/settings/target';

/** A run that takes longer than this is stuck, whatever the program does (as in the self-test). */
export const RUN_LIMIT_MS = 5 * 60_000;

export interface RepeatOptions {
  /** The environment of every run: the settings and the target, as for a single run. */
  env: NodeJS.ProcessEnv;
  times: number;
  /** Run i reports to <reports>/repeat-<i>/; stability.json goes to <reports>/. */
  reports: string;
  /** Where a line per finished run goes. */
  say: (line: string) => void;
}

// The runs are not isolated from each other's ports: they take turns.
const sandbox = new Sandbox({ kind: 'ports', description: 'the runs of a repeat take turns' });
let stopping = false;

/**
 * Each run has a process group of its own, which Ctrl-C at the terminal does not reach: pass an
 * interruption on to it (the harness in it then ends its programs), and end this process the same way.
 */
function stopOnSignals(): void {
  if (stopping) return;
  stopping = true;
  // The last resort, should this process end with a run still going.
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      void stopAll().then(() => process.kill(process.pid, signal));
    });
  }
}

export async function repeat(options: RepeatOptions): Promise<Stability> {
  stopOnSignals();
  const inputs: RunInput[] = [];
  for (let index = 1; index <= options.times; index++) {
    const reports = path.join(options.reports, `repeat-${index}`);
    // A summary.json left from an earlier repeat must not pass for this run's.
    rmSync(reports, { recursive: true, force: true });
    mkdirSync(reports, { recursive: true });
    const run = await sandbox.run({
      argv: [process.execPath, 'bin/mpp-conformance.cjs'],
      cwd: process.cwd(),
      env: { ...options.env, [SETTINGS.repeat.variable]: '1', [SETTINGS.reportsDir.variable]: reports },
      timeoutMs: RUN_LIMIT_MS,
      isolate: false,
    });
    writeFileSync(path.join(reports, 'output.log'), run.output);
    const input: RunInput = {
      reports,
      summary: readSummary(reports),
      exitCode: run.code,
      timedOut: run.timedOut,
      ms: run.ms,
    };
    inputs.push(input);
    options.say(runLine(runRecord(input), index, options.times, RUN_LIMIT_MS));
  }
  const stability = compareRuns(inputs);
  writeFileSync(path.join(options.reports, 'stability.json'), `${JSON.stringify(stability, null, 2)}\n`);
  return stability;
}

function readSummary(reports: string): Summary | undefined {
  try {
    return JSON.parse(readFileSync(path.join(reports, 'summary.json'), 'utf8')) as Summary;
  } catch {
    return undefined;
  }
}
