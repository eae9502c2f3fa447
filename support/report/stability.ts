// Whether a check is reproducible: the same program checked several times, one run after another
// (`--repeat N`, MPP_REPEAT), must get the same verdict and the same failed set (the requirements
// whose status is failed in summary.json) in every run. Scenario outcomes are counted too, to show
// where a difference comes from, but they do not decide: an INFO scenario may observe different
// things, and a blocked scenario's outcome follows its root failure. Only data is compared here, the
// summary.json of each run, never terminal text.

import { REQUIREMENTS } from '../judging/requirements';
import { OUTCOMES, type Outcome, type Verdict } from '../judging/result';
import { t } from '../messages';
import { failedRequirements, type Summary } from './summary';

/** The exit status of runs that differ: none of a single run's (0, 1, 2, 3), so a script can tell. */
export const NOT_REPRODUCIBLE = 4;

/** One run as the repeat found it: its summary.json, or none when the run ended without one. */
export interface RunInput {
  reports: string;
  summary: Summary | undefined;
  exitCode: number | null;
  timedOut: boolean;
  ms: number;
}

export interface RunRecord {
  reports: string;
  exitCode: number | null;
  timedOut: boolean;
  ms: number;
  /** null: the run wrote no summary.json. */
  verdict: Verdict | null;
  failed: string[] | null;
}

export interface ScenarioStability {
  name: string;
  role: 'server' | 'client';
  requirements: string[];
  /** How many runs ended the scenario with each outcome (a run without a summary counts for none). */
  outcomes: Partial<Record<Outcome, number>>;
  /** One outcome, in every run. */
  stable: boolean;
}

export interface Stability {
  runs: RunRecord[];
  /** Each verdict that came out, with the number of runs, in the order of first appearance. */
  verdicts: { verdict: Verdict | null; runs: number }[];
  failedSets: { failed: string[] | null; runs: number }[];
  /** The same verdict and the same failed set in every run. */
  reproducible: boolean;
  scenarios: ScenarioStability[];
  /** NOT_REPRODUCIBLE, or the runs' own exit status (the highest, should they differ). */
  exitStatus: number;
}

/** What the comparison keeps of a run: its verdict and failed set, not the whole summary. */
export function runRecord(input: RunInput): RunRecord {
  return {
    reports: input.reports,
    exitCode: input.exitCode,
    timedOut: input.timedOut,
    ms: input.ms,
    verdict: input.summary?.verdict ?? null,
    failed: input.summary ? failedRequirements(input.summary) : null,
  };
}

export function compareRuns(inputs: readonly RunInput[]): Stability {
  const runs = inputs.map(runRecord);
  const verdicts = tally(runs, (run) => run.verdict).map(([verdict, count]) => ({ verdict, runs: count }));
  const failedSets = tally(runs, (run) => run.failed?.join(' ') ?? null).map(([key, count]) => ({
    failed: key === null ? null : key.split(' ').filter(Boolean),
    runs: count,
  }));
  const reproducible = verdicts.length <= 1 && failedSets.length <= 1;
  // Runs that agree on the verdict still differ in status where every scenario must pass (the
  // reference implementations): the highest says that one of them did not.
  const own = Math.max(0, ...runs.map((run) => run.exitCode ?? 1));
  return {
    runs,
    verdicts,
    failedSets,
    reproducible,
    scenarios: scenarioStability(inputs),
    exitStatus: reproducible ? own : NOT_REPRODUCIBLE,
  };
}

/** Distinct values with their counts, in the order they first came. */
function tally<T, K>(items: readonly T[], key: (item: T) => K): [K, number][] {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts];
}

function scenarioStability(inputs: readonly RunInput[]): ScenarioStability[] {
  const found = new Map<string, ScenarioStability>();
  for (const input of inputs) {
    for (const scenario of input.summary?.scenarios ?? []) {
      const entry = found.get(scenario.name) ?? {
        name: scenario.name,
        role: scenario.role,
        requirements: scenario.requirements,
        outcomes: {},
        stable: false,
      };
      entry.outcomes[scenario.status] = (entry.outcomes[scenario.status] ?? 0) + 1;
      found.set(scenario.name, entry);
    }
  }
  // A scenario missing from a run (one without a summary) did not come out the same every time.
  for (const entry of found.values()) {
    const counts = Object.values(entry.outcomes);
    entry.stable = counts.length === 1 && counts[0] === inputs.length;
  }
  // The order of the requirement table: a summary lists scenarios as they finished, which varies.
  const rank = (entry: ScenarioStability) =>
    (entry.role === 'server' ? 0 : REQUIREMENTS.length) +
    REQUIREMENTS.findIndex((req) => req.id === entry.requirements[0]);
  return [...found.values()].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** "run 3 of 20: NON-CONFORMANT, failed A2 S9 (12.3 s)", or why the run has no summary. */
export function runLine(run: RunRecord, index: number, total: number, limitMs: number): string {
  const m = t();
  const log = `${run.reports}/output.log`;
  const result =
    run.verdict === null
      ? m.stability.noSummary(
          run.timedOut ? m.stability.timedOut(limitMs / 1000) : m.stability.exited(run.exitCode),
          log,
        )
      : [m.verdict[run.verdict], ...(run.failed?.length ? [m.stability.failed(run.failed)] : [])].join(', ');
  return m.stability.run(index, total, result, Math.round(run.ms / 100) / 10);
}

/** The verdicts and failed sets that came out, with their counts, and whether they were the same. */
export function stabilityLine(stability: Stability): string {
  const m = t().stability;
  const same = (count: number) => (count <= 1 ? m.same(stability.runs.length) : m.differs);
  const verdicts = stability.verdicts.map(({ verdict, runs }) =>
    m.times(runs, verdict === null ? m.noVerdict : t().verdict[verdict]),
  );
  const failedSets = stability.failedSets.map(({ failed, runs }) =>
    m.times(runs, failed === null ? m.noVerdict : failed.join(' ') || m.none),
  );
  return `${m.verdicts(verdicts, same(verdicts.length))}; ${m.failedSets(failedSets, same(failedSets.length))}`;
}

/** "≠ server A2       <title>: passed 17×, failed 3×": how often the scenario came out how. */
export function scenarioLine(scenario: ScenarioStability): string {
  const m = t();
  const outcomes = OUTCOMES.flatMap((outcome) => {
    const count = scenario.outcomes[outcome];
    return count ? [m.stability.times(count, m.outcome[outcome])] : [];
  });
  return `  ${scenario.stable ? '=' : '≠'} ${m.role[scenario.role].padEnd(6)} ${scenario.requirements.join(' ').padEnd(8)} ${m.scenario(scenario.name)}: ${outcomes.join(', ')}`;
}

/** The report of a repeat: every scenario's outcomes, the verdicts and failed sets, the conclusion. */
export function stabilityReport(stability: Stability): string {
  const m = t();
  const lines = ['', m.stability.scenarios(stability.runs.length), ...stability.scenarios.map(scenarioLine)];
  lines.push('', stabilityLine(stability));
  lines.push(
    stability.reproducible
      ? m.stability.reproducible(stability.runs.length, stability.exitStatus)
      : m.stability.notReproducible(stability.exitStatus),
  );
  return lines.join('\n');
}
