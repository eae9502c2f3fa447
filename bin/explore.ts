// `mpp-conformance explore -- <server command>`: model-based exploration (support/explore/explore.ts), then
// the shortest failing sequence as a feature file in reports/explore/, judged by a run of the fixed
// suite's own machinery on that file alone (the same judge, report, transcript and diagram). A
// sequence that failed once but whose scenario passes on its own is no finding: inconclusive.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Exploration, explore, featureText } from '../support/explore/explore';
import { EXIT_STATUS } from '../support/judging/judge';
import { effectiveLevel, isRequirementId, type Level } from '../support/judging/requirements';
import type { Outcome, Verdict } from '../support/judging/result';
import { t } from '../support/messages';
import { Sandbox } from '../support/process/class-children';
import { type ExploreSummary, type Summary, summarize, summaryJson } from '../support/report/summary';
import { reportsDir, type Settings } from '../support/settings/target';
import { RUN_LIMIT_MS } from './repeat';

const POOL_SIZES = { min: 3, max: 5 };

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
  const m = t().explore;
  // A command without placeholders has MPP_POOL's pool, whatever a sequence would like.
  const poolSize = target.placeholders ? settings.explore.poolSize : settings.fixedPlan.pool.length;
  say(
    m.start(
      target.command,
      settings.explore.budgetMs,
      seed,
      poolSize === undefined ? m.poolGenerated(POOL_SIZES.min, POOL_SIZES.max) : m.poolGiven(poolSize),
    ),
  );
  const options = {
    target,
    settings,
    budgetMs: settings.explore.budgetMs,
    seed,
    poolSize,
    findShould: false,
  };
  let exploration = await explore(options);
  const should = Object.keys(exploration.stoppedEarly).filter(
    (id) => isRequirementId(id) && effectiveLevel(id, settings.strict) === 'should',
  );
  if (!exploration.finding && should.length) {
    say(m.shouldSearch(should));
    exploration = await explore({ ...options, findShould: true });
  }
  const dir = path.join(reportsDir(env), 'explore');
  mkdirSync(dir, { recursive: true });
  const { finding, ...rest } = exploration;
  const record: ExploreRecord = { ...rest, command: target.command };
  const early = Object.entries(exploration.stoppedEarly).map(([why, count]) => t().clients.times(why, count));
  const seconds = Math.round(exploration.ms / 100) / 10;
  let verdict: Verdict = 'conformant';
  /** The written scenario's run alone: summary.json is its summary, with the exploration's section. */
  let judgedSummary: Summary | undefined;
  const stopped = Object.values(exploration.stoppedEarly).reduce((sum, count) => sum + count, 0);
  if (!finding && stopped >= exploration.sequences) {
    // Not one sequence ran to its end: nothing was explored.
    say(m.nothingExplored(exploration.sequences));
    verdict = 'inconclusive';
  } else if (!finding) {
    say(m.nothingFound(exploration.sequences, exploration.movesRun, seconds));
  } else {
    say(
      m.found(
        finding.requirement,
        exploration.sequencesToFinding ?? exploration.sequences,
        exploration.originalMoves ?? finding.moves,
        finding.moves,
        exploration.shrinkSteps,
        exploration.sequences,
        seconds,
      ),
    );
    const name = `${finding.requirement}-seed-${seed}`;
    const file = path.join(dir, `${name}.feature`);
    const text = featureText(finding, exploration, target.command);
    writeFileSync(file, text);
    say(m.written(file));
    say(text);
    const reports = path.join(dir, name);
    const rerun = `npx mpp-conformance server --feature ${file} -- ${target.command}`;
    say(m.confirming(rerun));
    const judged = await judgeAlone(env, file, reports);
    say(judged.output);
    judgedSummary = judged.summary;
    const scenario = judged.summary?.scenarios[0];
    if (!judged.summary || !scenario) {
      say(m.noSummary(judged.output));
      verdict = 'inconclusive';
    } else if (scenario.status === 'passed') {
      say(m.notReproduced(t().outcome.passed));
      verdict = 'inconclusive';
    } else {
      if (scenario.status === 'failed') say(m.confirmed(scenario.violated ?? finding.requirement, reports));
      verdict = judged.summary.verdict;
    }
    record.finding = {
      requirement: finding.requirement,
      level: finding.level,
      moves: finding.moves,
      poolSize: finding.poolSize,
      feature: file,
      status: scenario?.status ?? 'inconclusive',
      verdict: judged.summary?.verdict ?? 'inconclusive',
    };
    say(m.rerun(rerun));
  }
  if (early.length) say(m.stoppedEarly(early));
  writeFileSync(path.join(dir, 'explore.json'), `${JSON.stringify(record, null, 2)}\n`);
  // summary.json as a single run writes it (the written scenario's, where there is one), with the
  // exploration's section and the exploration's verdict.
  const base = judgedSummary ?? summarize([], settings);
  const summary: Summary = { ...base, verdict, explore: exploreSection(record) };
  writeFileSync(path.join(dir, 'summary.json'), summaryJson(summary));
  return EXIT_STATUS[verdict];
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
