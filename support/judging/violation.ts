// A failed check, thrown from the place that saw it to the World: it carries the typed Failure (which
// requirement, what was expected, what arrived, the likely cause) that ends up in the scenario's
// result; its message is that failure rendered for people (support/judging/result.ts).

import { type Failure, renderFailure } from './result';

export interface ViolationDetails extends Failure {
  /** Whether the peer said nothing at all until the bound passed. */
  silent?: boolean;
  /**
   * The bound, when the failure is a wait that ran out (nothing due came in time): a stall of the
   * harness's own event loop during the wait may explain it.
   */
  waitedMs?: number;
  /**
   * Whether the finding depends on an interleaving that only its own scenario forces (a reset that
   * comes only when the unread GetPort arrived before the close): elsewhere it is a note, not a failure.
   */
  timing?: boolean;
}

export class Violation extends Error {
  readonly failure: Failure;
  readonly silent: boolean;
  readonly timing: boolean;
  readonly waitedMs: number | undefined;

  constructor({ silent, timing, waitedMs, ...failure }: ViolationDetails) {
    super(renderFailure(failure));
    this.name = 'Violation';
    this.failure = failure;
    this.silent = silent ?? false;
    this.timing = timing ?? false;
    this.waitedMs = waitedMs;
    // The harness's own stack frames mean nothing to a student: the message is the report.
    this.stack = this.message;
  }

  get requirement(): string {
    return this.failure.requirement;
  }

  /** What was due, as the message shows it: drawn as the dashed arrow of the sequence diagram. */
  get expected(): string | undefined {
    return this.failure.expected;
  }
}

/**
 * The check could not be made, through no fault of the program that the harness can prove (a running
 * server whose pool is dry, a disturbed run): the scenario is inconclusive, with advice.
 */
export class Inconclusive extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Inconclusive';
    this.stack = this.message;
  }
}
