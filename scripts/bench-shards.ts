// `npm run bench:shards -- [students] [shards] [matrix] [--shards-only]` (default 200 8 3): what a
// large class costs. Generates a class (scripts/class-generator.ts), checks it once on this machine
// with --matrix k, then as n shards one after another (a stand-in for n CI runners) and merges them;
// prints each run's wall and CPU time and the load around it, and checks that the merge gives the
// single run's verdicts, failed requirements, points and cells. `--shards-only` leaves out the single
// run (the shards are the whole class's work) when there is no time for both. Prints figures, judges
// nothing else. Heavy: minutes per ten students on 2 cores.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathWithPython, pythonBinary } from '../bin/python';
import { type ClassResult, DEFAULT_POLICY, gradesCsv } from '../support/class/results';
import { generateClass } from './class-generator';
import { type Figures, measure } from './measure';

const ROOT = path.resolve(__dirname, '..');
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const words = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const [students = 200, shards = 8] = words.slice(0, 2).map(Number);
const matrix = words[2] ?? '3';
const shardsOnly = flags.includes('--shards-only');
const OUT = path.join(ROOT, 'reports', 'bench-shards');
const CLASS = path.join(OUT, `class-${students}`);
const PATH = pathWithPython(path.join(OUT, 'python'), pythonBinary().path);

function run(args: string[]): Figures {
  const figures = measure(['node', 'bin/mpp-conformance.cjs', 'class', ...args], {
    cwd: ROOT,
    env: { PATH },
  });
  if (figures.code !== 0) throw new Error(`class ${args.join(' ')} ended with ${figures.code}`);
  return figures;
}

function read(dir: string): ClassResult {
  return JSON.parse(readFileSync(path.join(dir, 'class.json'), 'utf8')) as ClassResult;
}

/** What the merge and the single run disagree on: verdicts, failed requirements, points, cells. */
function differences(single: ClassResult, merged: ClassResult): string[] {
  const failed = (result: ClassResult) =>
    result.students.map((student) =>
      (['server', 'client'] as const)
        .map((role) => {
          const check = student[role];
          const ids = Object.entries(check?.requirements ?? {}).filter(([, o]) => o.status === 'failed');
          return `${student.name} ${role} ${check?.verdict ?? '-'} ${ids.map(([id]) => id).join(' ')}`;
        })
        .join('\n'),
    );
  const cells = (result: ClassResult) =>
    result.matrix.cells.map(
      (cell) =>
        `${cell.client}×${cell.server} ${cell.outcome} ${cell.blame?.side ?? ''} ${cell.blame?.requirement ?? ''}`,
    );
  const lines = (result: ClassResult) => [
    ...failed(result),
    ...gradesCsv(result, DEFAULT_POLICY).split('\n'),
    ...cells(result),
  ];
  const theirs = new Set(lines(merged));
  return lines(single).filter((line) => !theirs.has(line));
}

/** The load averages over 1, 5 and 15 minutes, as /proc/loadavg gives them. */
function load(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

function line(name: string, figures: Pick<Figures, 'wall' | 'cpu'>, note = ''): string {
  return `${name.padEnd(40)} ${figures.wall.toFixed(0).padStart(6)} s ${figures.cpu.toFixed(0).padStart(6)} s  ${note}`;
}

function main(): void {
  generateClass(students, CLASS);
  console.log(
    `\n${students} generated students, --matrix ${matrix}, ${shards} shards: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${load()}, ${new Date().toISOString()}`,
  );
  console.log(`${'run'.padEnd(40)} ${'wall'.padStart(8)} ${'CPU'.padStart(8)}`);
  let result: ClassResult | undefined;
  if (!shardsOnly) {
    const single = run([CLASS, '--matrix', matrix, '--reports', path.join(OUT, 'single')]);
    result = read(path.join(OUT, 'single'));
    console.log(line('one machine', single, `${result.matrix.cells.length} cells, load now ${load()}`));
  }
  const dirs: string[] = [];
  const times: Figures[] = [];
  for (let i = 1; i <= shards; i++) {
    const dir = path.join(OUT, `shard-${i}`);
    dirs.push(dir);
    times.push(run([CLASS, '--matrix', matrix, '--shard', `${i}/${shards}`, '--reports', dir]));
    const part = read(dir);
    console.log(
      line(
        `shard ${i}/${shards}`,
        times[i - 1] as Figures,
        `${part.students.length} students, ${part.matrix.cells.length} cells, load now ${load()}, ${new Date().toISOString()}`,
      ),
    );
  }
  const merge = run(['merge', ...dirs, '--reports', path.join(OUT, 'merged')]);
  const merged = read(path.join(OUT, 'merged'));
  console.log(
    line(
      'merge',
      merge,
      `${merged.students.length} students, ${merged.matrix.cells.length} cells, load now ${load()}`,
    ),
  );
  const slowest = Math.max(...times.map((figures) => figures.wall));
  const cpu = times.reduce((sum, figures) => sum + figures.cpu, 0);
  const sum = times.reduce((total, figures) => total + figures.wall, 0);
  console.log(
    `on ${shards} runners: ${(slowest + merge.wall).toFixed(0)} s (the slowest shard and the merge); one after another ${sum.toFixed(0)} s; ${cpu.toFixed(0)} s of CPU in all`,
  );
  const cells = merged.matrix.cells.length;
  const bound = 8 * merged.students.length;
  console.log(
    `cells: ${cells} for ${merged.students.length} students, ${(cells / merged.students.length).toFixed(1)} a student (${cells <= bound ? 'at most' : 'MORE than'} 8 a student: ${bound})`,
  );
  if (!result) return;
  const differ = differences(result, merged);
  console.log(
    differ.length
      ? `the merge differs from the single run in ${differ.length} lines:\n  ${differ.slice(0, 20).join('\n  ')}`
      : 'the merge gives the single run’s verdicts, failed requirements, points and cells',
  );
}

main();
