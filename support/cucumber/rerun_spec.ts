// The runs again after a failure: which failure earns the scenario one run more, when a CR LF finding
// is replayed with LF, and which of the two findings then stands.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Violation } from '../judging/violation';
import { readSettings } from '../settings/target';
import { CRLF, LF } from '../wire/protocol';
import { lfRunIsTheCause, Reruns, rerunReason, type Stage, wantsLfReplay } from './rerun';
import { Scene } from './scene';

const violation = (requirement: string, timing = false) =>
  new Violation({ requirement, what: 'the server sent nothing', expected: '"FreePort:<p>⏎"', timing });

function stage(requirements: string[]): Stage {
  return { scene: new Scene(readSettings({})), requirements };
}

describe('the run once more', () => {
  it('earns a disturbed failure one run more, with the disturbance as its reason', () => {
    assert.equal(rerunReason(violation('S2'), 'the harness stalled', ['S2']), 'the harness stalled');
  });

  it('earns a finding by chance one run more: one that depends on timing this scenario does not force', () => {
    assert.match(rerunReason(violation('S3', true), undefined, ['S2']) ?? '', /depends on timing/);
    assert.equal(rerunReason(violation('S3', true), undefined, ['S3']), undefined);
  });

  it("runs no failure of the program's own again, nor an error of the harness", () => {
    assert.equal(rerunReason(violation('S2'), undefined, ['S2']), undefined);
    assert.equal(rerunReason(violation('S2'), undefined, ['A1']), undefined);
    assert.equal(rerunReason(new TypeError('oops'), undefined, ['S2']), undefined);
  });

  it('passes the step when the run once more gets through, and keeps the note of why it ran again', async () => {
    const world = stage(['S2']);
    const reruns = new Reruns(world, 1000);
    let runs = 0;
    const end = await reruns.run(() => {
      runs++;
      if (runs === 1) throw violation('S3', true);
    }, []);
    assert.deepEqual([end, runs], [{ value: undefined }, 2]);
    assert.match(world.scene.notes[0] ?? '', /run once more/);
  });
});

describe('the LF replay of a CR LF finding', () => {
  it('replays a line-end finding of steps that sent CR LF, and nothing else', () => {
    assert.ok(wantsLfReplay(violation('W2'), [{ args: ['client A', 'GetPort', CRLF] }]));
    assert.ok(!wantsLfReplay(violation('W2'), [{ args: ['client A', 'GetPort', LF] }]));
    assert.ok(!wantsLfReplay(violation('S2'), [{ args: ['client A', 'GetPort', CRLF] }]));
  });

  it('takes an undisturbed MUST finding of the LF run at the failing step or before it for the cause', () => {
    assert.ok(lfRunIsTheCause(violation('S2'), true, undefined));
    assert.ok(!lfRunIsTheCause(violation('S2'), false, undefined), 'the LF run got further');
    assert.ok(!lfRunIsTheCause(violation('S2'), true, 'the harness stalled'));
    assert.ok(!lfRunIsTheCause(violation('S3'), true, undefined), 'S3 is a SHOULD');
    assert.ok(!lfRunIsTheCause(new Error('harness'), true, undefined));
  });

  it('keeps the CR LF finding, and the scene of its run, when the LF run gets past the failing step', async () => {
    const world = stage(['W2']);
    const reruns = new Reruns(world, 1000);
    world.scene.notes.push('a spelling note');
    const crlfScene = world.scene;
    const end = await reruns.run(
      (lineEnd: unknown) => {
        if (lineEnd === CRLF) throw violation('W2');
      },
      [CRLF],
    );
    assert.ok('error' in end && end.error instanceof Violation && end.error.requirement === 'W2');
    assert.equal(world.scene, crlfScene);
    assert.deepEqual(world.scene.notes, ['a spelling note']);
  });

  it("blames the LF run's MUST finding instead, and says so first in the notes", async () => {
    const world = stage(['W2']);
    const reruns = new Reruns(world, 1000);
    let runs = 0;
    const end = await reruns.run(
      (lineEnd: unknown) => {
        runs++;
        throw lineEnd === CRLF ? violation('W2') : violation('S2');
      },
      [CRLF],
    );
    assert.equal(runs, 2);
    assert.ok('error' in end && end.error instanceof Violation && end.error.requirement === 'S2');
    assert.equal(world.scene.failure?.requirement, 'S2');
    assert.match(world.scene.notes[0] ?? '', /run again with LF line ends/);
  });
});
