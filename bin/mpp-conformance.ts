// The runner behind `npm test` and `mpp-conformance`: reads the command line and the variables, runs
// Cucumber, and turns the verdict into the exit status. Against the reference implementations every
// scenario must pass; against a student's program the verdict decides: 0 conformant,
// 1 non-conformant, 3 inconclusive (2: a wrong command line or setting; 4: the runs of --repeat differ).

import { availableParallelism } from 'node:os';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { EXPLAINED_IDS, explain } from '../support/judging/explain';
import { EXIT_STATUS } from '../support/judging/judge';
import { t } from '../support/messages';
import { clearStreaks } from '../support/peers/streaks';
import { sandboxProblem, singleCage } from '../support/process/sandbox';
import { stabilityReport } from '../support/report/stability';
import { RunCollector, type Summary, summarize, summaryJson } from '../support/report/summary';
import {
  ConfigError,
  readSettings,
  reportsDir,
  type Settings,
  whySequential,
} from '../support/settings/target';
import { type CommandLine, languageFlag, parseCommandLine, UsageError, usage } from './cli';
import { runExplore } from './explore';
import { repeat } from './repeat';
import { runMain } from './run-main';

async function main(): Promise<number> {
  // The language comes first: every later sentence, an error about the command line too, is in it.
  const lang = languageFlag(process.argv.slice(2));
  if (lang) process.env.MPP_LANG = lang;
  if (process.argv[2] === 'explain') return explainRequirement(process.argv[3] ?? '');
  const read = readCommandLine(process.argv.slice(2));
  if (typeof read === 'number') return read;
  const { line, settings } = read;
  // Cucumber's configuration, the World and the workers read the settings from the environment.
  for (const name of Object.keys(process.env)) if (!(name in line.env)) delete process.env[name];
  Object.assign(process.env, line.env);
  if (line.explore) return runExplore(line.env, settings, line.json ? console.error : console.log);
  if (settings.repeat > 1) return repeatCheck(line, settings.repeat);
  if (!prepareSandbox(settings)) return 2;
  return checkOnce(line, settings);
}

/** `mpp-conformance explain <id>`: what a requirement asks, and why. */
function explainRequirement(id: string): number {
  const text = explain(id);
  if (text) console.log(text);
  else console.error(`mpp-conformance explain: ${t().config.explainWhich(EXPLAINED_IDS)}`);
  return text ? 0 : 2;
}

/** The command line and the settings it makes, or the exit status when there is nothing to run. */
function readCommandLine(args: string[]): { line: CommandLine; settings: Settings } | number {
  try {
    const line = parseCommandLine(args, process.env);
    if (line.help) {
      console.log(usage());
      return 0;
    }
    return { line, settings: readSettings(line.env) };
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`mpp-conformance: ${error.message}\n${t().config.seeHelp}`);
      return 2;
    }
    if (!(error instanceof ConfigError)) throw error;
    console.error(`mpp-conformance: ${error.message}\n${t().config.seeReadme}`);
    return 2;
  }
}

/**
 * A single check runs its program in a sandbox only when asked to; one that cannot be made is said once.
 * False when the sandbox is required and cannot be made.
 */
function prepareSandbox(settings: Settings): boolean {
  const { mode, limits } = settings.sandbox;
  if (mode !== 'on' && mode !== 'required') return true;
  const problem = sandboxProblem(singleCage(limits));
  if (problem && mode === 'required') {
    console.error(`mpp-conformance: ${t().sandbox.required(problem)}`);
    return false;
  }
  if (problem) {
    console.error(`mpp-conformance: ${t().sandbox.unavailable(problem)}`);
    process.env.MPP_SANDBOX = 'off';
  }
  return true;
}

/** One Cucumber run of the check, its summary, and the exit status of its verdict. */
async function checkOnce(line: CommandLine, settings: Settings): Promise<number> {
  // One name for the run, shared by its workers: the launcher's marks and the streaks use it.
  process.env.MPP_HARNESS_RUN ??= `run-${process.pid}`;
  clearStreaks();
  const { runConfiguration } = await loadConfiguration({ provided: { parallel: workers(settings) } });
  // The verdict comes from the scenarios' results as the formatters read them, not from a report read back.
  const collector = new RunCollector();
  const { success } = await runCucumber(
    runConfiguration,
    { stdout: line.json ? process.stderr : process.stdout },
    (envelope) => collector.add(envelope),
  );
  clearStreaks();
  const summary = summarize(collector.scenarios(), settings);
  if (line.json) process.stdout.write(summaryJson(summary));
  return exitStatus(success, summary, settings);
}

/** Cucumber's `parallel`: 0 runs one scenario at a time in this process, more run in worker processes. */
function workers(settings: Settings): number {
  const wanted = settings.parallel ?? availableParallelism();
  const why = whySequential(settings);
  if (why && wanted > 1) console.error(`mpp-conformance: ${t().terminal.sequential(why)}`);
  const parallel = why ? 1 : wanted;
  return parallel > 1 ? parallel : 0;
}

function exitStatus(success: boolean, summary: Summary, settings: Settings): number {
  if (summary.scenarios.length === 0) {
    console.error(`mpp-conformance: ${t().terminal.noScenario}`);
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

/** --repeat: the same check run after run, and whether they agree; the runs' own reports stay in their folders. */
async function repeatCheck(line: CommandLine, times: number): Promise<number> {
  const say = line.json ? console.error : console.log;
  say(t().stability.start(times, reportsDir()));
  const stability = await repeat({ env: line.env, times, reports: reportsDir(), say });
  say(stabilityReport(stability));
  if (line.json) process.stdout.write(`${JSON.stringify(stability, null, 2)}\n`);
  return stability.exitStatus;
}

runMain('mpp-conformance: the harness itself', main);
