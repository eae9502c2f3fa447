// How a failure ends a sequence of exploration: as a finding (the program's MUST failure, on an
// undisturbed machine), or stopped early for a reason that is counted and never reported as the
// program's failure. The judge's rules decide (support/judging/judge.ts); this module only applies
// them at the two places a sequence can fail: inside a move, and after the sequence has ended.

import { isExplorationFinding } from '../judging/judge';
import { Inconclusive, Violation } from '../judging/violation';

/** What the search knows when a move fails: the machine's disturbance during it, and what counts as a finding. */
export interface StopRules {
  /** What disturbed the run during the last move, if anything. */
  disturbance: (violation: Violation) => string | undefined;
  strict: boolean;
  findShould: boolean;
}

/**
 * Why a move's failure ends its sequence without a finding: a run that could not be judged, a
 * disturbance of the machine, a failure that depends on timing only its own fixed scenario forces,
 * or a SHOULD failure unless `findShould`. Undefined when the failure is not the move's to absorb:
 * a finding, or an error of the harness, which ends the sequence (see `sequenceEnd`).
 */
export function reasonToStop(error: unknown, rules: StopRules): string | undefined {
  if (error instanceof Inconclusive) return harnessProblem(error);
  if (!(error instanceof Violation)) return undefined;
  const why = rules.disturbance(error);
  if (why) return why;
  if (!isExplorationFinding(error, rules)) return error.requirement;
  return undefined;
}

/** How a sequence that threw ended: a finding, unless the machine disturbed it or the harness failed. */
export function sequenceEnd(
  error: unknown,
  disturbance: (violation: Violation) => string | undefined,
): { finding: Violation } | { stop: string } {
  const why = error instanceof Violation ? disturbance(error) : undefined;
  if (why) return { stop: why };
  if (error instanceof Violation) return { finding: error };
  return { stop: harnessProblem(error) };
}

/** A problem of the harness, not of the program, as the reason a sequence stopped: its first line. */
export function harnessProblem(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
