// The wire codec against a golden table of bytes: what each received line means, and how each
// message is written. The table is literal so that a codec bug cannot agree with itself.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CRLF, format, LF, parseLine, visible, visibleSpaces } from './protocol';

const GOLDEN: [line: string, kind: string, port: number | undefined, spelling: boolean][] = [
  ['GetPort', 'GetPort', undefined, false],
  ['FreePort:10002', 'FreePort', 10002, false],
  ['FreePort: 10002', 'FreePort', 10002, true],
  ['NoPorts', 'NoPorts', undefined, false],
  ['Assigned: 10002', 'Assigned', 10002, false],
  ['Assigned:10002', 'Assigned', 10002, true],
  ['Quit', 'Quit', undefined, false],
  ['Quit ', 'Quit', undefined, true],
  ['GetPort\t', 'GetPort', undefined, true],
  ['NoPorts  ', 'NoPorts', undefined, true],
  ['FreePort:\t10002', 'FreePort', 10002, true],
  ['Assigned:  10002 ', 'Assigned', 10002, true],
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
  for (const [line, fault] of [
    ['freeport:10002', 'unknown'],
    ['FreePort:(10002)', 'unknown'],
    ['FreePort:', 'unknown'],
    ['Hello', 'unknown'],
    ['FreePort:10002Quit', 'glued'],
    ['NoPortsQuit', 'glued'],
    ['xFreePort:10002', 'unknown'],
    ['FreePort:10002x', 'unknown'],
    ['xAssigned: 10002', 'unknown'],
    ['Assigned: 10002x', 'unknown'],
    ['FreePort:10002 Quit', 'unknown'],
    ['QuitX', 'unknown'],
    ['FreePort:123456', 'unknown'],
  ] as const) {
    it(`rejects ${JSON.stringify(line)} as ${fault === 'glued' ? 'two messages glued' : 'no message'}`, () => {
      const judged = parseLine(line);
      assert.equal(judged.ok, false);
      assert.equal(!judged.ok && judged.fault, fault);
    });
  }
});

describe('the reason a line is no message', () => {
  const problem = (line: string) => {
    const judged = parseLine(line);
    return judged.ok ? '' : judged.problem;
  };
  it('names each glued message', () => {
    assert.match(problem('GetPortQuit'), /"GetPort" and "Quit"/);
  });
  it('explains empty lines, parentheses, spelling, bytes and the rest', () => {
    assert.match(problem(''), /empty line/);
    assert.match(problem('FreePort:(10002)'), /parentheses/);
    for (const [line, name] of [
      ['getport', 'GetPort'],
      ['freeport:1', 'FreePort'],
      ['noports', 'NoPorts'],
      ['assigned: 1', 'Assigned'],
      ['quit', 'Quit'],
    ]) {
      assert.match(problem(line ?? ''), new RegExp(`spells ${name} `));
    }
    assert.match(problem('\x00abc'), /printable ASCII/);
    assert.match(problem('Hello'), /none of GetPort/);
  });
});

describe('format and the visible forms', () => {
  it('has the two line ends', () => {
    assert.equal(LF, '\n');
    assert.equal(CRLF, '\r\n');
  });
  it('shows tabs and bytes that are not printable', () => {
    assert.equal(visible('a\tb\x00\x1f\x7f\xe4\xff \u0100'), 'a\\tb\\x00\\x1f\\x7f\\xe4\\xff \u0100');
  });
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
