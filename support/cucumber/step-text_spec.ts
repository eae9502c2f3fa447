// The words of the generic steps: what the explorer writes, the parameter types read back.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANSWERS, answersText, CLIENTS, clientsText, parseAnswers, parseClients } from './step-text';

describe('the words of several answers and several clients', () => {
  it('writes answers with "or" or "and", and reads them back in order', () => {
    const text = answersText([10002, undefined], 'and');
    assert.equal(text, 'FreePort:10002 and NoPorts');
    assert.match(text, new RegExp(`^${ANSWERS.source}$`));
    assert.deepEqual(parseAnswers(text), { ports: [10002], noPorts: true, each: [10002, undefined] });
    assert.equal(
      answersText([10002, 10003, 10004], 'or'),
      'FreePort:10002, FreePort:10003 or FreePort:10004',
    );
    assert.equal(answersText([10002], 'or'), 'FreePort:10002');
  });

  it('names several clients as the {clients} parameter reads them', () => {
    const text = clientsText(['client C', 'client D', 'client E']);
    assert.equal(text, 'clients C, D and E');
    assert.match(text, new RegExp(`^${CLIENTS.source}$`));
    assert.deepEqual(parseClients(text), ['client C', 'client D', 'client E']);
    assert.deepEqual(parseClients(clientsText(['client A', 'client B'])), ['client A', 'client B']);
  });
});
