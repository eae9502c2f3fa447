// `npm run stability`: is the harness's verdict reproducible? Checks a representative set of the
// fixtures of fixtures/manifest.json with `--repeat N` each (N from --repeat or MPP_REPEAT, default 5),
// under the self-test's settings, and prints per fixture how often each verdict and failed set came
// out and whether every run got the manifest's. Exit status 1 on any difference between the runs of
// a fixture or from the manifest.
//
//   npm run stability -- [--repeat N] [--parallel K] [--only name,name]
//
// Fixtures run one after another (the runs of one always do); --parallel K runs K fixtures at once.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildFixtures, type Fixture, fixtureEnv, readManifest } from '../bin/fixtures';
import { pathWithPython, pythonBinary } from '../bin/python';
import { repeat } from '../bin/repeat';
import { runMain } from '../bin/run-main';
import { type Stability, scenarioLine, stabilityLine } from '../support/report/stability';
import { SETTINGS } from '../support/settings/target';

/** A correct server and client, known bugs that depend on timing, a hostile server, and each compiled language. */
export const REPRESENTATIVE = [
  'python-server',
  'python-client',
  'python-server-race',
  'python-server-closes-on-assigned',
  'c-server-blocking',
  'hostile-server-silent',
  'c-server-poll',
  'cpp-server',
  'java-server',
  'rust-client',
  'c-client',
];
const DEFAULT_RUNS = '5';
/** Below the harness's default 20000 and the self-test's 22000, so that either may run meanwhile. */
const PORT_BASE = Number(process.env.MPP_STABILITY_PORT_BASE ?? 12000);
const STABILITY_PORTS = 8000;

export interface StabilityOptions {
  times: number;
  parallel: number;
  names: readonly string[];
}

/** Builds the fixtures, repeats the check of each and prints what came out; 0 when all is as it should be. */
export async function fixtureStability(options: StabilityOptions): Promise<number> {
  const manifest = readManifest();
  const fixtures = options.names.map((name) => manifest.fixtures.find((fixture) => fixture.name === name));
  const unknown = options.names.filter((_, index) => !fixtures[index]);
  if (unknown.length) {
    console.error(`stability: not in fixtures/manifest.json: ${unknown.join(', ')}`);
    return 2;
  }
  const built = await buildFixtures(manifest);
  if (built) {
    console.error(`stability: ${built}`);
    return 1;
  }
  const pythonPath = pathWithPython(path.resolve('reports', 'stability', 'python'), pythonBinary().path);
  console.log(
    `\nStability: ${fixtures.length} fixtures, each checked ${options.times} times one run after another (${options.parallel} fixture${options.parallel > 1 ? 's' : ''} at a time); reports in reports/stability/<fixture>/repeat-<i>/\n`,
  );
  const started = Date.now();
  let problems = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: options.parallel }, async (_, slot) => {
      // The runs of one fixture come one after another, each leaving TIME_WAIT for a minute: the
      // ports up to the harness's own 20000 are shared out among the slots.
      const span = Math.floor(STABILITY_PORTS / options.parallel);
      for (let index = next++; index < fixtures.length; index = next++) {
        const fixture = fixtures[index] as Fixture;
        const reports = path.join('reports', 'stability', fixture.name);
        const began = Date.now();
        const stability = await repeat({
          env: fixtureEnv(fixture, reports, PORT_BASE + slot * span, pythonPath, span),
          times: options.times,
          reports,
          say: (line) => console.log(`    ${fixture.name}: ${line}`),
        });
        const differs = fromManifest(fixture, stability);
        if (!stability.reproducible || differs) problems++;
        const took = `${((Date.now() - began) / 1000).toFixed(1)} s`;
        const lines = [
          `  ${stability.reproducible && !differs ? '✓' : '✗'} ${fixture.name} (${took}): ${stabilityLine(stability)}`,
          `      ${differs ?? 'every run as the manifest says'}`,
          ...stability.scenarios
            .filter((scenario) => !scenario.stable)
            .map((scenario) => `    ${scenarioLine(scenario)}`),
        ];
        console.log(lines.join('\n'));
      }
    }),
  );
  console.log(
    `\nStability took ${((Date.now() - started) / 1000).toFixed(1)} s: ${fixtures.length - problems} of ${fixtures.length} fixtures reproducible and as the manifest says`,
  );
  return problems ? 1 : 0;
}

/** How the runs differ from the manifest's verdict and failed set, or undefined when none does. */
function fromManifest(fixture: Fixture, stability: Stability): string | undefined {
  const failing = fixture.failing && [...fixture.failing].sort().join(' ');
  const off = stability.runs.filter(
    (run) => run.verdict !== fixture.verdict || (failing !== null && run.failed?.join(' ') !== failing),
  );
  if (!off.length) return undefined;
  const expected = `${fixture.verdict}${failing === null ? '' : `, failed: ${failing || 'none'}`}`;
  return `${off.length} of ${stability.runs.length} runs differ from the manifest (${expected})`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { repeat: { type: 'string' }, parallel: { type: 'string' }, only: { type: 'string' } },
  });
  // The same bounds as MPP_REPEAT's (a ConfigError names the variable).
  const times = SETTINGS.repeat.parse(
    SETTINGS.repeat.variable,
    values.repeat ?? process.env[SETTINGS.repeat.variable] ?? DEFAULT_RUNS,
  );
  const parallel = Number(values.parallel ?? 1);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 4) {
    console.error(`stability: --parallel ${values.parallel} is not a whole number from 1 to 4`);
    return 2;
  }
  return fixtureStability({ times, parallel, names: values.only?.split(',') ?? REPRESENTATIVE });
}

if (require.main === module) runMain('stability', main);
