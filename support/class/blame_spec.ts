// The facts of a failed interop cell as the relay's transcript shows them, and the side they blame.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blameAt } from './blame';
import type { WireEntry } from './relay';

const entry = (
  connection: string,
  direction: WireEntry['direction'],
  text: string,
  event?: WireEntry['event'],
) => ({ ms: 0, connection, direction, text, ...(event ? { event } : {}) }) as WireEntry;
const named = (step: Parameters<typeof blameAt>[0], wire: WireEntry[], noPorts = false) => {
  const { side, requirement } = blameAt(step, wire, 30001, noPorts);
  return `${side} ${requirement}`;
};

describe('the blame of a failed cell, read from the transcript', () => {
  it('blames the client that connected but never sent GetPort', () => {
    assert.equal(named('offer', [entry('30001#1', 'event', 'connected', 'connected')]), 'client C2');
  });
  it('blames the server that got GetPort and sent no offer, W2 when the GetPort ended with CR LF', () => {
    assert.equal(named('offer', [entry('30001#1', 'client→server', 'GetPort\n')]), 'server S2');
    assert.equal(named('offer', [entry('30001#1', 'client→server', 'GetPort\r\n')]), 'server W2');
  });
  it('does not count a GetPort sent on an assigned port as the request for an offer', () => {
    assert.equal(named('offer', [entry('30003#1', 'client→server', 'GetPort\n')]), 'client C2');
  });
  it('blames the server that refused the offered port, else the client that did not claim it', () => {
    assert.equal(named('claim', [entry('30002#1', 'event', 'refused', 'server-error')]), 'server S7');
    assert.equal(named('claim', [entry('30001#1', 'event', 'refused', 'server-error')]), 'client C3');
  });
  it("blames the server that closed the assigned connection before the user's Quit, else the client", () => {
    const closed = entry('30002#1', 'event', 'closed', 'server-closed');
    const user = entry('', 'event', 'user types Quit', 'user');
    assert.equal(named('leave', [closed, user]), 'server A1');
    assert.equal(named('leave', [user, closed]), 'client C5');
  });
});
