// What the harness's answer tells the client to do next: the cue the judge reads a close by.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cueOf } from './serving-talk';

describe('the cue of an answer', () => {
  it('tells the client to connect to its port after FreePort, to end after NoPorts, to close after Quit', () => {
    assert.equal(cueOf({ kind: 'FreePort', port: 22001 }), 'freeport');
    assert.equal(cueOf({ kind: 'NoPorts' }), 'noports');
    assert.equal(cueOf({ kind: 'Quit' }), 'server-quit');
  });

  it('leaves the cue as it was after a message that tells the client nothing, or none', () => {
    assert.equal(cueOf({ kind: 'GetPort' }), undefined);
    assert.equal(cueOf(undefined), undefined);
  });
});
