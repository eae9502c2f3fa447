// `npm test`'s runner: checks the target variables, runs Cucumber, and turns the verdict into the
// exit status. Against the reference implementations every scenario must pass; against a student's
// program the verdict decides: 0 conformant, 1 non-conformant, 3 inconclusive (2: bad configuration).

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { EXIT_STATUS } from '../support/judge';
import { withSkipReasons } from '../support/junit';
import type { Summary } from '../support/summary';
import { ConfigError, readSettings, reportsDir, type Settings } from '../support/target';
import { runMain } from './run-main';

async function main(): Promise<number> {
  let settings: Settings;
  try {
    settings = readSettings();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`mpp-conformance: ${error.message}\nThe variables are explained in README.md.`);
    return 2;
  }
  const { runConfiguration } = await loadConfiguration();
  const { success } = await runCucumber(runConfiguration);
  const reports = reportsDir();
  const summary = JSON.parse(readFileSync(path.join(reports, 'summary.json'), 'utf8')) as Summary;
  const junit = path.join(reports, 'junit.xml');
  writeFileSync(junit, withSkipReasons(readFileSync(junit, 'utf8'), summary.scenarios));
  if (summary.scenarios.length === 0) {
    console.error('mpp-conformance: no scenario ran: check the feature files and the target variables.');
    return 1;
  }
  const reference =
    settings.server?.kind !== 'command' &&
    settings.server?.kind !== 'address' &&
    settings.client?.kind !== 'command';
  // The reference implementations must pass everything: a blocked or inconclusive scenario there is a harness bug.
  if (reference)
    return success && summary.scenarios.every((scenario) => ['passed', 'observed'].includes(scenario.status))
      ? 0
      : 1;
  return EXIT_STATUS[summary.verdict];
}

runMain('mpp-conformance: the harness itself', main);
