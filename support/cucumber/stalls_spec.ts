// The watch of the harness's event loop: a stall during a step shows once it has ended, and a new
// watch forgets the stalls before it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { letStallsShow, longestStallMs, watchStalls } from './stalls';

function block(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // The loop is busy on purpose: that is the stall.
  }
}

describe('the stalls of the event loop', () => {
  it('shows a stall that ended just before the step failed', async () => {
    watchStalls();
    await letStallsShow();
    block(300);
    await letStallsShow();
    assert.ok(longestStallMs() >= 250, `stalled ${longestStallMs()} ms`);
  });

  it('forgets the stalls before a new watch', async () => {
    block(300);
    await letStallsShow();
    watchStalls();
    assert.ok(longestStallMs() < 250);
  });
});
