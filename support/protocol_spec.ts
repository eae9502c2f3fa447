// The wire codec against a golden table of bytes: what each received line means, and how each
// message is written. The table is literal so that a codec bug cannot agree with itself.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { format, parseLine, visible, visibleSpaces } from './protocol';

const GOLDEN: [line: string, kind: string, port: number | undefined, spelling: boolean][] = [
  ['GetPort', 'GetPort', undefined, false],
  ['FreePort:10002', 'FreePort', 10002, false],
  ['FreePort: 10002', 'FreePort', 10002, true],
  ['NoPorts', 'NoPorts', undefined, false],
  ['Assigned: 10002', 'Assigned', 10002, false],
  ['Assigned:10002', 'Assigned', 10002, true],
  ['Quit', 'Quit', undefined, false],
  ['Quit ', 'Quit', undefined, true],
];

describe('parseLine', () => {
  for (const [line, kind, port, spelling] of GOLDEN) {
    it(`reads ${JSON.stringify(line)} as ${kind}${spelling ? ' with a spelling note' : ''}`, () => {
      const judged = parseLine(line);
      assert.ok(judged.ok, `not accepted: ${JSON.stringify(judged)}`);
      assert.equal(judged.message.kind, kind);
      assert.equal('port' in judged.message ? judged.message.port : undefined, port);
      assert.equal(Boolean(judged.spelling), spelling);
    });
  }
  for (const [line, requirement] of [
    ['freeport:10002', 'W3'],
    ['FreePort:(10002)', 'W3'],
    ['FreePort:', 'W3'],
    ['Hello', 'W3'],
    ['FreePort:10002Quit', 'W5'],
    ['NoPortsQuit', 'W5'],
  ] as const) {
    it(`rejects ${JSON.stringify(line)} with ${requirement}`, () => {
      const judged = parseLine(line);
      assert.equal(judged.ok, false);
      assert.equal(!judged.ok && judged.requirement, requirement);
    });
  }
});

describe('format and the visible forms', () => {
  it('writes the sheet spelling', () => {
    assert.equal(format({ kind: 'FreePort', port: 10003 }), 'FreePort:10003');
    assert.equal(format({ kind: 'Assigned', port: 10003 }), 'Assigned: 10003');
    assert.equal(format({ kind: 'GetPort' }), 'GetPort');
  });
  it('shows line ends and spaces', () => {
    assert.equal(visible('Quit\r\n'), 'Quit\\r⏎');
    assert.equal(visibleSpaces('Assigned: 1'), 'Assigned:·1');
  });
});
