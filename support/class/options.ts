// The command line of class mode: `class <folder> [options]` runs a class (or one shard of it), and
// `class merge <shard dirs…> --reports <dir>` joins shards into the reports of one run.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { inside, type Limits, type SandboxMode } from '../process/sandbox';
import { DEFAULT_BLOCKED, read, readSandbox, SETTINGS } from '../settings/target';
import { ALL_UP_TO, DEFAULT_PARTNERS, parseMatrix, parseShard } from './plan';
import { type ClassResult, DEFAULT_WEIGHTS, type GradePolicy, type MatrixMode, readWeights } from './results';

export const USAGE = `usage: mpp-conformance class <class folder> [options]   (or: npm run class -- <class folder> [options])
       mpp-conformance class merge <shard reports…> --reports <dir> [--weights, --blocked, --gradescope]

Checks every student of a class folder: <class folder>/<student>/mpp.json says how to build and
start the student's programs, e.g.
  {"server": "python3 server.py {port} {first} {last}", "client": "python3 client.py {host} {port}",
   "build": "javac -d out *.java"}
(each key optional; the commands run in the student's folder). Without mpp.json the commands are
guessed from server.py, Server.java, server.js, server.c and their client counterparts.

options:
  --reports <dir>     where the reports go (default reports/class)
  --weights <file>    points per passed requirement: {"must": 2, "should": 1, "S4": 4} (default MUST 2, SHOULD 1);
                      also "blocked": "left-out" or "not-earned" (see --blocked)
  --blocked <policy>  what a requirement blocked by another failure counts (MPP_BLOCKED): left-out
                      (default: not in the points nor the maximum, one bug is charged once) or
                      not-earned (in the maximum, without points); wins over the weights file
  --parallel <n>      checks at a time (default: twice the number of CPUs)
  --only <a,b>        check only these students
  --matrix <which>    the interop matrix: all (every client × every server), reference (only against
                      the reference implementations), <k> (the reference and k other students each),
                      none; default all up to ${ALL_UP_TO} students, ${DEFAULT_PARTNERS} beyond
  --no-matrix         the same as --matrix none
  --shard <i/n>       check the i-th of n shares of the class (students and their cells, balanced by
                      expected time) and write only its class.json and reports, for class merge
  --previous <file>   a previous run's class.json: its times balance the shards, its conformant
                      programs are chosen first as partners in a --matrix <k>
  --gradescope <file> also write Gradescope's results.json for the (single) student
  --sandbox <mode>    on: each student's programs in a sandbox (bubblewrap) where one can be made
                      (default); required: refuse to run without one; off: none (MPP_SANDBOX)
  --explore <time>    after each server's check, explore it this long (30s, 2m; MPP_CLASS_EXPLORE), with
                      a seed derived from the student's name; the finding is shown, never graded (off by default)
  --help              this text

The sandbox's limits: MPP_SANDBOX_PROCESSES (default 256), MPP_SANDBOX_MEMORY_MB (2048 a process),
MPP_SANDBOX_FILE_MB (256 a file), MPP_SANDBOX_CPU_S (120 a process).

Outputs: index.html, matrix.html, class.json, grades.csv and each student's reports; a shard writes
its class.json and its students' reports, and class merge writes what one run over the class writes.`;

/** How the reports are graded and written: the same for a run and a merge. */
export interface ReportOptions {
  reports: string;
  policy: GradePolicy;
  gradescope?: string;
}

export interface RunOptions extends ReportOptions {
  folder: string;
  parallel: number;
  only?: string[];
  /** Undefined: the default for the class's size. */
  matrix?: MatrixMode;
  shard?: { index: number; count: number };
  previous?: ClassResult;
  sandbox: SandboxMode;
  limits: Limits;
  /** `--explore`: each server's exploration budget after its check; undefined: none. */
  explore?: number;
}

export interface MergeOptions extends ReportOptions {
  shards: string[];
}

const REPORT_ARGUMENTS = {
  reports: { type: 'string' },
  weights: { type: 'string' },
  blocked: { type: 'string' },
  gradescope: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MERGE_ARGUMENTS = { allowPositionals: true, options: REPORT_ARGUMENTS } as const;

const RUN_ARGUMENTS = {
  allowPositionals: true,
  options: {
    ...REPORT_ARGUMENTS,
    parallel: { type: 'string' },
    only: { type: 'string' },
    matrix: { type: 'string' },
    'no-matrix': { type: 'boolean' },
    shard: { type: 'string' },
    previous: { type: 'string' },
    sandbox: { type: 'string' },
    [SETTINGS.classExplore.flag]: { type: 'string' },
  },
} as const;

/** The grade policy: the flag wins over its variable, and both over the weights file. */
function policyOf(
  weights: string | undefined,
  blocked: string | undefined,
  env: NodeJS.ProcessEnv,
): GradePolicy {
  const file: ReturnType<typeof readWeights> = weights ? readWeights(weights) : { weights: DEFAULT_WEIGHTS };
  const chosen =
    blocked !== undefined ? SETTINGS.blocked.parse('--blocked', blocked) : read(env, SETTINGS.blocked);
  return { weights: file.weights, blocked: chosen ?? file.blocked ?? DEFAULT_BLOCKED };
}

/** A mistake in the arguments, with the usage. */
function misused(error: unknown): string {
  return `${(error as Error).message}\n\n${USAGE}`;
}

/** A previous run's class.json. */
function readPrevious(file: string): ClassResult {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClassResult;
  } catch (error) {
    throw new Error(`--previous ${file}: ${(error as Error).message}`);
  }
}

type RunValues = ReturnType<typeof parseArgs<typeof RUN_ARGUMENTS>>['values'];

/** Checks at a time: by default two per CPU, since a check or a cell mostly waits for the programs (a bound, a start). */
function parallelOf(value: string | undefined): number {
  const parallel = Number(value ?? 2 * os.availableParallelism());
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64)
    throw new Error(`--parallel ${value} is not a whole number from 1 to 64`);
  return parallel;
}

/** The matrix asked for (--no-matrix wins), or undefined: the default for the class's size. */
function matrixOf(values: RunValues): MatrixMode | undefined {
  if (values['no-matrix']) return 'none';
  if (values.matrix === undefined) return undefined;
  const matrix = parseMatrix(values.matrix);
  if (matrix === undefined)
    throw new Error(
      `--matrix ${values.matrix} is none of all, reference, none or a number of partners from 1 to 64`,
    );
  return matrix;
}

function shardOf(value: string | undefined): RunOptions['shard'] {
  if (value === undefined) return undefined;
  const shard = parseShard(value);
  if (!shard) throw new Error(`--shard ${value} is not i/n with 1 ≤ i ≤ n ≤ 256`);
  return shard;
}

/** Each server's exploration budget: the flag wins over its variable; undefined: none. */
function exploreOf(budget: string | undefined, env: NodeJS.ProcessEnv): number | undefined {
  return budget === undefined
    ? read(env, SETTINGS.classExplore)
    : SETTINGS.classExplore.parse(`--${SETTINGS.classExplore.flag}`, budget);
}

/**
 * The reports folder. Every run writes the reports' students/ and matrix/ anew: they must not hold the
 * class, nor the class them.
 */
function reportsOf(value: string | undefined, folder: string): string {
  const reports = path.resolve(value ?? 'reports/class');
  if (
    inside(reports, folder) ||
    ['students', 'matrix'].some((dir) => inside(folder, path.join(reports, dir)))
  )
    throw new Error(
      `--reports ${reports} would overwrite the class folder ${folder} or lie inside it: choose a reports folder apart from the class`,
    );
  return reports;
}

/** The options of a run whose arguments parsed; throws what is wrong, in the order the flags are checked. */
function runOptionsOf(values: RunValues, classFolder: string, env: NodeJS.ProcessEnv): RunOptions {
  const parallel = parallelOf(values.parallel);
  const matrix = matrixOf(values);
  const shard = shardOf(values.shard);
  const policy = policyOf(values.weights, values.blocked, env);
  const explore = exploreOf(values[SETTINGS.classExplore.flag], env);
  const previous = values.previous ? readPrevious(values.previous) : undefined;
  const sandbox = readSandbox({
    ...env,
    ...(values.sandbox === undefined ? {} : { MPP_SANDBOX: values.sandbox }),
  });
  const folder = path.resolve(classFolder);
  return {
    folder,
    reports: reportsOf(values.reports, folder),
    policy,
    parallel,
    ...(values.only ? { only: values.only.split(',').map((name) => name.trim()) } : {}),
    ...(matrix === undefined ? {} : { matrix }),
    ...(shard ? { shard } : {}),
    ...(previous ? { previous } : {}),
    ...(values.gradescope ? { gradescope: values.gradescope } : {}),
    sandbox: sandbox.mode ?? 'on',
    limits: sandbox.limits,
    ...(explore === undefined ? {} : { explore }),
  };
}

/** The run's options, or the text to print (the usage, or what is wrong). */
export function parseRunOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): RunOptions | string {
  let result: ReturnType<typeof parseArgs<typeof RUN_ARGUMENTS>>;
  try {
    result = parseArgs({ ...RUN_ARGUMENTS, args: argv });
  } catch (error) {
    return misused(error);
  }
  const { values, positionals } = result;
  if (values.help) return USAGE;
  if (positionals.length !== 1) return `give exactly one class folder\n\n${USAGE}`;
  try {
    return runOptionsOf(values, positionals[0] as string, env);
  } catch (error) {
    return (error as Error).message;
  }
}

/** The merge's options, or the text to print. */
export function parseMergeOptions(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): MergeOptions | string {
  let result: ReturnType<typeof parseArgs<typeof MERGE_ARGUMENTS>>;
  try {
    result = parseArgs({ ...MERGE_ARGUMENTS, args: argv });
  } catch (error) {
    return misused(error);
  }
  const { values, positionals } = result;
  if (values.help) return USAGE;
  if (positionals.length === 0) return `give the reports folders of the shards\n\n${USAGE}`;
  if (!values.reports) return `give --reports <dir>: where the merged reports go\n\n${USAGE}`;
  let policy: GradePolicy;
  try {
    policy = policyOf(values.weights, values.blocked, env);
  } catch (error) {
    return (error as Error).message;
  }
  return {
    shards: positionals.map((dir) => path.resolve(dir)),
    reports: path.resolve(values.reports),
    policy,
    ...(values.gradescope ? { gradescope: values.gradescope } : {}),
  };
}
