// The result model: what a scenario ended with, as typed data from the place that saw it to every
// report. The World attaches one ScenarioResult per scenario as JSON (RESULT_MEDIA_TYPE); the summary
// (summary.json, the terminal), JUnit, class mode and the exit status are projections of it. The
// sentences people read are rendered from it in the run's language; no report reads a verdict, an
// outcome or a requirement back out of a sentence.

import type { RequirementId } from '../messages';
import { t } from '../messages';
import { isRequirementId, type Level, requirement } from './requirements';

/** The media type of a scenario's result among Cucumber's attachments: the one thing the reports read. */
export const RESULT_MEDIA_TYPE = 'application/vnd.mpp-conformance.result+json';

export type Outcome = 'passed' | 'failed' | 'observed' | 'blocked' | 'skipped' | 'inconclusive';
export const OUTCOMES: readonly Outcome[] = [
  'passed',
  'failed',
  'observed',
  'blocked',
  'skipped',
  'inconclusive',
];
/** A requirement's outcome over a run: a scenario's, or not checked when no scenario could check it. */
export type RequirementOutcome = Outcome | 'not-checked';
export type Verdict = 'conformant' | 'non-conformant' | 'inconclusive';

/** The role of a program under test. */
import type { TargetRole } from '../messages';

export type { TargetRole };

/**
 * A failed check, as the place that saw it describes it (h2spec's TestError): the requirement it
 * violates, what went wrong, what was expected and what arrived, the likely cause, and the program's
 * output where it helps.
 */
export interface Failure {
  requirement: string;
  /** What went wrong, in one sentence. */
  what: string;
  expected?: string;
  received?: string;
  hint?: string;
  /** Output of the program under test, when it helps (an exit, a crash). */
  program?: string;
}

/** What an INFO check saw, or a choice the sheet leaves open, with the requirement it belongs to. */
export interface Observation {
  requirement: string;
  text: string;
}

/** What the lines a program sent in one scenario show: per requirement of every line, how many kept it and broke it. */
export type LineEvidence = Partial<Record<RequirementId, { kept: number; broken: number }>>;

/** How a scenario ended, as the judge decides it (support/judging/judge.ts, scenarioEnd). */
export interface Ending {
  outcome: Outcome;
  /** failed: the scenario's own requirement that the failure violates. */
  violated?: string;
  /** blocked: the requirement whose failure kept the scenario from its own check (none when nothing is blamed). */
  blockedBy?: string;
  /** failed, blocked: what was expected and what arrived. */
  failure?: Failure;
  /** skipped, inconclusive, blocked without blame: why, for people. */
  reason?: string;
}

/** A scenario's one result, attached when it ends. */
export interface ScenarioResult extends Ending {
  role: TargetRole;
  /** The requirements the scenario checks (its tags). */
  requirements: string[];
  /** The scenario's level (its tag). */
  level: Level;
  observations: Observation[];
  /** The evidence rule's facts (support/judging/judge.ts): what the program's protocol lines showed. */
  evidence?: LineEvidence;
}

/** What a scenario's tags say: its role, its requirements (first one first) and its level. */
export function scenarioTags(
  tags: readonly string[],
): Pick<ScenarioResult, 'role' | 'requirements' | 'level'> {
  const names = tags.map((tag) => tag.replace(/^@/, ''));
  return {
    role: names.includes('client') ? 'client' : 'server',
    requirements: names.filter(isRequirementId),
    level: (['must', 'should', 'info'] as const).find((level) => names.includes(level)) ?? 'must',
  };
}

/** The first line of a failure: "S2 (MUST): what went wrong". */
export function failureHeadline(failure: Failure): string {
  const m = t();
  const req = requirement(failure.requirement);
  return `${req.id} (${m.level[req.level]}): ${m.sentence(failure.what)}`;
}

/** A failure in full, in the words a student needs: expected, received, hint, the rule, the sheet's sentence. */
export function renderFailure(failure: Failure): string {
  const m = t();
  const req = requirement(failure.requirement);
  const lines = [failureHeadline(failure)];
  if (failure.expected !== undefined) lines.push(`  ${m.labels.expected} ${failure.expected}`);
  if (failure.received !== undefined) lines.push(`  ${m.labels.received} ${failure.received}`);
  if (failure.hint) lines.push(`  ${m.labels.hint} ${failure.hint}`);
  lines.push(`  ${m.labels.rule} ${req.text}`);
  if (req.sheet) lines.push(`  ${m.labels.sheet} „${req.sheet}“`);
  lines.push(`  ${m.labels.more} ${m.explainCommand(req.id)}`);
  if (failure.program) lines.push('', failure.program);
  return lines.join('\n');
}

/** An observation as the report says it: "Observed (S3): …". */
export function observationLine(observation: Observation): string {
  return `${t().observed(observation.requirement)}${observation.text}`;
}

/** Why a scenario neither passed nor failed, as the report says it ("Blocked by S2: …"); undefined otherwise. */
export function reasonLine(ending: Ending): string | undefined {
  const prefix = t().prefix;
  if (ending.outcome === 'blocked' && ending.blockedBy && ending.failure)
    return `${prefix.blocked}${ending.blockedBy}: ${renderFailure(ending.failure)}`;
  const { outcome } = ending;
  if (outcome === 'blocked' || outcome === 'skipped' || outcome === 'inconclusive')
    return `${prefix[outcome]}${ending.reason ?? ''}`;
  return undefined;
}
