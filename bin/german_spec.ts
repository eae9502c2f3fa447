// The check that a German run has no English left must be able to find English.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englishInText } from './german';

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
