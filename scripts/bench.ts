// `npm run bench`: how long a student waits, and what the check costs the machine. Prints figures,
// judges nothing. Each line is a whole `npm test` as a student types it (npm, the harness and every
// start of the program included): wall time, CPU time (user + system, of every process) and the peak
// memory of the largest process, the median of MPP_BENCH_RUNS runs. The floor is the bare start of
// the Python interpreter, which a check of a Python server pays once per scenario. Then `explore` with
// its default budget, of a deep-bug server and a correct one (`bench explore`: only these). Last, the
// stability of the representative fixtures (`npm run stability`) with N = MPP_BENCH_RUNS.

import os from 'node:os';
import { pythonBinary } from '../bin/python';
import { read, SETTINGS } from '../support/settings/target';
import { measure } from './measure';
import { fixtureStability, REPRESENTATIVE } from './stability';

const RUNS = Number(process.env.MPP_BENCH_RUNS ?? 3);
// The interpreter binary, not a version manager's shim: see bin/python.ts.
const python = pythonBinary();
const PYTHON = python.path;
const CORRECT = `${PYTHON} fixtures/servers/python/server.py {port} {first} {last}`;
const SILENT = `${PYTHON} fixtures/hostile/server.py {port} {first} {last} silent`;
const DEEP = `${PYTHON} fixtures/strangers/deep/py-holder-counter/server.py {port} {first} {last}`;
/** A fixed seed, so that every run of the bench explores the same sequences. */
const EXPLORE_SEED = '1';
const ONLY_EXPLORE = process.argv[2] === 'explore';

interface Case {
  name: string;
  command: string[];
  env: Record<string, string>;
}

const npmTest = (env: Record<string, string>): Omit<Case, 'name'> => ({
  command: ['npm', 'test', '--silent'],
  env: { MPP_REPORTS_DIR: 'reports/bench', ...env },
});

const cases: Case[] = [
  { name: 'floor: python3 -c pass (one start)', command: [PYTHON, '-c', 'pass'], env: {} },
  {
    name: 'correct Python server, one after another',
    ...npmTest({ MPP_SERVER_CMD: CORRECT, MPP_PARALLEL: '1' }),
  },
  { name: 'correct Python server, concurrent (default)', ...npmTest({ MPP_SERVER_CMD: CORRECT }) },
  {
    name: 'server that never answers, one after another',
    ...npmTest({ MPP_SERVER_CMD: SILENT, MPP_PARALLEL: '1' }),
  },
  { name: 'server that never answers, concurrent (default)', ...npmTest({ MPP_SERVER_CMD: SILENT }) },
];

/** `explore` with its default budget: the search (to a finding, or the whole budget), shrinking and the scenario's run alone. */
const explore = (command: string, name: string): Omit<Case, 'name'> => ({
  command: ['node', 'bin/mpp-conformance.cjs', 'explore', '--seed', EXPLORE_SEED],
  env: { MPP_SERVER_CMD: command, MPP_REPORTS_DIR: `reports/bench/explore-${name}` },
});

const exploreCases: Case[] = [
  { name: 'deep-bug server (py-holder-counter), found', ...explore(DEEP, 'deep') },
  { name: 'correct Python server, no finding', ...explore(CORRECT, 'correct') },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function row(entry: Case): string {
  const runs = Array.from({ length: RUNS }, () => measure(entry.command, { env: entry.env }));
  const [wall, cpu, rss] = (['wall', 'cpu', 'peak'] as const).map((figure) =>
    median(runs.map((run) => run[figure])),
  );
  const codes = [...new Set(runs.map((run) => run.code))].join('/');
  return `${entry.name.padEnd(48)} ${wall?.toFixed(2).padStart(6)} s ${cpu?.toFixed(2).padStart(6)} s ${rss?.toFixed(0).padStart(6)} MiB  ${codes}`;
}

console.log(
  `mpp-conformance benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}, Python ${PYTHON} (${python.source}), median of ${RUNS}`,
);
if (!ONLY_EXPLORE) {
  console.log(
    `${'npm test of'.padEnd(48)} ${'wall'.padStart(8)} ${'CPU'.padStart(8)} ${'peak'.padStart(10)}  exit`,
  );
  for (const entry of cases) console.log(row(entry));
}

console.log(
  `\n${`explore, default budget ${read({}, SETTINGS.exploreBudget) / 1000} s, seed ${EXPLORE_SEED}`.padEnd(48)} ${'wall'.padStart(8)} ${'CPU'.padStart(8)} ${'peak'.padStart(10)}  exit`,
);
for (const entry of exploreCases) console.log(row(entry));
console.log(
  `load after: ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}`,
);
if (ONLY_EXPLORE) process.exit(0);

console.log(`\nStability of the representative fixtures, ${RUNS} runs each, two fixtures at a time:`);
// Printed, not judged, as the figures above: `npm run stability` is the check that fails on a flip.
void fixtureStability({ times: RUNS, parallel: 2, names: REPRESENTATIVE });
