// A failed check, in the words a student needs: which requirement, what was expected, what arrived,
// and the likely cause. The first line of the message starts with the requirement ID, which is how
// the summary attributes a failure to a requirement (see support/summary.ts).

import { t } from './messages';
import { requirement } from './requirements';

export interface ViolationDetails {
  requirement: string;
  /** What went wrong, in one sentence. */
  what: string;
  expected?: string;
  received?: string;
  hint?: string;
  /** Output of the program under test, when it helps (an exit, a crash). */
  program?: string;
  /** Whether the peer said nothing at all until the bound passed. */
  silent?: boolean;
  /**
   * Whether the finding depends on an interleaving that only its own scenario forces (a reset that
   * comes only when the unread GetPort arrived before the close): elsewhere it is a note, not a failure.
   */
  timing?: boolean;
}

export class Violation extends Error {
  readonly requirement: string;
  readonly silent: boolean;
  readonly timing: boolean;
  /** What was due, as the message shows it: drawn as the dashed arrow of the sequence diagram. */
  readonly expected: string | undefined;

  constructor(details: ViolationDetails) {
    super(render(details));
    this.name = 'Violation';
    this.requirement = details.requirement;
    this.silent = details.silent ?? false;
    this.timing = details.timing ?? false;
    this.expected = details.expected;
    // The harness's own stack frames mean nothing to a student: the message is the report.
    this.stack = this.message;
  }
}

/** The first line of every violation message: "S2 (MUST): …" ("S2 (MUSS): …"), read back by the summary. */
export const VIOLATION_LINE = /^([WSAC]\d) \(([A-Z]+)\): /;

function render(details: ViolationDetails): string {
  const m = t();
  const req = requirement(details.requirement);
  const lines = [`${req.id} (${m.level[req.level]}): ${m.sentence(details.what)}`];
  if (details.expected !== undefined) lines.push(`  ${m.labels.expected} ${details.expected}`);
  if (details.received !== undefined) lines.push(`  ${m.labels.received} ${details.received}`);
  if (details.hint) lines.push(`  ${m.labels.hint} ${details.hint}`);
  lines.push(`  ${m.labels.rule} ${req.text}`);
  if (req.sheet) lines.push(`  ${m.labels.sheet} „${req.sheet}“`);
  lines.push(`  ${m.labels.more} ${m.explainCommand(req.id)}`);
  if (details.program) lines.push('', details.program);
  return lines.join('\n');
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
