// The scene of one run of a scenario's steps: what a run once more keeps of it, which failure the
// diagram marks, and who is under test in it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Violation } from '../judging/violation';
import { readSettings } from '../settings/target';
import { Scene } from './scene';

const violation = (requirement: string) => new Violation({ requirement, what: 'nothing came' });

describe('the scene of a run', () => {
  it('carries the notes and the failure into the run once more, and not the observations', () => {
    const first = new Scene(readSettings({}));
    first.notes.push('the scenario was run once more');
    first.observations.push({ requirement: 'S3', text: 'answered on connect' });
    first.noteFailure(violation('S2'));
    const again = first.again();
    assert.deepEqual(again.notes, first.notes);
    assert.notEqual(again.notes, first.notes);
    assert.equal(again.failure?.requirement, 'S2');
    assert.deepEqual(again.observations, []);
    const blank = first.blank();
    assert.deepEqual([blank.notes, blank.failure], [[], undefined]);
  });

  it('marks the first failure of a run, and no error of the harness', () => {
    const scene = new Scene(readSettings({}));
    const marked = () => scene.failure?.requirement;
    scene.noteFailure(new TypeError('oops'));
    assert.equal(marked(), undefined);
    scene.noteFailure(violation('S2'));
    scene.noteFailure(violation('A1'));
    assert.equal(marked(), 'S2');
  });

  it("is the server's scene until the harness plays the server, and then the client's", async () => {
    const scene = new Scene(readSettings({}));
    assert.equal(scene.role, 'server');
    assert.throws(() => scene.clients, /must start the server under test first/);
    const harness = scene.harness;
    assert.equal(scene.role, 'client');
    assert.equal(scene.plan, harness.plan);
    await scene.cleanUp();
  });
});
