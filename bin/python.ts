// The Python interpreter that the self-test and the bench run fixtures with: the binary itself, not
// a version manager's shim (pyenv's costs ~90 ms of CPU a start here, and a check starts Python once
// per scenario). The system's /usr/bin/python3 is preferred, because it also starts without a
// version manager's site packages (~20 ms a start here, pyenv's own binary ~45 ms).

import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const SYSTEM_PYTHON = '/usr/bin/python3';

/** The path of the interpreter binary, and where it came from, for the output. */
export function pythonBinary(): { path: string; source: string } {
  try {
    accessSync(SYSTEM_PYTHON, constants.X_OK);
    return { path: SYSTEM_PYTHON, source: 'the system interpreter' };
  } catch {
    // no system Python: the one `python3` on the PATH runs, asked for its own binary
  }
  const path = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim();
  return { path, source: 'the binary behind python3 on the PATH' };
}

/**
 * A PATH on which `python3` is that binary: a folder `dir` with a link to it, put first, so that the
 * fixtures' and students' commands (which say `python3`) start the interpreter itself.
 */
export function pathWithPython(dir: string, binary = pythonBinary().path): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  symlinkSync(binary, path.join(dir, 'python3'));
  return `${dir}${path.delimiter}${process.env.PATH ?? ''}`;
}
