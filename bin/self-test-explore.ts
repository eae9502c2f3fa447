// The self-test of `mpp-conformance explore`, kept short for `npm test`: a deep-bug fixture of
// fixtures/manifest.json must be found within a small budget, shrunk to at most six moves, and its
// written scenario must fail when run on its own; a conformant fixture explored for a while must give
// no finding. The long proof (ten seeds a fixture, the default budget) is in README.md.

import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { ExploreRecord } from './explore';
import { readManifest } from './fixtures';

/**
 * The fixtures and budgets of the check, with a fixed seed, so that a failure can be replayed. With
 * seed 2 the deep-bug fixture fails in its first sequence (A2, its free list used as a stack): seconds
 * on an idle machine; the budget (stretched by the machine's pressure) is a bound for a busy one. The
 * search ends at the finding, so only the conformant server spends its whole budget.
 */
const RUNS = [
  { fixture: 'stranger-deep-py-stack-freelist', budget: '60s', finding: true },
  { fixture: 'python-server', budget: '10s', finding: false },
] as const;
const SEED = '2';
const MOST_MOVES = 6;
const RUN_LIMIT_MS = 3 * 60_000;

export const EXPLORE_CHECK = `explore: ${RUNS[0].fixture} found (bound ${RUNS[0].budget}) and shrunk to at most ${MOST_MOVES} moves, its scenario failed on its own; ${RUNS[1].fixture} explored for ${RUNS[1].budget} without a finding`;

/** Runs both explorations; returns what went wrong, or undefined. */
export async function exploreProblem(timeoutMs: string, pathWithPython: string): Promise<string | undefined> {
  const fixtures = new Map(readManifest().fixtures.map((fixture) => [fixture.name, fixture]));
  for (const run of RUNS) {
    const fixture = fixtures.get(run.fixture);
    if (!fixture) return `no fixture ${run.fixture} in the manifest`;
    const reports = path.join('reports', 'self-test', `explore-${run.fixture}`);
    rmSync(reports, { recursive: true, force: true });
    const result = await execa(
      'node',
      ['bin/mpp-conformance.cjs', 'explore', '--budget', run.budget, '--seed', SEED],
      {
        env: {
          PATH: pathWithPython,
          MPP_SERVER_CMD: fixture.command,
          MPP_TIMEOUT_MS: timeoutMs,
          MPP_REPORTS_DIR: reports,
        },
        extendEnv: false,
        reject: false,
        all: true,
        timeout: RUN_LIMIT_MS,
      },
    );
    let record: ExploreRecord;
    try {
      record = JSON.parse(
        readFileSync(path.join(reports, 'explore', 'explore.json'), 'utf8'),
      ) as ExploreRecord;
    } catch {
      return `${run.fixture}: no explore.json (exit ${result.exitCode}):\n${result.all?.slice(-2000)}`;
    }
    const finding = record.finding;
    if (!run.finding && (finding || result.exitCode !== 0))
      return `${run.fixture}: a finding on a conformant server (exit ${result.exitCode}): ${finding?.feature ?? result.all?.slice(-2000)}`;
    if (run.finding && !finding)
      return `${run.fixture}: no finding in ${run.budget} (seed ${SEED}, ${record.sequences} sequences)`;
    if (finding && finding.moves > MOST_MOVES)
      return `${run.fixture}: the finding was shrunk to ${finding.moves} moves only: ${finding.feature}`;
    if (finding && (finding.status !== 'failed' || result.exitCode !== 1))
      return `${run.fixture}: the written scenario was ${finding.status} on its own (exit ${result.exitCode}): ${finding.feature}`;
  }
  return undefined;
}
