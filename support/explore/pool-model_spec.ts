// The model of the reading that exploration checks answers against: the smallest available port,
// with every choice the reading leaves open allowed.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PoolModel } from './pool-model';

describe('the pool model', () => {
  it('allows only the first port of a fresh pool', () => {
    assert.deepEqual(new PoolModel(3).allowed(), { ports: [10002], noPorts: false });
  });

  it('skips held and occupied ports, and allows NoPorts only when none is left', () => {
    const model = new PoolModel(3);
    model.offer('client A', 10002, true);
    model.occupy(10003);
    assert.deepEqual(model.allowed(), { ports: [10004], noPorts: false });
    model.offer('client B', 10004, true);
    assert.deepEqual(model.allowed(), { ports: [], noPorts: true });
  });

  it('wants a port freed below a held one back, whoever freed it', () => {
    const model = new PoolModel(3);
    model.offer('client A', 10002, true);
    model.offer('client B', 10003, true);
    model.leave(10002, 'quit');
    assert.deepEqual(model.allowed(), { ports: [10002], noPorts: false });
    model.offer('client C', 10002, true);
    model.leave(10003, 'drop');
    assert.deepEqual(model.allowed(), { ports: [10003], noPorts: false });
  });

  it('lets the server keep or give back an offer nobody claims (A5): both answers pass', () => {
    const model = new PoolModel(3);
    model.offer('client A', 10002, false);
    assert.deepEqual(model.allowed(), { ports: [10002, 10003], noPorts: false });
    assert.ok(model.allows(10002) && model.allows(10003) && !model.allows(10004) && !model.allows(undefined));
  });

  it('allows NoPorts when only abandoned offers are left', () => {
    const model = new PoolModel(3);
    model.offer('client A', 10002, true);
    model.offer('client B', 10003, true);
    model.offer('client C', 10004, false);
    assert.deepEqual(model.allowed(), { ports: [10004], noPorts: true });
  });

  it('makes a port another program released available again', () => {
    const model = new PoolModel(3);
    model.occupy(10002);
    model.release(10002);
    assert.deepEqual(model.allowed(), { ports: [10002], noPorts: false });
    assert.equal(model.settled, false);
  });

  it('knows the answers of clients that ask at once only in a settled pool', () => {
    const model = new PoolModel(3);
    model.offer('client A', 10003, true);
    assert.deepEqual(model.answersTogether(3), [10002, 10004, undefined]);
    model.offer('client B', 10002, false);
    assert.throws(() => model.answersTogether(2));
  });

  it('refuses moves the explorer must not make', () => {
    const model = new PoolModel(3);
    assert.throws(() => model.leave(10002, 'quit'));
    model.offer('client A', 10002, true);
    assert.throws(() => model.occupy(10002));
    assert.throws(() => model.release(10003));
    assert.throws(() => model.state(10005));
    assert.equal(model.heldBy('client A'), 10002);
    assert.deepEqual(model.inState('free'), [10003, 10004]);
  });
});
