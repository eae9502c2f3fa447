// JUnit is written from the result model: every scenario is a test case of its own, whatever its name,
// and its outcome and requirement come from the result, never from a search in Cucumber's report.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { junitXml } from './junit';
import type { ScenarioSummary } from './summary';

const suite = { name: 'mpp-conformance', startedMs: Date.UTC(2026, 11, 5), durationMs: 1500 };

function scenario(over: Partial<ScenarioSummary>): ScenarioSummary {
  return {
    name: 'The server answers',
    feature: 'The default port',
    role: 'server',
    requirements: ['S2'],
    level: 'must',
    status: 'passed',
    durationMs: 12,
    ...over,
  };
}

describe('the JUnit report', () => {
  it('writes a failed scenario as a failure named by the requirement it violated', () => {
    const xml = junitXml(suite, [
      scenario({
        status: 'failed',
        violated: 'S2',
        failure: { requirement: 'S2', what: 'the server sent nothing' },
        message: 'S2 (MUST): the server sent nothing\n  rule: …',
      }),
    ]);
    assert.match(
      xml,
      /<failure type="S2" message="S2 \(MUST\): the server sent nothing">S2 \(MUST\): the server sent nothing\n {2}rule: …<\/failure>/,
    );
    assert.match(xml, /<property name="outcome" value="failed"\/>/);
    assert.match(xml, /<property name="violated" value="S2"\/>/);
    assert.match(xml, /tests="1" skipped="0" failures="1" errors="0" timestamp="2026-12-05T00:00:00.000Z"/);
  });

  it('skips a blocked scenario with the reason the judge gave, on one line', () => {
    const xml = junitXml(suite, [
      scenario({
        status: 'blocked',
        violated: 'S4',
        observation: 'Blocked by S4: S4 (MUST): no Quit\n  hint: …',
      }),
    ]);
    assert.match(xml, /<skipped message="blocked: Blocked by S4: S4 \(MUST\): no Quit"\/>/);
    assert.match(xml, /<property name="outcome" value="blocked"\/>/);
    assert.match(xml, /skipped="1" failures="0"/);
  });

  it('keeps two scenarios of the same name apart', () => {
    const xml = junitXml(suite, [
      scenario({ status: 'passed' }),
      scenario({ status: 'inconclusive', observation: 'Inconclusive: the event loop stalled' }),
    ]);
    const cases = xml.split('<testcase').slice(1);
    assert.equal(cases.length, 2);
    assert.doesNotMatch(cases[0] ?? '', /<skipped/);
    assert.match(cases[1] ?? '', /<skipped message="inconclusive: Inconclusive: the event loop stalled"\/>/);
  });

  it("escapes a program's bytes and writes those XML cannot hold as \\xNN", () => {
    const xml = junitXml(suite, [
      scenario({
        status: 'failed',
        violated: 'W3',
        failure: { requirement: 'W3', what: 'the server sent "<\u0001>"' },
        message: 'W3 (MUST): the server sent "<\u0001>"',
      }),
    ]);
    assert.match(xml, /message="W3 \(MUST\): the server sent &quot;&lt;\\x01&gt;&quot;"/);
    assert.equal(xml.includes('\u0001'), false);
  });

  it('shows what an observed scenario saw', () => {
    const xml = junitXml(suite, [
      scenario({ status: 'observed', observation: 'Observed (S3): it answered on connect.' }),
    ]);
    assert.match(xml, /<system-out>Observed \(S3\): it answered on connect.<\/system-out>/);
    assert.doesNotMatch(xml, /<skipped|<failure/);
  });
});
