// How a failure ends a sequence of exploration: only a MUST failure on an undisturbed machine is a
// finding; everything else stops the sequence with a reason that is counted, not reported.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Inconclusive, Violation } from '../judging/violation';
import { harnessProblem, reasonToStop, sequenceEnd } from './sequence-end';

const violation = (requirement: string, timing = false) =>
  new Violation({ requirement, what: 'the server offered another port', timing });
const undisturbed = () => undefined;
const stalled = () => 'the harness stalled for 900 ms';
const rules = { disturbance: undisturbed, strict: false, findShould: false };

describe("a move's failure", () => {
  it('stops the sequence when the run could not be judged, with the first line of the reason', () => {
    assert.equal(reasonToStop(new Inconclusive('the pool is dry\nadvice'), rules), 'the pool is dry');
  });

  it('stops the sequence on a disturbance of the machine instead of reporting the failure', () => {
    assert.equal(reasonToStop(violation('A2'), { ...rules, disturbance: stalled }), stalled());
  });

  it('stops the sequence on a SHOULD failure, named by its requirement, unless SHOULD findings are looked for', () => {
    assert.equal(reasonToStop(violation('A3'), rules), 'A3');
    assert.equal(reasonToStop(violation('A3'), { ...rules, findShould: true }), undefined);
  });

  it('stops the sequence on a failure that depends on timing only its own fixed scenario forces', () => {
    assert.equal(reasonToStop(violation('A2', true), rules), 'A2');
  });

  it('leaves a MUST failure on an undisturbed machine to be the finding', () => {
    assert.equal(reasonToStop(violation('A2'), rules), undefined);
  });

  it('leaves an error of the harness to end the sequence, not the move', () => {
    assert.equal(reasonToStop(new Error('socket hang up'), rules), undefined);
  });
});

describe('a sequence that threw', () => {
  it('is a finding when the failure is a violation on an undisturbed machine', () => {
    const failure = violation('A2');
    assert.deepEqual(sequenceEnd(failure, undisturbed), { finding: failure });
  });

  it('stops with the disturbance as its reason when the machine disturbed it', () => {
    assert.deepEqual(sequenceEnd(violation('A2'), stalled), { stop: stalled() });
  });

  it('stops with the first line of the error when the harness failed', () => {
    assert.deepEqual(sequenceEnd(new Error('listen EADDRINUSE\n    at …'), stalled), {
      stop: 'listen EADDRINUSE',
    });
  });
});

describe('a problem of the harness as a reason', () => {
  it('is the first line of an error, or the text of anything else thrown', () => {
    assert.equal(harnessProblem(new Error('first\nsecond')), 'first');
    assert.equal(harnessProblem('plain'), 'plain');
  });
});
