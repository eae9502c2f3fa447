// The World turns what a step throws into the scenario's one result: failed on its own requirement,
// blocked by another, run once more after a finding by chance, inconclusive on the harness's own error.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IWorldOptions } from '@cucumber/cucumber';
import { TestStepResultStatus } from '@cucumber/messages';
import { RESULT_MEDIA_TYPE, type ScenarioResult } from '../judging/result';
import { Violation } from '../judging/violation';
import { ProtocolWorld } from './world';

function world(tags: string[]): { world: ProtocolWorld; logs: string[]; result: () => ScenarioResult } {
  const logs: string[] = [];
  const attached: { body: string; mediaType: string }[] = [];
  const options = {
    attach: (body: string, options: { mediaType: string }) => {
      attached.push({ body: String(body), mediaType: options.mediaType });
    },
    log: (text: string) => logs.push(text),
    link: () => undefined,
    parameters: {},
  } as unknown as IWorldOptions;
  const scenario = new ProtocolWorld(options);
  scenario.useTags(tags);
  const result = () => {
    const found = attached.filter((attachment) => attachment.mediaType === RESULT_MEDIA_TYPE);
    assert.equal(found.length, 1, 'one result per scenario');
    return JSON.parse(found[0]?.body ?? '{}') as ScenarioResult;
  };
  return { world: scenario, logs, result };
}

const violation = (requirement: string, timing = false) =>
  new Violation({ requirement, what: 'the server sent nothing', expected: '"FreePort:<p>⏎"', timing });
const PASSED = { status: TestStepResultStatus.PASSED, duration: { seconds: 0, nanos: 0 } };
const FAILED = {
  ...PASSED,
  status: TestStepResultStatus.FAILED,
  message: 'S2 (MUST): the server sent nothing',
};

describe('the World at the end of a scenario', () => {
  it('fails a scenario whose step violated its own requirement, with what was expected as data', async () => {
    const { world: scenario, result } = world(['@server', '@S2', '@must']);
    await assert.rejects(
      scenario.runStep(() => {
        throw violation('S2');
      }, []),
      Violation,
    );
    scenario.attachResult(FAILED);
    const end = result();
    assert.equal(end.outcome, 'failed');
    assert.equal(end.violated, 'S2');
    assert.equal(end.failure?.expected, '"FreePort:<p>⏎"');
  });

  it('blocks a scenario whose precondition failed on another requirement', async () => {
    const { world: scenario, logs, result } = world(['@server', '@A1', '@must']);
    const returned = await scenario.runStep(() => {
      throw violation('S2');
    }, []);
    assert.equal(returned, 'skipped');
    scenario.attachResult({ ...PASSED, status: TestStepResultStatus.SKIPPED });
    const end = result();
    assert.deepEqual([end.outcome, end.blockedBy, end.violated], ['blocked', 'S2', undefined]);
    assert.ok(logs.some((log) => log.startsWith('Blocked by S2: S2 (MUST): the server sent nothing')));
  });

  it('runs a scenario once more after a finding by chance, and blocks it without blame when it comes again', async () => {
    const { world: scenario, result } = world(['@server', '@S2', '@must']);
    let runs = 0;
    await scenario.runStep(() => {
      runs++;
      throw violation('S3', true);
    }, []);
    scenario.attachResult({ ...PASSED, status: TestStepResultStatus.SKIPPED });
    const end = result();
    assert.equal(runs, 2);
    assert.deepEqual([end.outcome, end.blockedBy, end.violated], ['blocked', undefined, undefined]);
    assert.match(scenario.notes[0] ?? '', /run once more/);
  });

  it('passes a scenario whose second run got through', async () => {
    const { world: scenario, result } = world(['@server', '@S2', '@must']);
    let runs = 0;
    await scenario.runStep(() => {
      runs++;
      if (runs === 1) throw violation('S3', true);
    }, []);
    scenario.attachResult(PASSED);
    assert.equal(result().outcome, 'passed');
  });

  it("makes an error of the harness inconclusive, never the program's failure", async () => {
    const { world: scenario, result } = world(['@client', '@C1', '@must']);
    await scenario.runStep(() => {
      throw new TypeError('x is not a function');
    }, []);
    scenario.attachResult({ ...PASSED, status: TestStepResultStatus.SKIPPED });
    const end = result();
    assert.equal(end.outcome, 'inconclusive');
    assert.match(end.reason ?? '', /x is not a function/);
  });

  it('calls an INFO scenario that observed what it looks for observed', async () => {
    const { world: scenario, result } = world(['@server', '@S3', '@info']);
    await scenario.runStep(function (this: ProtocolWorld) {
      this.observe({ requirement: 'S3', text: 'the server answered on connect.' });
    }, []);
    scenario.attachResult(PASSED);
    const end = result();
    assert.equal(end.outcome, 'observed');
    assert.deepEqual(end.observations, [{ requirement: 'S3', text: 'the server answered on connect.' }]);
  });

  it("takes a scenario that Cucumber failed outside the steps for the harness's own failure", () => {
    const { world: scenario, result } = world(['@server', '@S2', '@must']);
    scenario.attachResult(FAILED);
    assert.equal(result().outcome, 'inconclusive');
  });
});
