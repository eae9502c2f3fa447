// class --explore: the seed of a student, the bound of an exploration, its summary.json as the
// student's typed `explore` value, and class merge carrying that value through unchanged.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Summary, summarize } from '../report/summary';
import { readSettings } from '../settings/target';
import { type ExploreRun, exploreLimitMs, exploreResultOf, seedOf } from './explore';
import { type ClassResult, DEFAULT_POLICY, gradesCsv, type StudentResult } from './results';
import { mergeResults } from './shard';

const run: ExploreRun = {
  budgetMs: 10_000,
  seed: 7,
  exitCode: 1,
  timedOut: false,
  ms: 12_000,
  reports: 'students/anna/explore',
};

function summary(verdict: Summary['verdict'], explore: Summary['explore']): Summary {
  return { ...summarize([], readSettings({})), verdict, ...(explore ? { explore } : {}) };
}

const finding = {
  requirement: 'S5',
  level: 'must' as const,
  status: 'failed' as const,
  movesBefore: 9,
  moves: 4,
  feature: '/abs/reports/class/students/anna/explore/S5-seed-7.feature',
};

describe('class --explore', () => {
  it('derives the seed from the name alone, within explore seeds', () => {
    assert.equal(seedOf('anna'), seedOf('anna'));
    assert.notEqual(seedOf('anna'), seedOf('anne'));
    for (const name of ['anna', 'ß-ü', 'a b#1', ''])
      assert.ok(seedOf(name) >= 0 && seedOf(name) <= 2 ** 31 - 1 && Number.isInteger(seedOf(name)));
  });
  it('bounds an exploration by every budget it may spend stretched, and the run of its scenario', () => {
    assert.ok(exploreLimitMs(10_000) > 2 * 5 * 10_000);
    assert.ok(exploreLimitMs(30_000) > exploreLimitMs(10_000));
  });
  it('reports a finding that failed on its own as found, its feature relative to the class reports', () => {
    const result = exploreResultOf(
      run,
      summary('non-conformant', { seed: 7, budgetMs: 10_000, sequences: 3, movesRun: 40, finding }),
    );
    assert.equal(result.outcome, 'found');
    assert.equal(result.finding?.feature, 'students/anna/explore/S5-seed-7.feature');
    assert.deepEqual([result.sequences, result.movesRun, result.seed], [3, 40, 7]);
  });
  it('reports a SHOULD finding as found too: its level says what it is, the verdict is not its business', () => {
    const should = { ...finding, requirement: 'A3', level: 'should' as const };
    const result = exploreResultOf(
      run,
      summary('conformant', { seed: 7, budgetMs: 10_000, sequences: 3, movesRun: 40, finding: should }),
    );
    assert.equal(result.outcome, 'found');
  });
  it('calls a finding whose scenario passed on its own, or a disturbed search, inconclusive', () => {
    const passed = { ...finding, status: 'passed' as const };
    const section = { seed: 7, budgetMs: 10_000, sequences: 3, movesRun: 40 };
    assert.equal(
      exploreResultOf(run, summary('inconclusive', { ...section, finding: passed })).outcome,
      'inconclusive',
    );
    assert.equal(exploreResultOf(run, summary('inconclusive', section)).outcome, 'inconclusive');
    assert.equal(exploreResultOf(run, summary('conformant', section)).outcome, 'none');
  });
  it('says why there is no summary: the bound ran out, or the exploration ended without one', () => {
    assert.equal(exploreResultOf({ ...run, timedOut: true }, undefined).problem, 'timed-out');
    const none = exploreResultOf(run, undefined);
    assert.deepEqual([none.outcome, none.problem], ['inconclusive', 'no-summary']);
    // A summary of a single run, without the explore section, is no exploration's either.
    assert.equal(exploreResultOf(run, summary('conformant', undefined)).problem, 'no-summary');
  });
  it('changes no grade, and class merge carries it through unchanged', () => {
    const explored: StudentResult = {
      name: 'anna',
      source: 'mpp.json',
      commands: { server: 'python3 server.py {port} {first} {last}' },
      explore: exploreResultOf(
        run,
        summary('non-conformant', { seed: 7, budgetMs: 10_000, sequences: 3, movesRun: 40, finding }),
      ),
    };
    const whole: ClassResult = {
      folder: '/class',
      started: '2026-12-05T10:00:00.000Z',
      wallMs: 1,
      isolation: 'namespaces',
      parallel: 2,
      students: [explored],
      matrix: { mode: 'none', clients: ['reference'], servers: ['anna', 'reference'], cells: [] },
    };
    const { explore: _, ...plain } = explored;
    assert.equal(
      gradesCsv(whole, DEFAULT_POLICY),
      gradesCsv({ ...whole, students: [plain] }, DEFAULT_POLICY),
    );
    const merged = mergeResults([whole]) as ClassResult;
    assert.deepEqual(merged.students[0]?.explore, explored.explore);
    assert.equal(JSON.stringify(merged), JSON.stringify(whole));
  });
});
