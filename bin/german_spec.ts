// The check that a German run has no English left must be able to find English.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Outcome } from '../support/judging/result';
import type { Summary } from '../support/report/summary';
import { englishInText, languageDifference } from './german';

describe('the German check', () => {
  it('finds an English sentence of the harness', () => {
    const text = 'S4 (MUST): the server closed the connection on port 20064 without sending "Quit⏎"';
    assert.equal(englishInText(text, ''), text);
  });
  it('passes German, with the wire text and the program in English', () => {
    const text = [
      '✗ Server: Nach FreePort sagt der Server Quit und schliesst die Verbindung',
      '    S4 (MUSS): Der Server hat "the answer is" gesendet, wo "Quit⏎" fällig war',
      '    Befehl: python3 server.py --mode with the bug',
      '      seine Ausgabe (stdout, letzte Zeilen):',
      '        Traceback: the server was not ready',
      '+   12 ms  Client A:20001 Testumgebung (Client) ← Hello, is it me',
      // "was" is a German word as well (a rerun's sentence after a disturbance).
      'in beiden Durchläufen des Szenarios. Was fehlschlug:',
    ].join('\n');
    assert.equal(englishInText(text, 'python3 server.py --mode with the bug'), undefined);
  });
});

describe('a German and an English run of the same program', () => {
  const summary = (status: Outcome, message: string): Summary =>
    ({
      targets: [],
      verdict: 'non-conformant',
      verdicts: { server: 'non-conformant' },
      strict: false,
      counts: { passed: 0, failed: 0, observed: 0, blocked: 1, skipped: 0, inconclusive: 0 },
      requirements: { S4: { level: 'must', status: 'failed', scenarios: ['x'], failure: message } },
      scenarios: [
        {
          name: 'x',
          feature: 'f',
          role: 'server',
          requirements: ['A1'],
          level: 'must',
          status,
          violated: 'S4',
          message,
          durationMs: 1,
        },
      ],
    }) as Summary;
  const junit = (outcome: string, message: string) =>
    `<testcase classname="f" name="x" time="0.1"><properties><property name="outcome" value="${outcome}"/><property name="violated" value="S4"/></properties><skipped message="${message}"/></testcase>`;

  it('agree when only the words differ', () => {
    assert.equal(
      languageDifference(
        {
          summary: summary('blocked', 'S4 (MUSS): Der Server …'),
          junit: junit('blocked', 'Blockiert durch S4'),
        },
        { summary: summary('blocked', 'S4 (MUST): the server …'), junit: junit('blocked', 'Blocked by S4') },
      ),
      undefined,
    );
  });

  it("differ when a scenario's outcome differs, in summary.json or in JUnit", () => {
    const english = { summary: summary('blocked', 'a'), junit: junit('blocked', 'a') };
    assert.match(
      languageDifference({ summary: summary('failed', 'a'), junit: junit('blocked', 'a') }, english) ?? '',
      /summary.json's outcome fields differ/,
    );
    assert.match(
      languageDifference({ summary: summary('blocked', 'a'), junit: junit('inconclusive', 'a') }, english) ??
        '',
      /JUnit outcomes differ/,
    );
  });
});
