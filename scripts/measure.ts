// What a command costs, as the benches report it: wall time, CPU time (user + system of the command
// and all its descendants) and the peak memory of its largest process. Python measures it, because
// Node cannot read the resource use of a command's whole tree.

import { execFileSync } from 'node:child_process';
import { pythonBinary } from '../bin/python';

export interface Figures {
  wall: number;
  cpu: number;
  /** The peak resident memory of the largest process, in MiB. */
  peak: number;
  code: number;
}

const MEASURE = `
import json, resource, subprocess, sys, time
started = time.monotonic()
code = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([time.monotonic() - started, used.ru_utime + used.ru_stime, used.ru_maxrss / 1024, code]))
`;

const PYTHON = pythonBinary().path;

export function measure(
  command: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Figures {
  const out = execFileSync(PYTHON, ['-c', MEASURE, options.cwd ?? process.cwd(), ...command], {
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
  });
  const [wall, cpu, peak, code] = JSON.parse(out) as [number, number, number, number];
  return { wall, cpu, peak, code };
}
