// `npm run check`, the plain `npm test`: the build, then the harness's own checks. The self-test
// spends most of its minutes waiting for fixture programs, so it runs from the start, beside the type
// check, lint, unit specs, reference run and stress test, which run one after another. Output stays
// in that order: the self-test's is held back until the others are done. The first failure ends the
// whole check, as `&&` would.
const { spawn } = require('node:child_process');

const STEPS = ['typecheck', 'lint', 'unit', 'conformance', 'stress'];
const BESIDE = 'self-test';

/** `npm run <script>`; its output goes to the terminal, or is held for later when `held` is given. */
function run(script, held) {
  const npm = process.env.npm_execpath;
  const child = npm
    ? spawn(process.execPath, [npm, 'run', script], {
        stdio: ['ignore', held ? 'pipe' : 'inherit', held ? 'pipe' : 'inherit'],
      })
    : spawn('npm', ['run', script], {
        stdio: ['ignore', held ? 'pipe' : 'inherit', held ? 'pipe' : 'inherit'],
        shell: true,
      });
  if (held) {
    child.stdout.on('data', (chunk) => held.write(process.stdout, chunk));
    child.stderr.on('data', (chunk) => held.write(process.stderr, chunk));
  }
  const done = new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  return { child, done };
}

/** Output held back until `release()`, then passed through as it comes. */
class Held {
  chunks = [];
  released = false;
  write(stream, chunk) {
    if (this.released) stream.write(chunk);
    else this.chunks.push([stream, chunk]);
  }
  release() {
    this.released = true;
    for (const [stream, chunk] of this.chunks) stream.write(chunk);
    this.chunks = [];
  }
}

async function main() {
  const build = await run('build').done;
  if (build !== 0) return build;
  const held = new Held();
  const beside = run(BESIDE, held);
  let failed = 0;
  for (const step of STEPS) {
    failed = await run(step).done;
    if (failed !== 0) break;
  }
  if (failed !== 0) {
    beside.child.kill('SIGTERM');
    await beside.done;
    return failed;
  }
  held.release();
  return beside.done;
}

main().then((code) => {
  process.exitCode = code;
});
