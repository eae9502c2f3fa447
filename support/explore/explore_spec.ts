// What exploration writes: the step texts of its moves, which the step definitions must read back
// (support/cucumber/parameters.ts), and the feature file of a finding; how its sequences start, and
// how a failing sequence is tallied while shrinking.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseAnswers } from '../cucumber/step-text';
import {
  answerStep,
  type Exploration,
  type Finding,
  featureText,
  recordFinding,
  sequenceStarts,
} from './explore';

describe('the steps exploration writes', () => {
  it('states one port when the model allows one', () => {
    assert.equal(
      answerStep('client C', { ports: [10003], noPorts: false }).text,
      'client C is offered port 10003',
    );
  });

  it('states NoPorts when no port is available', () => {
    assert.equal(answerStep('client C', { ports: [], noPorts: true }).text, 'client C is answered NoPorts');
  });

  it('states every allowed answer where the reading leaves a choice, and the step reads them back', () => {
    const text = answerStep('client C', { ports: [10002, 10004], noPorts: true }).text;
    assert.equal(text, 'client C is answered one of FreePort:10002, FreePort:10004 or NoPorts');
    const answers = parseAnswers(text.replace('client C is answered one of ', ''));
    assert.deepEqual(answers, { ports: [10002, 10004], noPorts: true, each: [10002, 10004, undefined] });
  });
});

describe('the feature file of a finding', () => {
  const exploration: Exploration = {
    seed: 7,
    budgetMs: 30_000,
    sequences: 12,
    movesRun: 60,
    shrinkSteps: 4,
    stoppedEarly: {},
    finding: undefined,
    originalMoves: 9,
    sequencesToFinding: 3,
    ms: 20_000,
  };
  const text = featureText(
    {
      requirement: 'S5',
      level: 'must',
      poolSize: 3,
      moves: 4,
      steps: [
        { kind: 'action', text: 'client A holds port 10002' },
        { kind: 'action', text: 'client B holds port 10003' },
        { kind: 'action', text: 'client A leaves with Quit' },
        { kind: 'action', text: 'client C asks for a port' },
        { kind: 'check', text: 'client C is offered port 10002' },
      ],
      message: 'S5 (MUST): …',
    },
    exploration,
    'python3 server.py {port} {first} {last}',
  );

  it('is a server scenario tagged with the requirement and its level, on a fresh server', () => {
    assert.match(text, /^@server$/m);
    assert.match(text, /^ {2}@explore @S5 @must @fresh$/m);
  });

  it('starts the server with the pool of the sequence and keeps the moves in order, with Gherkin keywords', () => {
    const steps = text.split('\n').filter((line) => /^ {4}\w/.test(line));
    assert.deepEqual(steps, [
      '    Given the server under test is listening on its default port with a pool of 3 ports',
      '    When client A holds port 10002',
      '    And client B holds port 10003',
      '    And client A leaves with Quit',
      '    And client C asks for a port',
      '    Then client C is offered port 10002',
    ]);
  });

  it('says how to find it again', () => {
    assert.match(text, /explore --seed 7 -- python3 server\.py/);
  });
});

describe('the start of a sequence', () => {
  const starts = (poolSize: number | undefined) =>
    fc.sample(sequenceStarts(poolSize), { seed: 1, numRuns: 300 });

  it('gets a pool of 3 to 5 ports when none is given, and two to five clients holding ports first, never more than the pool', () => {
    const sampled = starts(undefined);
    assert.deepEqual([...new Set(sampled.map(([pool]) => pool))].sort(), [3, 4, 5]);
    for (const [pool, holders] of sampled)
      assert.ok(holders >= 2 && holders <= pool, `${holders} of ${pool}`);
  });

  it('keeps a given pool size, with at most five first holders', () => {
    const sampled = starts(8);
    assert.ok(sampled.every(([pool]) => pool === 8));
    assert.deepEqual([...new Set(sampled.map(([, holders]) => holders))].sort(), [2, 3, 4, 5]);
  });

  it('fills a pool smaller than two ports with its one first holder', () => {
    assert.ok(starts(1).every(([pool, holders]) => pool === 1 && holders === 1));
  });
});

describe('a failing sequence, tallied', () => {
  const fresh = (): Exploration => ({
    seed: 2,
    budgetMs: 10_000,
    sequences: 4,
    movesRun: 30,
    shrinkSteps: 0,
    stoppedEarly: {},
    finding: undefined,
    originalMoves: undefined,
    sequencesToFinding: undefined,
    ms: 0,
  });
  const failing = (moves: number): Finding => ({
    requirement: 'A2',
    level: 'must',
    poolSize: 3,
    moves,
    steps: [],
    message: 'A2 (MUST): …',
  });

  it('keeps the first one as found by the search: its moves and the sequences it took, and starts shrinking', () => {
    const result = fresh();
    assert.equal(recordFinding(result, failing(9)), true);
    assert.equal(result.originalMoves, 9);
    assert.equal(result.sequencesToFinding, 4);
    assert.equal(result.shrinkSteps, 0);
  });

  it('counts each later one as a step of shrinking and reports the last, shortest one', () => {
    const result = fresh();
    recordFinding(result, failing(9));
    result.sequences = 7;
    assert.equal(recordFinding(result, failing(5)), false);
    assert.equal(recordFinding(result, failing(4)), false);
    assert.equal(result.shrinkSteps, 2);
    assert.equal(result.finding?.moves, 4);
    assert.equal(result.originalMoves, 9);
    assert.equal(result.sequencesToFinding, 4);
  });
});
