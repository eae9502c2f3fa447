// Gradescope's results.json for one submission (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
// a test per requirement of each role, worth its weight under the grade policy, and the interop cells
// against the reference implementations as tests worth nothing, so that the student sees them without
// being graded twice. It reads like a grade: the real mistakes first, then what they kept from being
// checked and what the policy counts for it.

import type { TargetRole } from '../judging/result';
import { t } from '../messages';
import {
  type Cell,
  type ClassResult,
  columns,
  type GradePolicy,
  outcomeText,
  points,
  policyText,
  REFERENCE,
  requirementScore,
  type StudentResult,
  verdictText,
} from './results';

interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  /** Left out for a test that is not counted (blocked under `left-out`): it is neither passed nor failed. */
  status?: 'passed' | 'failed';
  output: string;
  visibility: 'visible';
}

export interface GradescopeResults {
  score: number;
  output: string;
  tests: GradescopeTest[];
  visibility: 'visible';
}

export function gradescopeResults(
  student: StudentResult,
  result: ClassResult,
  policy: GradePolicy,
): GradescopeResults {
  const tests: GradescopeTest[] = [];
  for (const role of ['server', 'client'] as const) {
    const run = student[role];
    for (const id of columns(role)) {
      const outcome = run?.requirements[id];
      if (outcome?.status === 'not-checked') continue;
      const level = outcome?.level ?? 'must';
      const score = requirementScore(id, outcome, policy);
      const passed = outcome?.status === 'passed' || outcome?.status === 'observed';
      tests.push({
        name: `${role} ${id} (${level.toUpperCase()})`,
        score: score.points,
        max_score: score.max,
        ...(score.counted ? { status: passed ? ('passed' as const) : ('failed' as const) } : {}),
        output: outcome
          ? outcomeText(outcome, policy)
          : `not run: the ${role} verdict is "${verdictText(student, role)}"`,
        visibility: 'visible',
      });
    }
  }
  const own = result.matrix.cells.filter(
    (cell) =>
      (cell.client === student.name && cell.server === REFERENCE) ||
      (cell.server === student.name && cell.client === REFERENCE),
  );
  for (const cell of own) tests.push(interopTest(cell, student.name));
  const score = points(student, policy);
  const lines = [
    `points: ${score.points} of ${score.max}`,
    ...mistakes(student),
    `server: ${verdictText(student, 'server')}${student.server?.note ? ` (${student.server.note})` : ''}`,
    `client: ${verdictText(student, 'client')}${student.client?.note ? ` (${student.client.note})` : ''}`,
    ...(score.blocked
      ? [
          `${score.blocked} requirement${score.blocked === 1 ? ' was' : 's were'} not checked because of the mistakes above (${policy.blocked === 'left-out' ? 'not counted' : 'counted as not earned'}).`,
        ]
      : []),
    `policy: ${policyText(policy)}`,
  ];
  return { score: score.points, output: lines.join('\n'), tests, visibility: 'visible' };
}

/** The submission's real mistakes, most basic first: what kept it from being run, then each failed requirement (MUST before SHOULD). */
function mistakes(student: StudentResult): string[] {
  const found: string[] = [];
  if (student.problem) found.push(student.problem);
  if (student.build && student.build.status !== 'ok')
    found.push(`the build "${student.build.command}" ${student.build.status}`);
  const failed: { role: TargetRole; id: string; level: string; what?: string }[] = [];
  for (const role of ['server', 'client'] as const) {
    for (const [id, outcome] of Object.entries(student[role]?.requirements ?? {})) {
      if (outcome.status === 'failed')
        failed.push({
          role,
          id,
          level: outcome.level,
          ...(outcome.failure ? { what: t().sentence(outcome.failure.what) } : {}),
        });
    }
  }
  const rank = (level: string) => ['must', 'should', 'info'].indexOf(level.toLowerCase());
  failed.sort((a, b) => rank(a.level) - rank(b.level));
  for (const { role, id, level, what } of failed) {
    found.push(`${role} ${id} (${level.toUpperCase()}) failed${what ? `: ${what}` : ''}`);
  }
  return found.length ? ['mistakes:', ...found.map((line) => `  - ${line}`)] : ['mistakes: none found'];
}

function interopTest(cell: Cell, name: string): GradescopeTest {
  const title =
    cell.client === name ? 'your client with the reference server' : 'the reference client with your server';
  return {
    name: `interop: ${title}`,
    score: 0,
    max_score: 0,
    status: cell.outcome === 'passed' ? 'passed' : 'failed',
    output: cell.reason ?? 'the whole exchange worked',
    visibility: 'visible',
  };
}
