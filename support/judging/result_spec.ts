// The result model's sentences are rendered from its data, in the run's language; the data stays the same.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { failureHeadline, reasonLine, renderFailure, scenarioTags } from './result';

const failure = {
  requirement: 'S4',
  what: 'the server closed the connection without "Quit⏎"',
  expected: '"Quit⏎"',
  received: '[connection closed]',
  hint: 'send Quit, then close',
};

afterEach(() => {
  delete process.env.MPP_LANG;
});

describe('a scenario result', () => {
  it("reads a scenario's role, requirements and level from its tags", () => {
    assert.deepEqual(scenarioTags(['@client', '@C4', '@W1', '@info', '@fresh']), {
      role: 'client',
      requirements: ['C4', 'W1'],
      level: 'info',
    });
    assert.deepEqual(scenarioTags(['@S2']), { role: 'server', requirements: ['S2'], level: 'must' });
  });

  it('renders a failure with what was expected and what arrived, the hint, the rule and the sheet', () => {
    const lines = renderFailure(failure).split('\n');
    assert.equal(lines[0], 'S4 (MUST): the server closed the connection without "Quit⏎"');
    assert.equal(lines[1], '  expected: "Quit⏎"');
    assert.equal(lines[2], '  received: [connection closed]');
    assert.equal(lines[3], '  hint:     send Quit, then close');
    assert.match(lines[4] ?? '', /^ {2}rule: {4}/);
    assert.equal(lines.at(-1), '  more:     npx mpp-conformance explain S4');
  });

  it('renders the same failure in German', () => {
    process.env.MPP_LANG = 'de';
    assert.equal(failureHeadline(failure), 'S4 (MUSS): The server closed the connection without "Quit⏎"');
    assert.match(renderFailure(failure), /\n {2}erwartet: "Quit⏎"\n {2}erhalten: \[connection closed\]/);
  });

  it('says which requirement blocked a scenario, with its failure', () => {
    assert.match(
      reasonLine({ outcome: 'blocked', blockedBy: 'S4', failure }) ?? '',
      /^Blocked by S4: S4 \(MUST\): the server closed/,
    );
  });

  it('says why a scenario was skipped or inconclusive, and nothing for one that passed or failed', () => {
    assert.equal(
      reasonLine({ outcome: 'skipped', reason: 'needs a fresh server' }),
      'Skipped: needs a fresh server',
    );
    assert.equal(reasonLine({ outcome: 'inconclusive', reason: 'stalled' }), 'Inconclusive: stalled');
    assert.equal(reasonLine({ outcome: 'passed' }), undefined);
    assert.equal(reasonLine({ outcome: 'failed', violated: 'S4', failure }), undefined);
  });
});
