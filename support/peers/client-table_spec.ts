// The table of the harness's clients: which ports count as another's, and the facts it hands the
// judge when a server's message does not come as due.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Inconclusive, type Violation } from '../judging/violation';
import { planFrom } from '../wire/port-plan';
import { Transcript } from '../wire/transcript';
import { ClientTable } from './client-table';
import type { Context } from './expect';
import type { ServerUnderTest } from './server-under-test';

const context: Context = {
  timeoutMs: 1000,
  strict: false,
  note: () => undefined,
  gone: () => undefined,
  settleGone: async () => undefined,
};

function table(fresh = true, last = 22010): ClientTable {
  const server = { host: '127.0.0.1', plan: planFrom(22000, 22001, last), fresh } as ServerUnderTest;
  return new ClientTable(server, new Transcript('harness', 'target'), context);
}

describe('the ports another client has', () => {
  it('counts a port another client holds, or was offered and may still claim', () => {
    const clients = table();
    Object.assign(clients.client('client A'), { offered: 22001, holds: true });
    Object.assign(clients.client('client B'), { offered: 22002 });
    assert.deepEqual(clients.takenPorts('client C'), [22001, 22002]);
    assert.ok(clients.isTaken('client C', 22002));
  });

  it("never counts the asking client's own port", () => {
    const clients = table();
    Object.assign(clients.client('client A'), { offered: 22001, holds: true });
    assert.ok(!clients.isTaken('client A', 22001));
  });

  it('does not count an offer its client gave up, nor a port given back since', () => {
    const clients = table();
    Object.assign(clients.client('client A'), { offered: 22001, abandoned: true });
    Object.assign(clients.client('client B'), { offered: 22002 });
    clients.freedBy.set(22002, 'quit');
    assert.deepEqual(clients.takenPorts('client C'), []);
  });

  it("knows an offer another client abandoned, and never counts the asking client's own", () => {
    const clients = table();
    Object.assign(clients.client('client A'), { offered: 22001, abandoned: true });
    assert.ok(clients.abandonedByOther('client B', 22001));
    assert.ok(!clients.abandonedByOther('client A', 22001));
    assert.ok(!clients.abandonedByOther('client B', 22002));
  });

  it('counts a port given back and held again', () => {
    const clients = table();
    Object.assign(clients.client('client A'), { offered: 22001, holds: true });
    clients.freedBy.set(22001, 'drop');
    assert.ok(clients.isTaken('client B', 22001));
  });

  it("counts the harness's own listeners on pool ports", () => {
    const clients = table();
    clients.occupiedPorts.push(22004);
    assert.ok(clients.isTaken('client A', 22004));
  });
});

describe('the facts of an answer that did not come as due', () => {
  it('counts the pool as held when clients hold or other programs listen on each of its ports', () => {
    const clients = table(true, 22002);
    Object.assign(clients.client('client A'), { offered: 22001, holds: true });
    assert.ok(!clients.poolHeld());
    clients.occupiedPorts.push(22002);
    assert.ok(clients.poolHeld());
  });

  it('does not count a port that is only offered, or was given back, as held', () => {
    const clients = table(true, 22002);
    Object.assign(clients.client('client A'), { offered: 22001 });
    Object.assign(clients.client('client B'), { offered: 22002, holds: false });
    clients.freedBy.set(22002, 'quit');
    assert.ok(!clients.poolHeld());
  });

  it('tells what this client sent and whether another holds an assigned port', () => {
    const clients = table();
    Object.assign(clients.client('client A'), { sentGetPort: true, sentCrlf: true });
    Object.assign(clients.client('client B'), { offered: 22001, holds: true });
    clients.servedBefore = true;
    clients.wrongInputSent = true;
    assert.deepEqual(clients.answerFacts('client A', 'answer'), {
      due: 'answer',
      sentGetPort: true,
      crlf: true,
      servedBefore: true,
      otherHoldsAssigned: true,
      wrongInputSent: true,
      taken: [22001],
    });
    assert.equal(clients.answerFacts('client B', 'answer').otherHoldsAssigned, false);
  });
});

describe('the port a client was offered', () => {
  it('is the port of its FreePort', () => {
    const clients = table();
    clients.client('client A').offered = 22003;
    assert.equal(clients.offered('client A'), 22003);
  });

  it('blames S2 for a NoPorts from a fresh server, and proves nothing on a server that ran before', () => {
    assert.throws(
      () => table(true).offered('client A'),
      (error: Violation) => error.requirement === 'S2',
    );
    assert.throws(() => table(false).offered('client A'), Inconclusive);
  });
});
