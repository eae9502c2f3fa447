// Cucumber's JUnit report shows a blocked or inconclusive scenario as a bare <skipped/>; CI systems
// show the skip's message, so the reason the judge gave is written into it after the run.

import type { ScenarioResult } from './summary';
import { xmlText } from './xml';

export function withSkipReasons(xml: string, scenarios: readonly ScenarioResult[]): string {
  let result = xml;
  for (const scenario of scenarios) {
    if (!scenario.observation || !['blocked', 'inconclusive', 'skipped'].includes(scenario.status)) continue;
    const start = result.indexOf(`name="${xmlText(scenario.name)}"`);
    const skipped = start < 0 ? -1 : result.indexOf('<skipped/>', start);
    const next = result.indexOf('<testcase', start + 1);
    if (skipped < 0 || (next >= 0 && skipped > next)) continue;
    const reason = `${scenario.status}: ${scenario.observation.split('\n')[0]}`;
    result = `${result.slice(0, skipped)}<skipped message="${xmlText(reason)}"/>${result.slice(skipped + '<skipped/>'.length)}`;
  }
  return result;
}
