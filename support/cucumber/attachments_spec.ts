// What a scenario leaves in the reports: log lines a student's bytes cannot break, one result per
// scenario, and the sequence diagram as a file beside the reports.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TestStepResultStatus } from '@cucumber/messages';
import { RESULT_MEDIA_TYPE, scenarioTags } from '../judging/result';
import { readSettings } from '../settings/target';
import { Attachments, portMapping } from './attachments';
import { Scene } from './scene';

function attachments() {
  const logs: string[] = [];
  const attached: { body: unknown; mediaType: string }[] = [];
  const world = {
    attach: (body: unknown, options: unknown) => {
      attached.push({ body, mediaType: (options as { mediaType: string }).mediaType });
    },
    log: (text: string) => logs.push(text),
  };
  return { report: new Attachments(world as never), logs, attached };
}

const scenario = { tagged: scenarioTags(['@server', '@S2', '@must']), name: 'A port is offered' };
const PASSED = { status: TestStepResultStatus.PASSED, duration: { seconds: 0, nanos: 0 } };

describe("a scenario's attachments", () => {
  it("escapes a student's bytes and the protocol's own <port> in a log line", () => {
    const { report, logs } = attachments();
    report.log('FreePort:<port> & <script>');
    assert.deepEqual(logs, ['FreePort:&lt;port&gt; &amp; &lt;script&gt;']);
  });

  it('attaches one result per scenario, the ending a step set first', () => {
    const { report, attached } = attachments();
    const scene = new Scene(readSettings({}));
    report.end({ outcome: 'skipped', reason: 'needs a fresh server' });
    report.result(scene, scenario, PASSED);
    report.result(scene, scenario, PASSED);
    const results = attached.filter((a) => a.mediaType === RESULT_MEDIA_TYPE);
    assert.equal(results.length, 1);
    assert.equal(JSON.parse(String(results[0]?.body)).outcome, 'skipped');
  });

  it('writes the diagram of a failed run to the diagrams beside the reports, once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpp-attachments-'));
    process.env.MPP_REPORTS_DIR = dir;
    try {
      const { report, attached } = attachments();
      const scene = new Scene(readSettings({}));
      scene.failure = { requirement: 'S2', at: Date.now() };
      report.report(scene, scenario);
      report.report(scene, scenario);
      assert.equal(attached.filter((a) => a.mediaType === 'image/svg+xml').length, 1);
      assert.equal(fs.readdirSync(path.join(dir, 'diagrams')).length, 1);
    } finally {
      delete process.env.MPP_REPORTS_DIR;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names no ports before a program is under test', () => {
    assert.equal(portMapping(undefined), '');
  });
});
