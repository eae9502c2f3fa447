// summary.json's `explore` section, projected from explore.json's record: the moves before and after
// shrinking, the status of the written scenario alone, and nothing about a finding where there is none.
// And what the exploration's verdict rests on: the written scenario's own run, whether anything was
// explored at all, and when a second search looks for SHOULD failures.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confirmation, type ExploreRecord, exploreSection, nothingExplored, shouldFailures } from './explore';

const record: ExploreRecord = {
  command: 'python3 server.py {port} {first} {last}',
  seed: 2,
  budgetMs: 30_000,
  sequences: 8,
  movesRun: 90,
  shrinkSteps: 3,
  stoppedEarly: {},
  originalMoves: 9,
  sequencesToFinding: 2,
  ms: 40_000,
};

describe("summary.json's explore section", () => {
  it('holds the seed, the budget, the sequences and moves run, and no finding where there is none', () => {
    assert.deepEqual(exploreSection(record), { seed: 2, budgetMs: 30_000, sequences: 8, movesRun: 90 });
  });
  it('gives the finding with its moves before and after shrinking and its scenario alone', () => {
    const finding = {
      requirement: 'A2',
      level: 'must' as const,
      moves: 5,
      poolSize: 3,
      feature: 'reports/explore/A2-seed-2.feature',
      status: 'failed' as const,
      verdict: 'non-conformant' as const,
    };
    assert.deepEqual(exploreSection({ ...record, finding }).finding, {
      requirement: 'A2',
      level: 'must',
      status: 'failed',
      movesBefore: 9,
      moves: 5,
      feature: 'reports/explore/A2-seed-2.feature',
    });
  });
});

describe("the written scenario's own run", () => {
  it('makes the exploration inconclusive when it wrote no summary, or one without the scenario', () => {
    const unjudged = { verdict: 'inconclusive', judged: false, status: 'inconclusive' };
    assert.deepEqual(confirmation(undefined), unjudged);
    assert.deepEqual(confirmation({ verdict: 'conformant', scenarios: [] }), unjudged);
  });

  it('makes the exploration inconclusive when the scenario passed on its own: the sequence failed once only', () => {
    const passed = confirmation({ verdict: 'conformant', scenarios: [{ status: 'passed' }] });
    assert.deepEqual(passed, {
      verdict: 'inconclusive',
      judged: true,
      status: 'passed',
      violated: undefined,
    });
  });

  it("confirms a scenario that failed on its own with the run's verdict and the requirement it violated", () => {
    const failed = confirmation({
      verdict: 'non-conformant',
      scenarios: [{ status: 'failed', violated: 'A2' }],
    });
    assert.deepEqual(failed, { verdict: 'non-conformant', judged: true, status: 'failed', violated: 'A2' });
  });

  it("keeps the run's verdict for a scenario that ended otherwise (blocked)", () => {
    const blocked = confirmation({
      verdict: 'non-conformant',
      scenarios: [{ status: 'blocked', violated: 'S2' }],
    });
    assert.equal(blocked.verdict, 'non-conformant');
    assert.equal(blocked.status, 'blocked');
  });
});

describe('an exploration without a finding', () => {
  it('explored nothing when every sequence stopped early', () => {
    assert.equal(nothingExplored({ sequences: 3, stoppedEarly: { A3: 1, 'the harness stalled': 2 } }), true);
  });

  it('explored something when one sequence ran to its end', () => {
    assert.equal(nothingExplored({ sequences: 4, stoppedEarly: { A3: 1, 'the harness stalled': 2 } }), false);
    assert.equal(nothingExplored({ sequences: 1, stoppedEarly: {} }), false);
  });
});

describe('the search for SHOULD failures', () => {
  it('is made for the SHOULD requirements that stopped sequences, not for MUST ones or other reasons', () => {
    const stoppedEarly = { A3: 2, A2: 1, 'the harness stalled for 900 ms': 1 };
    assert.deepEqual(shouldFailures({ stoppedEarly }, false), ['A3']);
  });

  it('leaves out W4 in a strict run, where its failure is a MUST one', () => {
    assert.deepEqual(shouldFailures({ stoppedEarly: { W4: 1, A3: 2 } }, false), ['W4', 'A3']);
    assert.deepEqual(shouldFailures({ stoppedEarly: { W4: 1, A3: 2 } }, true), ['A3']);
  });
});
