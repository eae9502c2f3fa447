// What a class run checks, decided before anything runs and from the class folder alone (and a
// previous run's class.json when given), so that every shard of a sharded run, on whatever runner,
// decides the same: which cells the interop matrix has, and which shard checks which student.

import type { TargetRole } from '../judging/result';
import { t } from '../messages';
import { type ClassResult, type MatrixMode, REFERENCE } from './results';
import type { Student } from './student';

/** Up to this many students the matrix is every client against every server (about n² cells). */
export const ALL_UP_TO = 30;
/** Beyond it, each program meets this many other students' programs (about (k + 2) · n cells). */
export const DEFAULT_PARTNERS = 3;

/** The --matrix value: all, reference, none, or a number of partners from 1 to 64; undefined when it is none of them. */
export function parseMatrix(text: string): MatrixMode | undefined {
  if (text === 'all' || text === 'reference' || text === 'none') return text;
  const k = Number(text);
  return /^\d+$/.test(text) && k >= 1 && k <= 64 ? k : undefined;
}

/** The default matrix of a class of `students`. */
export function defaultMatrix(students: number): MatrixMode {
  return students <= ALL_UP_TO ? 'all' : DEFAULT_PARTNERS;
}

/** The rule by which the cells were chosen, for the matrix page. */
export function matrixRule(mode: MatrixMode): string {
  const m = t().classRun.rule;
  if (mode === 'none') return m.none;
  if (mode === 'all') return m.all;
  if (mode === 'reference') return m.only(m.reference);
  return m.partners(mode, m.reference);
}

/** Whether a student's program was conformant in a previous run (a passing partner). */
export type Passing = (role: TargetRole, name: string) => boolean;

export function passingIn(previous: ClassResult | undefined): Passing {
  return (role, name) =>
    previous?.students.find((student) => student.name === name)?.[role]?.verdict === 'conformant';
}

/**
 * The cells of the matrix as [client, server], in the order of the rows (`clients`) and columns
 * (`servers`); both lists end with the reference implementations.
 */
export function matrixPairs(
  clients: readonly string[],
  servers: readonly string[],
  mode: MatrixMode,
  passing: Passing = () => false,
): [string, string][] {
  if (mode === 'none') return [];
  const chosen = new Set<string>();
  const add = (client: string, server: string) => chosen.add(`${client}\n${server}`);
  for (const client of clients)
    for (const server of servers)
      if (mode === 'all' || client === REFERENCE || server === REFERENCE) add(client, server);
  if (typeof mode === 'number') {
    const own = (list: readonly string[]) => list.filter((name) => name !== REFERENCE);
    // Passing clients first and passing servers last: the rotation pairs failing with passing.
    const rank = (role: TargetRole, name: string) => (passing(role, name) ? 0 : 1);
    const rows = [...own(clients)].sort((a, b) => rank('client', a) - rank('client', b));
    const columns = [...own(servers)].sort((a, b) => rank('server', b) - rank('server', a));
    rows.forEach((client, i) => {
      const base = Math.floor((i * columns.length) / rows.length);
      let met = 0;
      for (let d = 0; d < columns.length && met < mode; d++) {
        const server = columns[(base + d) % columns.length] as string;
        if (server === client) continue;
        add(client, server);
        met++;
      }
    });
  }
  return clients.flatMap((client) =>
    servers
      .filter((server) => chosen.has(`${client}\n${server}`))
      .map((server): [string, string] => [client, server]),
  );
}

/** A share of the work that goes to one shard whole: a student's checks and the cells it owns. */
export interface Unit {
  name: string;
  /** The expected time in ms. */
  cost: number;
}

/** A cell belongs to its client's unit, a cell of the reference client to its server's. */
export function cellOwner([client, server]: readonly [string, string]): string {
  return client === REFERENCE ? server : client;
}

/** Expected times in ms, where no previous run says better (measured on the demo class, rounded). */
const EXPECTED = { student: 500, build: 3000, compiledBuild: 8000, server: 12_000, client: 6000, cell: 1000 };
/** A JVM's start makes every check and cell of a Java program slower. */
const JVM = 1.5;

function isJava(command: string | undefined): boolean {
  return /\bjava(c)?\b/.test(command ?? '');
}

/** The expected time of a student's build and checks: a previous run's, else by kind. */
export function studentCost(student: Student, previous?: ClassResult): number {
  const before = previous?.students.find((entry) => entry.name === student.name);
  // Every student costs a little (its folder read, its row written): those with nothing to run spread too.
  if (student.problem) return EXPECTED.student;
  let cost = EXPECTED.student;
  if (student.build)
    cost += before?.build?.ms ?? (isJava(student.build) ? EXPECTED.compiledBuild : EXPECTED.build);
  for (const role of ['server', 'client'] as const) {
    if (!student[role]) continue;
    cost += before?.[role]?.ms ?? EXPECTED[role] * (isJava(student[role]) ? JVM : 1);
  }
  return cost;
}

/** The expected time of a cell: a previous run's, else by kind. */
export function cellCost(
  [client, server]: readonly [string, string],
  students: ReadonlyMap<string, Student>,
  previous?: ClassResult,
): number {
  const before = previous?.matrix.cells.find((cell) => cell.client === client && cell.server === server);
  if (before) return before.ms;
  const slow = isJava(students.get(client)?.client) || isJava(students.get(server)?.server);
  return EXPECTED.cell * (slow ? JVM : 1);
}

/** The units of a class: a student's checks with the cells it owns; the reference pair is a unit of its own. */
export function units(
  students: readonly Student[],
  pairs: readonly [string, string][],
  previous?: ClassResult,
): Unit[] {
  const byName = new Map(students.map((student) => [student.name, student]));
  const cost = new Map<string, number>(
    students.map((student) => [student.name, studentCost(student, previous)]),
  );
  for (const pair of pairs) {
    const owner = cellOwner(pair);
    cost.set(owner, (cost.get(owner) ?? 0) + cellCost(pair, byName, previous));
  }
  return [...cost].map(([name, ms]) => ({ name, cost: ms }));
}

/**
 * Which shard (1 to `count`) takes each unit: the most expensive first, each to the shard with the
 * least so far (the lowest number on a tie), so that the shards end at about the same time.
 */
export function assignShards(list: readonly Unit[], count: number): Map<string, number> {
  const load = Array.from({ length: count }, () => 0);
  const shard = new Map<string, number>();
  const sorted = [...list].sort(
    (a, b) => b.cost - a.cost || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  for (const unit of sorted) {
    const least = load.indexOf(Math.min(...load));
    load[least] = (load[least] ?? 0) + unit.cost;
    shard.set(unit.name, least + 1);
  }
  return shard;
}

/** `--shard i/n`: which part of how many, or undefined when the text is not one. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  return match && count >= 1 && count <= 256 && index >= 1 && index <= count ? { index, count } : undefined;
}
