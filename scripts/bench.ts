// `npm run bench`: how fast the harness is. Prints figures, judges nothing: wall time of the reference
// run, and per-scenario time against the reference server, a Python server, and a Python server with
// cucumber's --parallel. Each configuration runs RUNS times; the figures are medians over the runs.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { Summary } from '../support/summary';

const RUNS = Number(process.env.MPP_BENCH_RUNS ?? 3);
const PYTHON_SERVER = 'python3 fixtures/servers/python/server.py {port} {first} {last}';

interface Configuration {
  name: string;
  env: Record<string, string>;
}

const configurations: Configuration[] = [
  { name: 'reference server and client, in-process', env: {} },
  { name: 'reference server only', env: { MPP_TAGS: '@server' } },
  { name: 'Python fixture server (MPP_SERVER_CMD)', env: { MPP_SERVER_CMD: PYTHON_SERVER } },
  { name: 'Python fixture server, --parallel 2', env: { MPP_SERVER_CMD: PYTHON_SERVER, MPP_PARALLEL: '2' } },
];

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function measure(configuration: Configuration): Promise<string> {
  const walls: number[] = [];
  const scenarios: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const reports = path.join('reports', 'bench');
    const started = process.hrtime.bigint();
    await execa('node', ['-r', 'ts-node/register', 'bin/mpp-conformance.ts'], {
      env: { ...configuration.env, MPP_REPORTS_DIR: reports },
      reject: false,
    });
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    const summary = JSON.parse(readFileSync(path.join(reports, 'summary.json'), 'utf8')) as Summary;
    // A5 waits for a time-out on purpose; it would only measure that wait.
    for (const scenario of summary.scenarios) {
      if (!scenario.requirements.includes('A5')) scenarios.push(scenario.durationMs);
    }
  }
  const wall = quantile(walls, 0.5) / 1000;
  return `${configuration.name.padEnd(42)} ${wall.toFixed(2).padStart(6)} s  ${String(quantile(scenarios, 0.5)).padStart(5)} ms  ${String(quantile(scenarios, 0.95)).padStart(5)} ms`;
}

async function main(): Promise<void> {
  console.log(
    `mpp-conformance benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${RUNS} runs each`,
  );
  console.log(
    `${'configuration'.padEnd(42)} ${'wall'.padStart(8)}  ${'median'.padStart(8)}  ${'p95'.padStart(8)}   (per scenario, A5 left out)`,
  );
  for (const configuration of configurations) console.log(await measure(configuration));
}

void main();
