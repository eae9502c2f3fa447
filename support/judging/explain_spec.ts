import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXPLAINED_IDS, explain } from './explain';
import { REQUIREMENTS } from './requirements';

describe('explain', () => {
  it('has an explanation for every requirement of the table', () => {
    assert.deepEqual(
      EXPLAINED_IDS,
      REQUIREMENTS.map((req) => req.id),
    );
  });
  it('gives the rule, the sheet, the check and the fixes, for any spelling of the ID', () => {
    const text = explain(' s8') ?? '';
    assert.match(text, /^S8 \(MUST, server\)/);
    assert.match(text, /neugestartet/);
    assert.match(text, /How the harness checks it/);
    assert.match(text, /select\(\)\/poll\(\)/);
  });
  it('explains in German with --lang de (MPP_LANG=de)', () => {
    process.env.MPP_LANG = 'de';
    try {
      const text = explain('S8') ?? '';
      assert.match(text, /^S8 \(MUSS, Server\)/);
      assert.match(text, /Das Aufgabenblatt: „Anschliessend wird der Server neugestartet/);
      assert.match(text, /Wie die Testumgebung es prüft/);
      assert.match(text, /Häufige Fehler und ihre Behebung/);
    } finally {
      delete process.env.MPP_LANG;
    }
  });
  it('knows no other ID', () => {
    assert.equal(explain('S99'), undefined);
  });
});
