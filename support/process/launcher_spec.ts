// A program under test is launched in a group of its own and ended with everything it started: its
// children, and a daemon that left its group; its output is kept within a bound, beginning and end;
// its exit is told with the status or the signal.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { t } from '../messages';
import { Launched } from './launcher';
import { alive, markedProcesses } from './processes';
import { waitFor } from './wait';

/** Waits until the program has printed `text` on stdout. */
async function printed(program: Launched, text: string): Promise<void> {
  const seen = await waitFor(() => program.output.stdout.includes(text), { timeoutMs: 10_000, everyMs: 10 });
  assert.equal(seen.ok, true, `the program printed "${text}"`);
}

describe('a launched program', () => {
  it('keeps the beginning and the end of an output that floods, and counts what was cut', async () => {
    const program = new Launched(`printf BEGIN; head -c 200000 /dev/zero | tr '\\0' x; printf END`, {
      stdin: 'ignore',
    });
    await program.exited;
    const { stdout } = program.output;
    const limit = 64 * 1024;
    assert.ok(stdout.startsWith('BEGINxxx'));
    assert.ok(stdout.endsWith('xxxEND'));
    assert.ok(stdout.includes(`\n${t().program.cut(200_008 - limit)}\n`), 'says how much it cut');
    assert.equal(stdout.length, limit + t().program.cut(200_008 - limit).length + 2);
  });

  it('keeps stdout and stderr apart', async () => {
    const program = new Launched('echo out; echo err >&2', { stdin: 'ignore' });
    await program.exited;
    assert.deepEqual(program.output, { stdout: 'out\n', stderr: 'err\n' });
  });

  it('reports the exit status and the signal', async () => {
    const failing = new Launched('sh -c "exit 3"', { stdin: 'ignore' });
    assert.deepEqual(await failing.exited, { code: 3, signal: undefined });
    assert.equal(failing.describeExit(), t().program.status(3));
    const killed = new Launched('kill -TERM $$', { stdin: 'ignore' });
    assert.deepEqual(await killed.exited, { code: undefined, signal: 'SIGTERM' });
    assert.equal(killed.describeExit(), t().program.signal('SIGTERM'));
    const missing = new Launched('no-such-program-anywhere', { stdin: 'ignore' });
    await missing.exited;
    assert.equal(missing.describeExit(), `${t().program.status(127)}${t().program.notFound}`);
  });

  it('gives the program its input', async () => {
    const program = new Launched('read line; echo "got $line"', { stdin: 'pipe' });
    program.stdin?.end('Quit\n');
    await program.exited;
    assert.equal(program.output.stdout, 'got Quit\n');
  });

  it('kills the children of a program with it', async () => {
    // The shell ignores SIGTERM: only the SIGKILL after the grace ends it.
    const program = new Launched(`trap '' TERM; sleep 30 & sleep 30 & echo ready; wait; wait`, {
      stdin: 'ignore',
    });
    await printed(program, 'ready');
    const family = program.family();
    assert.equal(family.length, 3, 'the shell and its two children');
    await program.stop();
    assert.deepEqual(
      family.filter((pid) => alive(pid)),
      [],
    );
    assert.equal(program.exit?.signal, 'SIGKILL');
  });

  it('kills a daemon that left its process group and its parent, by its mark', async () => {
    const program = new Launched(`sh -c 'setsid sh -c "echo ready; exec sleep 30" &'; exec sleep 30`, {
      stdin: 'ignore',
    });
    await printed(program, 'ready');
    const daemons = markedProcesses(program.mark).filter((pid) => !program.family().includes(pid));
    assert.equal(daemons.length, 1, 'a daemon outside the family');
    await program.stop();
    assert.deepEqual(markedProcesses(program.mark), []);
  });

  it('ends the wait for its exit when a process the kill cannot reach holds its output', async () => {
    // A process without the mark and outside the group (env -u, setsid) keeps the pipes open.
    const program = new Launched('setsid env -u MPP_HARNESS_LAUNCH sleep 3 & exit 0', { stdin: 'ignore' });
    await waitFor(() => program.pid !== undefined && !alive(program.pid), { timeoutMs: 10_000, everyMs: 10 });
    const started = Date.now();
    await program.stop();
    assert.deepEqual(program.exit, { code: 0, signal: undefined });
    assert.ok(Date.now() - started < 2900, 'the stop did not wait for the sleeper');
  });
});
