// Reproducibility: runs agree when the verdict and the failed set are the same in every run; scenario
// outcomes are counted but do not decide; a difference has an exit status of its own.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXIT_STATUS } from '../judging/judge';
import { readSettings } from '../settings/target';
import {
  compareRuns,
  NOT_REPRODUCIBLE,
  type RunInput,
  runLine,
  runRecord,
  stabilityReport,
} from './stability';
import { type ScenarioSummary, summarize } from './summary';

const settings = readSettings({ MPP_SERVER_CMD: 'server {port} {first} {last}' });

const scenario = (
  name: string,
  requirement: string,
  status: ScenarioSummary['status'],
  level: ScenarioSummary['level'] = 'must',
): ScenarioSummary => ({
  name,
  feature: 'f',
  role: 'server',
  requirements: [requirement],
  level,
  status,
  ...(status === 'failed' ? { violated: requirement, message: `${requirement} (MUST): broke` } : {}),
  durationMs: 1,
});

/** A run of three scenarios: S2 and A2 (MUST), A5 (INFO), with the given outcomes. */
function run(
  a2: ScenarioSummary['status'],
  options: { s9?: boolean; a5?: 'observed' | 'passed' } = {},
): RunInput {
  const summary = summarize(
    [
      scenario('answers', 'S2', 'passed'),
      scenario('frees a port', 'A2', a2),
      scenario('watches an offer', 'A5', options.a5 ?? 'observed', 'info'),
      ...(options.s9 ? [scenario('two at once', 'S9', 'failed')] : []),
    ],
    settings,
  );
  return { reports: 'r', summary, exitCode: EXIT_STATUS[summary.verdict], timedOut: false, ms: 1500 };
}

describe('the comparison of repeated runs', () => {
  it('calls runs with the same verdict and failed set reproducible, with the verdict’s exit status', () => {
    const stability = compareRuns([run('failed'), run('failed'), run('failed')]);
    assert.equal(stability.reproducible, true);
    assert.equal(stability.exitStatus, EXIT_STATUS['non-conformant']);
    assert.deepEqual(stability.verdicts, [{ verdict: 'non-conformant', runs: 3 }]);
    assert.deepEqual(stability.failedSets, [{ failed: ['A2'], runs: 3 }]);
    assert.deepEqual(
      stability.scenarios.map((entry) => [entry.name, entry.outcomes, entry.stable]),
      [
        ['answers', { passed: 3 }, true],
        ['frees a port', { failed: 3 }, true],
        ['watches an offer', { observed: 3 }, true],
      ],
    );
  });

  it('calls a flipped verdict not reproducible, counts each outcome, and exits with its own status', () => {
    const stability = compareRuns([run('passed'), run('failed'), run('passed')]);
    assert.equal(stability.reproducible, false);
    assert.equal(stability.exitStatus, NOT_REPRODUCIBLE);
    assert.notEqual(NOT_REPRODUCIBLE, 0);
    assert.ok(!Object.values(EXIT_STATUS).includes(NOT_REPRODUCIBLE));
    assert.deepEqual(stability.verdicts, [
      { verdict: 'conformant', runs: 2 },
      { verdict: 'non-conformant', runs: 1 },
    ]);
    const flipped = stability.scenarios.find((entry) => entry.name === 'frees a port');
    assert.deepEqual([flipped?.outcomes, flipped?.stable], [{ passed: 2, failed: 1 }, false]);
  });

  it('calls a different failed set under the same verdict not reproducible', () => {
    const stability = compareRuns([run('failed', { s9: true }), run('failed')]);
    assert.deepEqual(stability.verdicts, [{ verdict: 'non-conformant', runs: 2 }]);
    assert.deepEqual(stability.failedSets, [
      { failed: ['A2', 'S9'], runs: 1 },
      { failed: ['A2'], runs: 1 },
    ]);
    assert.equal(stability.exitStatus, NOT_REPRODUCIBLE);
  });

  it('shows a scenario whose outcome differs, but does not let it decide', () => {
    const stability = compareRuns([run('passed', { a5: 'observed' }), run('passed', { a5: 'passed' })]);
    assert.equal(stability.reproducible, true);
    assert.equal(stability.exitStatus, 0);
    assert.equal(stability.scenarios.find((entry) => entry.name === 'watches an offer')?.stable, false);
  });

  it('counts a run without summary.json as one without a verdict', () => {
    const missing: RunInput = {
      reports: 'r2',
      summary: undefined,
      exitCode: null,
      timedOut: true,
      ms: 300_000,
    };
    const stability = compareRuns([run('passed'), missing]);
    assert.deepEqual(stability.verdicts, [
      { verdict: 'conformant', runs: 1 },
      { verdict: null, runs: 1 },
    ]);
    assert.equal(stability.exitStatus, NOT_REPRODUCIBLE);
    assert.equal(stability.scenarios[0]?.stable, false, 'a scenario missing from a run');
    assert.match(
      runLine(runRecord(missing), 2, 2, 300_000),
      /^run 2 of 2: no summary.json \(the run did not end within 300 s\); see r2\/output.log/,
    );
  });

  it('gives agreeing runs the highest of their exit statuses (the reference run’s “every scenario passed”)', () => {
    assert.equal(compareRuns([run('passed'), { ...run('passed'), exitCode: 1 }]).exitStatus, 1);
  });
});

describe('the report of repeated runs', () => {
  const [conformant, nonConformant] = [run('passed'), run('failed', { s9: true })];
  const flipped = compareRuns([conformant, nonConformant]);

  it('says per run what came out', () => {
    assert.equal(
      runLine(runRecord(nonConformant), 2, 2, 1000),
      'run 2 of 2: NON-CONFORMANT, failed A2 S9 (1.5 s)',
    );
  });

  it('counts the outcomes of each scenario and marks what differed', () => {
    const report = stabilityReport(flipped);
    assert.match(report, /= server S2 +answers: passed 2×/);
    assert.match(report, /≠ server A2 +frees a port: passed 1×, failed 1×/);
    assert.match(report, /verdict: CONFORMANT 1×, NON-CONFORMANT 1× \(DIFFERENT in different runs\)/);
    assert.match(report, /failed requirements: none 1×, A2 S9 1× \(DIFFERENT in different runs\)/);
    assert.match(report, /NOT reproducible: .*\(exit status 4\)/);
    assert.match(
      stabilityReport(compareRuns([run('passed'), run('passed')])),
      /Reproducible: .* all 2 runs \(exit status 0\)/,
    );
  });

  it('speaks German with MPP_LANG=de', () => {
    process.env.MPP_LANG = 'de';
    try {
      const report = stabilityReport(flipped);
      assert.match(report, /Urteil: KONFORM 1×, NICHT KONFORM 1× \(UNTERSCHIEDLICH je nach Lauf\)/);
      assert.match(report, /NICHT reproduzierbar/);
      assert.match(runLine(runRecord(conformant), 1, 2, 1000), /^Lauf 1 von 2: KONFORM \(1\.5 s\)$/);
    } finally {
      delete process.env.MPP_LANG;
    }
  });
});
