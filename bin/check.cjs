// `npm run check`, the plain `npm test`: the build, then the harness's own checks. The self-test
// spends most of its minutes waiting for fixture programs, so it runs from the start, beside the type
// check, lint, unit specs, reference run and stress test, which run one after another. Output stays
// in that order: the self-test's is held back until the others are done. The first failure ends the
// whole check, as `&&` would.
const { spawn } = require('node:child_process');
const { constants } = require('node:os');

/** How long the self-test may take to clean up after it is told to stop. */
const STOP_GRACE_MS = 15_000;

const STEPS = ['typecheck', 'lint', 'unit', 'conformance', 'stress'];
/**
 * The reference run keeps to the ports below the self-test's (22000 on, MPP_SELF_TEST_PORT_BASE): a
 * run of its own takes its ports from the whole range up to the ephemeral ones, and the self-test
 * counts any listener in its slots as a leftover.
 */
const STEP_ENV = { conformance: { MPP_PORT_SPAN: '1920' } };
const BESIDE = 'self-test';

/** `npm run <script>`; its output goes to the terminal, or is held for later when `held` is given. */
function run(script, held) {
  const npm = process.env.npm_execpath;
  const env = { ...process.env, ...STEP_ENV[script] };
  const child = npm
    ? spawn(process.execPath, [npm, 'run', script], {
        env,
        stdio: ['ignore', held ? 'pipe' : 'inherit', held ? 'pipe' : 'inherit'],
        // The step beside the others has a process group of its own, so that all of it can be stopped.
        detached: Boolean(held),
      })
    : spawn('npm', ['run', script], {
        env,
        stdio: ['ignore', held ? 'pipe' : 'inherit', held ? 'pipe' : 'inherit'],
        shell: true,
        detached: Boolean(held),
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

/** Signals every process of a step started with its own group (npm, its shell, the script's node). */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group has ended
  }
}

/** Stops the step beside the others and waits, bounded, for it to clean up (SIGKILL after the grace). */
async function stop(step) {
  signalGroup(step.child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(step.child, 'SIGKILL'), STOP_GRACE_MS);
  await step.done;
  clearTimeout(timer);
}

async function main() {
  const build = await run('build').done;
  if (build !== 0) return build;
  const held = new Held();
  const beside = run(BESIDE, held);
  // Its own group does not get the terminal's Ctrl-C: pass every interruption on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      signalGroup(beside.child, signal);
      process.exit(128 + constants.signals[signal]);
    });
  }
  let failed = 0;
  for (const step of STEPS) {
    failed = await run(step).done;
    if (failed !== 0) break;
  }
  if (failed !== 0) {
    await stop(beside);
    return failed;
  }
  held.release();
  return beside.done;
}

main().then((code) => {
  process.exitCode = code;
});
