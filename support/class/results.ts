// What a class run found (class.json), and the grades computed from it: points from a weight table
// per passed requirement (MUST 2, SHOULD 1 unless --weights says otherwise), and the interop count.

import { readFileSync } from 'node:fs';
import { t } from '../messages';
import { isRequirementId, type Level, REQUIREMENTS } from '../requirements';
import { describeCause, type Limits, type SandboxCause } from '../sandbox';

export type Role = 'server' | 'client';

export interface RequirementOutcome {
  level: string;
  /** passed | failed | blocked | observed | skipped | inconclusive | not-checked, or a newer one as is. */
  status: string;
  /** The failure sentence, an observation or why it was skipped: shown on hover. */
  detail?: string;
}

export interface RoleResult {
  command: string;
  /** conformant | non-conformant | inconclusive from the harness; "error" when it gave no verdict. */
  verdict: string;
  exitCode: number | null;
  ms: number;
  /** The reports' folder, relative to the class reports. */
  reports: string;
  requirements: Record<string, RequirementOutcome>;
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
  commands: Partial<Record<Role, string>>;
  build?: BuildResult;
  server?: RoleResult;
  client?: RoleResult;
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
}

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
  matrix: { clients: string[]; servers: string[]; cells: Cell[] };
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
export function columns(role: Role): string[] {
  return REQUIREMENTS.filter((r) => r.role === 'wire' || r.role === role).map((r) => r.id);
}

export type Weights = Record<string, number>;

export const DEFAULT_WEIGHTS: Weights = { must: 2, should: 1, info: 0 };

/**
 * A weight table from a file: levels ("must", "should", "info") and requirement IDs ("S4": 5, which
 * overrides its level's weight). Unknown keys are an error, so that a typo does not grade silently.
 */
export function readWeights(file: string): Weights {
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
  for (const [key, weight] of Object.entries(value)) {
    const name = ['must', 'should', 'info'].includes(key.toLowerCase()) ? key.toLowerCase() : key;
    if (!(name in DEFAULT_WEIGHTS) && !isRequirementId(name))
      throw new Error(
        `--weights ${file}: "${key}" is neither a level (must, should, info) nor a requirement ID`,
      );
    if (typeof weight !== 'number' || !Number.isFinite(weight))
      throw new Error(`--weights ${file}: the weight of "${key}" is not a number`);
    weights[name] = weight;
  }
  return weights;
}

function weightOf(id: string, level: string, weights: Weights): number {
  return weights[id] ?? weights[level.toLowerCase()] ?? 0;
}

/** Points per passed requirement of both roles, and the most a student can get. */
export function points(student: StudentResult, weights: Weights): { points: number; max: number } {
  let got = 0;
  let max = 0;
  for (const role of ['server', 'client'] as const) {
    for (const id of columns(role)) {
      const catalogLevel: Level = REQUIREMENTS.find((r) => r.id === id)?.level ?? 'info';
      const outcome = student[role]?.requirements[id];
      // A requirement that no run can check (A6) counts for nobody.
      if (outcome?.status === 'not-checked') continue;
      max += weightOf(id, catalogLevel, weights);
      if (outcome?.status === 'passed') got += weightOf(id, outcome.level, weights);
    }
  }
  return { points: got, max };
}

/**
 * The matrix cells a student took part in, and how many passed. A cell that did not run because a
 * build failed counts as failed; one the harness cannot run at all does not count.
 */
export function interop(name: string, cells: Cell[]): { passed: number; total: number } {
  const own = cells.filter((cell) => (cell.client === name || cell.server === name) && !cell.uncounted);
  return { passed: own.filter((cell) => cell.outcome === 'passed').length, total: own.length };
}

export function gradesCsv(result: ClassResult, weights: Weights): string {
  const rows = [
    [
      'student',
      'server verdict',
      'client verdict',
      'points',
      'max points',
      'interop passed',
      'interop total',
    ],
  ];
  for (const student of result.students) {
    const score = points(student, weights);
    const matrix = interop(student.name, result.matrix.cells);
    rows.push([
      student.name,
      verdictText(student, 'server'),
      verdictText(student, 'client'),
      String(score.points),
      String(score.max),
      String(matrix.passed),
      String(matrix.total),
    ]);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

/** The verdict of a role as a word: the harness's, or why there is none. */
export function verdictText(student: StudentResult, role: Role): string {
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
