// Shards of a class run joined into the record of one run: the students in the class's order, the
// cells in the matrix's order, the earliest start and the longest shard's wall time (the shards run
// side by side on the CI's runners). A whole run's class.json is a shard 1/1 of itself.

import path from 'node:path';
import { t } from '../messages';
import type { Cell, ClassResult } from './results';

/** The class's names in order: a shard's roster, or a whole run's students. */
function rosterOf(part: ClassResult): string[] {
  return part.shard?.roster ?? part.students.map((student) => student.name);
}

/** Why the parts are not the shards of one run, or undefined. */
export function mismatch(parts: readonly ClassResult[]): string | undefined {
  const first = parts[0];
  const m = t().classRun;
  if (!first) return m.noShard;
  const count = first.shard?.count ?? 1;
  const seen = parts.map((part) => part.shard?.index ?? 1).sort((a, b) => a - b);
  const expected = Array.from({ length: count }, (_, i) => i + 1);
  if (seen.join(',') !== expected.join(',')) return m.shardsGiven(seen, count);
  const same = (part: ClassResult) =>
    (part.shard?.count ?? 1) === count &&
    // Runners check the class out at paths of their own (GitLab: a build folder per concurrent job).
    path.basename(part.folder) === path.basename(first.folder) &&
    rosterOf(part).join('\n') === rosterOf(first).join('\n') &&
    JSON.stringify([part.matrix.mode, part.matrix.clients, part.matrix.servers]) ===
      JSON.stringify([first.matrix.mode, first.matrix.clients, first.matrix.servers]);
  const other = parts.find((part) => !same(part));
  return other ? m.otherRun(other.shard?.index ?? 1, first.shard?.index ?? 1) : undefined;
}

/** The cells in the order of the matrix's rows and columns. */
export function sortCells(
  cells: readonly Cell[],
  clients: readonly string[],
  servers: readonly string[],
): Cell[] {
  const place = (cell: Cell) => clients.indexOf(cell.client) * servers.length + servers.indexOf(cell.server);
  return [...cells].sort((a, b) => place(a) - place(b));
}

/** The shards as one run's record, or why they cannot be joined. */
export function mergeResults(parts: readonly ClassResult[]): ClassResult | string {
  const problem = mismatch(parts);
  if (problem) return problem;
  const first = parts[0] as ClassResult;
  const students = parts.flatMap((part) => part.students);
  const missing = rosterOf(first).filter((name) => !students.some((student) => student.name === name));
  if (missing.length) return t().classRun.unheld(missing);
  const { clients, servers, mode } = first.matrix;
  return {
    folder: first.folder,
    started: parts.map((part) => part.started).sort()[0] as string,
    wallMs: Math.max(...parts.map((part) => part.wallMs)),
    isolation: first.isolation,
    ...(first.sandbox ? { sandbox: first.sandbox } : {}),
    parallel: first.parallel,
    students: rosterOf(first).map(
      (name) => students.find((student) => student.name === name) as (typeof students)[number],
    ),
    matrix: {
      mode,
      clients,
      servers,
      cells: sortCells(
        parts.flatMap((part) => part.matrix.cells),
        clients,
        servers,
      ),
    },
  };
}
