// summary.json's `explore` section, projected from explore.json's record: the moves before and after
// shrinking, the status of the written scenario alone, and nothing about a finding where there is none.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ExploreRecord, exploreSection } from './explore';

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
