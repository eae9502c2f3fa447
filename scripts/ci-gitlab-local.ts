// `npm run ci:gitlab-local`: runs examples/ci/gitlab-class-sharded.yml for real in gitlab-ci-local
// (its shell executor; no Docker needed): the 8 `class-shard` jobs on a generated class of 3 students,
// then the `pages` job, which merges their artifacts; then checks that public/ holds the reports of
// one run of the whole class. The example runs as written but for scripts/gitlab-local.yml (the
// harness is this checkout, the tools are this machine's). Needs gitlab-ci-local ≥ 4.65 (`parallel:
// <n>`, --force-shell-executor) and rsync (with which it copies the project into each job). Opens
// ports: run it in a network namespace, as every class run.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { runMain } from '../bin/run-main';
import { parseRunOptions } from '../support/class/options';
import type { ClassResult } from '../support/class/results';
import { shareOf } from '../support/class/run';
import { readClass } from '../support/class/student';
import { generateClass } from './class-generator';

const ROOT = path.resolve(__dirname, '..');
const STUDENTS = 3;
/** The example's own default, given explicitly so that the plan below is the jobs' plan. */
const MATRIX = '3';
/** Eight shard jobs and the merge, two at a time, on a loaded machine. */
const LIMIT_MS = 20 * 60_000;
const OLDEST = [4, 65];

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.org', ...args], {
    cwd,
    stdio: 'ignore',
  });
}

/** Why gitlab-ci-local cannot run the example here, or undefined. */
function missing(): string | undefined {
  let version: string;
  try {
    version = execFileSync('gitlab-ci-local', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'gitlab-ci-local is not installed (npm ci installs it)';
  }
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < (OLDEST[0] as number) || (major === OLDEST[0] && minor < (OLDEST[1] as number)))
    return `gitlab-ci-local ${version} is too old: \`parallel: 8\` and --force-shell-executor need ${OLDEST.join('.')} or later (npm ci)`;
  try {
    execFileSync('rsync', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'rsync is not installed: gitlab-ci-local copies the project into each job with it (apt-get install rsync)';
  }
  return undefined;
}

/** A project as a course would have it: the example as .gitlab-ci.yml and a class, committed. */
function project(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpp-gitlab-local-'));
  copyFileSync(
    path.join(ROOT, 'examples', 'ci', 'gitlab-class-sharded.yml'),
    path.join(dir, '.gitlab-ci.yml'),
  );
  copyFileSync(path.join(ROOT, 'scripts', 'gitlab-local.yml'), path.join(dir, 'gitlab-local.yml'));
  generateClass(STUDENTS, path.join(dir, 'submissions'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'remote', 'add', 'origin', 'https://gitlab.example.org/course/class.git');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'class');
  return dir;
}

/** What is wrong with the merged reports in public/, or undefined. */
function wrongReports(dir: string): string | undefined {
  const reports = path.join(dir, 'public');
  const absent = ['index.html', 'matrix.html', 'grades.csv', 'class.json'].filter(
    (file) => !existsSync(path.join(reports, file)),
  );
  if (absent.length) return `public/ lacks ${absent.join(', ')}`;
  const merged = JSON.parse(readFileSync(path.join(reports, 'class.json'), 'utf8')) as ClassResult;
  if (merged.shard) return 'public/class.json is a shard, not the merge';
  if (merged.students.length !== STUDENTS)
    return `public/class.json holds ${merged.students.length} students, not ${STUDENTS}`;
  const folder = path.join(dir, 'submissions');
  const options = parseRunOptions([folder, '--matrix', MATRIX], {});
  if (typeof options === 'string') return options;
  const planned = shareOf(readClass(folder), options).pairs.length;
  if (merged.matrix.cells.length !== planned)
    return `public/class.json holds ${merged.matrix.cells.length} cells, not the plan's ${planned}`;
  const unreported = merged.students.filter(
    (student) => !existsSync(path.join(reports, 'students', student.name)),
  );
  if (unreported.length) return `public/ lacks the reports of ${unreported.map((s) => s.name).join(', ')}`;
  return undefined;
}

async function main(): Promise<number> {
  const cannot = missing();
  if (cannot) {
    console.error(`ci:gitlab-local: ${cannot}`);
    return 1;
  }
  const dir = project();
  const started = Date.now();
  // Its own process group, so that the bound and Ctrl-C end every job and check it started.
  const child = execa(
    'gitlab-ci-local',
    [
      '--file',
      'gitlab-local.yml',
      '--force-shell-executor',
      '--shell-isolation',
      '--concurrency',
      '2',
      '--variable',
      `MPP_HARNESS_DIR=${ROOT}`,
      '--variable',
      `MATRIX=${MATRIX}`,
    ],
    { cwd: dir, stdio: 'inherit', detached: true, reject: false },
  );
  const stop = () => {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // already ended
    }
  };
  const bound = setTimeout(stop, LIMIT_MS);
  process.once('SIGINT', stop);
  const result = await child;
  clearTimeout(bound);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const wrong =
    result.exitCode !== 0
      ? `gitlab-ci-local ended with ${result.exitCode ?? result.signal}${Date.now() - started >= LIMIT_MS ? ` at the bound of ${LIMIT_MS / 60_000} min` : ''}`
      : wrongReports(dir);
  if (wrong) {
    console.error(`ci:gitlab-local: ${wrong} (${seconds} s; the project is kept in ${dir})`);
    return 1;
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `ci:gitlab-local: the example's 8 shard jobs and its merge job passed in ${seconds} s; public/ holds the reports of the whole class of ${STUDENTS}`,
  );
  return 0;
}

runMain('ci:gitlab-local', main);
