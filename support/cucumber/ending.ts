// How what a step threw ends the scenario: failed on its own requirement, blocked by a more basic one,
// blocked without blame by a finding only another scenario judges, or inconclusive (a disturbed run,
// the harness's own error). The requirement comes from the judge (failureOutcome); this only sorts.

import { failureOutcome } from '../judging/judge';
import type { Ending } from '../judging/result';
import { Inconclusive, Violation } from '../judging/violation';
import { t } from '../messages';

/** The ending of a scenario tagged with `requirements` whose step threw `error`; `disturbance`, what disturbed the run. */
export function endingOf(
  error: unknown,
  disturbance: string | undefined,
  requirements: readonly string[],
): Ending {
  if (error instanceof Violation && disturbance)
    return { outcome: 'inconclusive', reason: t().world.disturbedTwice(disturbance, error.message) };
  if (error instanceof Violation) {
    const { failure } = error;
    switch (failureOutcome(error.requirement, requirements, error.timing)) {
      case 'failed':
        return { outcome: 'failed', violated: error.requirement, failure };
      case 'blocked':
        return { outcome: 'blocked', blockedBy: error.requirement, failure };
      case 'incidental':
        return {
          outcome: 'blocked',
          failure,
          reason: t().world.incidental(error.requirement, error.message),
        };
    }
  }
  if (error instanceof Inconclusive) return { outcome: 'inconclusive', reason: error.message };
  // A harness bug must never be read as the program's failure, nor shown as a stack trace.
  const text = error instanceof Error ? error.message : String(error);
  return { outcome: 'inconclusive', reason: t().world.harnessFailed(text) };
}

/**
 * Whether Cucumber fails the scenario too (the HTML report shows it as one): a failure of its own
 * requirement, and with `blockedFails` (the `mutation` profile of cucumber.js) a blocked one. StrykerJS
 * sees only Cucumber's statuses, and a violation that blocks every scenario where it shows (a wrong
 * NoPorts is W3, found only in the S6 scenarios) would otherwise leave the mutant alive although the
 * verdict is non-conformant.
 */
export function failsInCucumber(ending: Ending, blockedFails: boolean): boolean {
  return ending.outcome === 'failed' || (ending.blockedBy !== undefined && blockedFails);
}
