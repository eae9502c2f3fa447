// The harness's proof that it catches bugs: runs the conformance suite against every program in
// fixtures/manifest.json and fails when a verdict or the set of failed requirements differs from
// what the manifest expects. Part of the plain `npm test`; skipped when a target variable is set,
// because then `npm test` checks that program alone.

import { readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { execa } from 'execa';
import { EXIT_STATUS } from '../support/judging/judge';
import { markedProcesses, RUN_MARK } from '../support/process/processes';
import { listeningPortsIn } from '../support/process/sockets';
import { waitFor, within } from '../support/process/wait';
import { failedRequirements, type Summary } from '../support/report/summary';
import { TARGET_VARIABLES } from '../support/settings/target';
import {
  buildFixtures,
  FIXTURE_TIMEOUT_MS,
  type Fixture,
  fixtureEnv,
  PORTS_PER_SLOT,
  readManifest,
} from './fixtures';
import { germanProblem, languageDifference } from './german';
import { pathWithPython, pythonBinary } from './python';
import { runMain } from './run-main';
import {
  CLASS_MODE_CHECK,
  classModeProblem,
  HOSTILE_CLASS_CHECK,
  hostileClassProblem,
  hostileClassSkipped,
} from './self-test-class';
import { CLASS_EXPLORE_CHECK, classExploreProblem } from './self-test-class-explore';
import { EXPLORE_CHECK, exploreProblem } from './self-test-explore';

/** A run that takes longer than this is stuck, whatever the fixture does. */
const RUN_LIMIT_MS = 5 * 60_000;
/** The first port of the slots; another base lets two self-tests share a machine (e.g. 12000). */
const PORT_BASE = Number(process.env.MPP_SELF_TEST_PORT_BASE ?? 22000);
/** The PATH of the runs, on which `python3` is the interpreter binary (see ./python.ts). */
let pythonPath = process.env.PATH ?? '';

async function main(): Promise<number> {
  if (TARGET_VARIABLES.some((name) => process.env[name]?.trim())) {
    console.log('self-test skipped: a target variable is set, so this run checks that program alone');
    return 0;
  }
  const manifest = readManifest();
  const built = await buildFixtures(manifest);
  if (built) {
    console.error(`self-test: ${built}`);
    return 1;
  }
  const python = pythonBinary();
  pythonPath = pathWithPython(path.resolve('reports', 'self-test', 'python'), python.path);
  const only = process.env.MPP_SELF_TEST_ONLY;
  // The slow runs first, so that the slots end together instead of one of them ending with a slow run.
  const fixtures = manifest.fixtures
    .filter((fixture) => !only || fixture.name.includes(only))
    .sort((a, b) => Number(b.slow ?? false) - Number(a.slow ?? false));
  const slots = Math.max(1, Math.min(4, 2 * os.availableParallelism()));
  console.log(
    `\nSelf-test: the harness against ${fixtures.length} fixture programs (${slots} at a time); python3 is ${python.path}, ${python.source}\n`,
  );
  const started = Date.now();
  const failures = (await checkFixtures(fixtures, slots)) + (await runFixedChecks());
  const checks = fixtures.length + FIXED_CHECKS.length;
  console.log(
    `\nSelf-test took ${((Date.now() - started) / 1000).toFixed(1)} s; reports in reports/self-test/`,
  );
  console.log(`fixtures: ${checks - failures} passed, ${failures} failed`);
  return failures ? 1 : 0;
}

/** Checks the fixtures, `slots` side by side, each printed as it ends; how many failed. */
async function checkFixtures(fixtures: readonly Fixture[], slots: number): Promise<number> {
  let failures = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: slots }, async (_, slot) => {
      for (let index = next++; index < fixtures.length; index = next++) {
        const fixture = fixtures[index] as Fixture;
        const began = Date.now();
        const problem = await check(fixture, slot);
        if (problem) failures++;
        const took = `${((Date.now() - began) / 1000).toFixed(1)} s`;
        console.log(
          problem ? `  ✗ ${fixture.name} (${took}): ${problem}` : `  ✓ ${describe(fixture)} (${took})`,
        );
      }
    }),
  );
  return failures;
}

/** A check of the harness itself that runs whichever fixtures MPP_SELF_TEST_ONLY selects. */
interface FixedCheck {
  name: string;
  /** What its line says when it passes. */
  shows: string;
  /** Why it cannot run here, or undefined. */
  skipped?: () => string | undefined;
  /** What went wrong, or undefined. */
  problem: () => Promise<string | undefined>;
}

const FIXED_CHECKS: readonly FixedCheck[] = [
  ...(['SIGINT', 'SIGTERM'] as const).map((signal) => ({
    name: `interrupted-by-${signal}`,
    shows: 'a run stopped in the middle leaves no process and no listening port',
    problem: () => interruption(signal),
  })),
  {
    name: 'running-server-checked-twice',
    shows:
      'MPP_SERVER_ADDR on a server that never reclaims an offer: conformant twice, the pool left as found',
    problem: runningServerTwice,
  },
  { name: 'class-mode', shows: CLASS_MODE_CHECK, problem: () => classModeProblem(FIXTURE_TIMEOUT_MS) },
  // Where no sandbox can be made (a CI runner that forbids user namespaces), the line says why.
  {
    name: 'class-mode-hostile',
    shows: HOSTILE_CLASS_CHECK,
    skipped: hostileClassSkipped,
    problem: () => hostileClassProblem(FIXTURE_TIMEOUT_MS),
  },
  { name: 'explore', shows: EXPLORE_CHECK, problem: () => exploreProblem(FIXTURE_TIMEOUT_MS, pythonPath) },
  {
    name: 'class-explore',
    shows: CLASS_EXPLORE_CHECK,
    problem: () => classExploreProblem(FIXTURE_TIMEOUT_MS),
  },
];

/** Runs the fixed checks one after another, each printed as it ends; how many failed. */
async function runFixedChecks(): Promise<number> {
  let failures = 0;
  for (const fixed of FIXED_CHECKS) {
    const skipped = fixed.skipped?.();
    const problem = skipped ? undefined : await fixed.problem();
    if (problem) failures++;
    const mark = skipped ? '–' : problem ? '✗' : '✓';
    const says = skipped ? `skipped: ${skipped}` : (problem ?? fixed.shows);
    console.log(`  ${mark} ${fixed.name.padEnd(38)} ${says}`);
  }
  return failures;
}

/** The first line a new client gets from the default port, asking with GetPort (bounded). */
async function firstAnswer(port: number): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  try {
    socket.write('GetPort\n');
    const line = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')).trim());
      });
      socket.on('error', () => resolve('[reset]'));
      socket.on('end', () => resolve(text ? text.trim() : '[closed]'));
    });
    return await within(line, 5000, () => '[nothing within 5 s]');
  } finally {
    socket.destroy();
  }
}

function describe(fixture: Fixture): string {
  const failing = fixture.failing?.length ? ` (${fixture.failing.join(' ')})` : '';
  return `${fixture.name.padEnd(38)} ${fixture.verdict}${failing}: ${fixture.bug}`;
}

/**
 * A student's server started by hand, which answers as soon as a client connects and keeps a port
 * offered to a client that did not come (the sheet allows both), checked twice with MPP_SERVER_ADDR:
 * the harness must leave its pool as it found it, so that a new client then gets the pool's first port.
 */
async function runningServerTwice(): Promise<string | undefined> {
  const port = 31001;
  const server = execa(
    'python3',
    ['fixtures/servers/python/server.py', `${port}`, `${port + 1}`, `${port + 10}`],
    { reject: false, env: { PATH: pythonPath } },
  );
  try {
    const up = await waitFor(() => listeningPortsIn(port, port + 1).length > 0, {
      timeoutMs: 10_000,
      everyMs: 20,
    });
    if (!up.ok) return 'the Python server did not start';
    for (const round of [1, 2]) {
      const reports = path.join('reports', 'self-test', `running-server-${round}`);
      const run = await execa('node', ['bin/mpp-conformance.cjs'], {
        env: {
          PATH: pythonPath,
          MPP_SERVER_ADDR: `127.0.0.1:${port}`,
          MPP_POOL: `${port + 1}-${port + 10}`,
          MPP_TIMEOUT_MS: FIXTURE_TIMEOUT_MS,
          MPP_REPORTS_DIR: reports,
        },
        extendEnv: false,
        reject: false,
        all: true,
        timeout: RUN_LIMIT_MS,
      });
      const summary = JSON.parse(readFileSync(path.join(reports, 'summary.json'), 'utf8')) as Summary;
      if (run.exitCode !== 0 || summary.verdict !== 'conformant' || summary.counts.passed === 0)
        return `run ${round}: exit ${run.exitCode}, verdict ${summary.verdict}; see ${reports}/cucumber-report.html`;
      if (/^\s+at .+:\d+:\d+\)?$/m.test(run.all ?? ''))
        return `run ${round} printed a stack trace:\n${run.all}`;
    }
    const answer = await firstAnswer(port);
    return answer === `FreePort:${port + 1}`
      ? undefined
      : `after the runs a new client got "${answer}", not FreePort:${port + 1}: the harness left offers unclaimed`;
  } finally {
    server.kill('SIGKILL');
    await server;
  }
}

/**
 * Interrupts a run while a launched server is up, as Ctrl-C (SIGINT) or a CI's cancel (SIGTERM)
 * does, and checks that the harness ended it and left nothing behind.
 */
async function interruption(signal: 'SIGINT' | 'SIGTERM'): Promise<string | undefined> {
  const base = PORT_BASE;
  const runId = `self-test-${signal}-${Date.now()}`;
  const run = execa('node', ['bin/mpp-conformance.cjs'], {
    env: {
      PATH: pythonPath,
      MPP_SERVER_CMD: 'python3 fixtures/servers/python/server.py {port} {first} {last}',
      MPP_HARNESS_RUN: runId,
      MPP_PORT_BASE: String(base),
      MPP_PORT_SPAN: String(PORTS_PER_SLOT),
      MPP_REPORTS_DIR: path.join('reports', 'self-test', `interrupted-by-${signal}`),
    },
    extendEnv: false,
    reject: false,
  });
  // The harness's and the server's start are slow on a busy machine (a helper's run at a load of 30
  // missed a bound of 30 s); the check is of what an interruption leaves, not of speed.
  const up = await waitFor(() => listeningPortsIn(base, base + PORTS_PER_SLOT).length > 0, {
    timeoutMs: boundOnBusyMachine(30) * 1000,
    everyMs: 20,
  });
  run.kill(up.ok ? signal : 'SIGKILL');
  const endSeconds = Math.round(boundOnBusyMachine(10));
  const ended = await within(
    run.then(() => true),
    endSeconds * 1000,
    () => false,
  );
  if (!up.ok) return `no server under test was started (${up.reason})`;
  if (!ended) {
    run.kill('SIGKILL');
    return `the run did not end within ${endSeconds} s of ${signal}`;
  }
  const left = leftovers(runId, base, base + PORTS_PER_SLOT);
  return left ? `after ${signal} the run left ${left} behind` : undefined;
}

/**
 * A fixture's bound catches a harness that waits on a hostile program without end (an extra wait per
 * scenario shows on an idle machine); on a busy machine everything takes longer, so the bound grows
 * with the load per core, never below the idle figure.
 */
function boundOnBusyMachine(idleSeconds: number): number {
  return idleSeconds * Math.max(1, os.loadavg()[0] / os.availableParallelism());
}

/** Runs the suite against one fixture; returns what differs from the manifest, or undefined. */
async function check(fixture: Fixture, slot: number): Promise<string | undefined> {
  const reports = path.join('reports', 'self-test', fixture.name);
  const base = PORT_BASE + slot * PORTS_PER_SLOT;
  // A failing program's run is in German (issue 12's check that no English sentence is left), unless
  // the manifest pins words of its English hint.
  const german = fixture.verdict !== 'conformant' && !fixture.hint;
  const { run, env, runId, seconds } = await runFixture(fixture, reports, base, german);
  if (run.timedOut) return `the run did not end within ${RUN_LIMIT_MS / 1000} s`;
  const bound = fixture.maxSeconds && boundOnBusyMachine(fixture.maxSeconds);
  if (bound && seconds > bound) {
    return `the run took ${seconds.toFixed(1)} s, more than its bound of ${bound.toFixed(0)} s (${fixture.maxSeconds} s on an idle machine)`;
  }
  const left = leftovers(runId, base, base + PORTS_PER_SLOT);
  if (left) return `the run left ${left} behind`;
  let summary: Summary;
  try {
    summary = summaryIn(reports);
  } catch {
    return `the run wrote no summary (exit ${run.exitCode}):\n${run.all?.slice(-2000)}`;
  }
  const differs = manifestDifference(fixture, summary, run.exitCode);
  if (differs) return `${differs}; see ${reports}/cucumber-report.html`;
  const notGerman = german ? germanProblem(run.all ?? '', fixture.command, reports, summary) : undefined;
  if (notGerman) return `${notGerman}; see ${reports}/cucumber-report.html`;
  if (german && fixture.bothLanguages) {
    const differ = await languageProblem(env, reports);
    if (differ) return differ;
  }
  return fixture.bothWays ? concurrencyProblem(env, reports) : undefined;
}

/** One run of the suite against a fixture, marked so that what it leaves behind can be found; with its seconds. */
async function runFixture(fixture: Fixture, reports: string, base: number, german: boolean) {
  // Fixtures run side by side already; each run takes one scenario at a time, except where the
  // manifest asks for the concurrent run too, to prove that it judges exactly the same.
  const env = fixtureEnv(fixture, reports, base, pythonPath);
  if (german) env.MPP_LANG = 'de';
  rmSync(path.join(reports, 'diagrams'), { recursive: true, force: true });
  const runId = `self-test-${fixture.name}-${Date.now()}`;
  env.MPP_HARNESS_RUN = runId;
  const started = Date.now();
  const run = await execa('node', ['bin/mpp-conformance.cjs'], {
    env,
    extendEnv: false,
    reject: false,
    all: true,
    timeout: RUN_LIMIT_MS,
  });
  return { run, env, runId, seconds: (Date.now() - started) / 1000 };
}

function summaryIn(reports: string): Summary {
  return JSON.parse(readFileSync(path.join(reports, 'summary.json'), 'utf8')) as Summary;
}

/** What of the run differs from the manifest (verdict, failed requirements, exit status, hint, blame), or undefined. */
function manifestDifference(
  fixture: Fixture,
  summary: Summary,
  exitCode: number | undefined,
): string | undefined {
  const failing = failedRequirements(summary);
  try {
    // chai says "expected <what the run gave> to equal <what the manifest says>".
    expect(summary.verdict, 'verdict of the run vs. the manifest').to.equal(fixture.verdict);
    if (fixture.failing) {
      expect(failing, 'failed requirements of the run vs. the manifest').to.deep.equal(
        [...fixture.failing].sort(),
      );
    }
    expect(exitCode, 'exit status of the run vs. the verdict').to.equal(EXIT_STATUS[fixture.verdict]);
    const failures = summary.scenarios.filter((scenario) => ['failed', 'blocked'].includes(scenario.status));
    if (fixture.hint) {
      expect(
        failures.some((scenario) => scenario.message?.includes(fixture.hint ?? '')),
        `a failure whose message holds the hint "${fixture.hint}"`,
      ).to.equal(true);
    }
    if (fixture.blockedBy) {
      expect(
        [...new Set(failures.map((scenario) => scenario.violated))],
        'the requirements that failed or blocked scenarios',
      ).to.deep.equal([fixture.blockedBy]);
      expect(summary.counts.failed, 'scenarios that failed (the root failure only)').to.be.at.most(1);
    }
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

/** The same fixture once more, with settings changed, for a comparison with the first run. */
function runAgain(env: NodeJS.ProcessEnv, changed: Record<string, string>) {
  return execa('node', ['bin/mpp-conformance.cjs'], {
    env: { ...env, ...changed },
    extendEnv: false,
    reject: false,
    timeout: RUN_LIMIT_MS,
  });
}

/** The German run once more in English: what differs in the outcomes of summary.json and JUnit, or undefined. */
async function languageProblem(env: NodeJS.ProcessEnv, reports: string): Promise<string | undefined> {
  const english = path.join(reports, 'english');
  await runAgain(env, { MPP_LANG: 'en', MPP_REPORTS_DIR: english });
  const outcomes = (dir: string) => ({
    summary: summaryIn(dir),
    junit: readFileSync(path.join(dir, 'junit.xml'), 'utf8'),
  });
  const differ = languageDifference(outcomes(reports), outcomes(english));
  return differ ? `${differ}; see ${english}/cucumber-report.html` : undefined;
}

/** The run once more with two scenarios at a time: which scenario's outcome differs, or undefined. */
async function concurrencyProblem(env: NodeJS.ProcessEnv, reports: string): Promise<string | undefined> {
  const concurrent = path.join(reports, 'concurrent');
  await runAgain(env, { MPP_PARALLEL: '2', MPP_REPORTS_DIR: concurrent });
  const outcomes = (dir: string) =>
    Object.fromEntries(
      summaryIn(dir).scenarios.map((scenario) => [
        scenario.name,
        `${scenario.status} ${scenario.violated ?? ''}`.trim(),
      ]),
    );
  try {
    expect(outcomes(concurrent), 'outcomes of the concurrent run vs. the sequential run').to.deep.equal(
      outcomes(reports),
    );
  } catch (error) {
    return `${(error as Error).message}; see ${concurrent}/cucumber-report.html`;
  }
  return undefined;
}

/**
 * Processes of the run that are still alive (found by the MPP_HARNESS_RUN mark that the launcher gives
 * every program) and listening ports in the run's range; they are killed, and named.
 */
function leftovers(runId: string, from: number, to: number): string | undefined {
  const pids = markedProcesses(runId, RUN_MARK);
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  const ports = listeningPortsIn(from, to);
  const found = [
    pids.length ? `processes ${pids.join(', ')}` : '',
    ports.length ? `listening ports ${ports.join(', ')}` : '',
  ].filter(Boolean);
  return found.length ? found.join(' and ') : undefined;
}

runMain('self-test: the harness itself', main);
