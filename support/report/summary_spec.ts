// The summary reads each scenario's one result by its media type and nothing else: no log line, no
// step message, no sentence decides an outcome or names a requirement.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Envelope } from '@cucumber/messages';
import { RESULT_MEDIA_TYPE, type ScenarioResult } from '../judging/result';
import { readSettings } from '../settings/target';
import { RunCollector, type ScenarioSummary, summarize } from './summary';

const at = { seconds: 1, nanos: 0 };
const S4 = { requirement: 'S4', what: 'the server closed the connection on port 20000 without "Quit⏎"' };

interface Run {
  /** The scenario's result, as the World attaches it; none when it attached none. */
  result?: Partial<ScenarioResult>;
  /** What Cucumber reports of the step: its status and error message. */
  step?: { status: string; message?: string };
  /** Log lines the World wrote for people. */
  logs?: string[];
}

function collect({ result, step = { status: 'PASSED' }, logs = [] }: Run): ScenarioSummary[] {
  const collector = new RunCollector();
  const attachment = (mediaType: string, body: string) => ({
    attachment: { testCaseStartedId: 's', mediaType, body, contentEncoding: 'IDENTITY' },
  });
  const envelopes = [
    { gherkinDocument: { uri: 'f.feature', feature: { name: 'The default port' } } },
    {
      pickle: {
        id: 'p',
        uri: 'f.feature',
        name: 'The server answers',
        tags: [{ name: '@server' }, { name: '@A1' }, { name: '@must' }],
      },
    },
    { testCase: { id: 'c', pickleId: 'p' } },
    { testCaseStarted: { id: 's', testCaseId: 'c', timestamp: at } },
    { testStepFinished: { testCaseStartedId: 's', testStepResult: step } },
    ...logs.map((log) => attachment('text/x.cucumber.log+plain', log)),
    ...(result
      ? [
          attachment(
            RESULT_MEDIA_TYPE,
            JSON.stringify({
              role: 'server',
              requirements: ['A1'],
              level: 'must',
              observations: [],
              ...result,
            }),
          ),
        ]
      : []),
    { testCaseFinished: { testCaseStartedId: 's', timestamp: { seconds: 1, nanos: 250e6 } } },
  ] as unknown as Envelope[];
  for (const envelope of envelopes) collector.add(envelope);
  return collector.scenarios();
}

afterEach(() => {
  delete process.env.MPP_LANG;
});

describe('the summary of a scenario', () => {
  it('fails a scenario whose result says it failed, and blames the requirement the result names', () => {
    const [scenario] = collect({
      result: { outcome: 'failed', violated: 'A1', failure: { requirement: 'A1', what: 'it closed' } },
      step: { status: 'FAILED', message: 'anything at all' },
    });
    assert.equal(scenario?.status, 'failed');
    assert.equal(scenario?.violated, 'A1');
    assert.deepEqual(scenario?.failure, { requirement: 'A1', what: 'it closed' });
    assert.match(scenario?.message ?? '', /^A1 \(MUST\): it closed\n/);
    assert.equal(scenario?.durationMs, 250);
  });

  it('blocks a scenario whose precondition failed on another requirement', () => {
    const [scenario] = collect({ result: { outcome: 'blocked', blockedBy: 'S4', failure: S4 } });
    assert.equal(scenario?.status, 'blocked');
    assert.equal(scenario?.violated, 'S4');
    assert.match(scenario?.observation ?? '', /^Blocked by S4: S4 \(MUST\): the server closed/);
  });

  it('blocks a scenario on a finding by chance without blaming anything', () => {
    const [scenario] = collect({
      result: { outcome: 'blocked', failure: S4, reason: 'S4, seen by chance' },
    });
    assert.equal(scenario?.status, 'blocked');
    assert.equal(scenario?.violated, undefined);
    assert.equal(scenario?.observation, 'Blocked by S4, seen by chance');
  });

  it('reads no outcome and no requirement out of a log line or a step message', () => {
    const [scenario] = collect({
      result: { outcome: 'passed' },
      step: { status: 'PASSED' },
      logs: ['Blocked by S2: S2 (MUST): the server sent nothing', 'Inconclusive: something'],
    });
    assert.equal(scenario?.status, 'passed');
    assert.equal(scenario?.violated, undefined);
    assert.equal(scenario?.observation, undefined);
  });

  it('puts the reason of a skip before an observation, and shows an observation of a passed scenario', () => {
    const observations = [{ requirement: 'C4', text: 'the client ended with status 1.' }];
    const [passed] = collect({ result: { outcome: 'passed', observations } });
    assert.equal(passed?.observation, 'Observed (C4): the client ended with status 1.');
    const [skipped] = collect({
      result: { outcome: 'skipped', reason: 'needs a fresh server', observations },
    });
    assert.equal(skipped?.observation, 'Skipped: needs a fresh server');
  });

  it("takes a scenario that attached no result for the harness's own failure: inconclusive, nothing blamed", () => {
    const [scenario] = collect({
      step: { status: 'FAILED', message: 'S1 (MUST): TypeError: x is not a function\n    at attachReport' },
    });
    assert.equal(scenario?.status, 'inconclusive');
    assert.equal(scenario?.violated, undefined);
    assert.deepEqual(scenario?.requirements, ['A1']);
    assert.match(scenario?.observation ?? '', /TypeError: x is not a function/);
    assert.doesNotMatch(scenario?.observation ?? '', /at attachReport/);
  });

  it('gives the same outcome fields in German as in English', () => {
    const outcomes = () => {
      const result: Partial<ScenarioResult> = { outcome: 'blocked', blockedBy: 'S4', failure: S4 };
      const summary = summarize(collect({ result }), readSettings({ MPP_SERVER_CMD: 'x' }));
      const { status, violated, requirements, level } = summary.scenarios[0] ?? ({} as ScenarioSummary);
      return {
        scenario: { status, violated, requirements, level },
        verdict: summary.verdict,
        counts: summary.counts,
        requirements: Object.entries(summary.requirements).map(([id, r]) => [id, r.status, r.blockedBy]),
      };
    };
    const english = outcomes();
    process.env.MPP_LANG = 'de';
    const german = outcomes();
    assert.deepEqual(german, english);
    assert.equal(english.verdict, 'non-conformant');
  });
});

describe('the summary of a run', () => {
  it("names a failed requirement's failure by its headline", () => {
    const scenarios = collect({ result: { outcome: 'blocked', blockedBy: 'S4', failure: S4 } });
    const summary = summarize(scenarios, readSettings({ MPP_SERVER_CMD: 'x' }));
    assert.equal(summary.requirements.S4?.status, 'failed');
    assert.equal(summary.requirements.S4?.failure, `S4 (MUST): ${S4.what}`);
    assert.equal(summary.requirements.A1?.status, 'blocked');
    assert.deepEqual(summary.requirements.A1?.blockedBy, ['S4']);
  });
});
