// What a class run found (class.json), and the grades computed from it under a grade policy: points
// from a weight table per passed requirement (MUST 2, SHOULD 1 unless --weights says otherwise), what
// a requirement that stays blocked counts (--blocked), and the interop count.

import { readFileSync } from 'node:fs';
import { isRequirementId, type Level, REQUIREMENTS } from '../judging/requirements';
import type { Failure, RequirementOutcome, TargetRole, Verdict } from '../judging/result';
import { t } from '../messages';
import { describeCause, type Limits, type SandboxCause } from '../process/sandbox';
import type { ExploreSummary } from '../report/summary';
import { BLOCKED_POLICIES, type BlockedPolicy, DEFAULT_BLOCKED, isBlockedPolicy } from '../settings/target';

/** A requirement of a role as the student's check judged it (summary.json's entry, with its failure). */
export interface RequirementResult {
  level: Level;
  status: RequirementOutcome;
  /** The failure sentence, an observation or why it was skipped: shown on hover. */
  detail?: string;
  /** The failure that a scenario blamed on it, as data. */
  failure?: Failure;
  /** The requirements whose failure kept its scenarios from checking it (summary.json's blockedBy). */
  blockedBy?: string[];
  /** Passed on the evidence rule: how many protocol lines of the run showed it kept. */
  lines?: number;
}

export interface RoleResult {
  command: string;
  /** The harness's verdict; "error" when it gave none. */
  verdict: Verdict | 'error';
  exitCode: number | null;
  ms: number;
  /** The reports' folder, relative to the class reports. */
  reports: string;
  requirements: Record<string, RequirementResult>;
  /** Why there is no verdict (a configuration error, a time-out), in a sentence. */
  note?: string;
  /** What the sandbox refused or ended while the check ran the program. */
  sandbox?: SandboxCause[];
}

export interface BuildResult {
  command: string;
  status: 'ok' | 'failed' | 'timed out';
  ms: number;
  /** The build's output, relative to the class reports. */
  log: string;
  /** What the sandbox refused or ended during the build. */
  sandbox?: SandboxCause[];
}

export interface StudentResult {
  name: string;
  source: string;
  problem?: string;
  /** The commands as given or guessed (placeholders unfilled). */
  commands: Partial<Record<TargetRole, string>>;
  build?: BuildResult;
  server?: RoleResult;
  client?: RoleResult;
  /** The server explored after its check (`--explore`): shown, never graded. */
  explore?: ExploreResult;
}

/**
 * A student's server explored after its check (`class --explore`), from its summary.json's `explore`
 * section. The search is bounded by time, so two runs may differ: it changes no verdict and no points.
 */
export interface ExploreResult {
  budgetMs: number;
  /** Derived from the student's name: a rerun explores the same sequences. */
  seed: number;
  /** found: the written scenario failed on its own; none: no finding in `sequences`; inconclusive: the machine disturbed it, or it gave no summary. */
  outcome: 'found' | 'none' | 'inconclusive';
  sequences: number;
  movesRun: number;
  /** The shortest failing sequence; its feature file relative to the class reports. */
  finding?: NonNullable<ExploreSummary['finding']>;
  /** Why there is no summary: the exploration ran out of its bound, or ended without one. */
  problem?: 'timed-out' | 'no-summary';
  exitCode: number | null;
  ms: number;
  /** The exploration's reports (explore.json, summary.json, the feature file and its run), relative to the class reports. */
  reports: string;
}

export interface Cell {
  client: string;
  server: string;
  outcome: 'passed' | 'failed' | 'not-run';
  reason?: string;
  /** Not counted in the interop score: the harness cannot run this pair (both fixed to port 10001). */
  uncounted?: boolean;
  /** The transcript, relative to the class reports. */
  transcript?: string;
  ms: number;
  /** Which side of a failed cell broke the protocol, and the requirement the judge names (judge.interopBlame). */
  blame?: { side: TargetRole; requirement: string };
}

/** Which cells the matrix has: none, every pair, the reference implementations only, or k partners a program. */
export type MatrixMode = 'none' | 'all' | 'reference' | number;

export interface ClassResult {
  folder: string;
  started: string;
  wallMs: number;
  isolation: string;
  /** The sandbox's limits, when the students' programs ran in one. */
  sandbox?: Limits;
  parallel: number;
  students: StudentResult[];
  /** Clients (rows) and servers (columns) of the matrix; the reference implementations are "reference". */
  matrix: { mode: MatrixMode; clients: string[]; servers: string[]; cells: Cell[] };
  /** Present in a shard's class.json only (`--shard i/n`): which part it is, and the whole class's names in order. */
  shard?: { index: number; count: number; roster: string[] };
}

export const REFERENCE = 'reference';

/** What the sandbox refused or ended for a student, a sentence each: the build's, the server's, the client's. */
export function sandboxSentences(student: StudentResult, limits: Limits | undefined): string[] {
  if (!limits) return [];
  const m = t().sandbox;
  return [
    ...(student.build?.sandbox ?? []).map((cause) => describeCause(cause, limits, m.build)),
    ...(['server', 'client'] as const).flatMap((role) =>
      (student[role]?.sandbox ?? []).map((cause) => describeCause(cause, limits, m[role])),
    ),
  ];
}

/** The requirement columns of a role, in the order of the reading: the wire format, then the role's own. */
export function columns(role: TargetRole): string[] {
  return REQUIREMENTS.filter((r) => r.role === 'wire' || r.role === role).map((r) => r.id);
}

export type Weights = Record<string, number>;

export const DEFAULT_WEIGHTS: Weights = { must: 2, should: 1, info: 0 };

/** How a class is graded: the weights, and what a blocked requirement counts. */
export interface GradePolicy {
  weights: Weights;
  blocked: BlockedPolicy;
}

export const DEFAULT_POLICY: GradePolicy = { weights: DEFAULT_WEIGHTS, blocked: DEFAULT_BLOCKED };

/** The policy in one sentence, for the class page, grades.csv's readers and Gradescope. */
export function policyText(policy: GradePolicy): string {
  const { must, should, info, ...single } = policy.weights;
  const overrides = Object.entries(single).map(([id, weight]) => `${id} ${weight}`);
  const weights = `points per passed requirement: MUST ${must}, SHOULD ${should}, INFO ${info}${overrides.length ? `; ${overrides.join(', ')}` : ''}`;
  const blocked =
    policy.blocked === 'left-out'
      ? 'a requirement blocked by another failure is not counted: it is left out of the points and of the maximum (--blocked left-out)'
      : 'a requirement blocked by another failure counts as not earned: in the maximum, without points (--blocked not-earned)';
  return `${weights}; ${blocked}.`;
}

/**
 * A weight table from a file: levels ("must", "should", "info") and requirement IDs ("S4": 5, which
 * overrides its level's weight), and optionally "blocked": "left-out" or "not-earned". Unknown keys
 * are an error, so that a typo does not grade silently.
 */
export function readWeights(file: string): { weights: Weights; blocked?: BlockedPolicy } {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`--weights ${file}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`--weights ${file}: expected an object like {"must": 2, "should": 1, "S4": 4}`);
  }
  const weights: Weights = { ...DEFAULT_WEIGHTS };
  let blocked: BlockedPolicy | undefined;
  for (const [key, weight] of Object.entries(value)) {
    if (key === 'blocked') {
      if (typeof weight !== 'string' || !isBlockedPolicy(weight))
        throw new Error(
          `--weights ${file}: "blocked" is ${JSON.stringify(weight)}, not one of ${BLOCKED_POLICIES.join(', ')}`,
        );
      blocked = weight;
      continue;
    }
    const name = ['must', 'should', 'info'].includes(key.toLowerCase()) ? key.toLowerCase() : key;
    if (!(name in DEFAULT_WEIGHTS) && !isRequirementId(name))
      throw new Error(
        `--weights ${file}: "${key}" is neither a level (must, should, info), a requirement ID nor "blocked"`,
      );
    if (typeof weight !== 'number' || !Number.isFinite(weight))
      throw new Error(`--weights ${file}: the weight of "${key}" is not a number`);
    weights[name] = weight;
  }
  return blocked ? { weights, blocked } : { weights };
}

/** What one requirement of a role counts under a policy: its weight, and whether it is in the points and the maximum. */
export function requirementScore(
  id: string,
  outcome: RequirementResult | undefined,
  policy: GradePolicy,
): { points: number; max: number; counted: boolean } {
  const catalogLevel: Level = REQUIREMENTS.find((r) => r.id === id)?.level ?? 'info';
  // A requirement that no run can check (A6) counts for nobody; a blocked one as the policy says.
  const counted =
    outcome?.status !== 'not-checked' && !(outcome?.status === 'blocked' && policy.blocked === 'left-out');
  if (!counted) return { points: 0, max: 0, counted };
  const max = weightOf(id, catalogLevel, policy.weights);
  return {
    points: outcome?.status === 'passed' ? weightOf(id, outcome.level, policy.weights) : 0,
    max,
    counted,
  };
}

function weightOf(id: string, level: string, weights: Weights): number {
  return weights[id] ?? weights[level.toLowerCase()] ?? 0;
}

/** Points per passed requirement of both roles, the most a student can get, and how many requirements stayed blocked. */
export function points(
  student: StudentResult,
  policy: GradePolicy,
): { points: number; max: number; blocked: number } {
  let got = 0;
  let max = 0;
  let blocked = 0;
  for (const role of ['server', 'client'] as const) {
    for (const id of columns(role)) {
      const outcome = student[role]?.requirements[id];
      const score = requirementScore(id, outcome, policy);
      got += score.points;
      max += score.max;
      if (outcome?.status === 'blocked') blocked++;
    }
  }
  return { points: got, max, blocked };
}

/**
 * A requirement's outcome as a grade reads it: passed (and on what evidence), failed with the
 * failure's sentence, or not checked with the requirement that blocked it and what the policy counts.
 */
export function outcomeText(outcome: RequirementResult, policy: GradePolicy): string {
  const roots = outcome.blockedBy?.length ? outcome.blockedBy.join(', ') : 'an earlier failure';
  switch (outcome.status) {
    case 'passed':
      return outcome.lines
        ? `passed on the evidence of ${outcome.lines} protocol line${outcome.lines === 1 ? '' : 's'} the program sent, in any scenario${outcome.blockedBy?.length ? ` (its own scenario was blocked by ${roots})` : ''}`
        : 'passed';
    case 'failed':
      return `failed${outcome.detail ? `: ${outcome.detail}` : ''}`;
    case 'blocked':
      return `not checked: blocked by ${roots} (${policy.blocked === 'left-out' ? 'not counted' : 'counted as not earned'}, see the policy)`;
    default:
      return `${outcome.status}${outcome.detail ? `: ${outcome.detail}` : ''}`;
  }
}

/**
 * The matrix cells a student took part in, and how many passed. A cell that did not run because a
 * build failed counts as failed; one the harness cannot run at all does not count.
 */
export function interop(name: string, cells: Cell[]): { passed: number; total: number } {
  const own = cells.filter((cell) => (cell.client === name || cell.server === name) && !cell.uncounted);
  return { passed: own.filter((cell) => cell.outcome === 'passed').length, total: own.length };
}

export function gradesCsv(result: ClassResult, policy: GradePolicy): string {
  const rows = [
    [
      'student',
      'server verdict',
      'client verdict',
      'points',
      'max points',
      'interop passed',
      'interop total',
      'blocked requirements',
      'blocked policy',
    ],
  ];
  for (const student of result.students) {
    const score = points(student, policy);
    const matrix = interop(student.name, result.matrix.cells);
    rows.push([
      student.name,
      verdictText(student, 'server'),
      verdictText(student, 'client'),
      String(score.points),
      String(score.max),
      String(matrix.passed),
      String(matrix.total),
      String(score.blocked),
      policy.blocked,
    ]);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

/** The verdict of a role as a word: the harness's, or why there is none. */
export function verdictText(student: StudentResult, role: TargetRole): string {
  if (student.problem) return 'not checked';
  const result = student[role];
  if (result) return result.verdict;
  if (!student.commands[role]) return 'none';
  return student.build && student.build.status !== 'ok' ? 'build failed' : 'not run';
}

function csvField(text: string): string {
  // A leading = + - @ would be read as a formula by a spreadsheet; a quote keeps it text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
