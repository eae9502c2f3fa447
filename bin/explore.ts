// `mpp-conformance explore -- <server command>`: model-based exploration (support/explore/explore.ts), then
// the shortest failing sequence as a feature file in reports/explore/, judged by a run of the fixed
// suite's own machinery on that file alone (the same judge, report, transcript and diagram). A
// sequence that failed once but whose scenario passes on its own is no finding: inconclusive.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Exploration, explore, type Finding, featureText } from '../support/explore/explore';
import { EXIT_STATUS } from '../support/judging/judge';
import { effectiveLevel, isRequirementId, type Level } from '../support/judging/requirements';
import type { Outcome, Verdict } from '../support/judging/result';
import { t } from '../support/messages';
import { Sandbox } from '../support/process/class-children';
import {
  type ExploreSummary,
  type ScenarioSummary,
  type Summary,
  summarize,
  summaryJson,
} from '../support/report/summary';
import { reportsDir, type ServerTarget, type Settings } from '../support/settings/target';
import { RUN_LIMIT_MS } from './repeat';

const POOL_SIZES = { min: 3, max: 5 };

/** Explore starts the server itself, by its command. */
type CommandTarget = Extract<ServerTarget, { kind: 'command' }>;

/** The exploration's record, beside its feature file: what class mode and other tools read. */
export interface ExploreRecord extends Omit<Exploration, 'finding'> {
  command: string;
  finding?: {
    requirement: string;
    level: Level;
    moves: number;
    poolSize: number;
    feature: string;
    /** The scenario's outcome when run on its own, and the run's verdict. */
    status: Outcome;
    verdict: Verdict;
  };
}

export async function runExplore(
  env: NodeJS.ProcessEnv,
  settings: Settings,
  say: (line: string) => void,
): Promise<number> {
  const target = settings.server;
  if (target?.kind !== 'command') throw new Error('explore needs a server command');
  const seed = settings.explore.seed ?? Math.floor(Math.random() * 2 ** 31);
  const exploration = await search(target, settings, seed, say);
  const dir = path.join(reportsDir(env), 'explore');
  mkdirSync(dir, { recursive: true });
  const { finding, ...rest } = exploration;
  const record: ExploreRecord = { ...rest, command: target.command };
  /** The written scenario's run alone: summary.json is its summary, with the exploration's section. */
  let judgedSummary: Summary | undefined;
  let verdict: Verdict;
  if (!finding) verdict = sayNoFinding(exploration, say);
  else {
    const judged = await judgeFinding(env, finding, exploration, { command: target.command, dir, seed }, say);
    ({ verdict, summary: judgedSummary } = judged);
    record.finding = judged.finding;
  }
  const early = Object.entries(exploration.stoppedEarly).map(([why, count]) => t().clients.times(why, count));
  if (early.length) say(t().explore.stoppedEarly(early));
  writeFileSync(path.join(dir, 'explore.json'), `${JSON.stringify(record, null, 2)}\n`);
  // summary.json as a single run writes it (the written scenario's, where there is one), with the
  // exploration's section and the exploration's verdict.
  const base = judgedSummary ?? summarize([], settings);
  const summary: Summary = { ...base, verdict, explore: exploreSection(record) };
  writeFileSync(path.join(dir, 'summary.json'), summaryJson(summary));
  return EXIT_STATUS[verdict];
}

/** The search for MUST failures, and a second one with the same seed when it saw only SHOULD failures. */
async function search(
  target: CommandTarget,
  settings: Settings,
  seed: number,
  say: (line: string) => void,
): Promise<Exploration> {
  const m = t().explore;
  // A command without placeholders has MPP_POOL's pool, whatever a sequence would like.
  const poolSize = target.placeholders ? settings.explore.poolSize : settings.fixedPlan.pool.length;
  const pool =
    poolSize === undefined ? m.poolGenerated(POOL_SIZES.min, POOL_SIZES.max) : m.poolGiven(poolSize);
  say(m.start(target.command, settings.explore.budgetMs, seed, pool));
  const budgetMs = settings.explore.budgetMs;
  const options = { target, settings, budgetMs, seed, poolSize, findShould: false };
  const exploration = await explore(options);
  const should = shouldFailures(exploration, settings.strict);
  if (exploration.finding || !should.length) return exploration;
  say(m.shouldSearch(should));
  return explore({ ...options, findShould: true });
}

/** The SHOULD requirements whose failures ended sequences early (a SHOULD failure is no finding of the first search). */
export function shouldFailures(exploration: Pick<Exploration, 'stoppedEarly'>, strict: boolean): string[] {
  return Object.keys(exploration.stoppedEarly).filter(
    (id) => isRequirementId(id) && effectiveLevel(id, strict) === 'should',
  );
}

/** Says that nothing was found; the verdict is inconclusive where not one sequence ran to its end. */
function sayNoFinding(exploration: Exploration, say: (line: string) => void): Verdict {
  const m = t().explore;
  if (nothingExplored(exploration)) {
    say(m.nothingExplored(exploration.sequences));
    return 'inconclusive';
  }
  say(m.nothingFound(exploration.sequences, exploration.movesRun, secondsOf(exploration)));
  return 'conformant';
}

/** Whether every sequence stopped early (a disturbance, a run that could not be judged): nothing was explored. */
export function nothingExplored(exploration: Pick<Exploration, 'stoppedEarly' | 'sequences'>): boolean {
  const stopped = Object.values(exploration.stoppedEarly).reduce((sum, count) => sum + count, 0);
  return stopped >= exploration.sequences;
}

function secondsOf(exploration: Exploration): number {
  return Math.round(exploration.ms / 100) / 10;
}

/** Where a finding is written: the server command, the reports folder, the seed that found it. */
interface FindingPlace {
  command: string;
  dir: string;
  seed: number;
}

/** Writes the finding's scenario and judges it by a run of its own; what that run says, and the record of the finding. */
async function judgeFinding(
  env: NodeJS.ProcessEnv,
  finding: Finding,
  exploration: Exploration,
  place: FindingPlace,
  say: (line: string) => void,
): Promise<{ verdict: Verdict; summary: Summary | undefined; finding: ExploreRecord['finding'] }> {
  const m = t().explore;
  const file = writeFinding(finding, exploration, place, say);
  const reports = path.join(place.dir, findingName(finding, place.seed));
  const rerun = `npx mpp-conformance server --feature ${file} -- ${place.command}`;
  say(m.confirming(rerun));
  const judged = await judgeAlone(env, file, reports);
  say(judged.output);
  const confirmed = confirmation(judged.summary);
  if (!confirmed.judged) say(m.noSummary(judged.output));
  else if (confirmed.status === 'passed') say(m.notReproduced(t().outcome.passed));
  else if (confirmed.status === 'failed')
    say(m.confirmed(confirmed.violated ?? finding.requirement, reports));
  say(m.rerun(rerun));
  const { requirement, level, moves, poolSize } = finding;
  const runVerdict = judged.summary?.verdict ?? 'inconclusive';
  return {
    verdict: confirmed.verdict,
    summary: judged.summary,
    finding: {
      requirement,
      level,
      moves,
      poolSize,
      feature: file,
      status: confirmed.status,
      verdict: runVerdict,
    },
  };
}

function findingName(finding: Finding, seed: number): string {
  return `${finding.requirement}-seed-${seed}`;
}

/** Says what was found, writes its scenario as a feature file and shows it; the file's path. */
function writeFinding(
  finding: Finding,
  exploration: Exploration,
  place: FindingPlace,
  say: (line: string) => void,
): string {
  const m = t().explore;
  say(
    m.found(
      finding.requirement,
      exploration.sequencesToFinding ?? exploration.sequences,
      exploration.originalMoves ?? finding.moves,
      finding.moves,
      exploration.shrinkSteps,
      exploration.sequences,
      secondsOf(exploration),
    ),
  );
  const file = path.join(place.dir, `${findingName(finding, place.seed)}.feature`);
  const text = featureText(finding, exploration, place.command);
  writeFileSync(file, text);
  say(m.written(file));
  say(text);
  return file;
}

/** What the written scenario's own run makes of the finding. */
export interface Confirmation {
  /** The exploration's verdict: the run's, or inconclusive where it judged nothing or the scenario passed on its own. */
  verdict: Verdict;
  /** Whether the run judged the scenario at all (wrote a summary that holds it). */
  judged: boolean;
  /** The scenario's outcome on its own; inconclusive where the run judged nothing. */
  status: Outcome;
  /** The requirement the scenario failed there. */
  violated?: string;
}

/**
 * A sequence that failed once but whose scenario passes on its own is no finding: inconclusive, as is a
 * run that wrote no summary; otherwise the run's verdict stands (a blocked scenario's too).
 */
export function confirmation(
  summary:
    | { verdict: Verdict; scenarios: readonly Pick<ScenarioSummary, 'status' | 'violated'>[] }
    | undefined,
): Confirmation {
  const scenario = summary?.scenarios[0];
  if (!summary || !scenario) return { verdict: 'inconclusive', judged: false, status: 'inconclusive' };
  const verdict = scenario.status === 'passed' ? 'inconclusive' : summary.verdict;
  return { verdict, judged: true, status: scenario.status, violated: scenario.violated };
}

/** summary.json's `explore` section, from the exploration's record. */
export function exploreSection(record: ExploreRecord): ExploreSummary {
  const { finding } = record;
  return {
    seed: record.seed,
    budgetMs: record.budgetMs,
    sequences: record.sequences,
    movesRun: record.movesRun,
    ...(finding
      ? {
          finding: {
            requirement: finding.requirement,
            level: finding.level,
            status: finding.status,
            movesBefore: record.originalMoves ?? finding.moves,
            moves: finding.moves,
            feature: finding.feature,
          },
        }
      : {}),
  };
}

/** Runs the written scenario alone, as `mpp-conformance server --feature <file>` does, bounded. */
async function judgeAlone(
  env: NodeJS.ProcessEnv,
  file: string,
  reports: string,
): Promise<{ summary: Summary | undefined; output: string }> {
  const run = await new Sandbox({ kind: 'ports', description: '' }).run({
    argv: [process.execPath, 'bin/mpp-conformance.cjs', 'server', '--feature', file, '--reports', reports],
    cwd: process.cwd(),
    env: { ...env, MPP_PARALLEL: '1' },
    timeoutMs: RUN_LIMIT_MS,
    isolate: false,
  });
  try {
    const summary = JSON.parse(readFileSync(path.join(reports, 'summary.json'), 'utf8')) as Summary;
    return { summary, output: run.output.trimEnd() };
  } catch {
    return { summary: undefined, output: run.output.trimEnd() };
  }
}
