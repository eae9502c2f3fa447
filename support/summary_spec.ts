// The summary judges a scenario by what the World made of it: a failure names its requirement; a
// failure that names none is the harness's own and never the program's.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Envelope } from '@cucumber/messages';
import { RunCollector } from './summary';

const at = { seconds: 1, nanos: 0 };

function run(message: string): RunCollector {
  const collector = new RunCollector();
  const envelopes = [
    { gherkinDocument: { uri: 'f.feature', feature: { name: 'Default port' } } },
    {
      pickle: {
        id: 'p',
        uri: 'f.feature',
        name: 'The client connects',
        tags: [{ name: '@client' }, { name: '@C1' }, { name: '@must' }],
      },
    },
    { testCase: { id: 'c', pickleId: 'p' } },
    { testCaseStarted: { id: 's', testCaseId: 'c', timestamp: at } },
    { testStepFinished: { testCaseStartedId: 's', testStepResult: { status: 'FAILED', message } } },
    { testCaseFinished: { testCaseStartedId: 's', timestamp: at } },
  ] as unknown as Envelope[];
  for (const envelope of envelopes) collector.add(envelope);
  return collector;
}

describe('the summary of a scenario', () => {
  it('blames the requirement a failure names', () => {
    const [scenario] = run('C1 (MUST): the client did not connect to port 20001 within 1000 ms').scenarios();
    assert.equal(scenario?.status, 'failed');
    assert.equal(scenario?.violated, 'C1');
  });

  it("takes a failure that names no requirement for the harness's own: inconclusive, nothing blamed", () => {
    const [scenario] = run(
      'TypeError: (0 , judge_1.lineEvidence) is not a function\n    at attachReport',
    ).scenarios();
    assert.equal(scenario?.status, 'inconclusive');
    assert.equal(scenario?.violated, undefined);
    assert.match(scenario?.observation ?? '', /lineEvidence\) is not a function/);
    assert.doesNotMatch(scenario?.observation ?? '', /at attachReport/);
  });
});
