// JUnit XML for CI systems, written from the run's result model (support/report/summary.ts), not from
// Cucumber's own JUnit report: a failed scenario is a <failure> with its requirement and its message,
// a blocked, skipped or inconclusive one a <skipped> with the judge's reason, and every test case
// carries its outcome and requirement as properties, so that CI and the summary say the same.

import { failureHeadline } from '../judging/result';
import type { ScenarioSummary } from './summary';
import { xmlText } from './xml';

export interface Suite {
  name: string;
  /** When the run started, in ms since the epoch. */
  startedMs: number;
  durationMs: number;
}

export function junitXml(suite: Suite, scenarios: readonly ScenarioSummary[]): string {
  const count = (...outcomes: string[]) => scenarios.filter((s) => outcomes.includes(s.status)).length;
  const attributes = attrs({
    name: suite.name,
    time: seconds(suite.durationMs),
    tests: String(scenarios.length),
    skipped: String(count('blocked', 'skipped', 'inconclusive')),
    failures: String(count('failed')),
    errors: '0',
    timestamp: new Date(suite.startedMs).toISOString(),
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite ${attributes}>`,
    ...scenarios.map(testCase),
    '</testsuite>',
    '',
  ].join('\n');
}

function testCase(scenario: ScenarioSummary): string {
  const properties = [
    ['outcome', scenario.status],
    ['requirements', scenario.requirements.join(' ')],
    ...(scenario.violated ? [['violated', scenario.violated]] : []),
  ].map(([name, value]) => `      <property ${attrs({ name: name ?? '', value: value ?? '' })}/>`);
  const lines = [
    `  <testcase ${attrs({ classname: scenario.feature, name: scenario.name, time: seconds(scenario.durationMs) })}>`,
    '    <properties>',
    ...properties,
    '    </properties>',
  ];
  if (scenario.status === 'failed') {
    const headline = scenario.failure ? failureHeadline(scenario.failure) : (scenario.observation ?? '');
    lines.push(
      `    <failure ${attrs({ type: scenario.violated ?? 'failed', message: headline })}>${xmlText(scenario.message ?? headline)}</failure>`,
    );
  } else if (['blocked', 'skipped', 'inconclusive'].includes(scenario.status)) {
    // CI systems show a skip's message: the judge's reason, first line.
    const reason = (scenario.observation ?? '').split('\n')[0];
    lines.push(`    <skipped ${attrs({ message: `${scenario.status}: ${reason}` })}/>`);
  }
  if (scenario.observation && ['passed', 'observed'].includes(scenario.status))
    lines.push(`    <system-out>${xmlText(scenario.observation)}</system-out>`);
  lines.push('  </testcase>');
  return lines.join('\n');
}

function attrs(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${xmlText(value).replaceAll('\n', '&#10;')}"`)
    .join(' ');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
