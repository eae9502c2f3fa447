// Settings parsing and the mapping of the sheet's ports to a run's ports.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actualPort, planFrom, sheetText } from '../wire/port-plan';
import { ConfigError, fillPlaceholders, readSettings } from './target';

describe('readSettings', () => {
  it('checks the reference implementations without a target variable', () => {
    const settings = readSettings({});
    assert.deepEqual([settings.server?.kind, settings.client?.kind], ['reference', 'reference']);
    assert.equal(settings.timeoutMs, 2000);
  });
  it('reads a server command and whether it has placeholders', () => {
    const settings = readSettings({ MPP_SERVER_CMD: 'python3 s.py {port} {first} {last}' });
    assert.deepEqual(settings.server, {
      kind: 'command',
      command: 'python3 s.py {port} {first} {last}',
      placeholders: true,
    });
    assert.equal(settings.client, undefined);
  });
  it('reads an address', () => {
    assert.deepEqual(readSettings({ MPP_SERVER_ADDR: '127.0.0.1:10001' }).server, {
      kind: 'address',
      host: '127.0.0.1',
      port: 10001,
    });
  });
  for (const [name, value] of [
    ['MPP_SERVER_ADDR', 'localhost'],
    ['MPP_TIMEOUT_MS', 'fast'],
    ['MPP_POOL', '10002-10003'],
    ['MPP_PORT', '10005'],
    ['MPP_PORT_BASE', '40000'],
    ['MPP_PORT_BASE', 'low'],
  ] as const) {
    it(`stops with a sentence naming ${name} for ${JSON.stringify(value)}`, () => {
      assert.throws(
        () => readSettings({ [name]: value }),
        (error: Error) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, new RegExp(name));
          return true;
        },
      );
    });
  }
});

describe('ports', () => {
  const plan = planFrom(20000, 20001, 20010);
  it("maps the sheet's ports to the run's", () => {
    assert.equal(actualPort(plan, 10001), 20000);
    assert.equal(actualPort(plan, 10003), 20002);
    assert.throws(() => actualPort(plan, 10012));
    assert.equal(sheetText(plan, 'Assigned: 10002'), 'Assigned: 20001');
    assert.equal(sheetText(plan, 'port 12345'), 'port 12345');
  });
  it('fills the placeholders', () => {
    assert.equal(
      fillPlaceholders('s {port} {first}-{last} {x}', { port: 1, first: 2, last: 3 }),
      's 1 2-3 {x}',
    );
  });
});
