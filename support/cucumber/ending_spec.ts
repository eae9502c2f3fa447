// How what a step threw ends the scenario, and when Cucumber fails it too.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Inconclusive, Violation } from '../judging/violation';
import { endingOf, failsInCucumber } from './ending';

const violation = (requirement: string, timing = false) =>
  new Violation({ requirement, what: 'the server sent nothing', expected: '"FreePort:<p>⏎"', timing });

describe('the ending of a scenario whose step threw', () => {
  it('fails the scenario on its own requirement, with the failure as data', () => {
    const ending = endingOf(violation('S2'), undefined, ['S2', 'S3']);
    assert.deepEqual(
      [ending.outcome, ending.violated, ending.failure?.expected],
      ['failed', 'S2', '"FreePort:<p>⏎"'],
    );
  });

  it('blocks it by a requirement it is not tagged with', () => {
    const ending = endingOf(violation('S2'), undefined, ['A1']);
    assert.deepEqual([ending.outcome, ending.blockedBy, ending.violated], ['blocked', 'S2', undefined]);
  });

  it('blocks it without blame by a finding only the timing of another scenario forces', () => {
    const ending = endingOf(violation('S3', true), undefined, ['S2']);
    assert.deepEqual([ending.outcome, ending.blockedBy], ['blocked', undefined]);
    assert.match(ending.reason ?? '', /seen by chance/);
  });

  it('calls a failure in a disturbed run inconclusive, even on its own requirement', () => {
    const ending = endingOf(violation('S2'), 'the harness stalled for 900 ms', ['S2']);
    assert.equal(ending.outcome, 'inconclusive');
    assert.match(ending.reason ?? '', /stalled for 900 ms/);
  });

  it("keeps the reason of an inconclusive check, and makes the harness's own error inconclusive", () => {
    assert.deepEqual(endingOf(new Inconclusive('the pool is dry'), undefined, ['S2']), {
      outcome: 'inconclusive',
      reason: 'the pool is dry',
    });
    assert.match(
      endingOf(new TypeError('x is not a function'), undefined, ['S2']).reason ?? '',
      /x is not a function/,
    );
  });

  it('fails in Cucumber a failed scenario, and a blocked one only under the mutation profile', () => {
    const blocked = endingOf(violation('S2'), undefined, ['A1']);
    assert.ok(failsInCucumber(endingOf(violation('S2'), undefined, ['S2']), false));
    assert.ok(!failsInCucumber(blocked, false));
    assert.ok(failsInCucumber(blocked, true));
    assert.ok(!failsInCucumber(endingOf(violation('S3', true), undefined, ['S2']), true));
  });
});
