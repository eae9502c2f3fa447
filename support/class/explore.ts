// `class --explore <budget>`: after a student's server check, `mpp-conformance explore` of that server
// in the student's sandbox and a network namespace, on the check's ports, with a seed derived from the
// student's name (a rerun explores the same sequences). Its summary.json (the `explore` section) becomes
// the student's typed `explore` value. It is shown, never graded: the search is bounded by time, so two
// runs may differ, and a verdict must not.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_EXTENSION } from '../process/starvation';
import type { Summary } from '../report/summary';
import { type CheckContext, checkEnv, confined, hasPlaceholders, ROOT, sandboxEnv } from './checks';
import type { ExploreResult } from './results';
import type { Student } from './student';

/** How long the judging of the written scenario alone may take (bin/explore.ts's bound of a run). */
const JUDGE_LIMIT_MS = 5 * 60_000;
/** The search, a SHOULD search with the same seed, and shrinking after each, each stretched by the machine's pressure. */
const BUDGETS_AT_MOST = 4 * (1 + MAX_EXTENSION);

/** The exploration's bound: every budget it may spend, stretched, and the run of its scenario. */
export function exploreLimitMs(budgetMs: number): number {
  return BUDGETS_AT_MOST * budgetMs + JUDGE_LIMIT_MS;
}

/**
 * The seed of a student's exploration: FNV-1a of the name, within explore's seeds (0 to 2^31 - 1),
 * so that the same class explores the same sequences in every run and every shard.
 */
export function seedOf(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(name, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash & 0x7fffffff;
}

/** What the exploration's child did, besides its summary.json. */
export interface ExploreRun {
  budgetMs: number;
  seed: number;
  exitCode: number | null;
  timedOut: boolean;
  ms: number;
  /** The exploration's reports folder, relative to the class reports. */
  reports: string;
}

/**
 * The student's `explore` value from the exploration's summary.json: found only where the written
 * scenario failed on its own; inconclusive where explore said so (the machine disturbed every
 * sequence, or the scenario passed alone), or where it gave no summary.
 */
export function exploreResultOf(run: ExploreRun, summary: Summary | undefined): ExploreResult {
  const base = {
    budgetMs: run.budgetMs,
    seed: run.seed,
    exitCode: run.exitCode,
    ms: run.ms,
    reports: run.reports,
  };
  const section = summary?.explore;
  if (!summary || !section)
    return {
      ...base,
      outcome: 'inconclusive',
      problem: run.timedOut ? 'timed-out' : 'no-summary',
      sequences: 0,
      movesRun: 0,
    };
  const finding = section.finding && {
    ...section.finding,
    // The page links it and class merge moves the reports: relative to the class reports.
    feature: path.posix.join(run.reports, path.basename(section.finding.feature)),
  };
  const outcome =
    finding?.status === 'failed'
      ? 'found'
      : finding || summary.verdict === 'inconclusive'
        ? 'inconclusive'
        : 'none';
  return {
    ...base,
    outcome,
    sequences: section.sequences,
    movesRun: section.movesRun,
    ...(finding ? { finding } : {}),
  };
}

/** Explores the student's server with the ports from `base` on; the student's `explore` value. */
export async function exploreServer(
  context: CheckContext,
  student: Student,
  base: number,
  budgetMs: number,
): Promise<ExploreResult> {
  const seed = seedOf(student.name);
  // explore writes into <MPP_REPORTS_DIR>/explore/.
  const owner = path.join(context.reports, 'students', student.name);
  const go = () =>
    context.sandbox.run({
      argv: ['node', 'bin/mpp-conformance.cjs', 'explore'],
      cwd: ROOT,
      env: checkEnv({
        MPP_SERVER_CMD: confined(context, student, student.server as string),
        ...sandboxEnv(context),
        MPP_REPORTS_DIR: owner,
        MPP_PORT_BASE: String(base),
        MPP_PORT_SPAN: '256',
        MPP_EXPLORE_BUDGET: `${budgetMs}ms`,
        MPP_EXPLORE_SEED: String(seed),
      }),
      timeoutMs: exploreLimitMs(budgetMs),
      isolate: true,
    });
  // Without namespaces, a server on the fixed port 10001 runs alone, as in its check.
  const run =
    context.isolation.kind === 'ports' && !hasPlaceholders(student, 'server')
      ? await context.fixedPorts.run(go)
      : await go();
  const relative = `students/${student.name}/explore`;
  mkdirSync(path.join(owner, 'explore'), { recursive: true });
  writeFileSync(path.join(owner, 'explore', 'output.log'), run.output);
  let summary: Summary | undefined;
  try {
    summary = JSON.parse(readFileSync(path.join(owner, 'explore', 'summary.json'), 'utf8')) as Summary;
  } catch {
    summary = undefined;
  }
  return exploreResultOf(
    { budgetMs, seed, exitCode: run.code, timedOut: run.timedOut, ms: run.ms, reports: relative },
    summary,
  );
}
