// One process manager for single runs and class mode: a child is bounded in time, its output pipes
// are closed when a daemon holds them past its exit, and one registry ends every child, programs under
// test and class mode's children alike, gently (SIGTERM first) or at once (SIGKILL, at the run's end).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Child, killAll, runningPrograms, stopAll } from './child';
import { Sandbox } from './class-children';
import { Launched } from './launcher';
import { alive, markedProcesses } from './processes';
import { waitFor } from './wait';

/** A class-mode child: argv, interleaved output, a run of its own. */
function classChild(argv: string[], more: { timeoutMs?: number; pipeGraceMs?: number } = {}): Child {
  return new Child({
    command: argv,
    stdin: 'ignore',
    graceMs: 3000,
    interleaved: true,
    ownRun: true,
    ...more,
  });
}

async function until(condition: () => boolean): Promise<void> {
  assert.equal((await waitFor(condition, { timeoutMs: 10_000, everyMs: 10 })).ok, true);
}

describe('the children of a run', () => {
  it('stops a child that runs past its time limit, and says so', async () => {
    const child = classChild(['sleep', '30'], { timeoutMs: 200 });
    assert.deepEqual(await child.exited, { code: undefined, signal: 'SIGTERM' });
    assert.equal(child.timedOut, true);
  });

  it('closes the output pipes that a daemon holds once the grace after the exit has passed', async () => {
    const started = Date.now();
    const child = classChild(['sh', '-c', 'sleep 30 & echo left'], { pipeGraceMs: 300 });
    assert.deepEqual(await child.exited, { code: 0, signal: undefined });
    assert.ok(Date.now() - started < 10_000);
    assert.equal(child.log, 'left\n');
    child.kill();
    await until(() => markedProcesses(child.mark).length === 0);
  });

  it('makes a child that is a run of its own the run of what it starts', async () => {
    const child = classChild(['sh', '-c', 'echo "$MPP_HARNESS_RUN $MPP_HARNESS_LAUNCH"']);
    await child.exited;
    assert.equal(child.log, `${child.mark} ${child.mark}\n`);
  });

  it('keeps the output of both streams in one text where asked', async () => {
    const child = classChild(['sh', '-c', 'echo out; echo err >&2']);
    await child.exited;
    assert.deepEqual(child.log.split('\n').sort(), ['', 'err', 'out']);
  });

  it('counts only the programs under test for the bounds on waiting', async () => {
    const program = new Launched('sleep 30', { stdin: 'ignore' });
    classChild(['sleep', '30']);
    try {
      assert.deepEqual(runningPrograms(), [program.pid]);
    } finally {
      killAll();
    }
  });

  it("kills the programs under test and class mode's children alike at the run's end", async () => {
    const program = new Launched('sleep 30', { stdin: 'ignore' });
    const child = classChild(['sh', '-c', 'setsid sleep 30 & exec sleep 30']);
    await until(() => markedProcesses(child.mark).length === 2);
    killAll();
    assert.equal((await program.exited).signal, 'SIGKILL');
    assert.equal((await child.exited).signal, 'SIGKILL');
    await until(() => markedProcesses(child.mark).length === 0);
  });

  it('lets a harness end its programs before it is stopped', async () => {
    const child = classChild(['sh', '-c', `trap 'echo ending; exit 0' TERM; echo up; sleep 30 & wait`]);
    await until(() => child.log.includes('up'));
    await stopAll();
    assert.deepEqual(child.exit, { code: 0, signal: undefined });
    assert.equal(child.log, 'up\nending\n');
    assert.equal(child.pid !== undefined && alive(child.pid), false);
  });
});

describe("class mode's runs", () => {
  it('give the status, the output and the time, and leave nothing behind', async () => {
    const run = await new Sandbox({ kind: 'ports', description: '' }).run({
      argv: ['sh', '-c', 'setsid sleep 30 & echo $!; exit 2'],
      cwd: '.',
      env: process.env,
      timeoutMs: 10_000,
      isolate: false,
    });
    assert.equal(run.code, 2);
    assert.equal(run.signal, null);
    const daemon = Number(run.output);
    assert.ok(daemon > 0, 'the daemon was started');
    assert.equal(alive(daemon), false, 'the daemon was killed');
    assert.equal(run.timedOut, false);
    assert.ok(run.ms < 10_000);
  });
});
