// `npm run bench:class` (also part of `npm run bench`): what checking the demo class costs. Prints
// figures, judges nothing. Four runs of the same 24 students: class mode without the matrix (in its
// sandbox, and with --sandbox off), class mode with it, and the students' servers and clients one by one as a teacher's shell loop would run
// them (build, then `mpp-conformance` per program, each in a network namespace of its own where the
// class mode would use one). Each line gives the wall time and the CPU time (user + system of every
// process). The commands' `python3` is the interpreter binary (bin/python.ts), as in scripts/bench.ts.

import os from 'node:os';
import path from 'node:path';
import { pathWithPython, pythonBinary } from '../bin/python';
import { readClass } from '../support/class/student';
import { detectIsolation } from '../support/process/class-children';
import { type Figures, measure } from './measure';

const ROOT = path.resolve(__dirname, '..');
const CLASS = path.join(ROOT, 'fixtures', 'class-demo');
const REPORTS = path.join(ROOT, 'reports', 'bench-class');
const python = pythonBinary();
const PATH = pathWithPython(path.join(REPORTS, 'python'), python.path);

/** A command's figures, with `python3` the interpreter binary. */
function measured(command: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Figures {
  return measure(command, { cwd, env: { PATH, ...env } });
}

function line(name: string, figures: Pick<Figures, 'wall' | 'cpu'>, students: number, note = ''): string {
  const perStudent = (figures.wall / students).toFixed(1);
  return `${name.padEnd(44)} ${figures.wall.toFixed(0).padStart(5)} s ${figures.cpu.toFixed(0).padStart(6)} s ${perStudent.padStart(8)} s  ${note}`;
}

/** Every student's build and checks, one after another, with the single run's defaults. */
function oneByOne(): Pick<Figures, 'wall' | 'cpu'> {
  const isolation = detectIsolation();
  const total = { wall: 0, cpu: 0 };
  const add = (figures: Figures) => {
    total.wall += figures.wall;
    total.cpu += figures.cpu;
  };
  const isolated = (argv: string[]) =>
    isolation.kind === 'netns'
      ? ['unshare', ...isolation.unshare, '--', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...argv]
      : argv;
  for (const student of readClass(CLASS)) {
    if (student.problem) continue;
    if (student.build) {
      const build = measured(['sh', '-c', student.build], student.dir);
      add(build);
      if (build.code !== 0) continue;
    }
    for (const role of ['server', 'client'] as const) {
      const command = student[role];
      if (!command) continue;
      add(
        measured(isolated(['node', 'bin/mpp-conformance.cjs']), ROOT, {
          [role === 'server' ? 'MPP_SERVER_CMD' : 'MPP_CLIENT_CMD']: `cd '${student.dir}' && ${command}`,
          MPP_REPORTS_DIR: path.join(REPORTS, 'one-by-one', student.name, role),
        }),
      );
    }
  }
  return total;
}

function main(): void {
  const students = readClass(CLASS).length;
  if (
    !(require(path.join(ROOT, 'bin', 'compiled.cjs')) as { compiledDir(): string | undefined }).compiledDir()
  )
    console.log('dist/ is older than the sources: the figures include ts-node (npm run build first)');
  const parallel = 2 * os.availableParallelism();
  console.log(
    `\nClass mode on fixtures/class-demo (${students} students): ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os.loadavg()[0]?.toFixed(1)}, Python ${python.path} (${python.source})`,
  );
  console.log(`${'run'.padEnd(44)} ${'wall'.padStart(7)} ${'CPU'.padStart(8)} ${'/student'.padStart(10)}`);
  const classRun = (matrix: boolean, sandbox = 'on') =>
    measured(
      [
        'node',
        'bin/mpp-conformance.cjs',
        'class',
        CLASS,
        '--reports',
        path.join(REPORTS, matrix ? 'class' : `class-no-matrix-sandbox-${sandbox}`),
        ...(matrix ? [] : ['--no-matrix']),
        '--sandbox',
        sandbox,
      ],
      ROOT,
    );
  const checks = classRun(false);
  console.log(line(`class mode, no matrix (${parallel} at a time)`, checks, students));
  const bare = classRun(false, 'off');
  console.log(
    line(
      'the same without the sandbox (--sandbox off)',
      bare,
      students,
      `the sandbox costs ${((checks.wall - bare.wall) / students).toFixed(1)} s wall, ${((checks.cpu - bare.cpu) / students).toFixed(1)} s CPU a student`,
    ),
  );
  const loop = oneByOne();
  console.log(
    line(
      'the same checks one by one',
      loop,
      students,
      `class mode ${(loop.wall / checks.wall).toFixed(1)}× faster`,
    ),
  );
  const whole = classRun(true);
  console.log(
    line('class mode with the interop matrix', whole, students, `load now ${os.loadavg()[0]?.toFixed(1)}`),
  );
}

main();
