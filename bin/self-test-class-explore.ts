// The self-test of `class --explore`: a class of two servers, explored for a short budget after their
// checks. The deep-bug server's finding (the manifest's `explore` requirement) must show on the class
// page and the student's page with its scenario, the conformant one must have no finding, and neither
// the verdicts nor the points may change (they are the fixtures' single runs and the points of their
// requirements alone); class merge of the run as a shard 1/1 must write its reports byte for byte.

import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { explorePagePath, exploreText } from '../support/class/explore-page';
import { type ClassResult, DEFAULT_POLICY, gradesCsv } from '../support/class/results';
import { readManifest } from './fixtures';
import { type ClassStudent, type Fixtures, mergeProblem, runClass, studentProblems } from './self-test-class';

/**
 * Names chosen for their seeds (derived from the name): ida's finds its server's mistake in the first
 * sequence, so the budget is a bound for a busy machine; the conformant server spends all of it.
 */
const STUDENTS: ClassStudent[] = [
  { name: 'ida', server: 'stranger-deep-py-holder-counter', points: '30 of 54' },
  { name: 'ivo', server: 'python-server', points: '32 of 54' },
];
const BUDGET = '10s';

export const CLASS_EXPLORE_CHECK = `class --explore ${BUDGET}: ${STUDENTS[0]?.server}'s finding on the class page and the student's page, none for ${STUDENTS[1]?.server}, the same verdicts and points as without it, class merge byte for byte`;

/** What the pages must show of a student's exploration, or why they do not. */
function pageProblems(
  reports: string,
  result: ClassResult,
  expected: Map<string, string | undefined>,
): string[] {
  const problems: string[] = [];
  const index = readFileSync(path.join(reports, 'index.html'), 'utf8');
  for (const student of result.students) {
    const explore = student.explore;
    const wanted = expected.get(student.name);
    if (!explore) {
      problems.push(`${student.name} has no explore value in class.json`);
      continue;
    }
    const found = explore.outcome === 'found' ? explore.finding?.requirement : undefined;
    if (found !== wanted || (!wanted && explore.outcome !== 'none'))
      problems.push(
        `${student.name}'s exploration: ${exploreText(explore)}, expected ${wanted ? `${wanted} found` : 'no finding'}; see ${path.relative(process.cwd(), path.join(reports, explore.reports, 'output.log'))}`,
      );
    const page = path.join(reports, explorePagePath(student.name));
    const shown = existsSync(page) ? readFileSync(page, 'utf8') : '';
    for (const [where, html] of [
      ['index.html', index],
      [explorePagePath(student.name), shown],
    ] as const)
      if (!html.includes(exploreText(explore)) || !html.includes(`${explore.seed}`))
        problems.push(`${where} does not show ${student.name}'s exploration (${exploreText(explore)})`);
    if (explore.finding && !existsSync(path.join(reports, explore.finding.feature)))
      problems.push(`${student.name}'s scenario ${explore.finding.feature} was not written`);
  }
  return problems;
}

/** Runs the explored class; returns what differs, or undefined. */
export async function classExploreProblem(timeoutMs: string): Promise<string | undefined> {
  const fixtures: Fixtures = new Map(readManifest().fixtures.map((fixture) => [fixture.name, fixture]));
  const root = path.resolve('reports', 'self-test', 'class-explore');
  rmSync(root, { recursive: true, force: true });
  const result = await runClass(root, STUDENTS, fixtures, timeoutMs, ['--no-matrix', '--explore', BUDGET]);
  if (typeof result === 'string') return result;
  const reports = path.join(root, 'reports');
  // The verdicts and failed sets of the single runs, and the points of the requirements alone.
  const problems = studentProblems(root, result, STUDENTS, fixtures);
  const unexplored = {
    ...result,
    students: result.students.map(({ explore: _, ...student }) => student),
  };
  if (readFileSync(path.join(reports, 'grades.csv'), 'utf8') !== gradesCsv(unexplored, DEFAULT_POLICY))
    problems.push('grades.csv differs from the grades of the same class without its explorations');
  const expected = new Map(
    STUDENTS.map((student) => [student.name, fixtures.get(student.server ?? '')?.explore]),
  );
  problems.push(...pageProblems(reports, result, expected));
  const merged = await mergeProblem(
    reports,
    path.join(root, 'merged'),
    STUDENTS.map((student) => explorePagePath(student.name)),
  );
  if (merged) problems.push(merged);
  return problems.length ? problems.join('\n    ') : undefined;
}
