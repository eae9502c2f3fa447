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
  it('knows no other ID', () => {
    assert.equal(explain('S99'), undefined);
  });
});
