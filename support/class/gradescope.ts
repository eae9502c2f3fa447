// Gradescope's results.json for one submission (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
// a test per requirement of each role, worth its weight, and the interop cells against the reference
// implementations as tests worth nothing, so that the student sees them without being graded twice.

import {
  type Cell,
  type ClassResult,
  columns,
  points,
  REFERENCE,
  type StudentResult,
  verdictText,
  type Weights,
} from './results';

interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
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
  weights: Weights,
): GradescopeResults {
  const tests: GradescopeTest[] = [];
  for (const role of ['server', 'client'] as const) {
    const run = student[role];
    for (const id of columns(role)) {
      const outcome = run?.requirements[id];
      if (outcome?.status === 'not-checked') continue;
      const level = outcome?.level ?? 'must';
      const weight = weights[id] ?? weights[level] ?? 0;
      const passed = outcome?.status === 'passed';
      tests.push({
        name: `${role} ${id} (${level.toUpperCase()})`,
        score: passed ? weight : 0,
        max_score: weight,
        status: passed ? 'passed' : 'failed',
        output: outcome
          ? `${outcome.status}${outcome.detail ? `\n${outcome.detail}` : ''}`
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
  const score = points(student, weights);
  const lines = [
    `server: ${verdictText(student, 'server')}${student.server?.note ? ` (${student.server.note})` : ''}`,
    `client: ${verdictText(student, 'client')}${student.client?.note ? ` (${student.client.note})` : ''}`,
    ...(student.problem ? [student.problem] : []),
    ...(student.build && student.build.status !== 'ok'
      ? [`the build "${student.build.command}" ${student.build.status}`]
      : []),
    `points: ${score.points} of ${score.max}`,
  ];
  return { score: score.points, output: lines.join('\n'), tests, visibility: 'visible' };
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
