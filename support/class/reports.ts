// Writing a class run's reports: the pages, grades.csv, class.json and Gradescope's results from one
// record (a whole run's, or the merge of its shards'), so that both write the same bytes; a shard
// writes only its class.json beside its students' reports.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { t } from '../messages';
import { explorePage, explorePagePath } from './explore-page';
import { gradescopeResults } from './gradescope';
import { indexHtml, matrixHtml } from './html';
import type { MergeOptions, ReportOptions } from './options';
import { type ClassResult, gradesCsv, type StudentResult } from './results';
import { mergeResults } from './shard';

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** class.json alone: what a shard leaves for the merge. */
export function writeRecord(reports: string, result: ClassResult): void {
  mkdirSync(reports, { recursive: true });
  writeFileSync(path.join(reports, 'class.json'), json(result));
}

/** Every report of a whole class. */
export function writeReports(result: ClassResult, options: ReportOptions): void {
  const { reports, policy } = options;
  writeRecord(reports, result);
  writeFileSync(path.join(reports, 'grades.csv'), gradesCsv(result, policy));
  writeFileSync(path.join(reports, 'index.html'), indexHtml(result, policy));
  writeFileSync(path.join(reports, 'matrix.html'), matrixHtml(result));
  for (const student of result.students)
    if (student.explore) {
      const file = path.join(reports, explorePagePath(student.name));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, explorePage(result, student));
    }
  if (options.gradescope) {
    const only = result.students[0] as StudentResult;
    writeFileSync(options.gradescope, json(gradescopeResults(only, result, policy)));
  }
}

/** Empties the folders a run writes anew (its students' reports and the transcripts). */
export function clearReports(reports: string): void {
  rmSync(path.join(reports, 'students'), { recursive: true, force: true });
  rmSync(path.join(reports, 'matrix'), { recursive: true, force: true });
  mkdirSync(path.join(reports, 'matrix'), { recursive: true });
}

/** Copies a shard's students' reports and transcripts into the merged reports. */
export function copyArtifacts(from: string, to: string, part: ClassResult): void {
  if (path.resolve(from) === path.resolve(to)) return;
  const copy = (relative: string) => {
    const source = path.join(from, relative);
    if (existsSync(source)) cpSync(source, path.join(to, relative), { recursive: true });
  };
  for (const student of part.students) copy(path.join('students', student.name));
  for (const cell of part.matrix.cells) if (cell.transcript) copy(cell.transcript);
}

/** `class merge <shard reports…> --reports <dir>`: the exit status. */
export function mergeClass(options: MergeOptions): number {
  const parts: ClassResult[] = [];
  for (const dir of options.shards) {
    try {
      parts.push(JSON.parse(readFileSync(path.join(dir, 'class.json'), 'utf8')) as ClassResult);
    } catch (error) {
      console.error(t().classRun.noRecord(dir, (error as Error).message));
      return 2;
    }
  }
  const merged = mergeResults(parts);
  if (typeof merged === 'string') {
    console.error(t().classRun.mergeFailed(merged));
    return 2;
  }
  // Merged into one of the shards' folders, the others' reports join it; else they all go to a fresh one.
  const inPlace = options.shards.some((dir) => path.resolve(dir) === options.reports);
  if (!inPlace) clearReports(options.reports);
  for (const [i, dir] of options.shards.entries())
    copyArtifacts(dir, options.reports, parts[i] as ClassResult);
  writeReports(merged, options);
  const cells = merged.matrix.cells;
  console.log(
    t().classRun.merged(
      parts.length,
      merged.students.length,
      cells.length,
      cells.filter((cell) => cell.outcome === 'passed').length,
      path.relative(process.cwd(), options.reports) || '.',
    ),
  );
  return 0;
}
