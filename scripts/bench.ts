// `npm run bench`: how long a student waits, and what the check costs the machine. Prints figures,
// judges nothing. Each line is a whole `npm test` as a student types it (npm, the harness and every
// start of the program included): wall time, CPU time (user + system, of every process) and the peak
// memory of the largest process, the median of MPP_BENCH_RUNS runs. The floor is the bare start of
// the Python interpreter, which a check of a Python server pays once per scenario.

import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { pythonBinary } from '../bin/python';

const RUNS = Number(process.env.MPP_BENCH_RUNS ?? 3);
// The interpreter binary, not a version manager's shim: see bin/python.ts.
const python = pythonBinary();
const PYTHON = python.path;
const CORRECT = `${PYTHON} fixtures/servers/python/server.py {port} {first} {last}`;
const SILENT = `${PYTHON} fixtures/hostile/server.py {port} {first} {last} silent`;

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

// Python measures what Node cannot: the resource use of a command with all its descendants.
const MEASURE = `
import json, resource, subprocess, sys, time
started = time.monotonic()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([time.monotonic() - started, used.ru_utime + used.ru_stime, used.ru_maxrss / 1024, code]))
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function measure(entry: Case): string {
  const runs = Array.from({ length: RUNS }, () => {
    const out = execFileSync(PYTHON, ['-c', MEASURE, ...entry.command], {
      env: { ...process.env, ...entry.env },
      encoding: 'utf8',
    });
    return JSON.parse(out) as [number, number, number, number];
  });
  const [wall, cpu, rss] = [0, 1, 2].map((column) => median(runs.map((run) => run[column] ?? 0)));
  const codes = [...new Set(runs.map((run) => run[3]))].join('/');
  return `${entry.name.padEnd(48)} ${wall?.toFixed(2).padStart(6)} s ${cpu?.toFixed(2).padStart(6)} s ${rss?.toFixed(0).padStart(6)} MiB  ${codes}`;
}

console.log(
  `mpp-conformance benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}, Python ${PYTHON} (${python.source}), median of ${RUNS}`,
);
console.log(
  `${'npm test of'.padEnd(48)} ${'wall'.padStart(8)} ${'CPU'.padStart(8)} ${'peak'.padStart(10)}  exit`,
);
for (const entry of cases) console.log(measure(entry));
