// The scan of /proc finds every process of a launch: by its mark where it left its process group and
// lost its parent, under the mark of a launch inside it, and by its group and parent otherwise; what
// has ended (a zombie, a process gone) is not found.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import {
  alive,
  descendantsOf,
  familyOf,
  LAUNCH_MARK,
  markedProcesses,
  processIds,
  tasksOf,
} from './processes';
import { waitFor } from './wait';

let marks = 0;

/** A shell with its own process group and the given mark, that runs `script`; its first line of output. */
async function shell(script: string, mark: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn('sh', ['-c', script], {
    detached: true,
    env: { ...process.env, [LAUNCH_MARK]: mark },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { child, line: chunk.toString().trim() };
}

function mark(): string {
  return `processes-spec-${process.pid}-${++marks}`;
}

function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

describe('the scan of /proc for the processes of a launch', () => {
  it('finds a daemon that left its process group by its mark', async () => {
    const tag = mark();
    // setsid: a group and session of its own; the shell exits, so the daemon loses its parent too.
    const { child, line } = await shell('setsid sleep 30 </dev/null >/dev/null 2>&1 & echo $!', tag);
    const daemon = Number(line);
    await once(child, 'exit');
    try {
      assert.deepEqual(
        familyOf(child.pid as number),
        [],
        'the daemon is neither in the group nor a descendant',
      );
      assert.deepEqual(markedProcesses(tag), [daemon]);
    } finally {
      killAll([daemon]);
    }
  });

  it('finds the processes of a launch inside the launch under its mark, and no other mark', async () => {
    const tag = mark();
    const inner = await shell('echo $$; exec sleep 30', `${tag}.7.1`);
    const other = await shell('echo $$; exec sleep 30', `${tag}7`);
    try {
      assert.deepEqual(markedProcesses(tag), [Number(inner.line)]);
    } finally {
      killAll([Number(inner.line), Number(other.line)]);
    }
  });

  it('finds a process by the run mark when asked for that variable', async () => {
    const tag = mark();
    const child = spawn('sleep', ['30'], { env: { ...process.env, MPP_HARNESS_RUN: tag }, stdio: 'ignore' });
    const found = await waitFor(() => markedProcesses(tag, 'MPP_HARNESS_RUN').includes(child.pid as number), {
      timeoutMs: 5000,
      everyMs: 10,
    });
    killAll([child.pid as number]);
    assert.equal(found.ok, true);
    assert.deepEqual(markedProcesses(tag), [], 'the launch mark is another variable');
  });

  it('takes a process that has ended and waits to be reaped for gone', async () => {
    const tag = mark();
    // The shell's child exits at once; the shell sleeps without waiting for it, so it stays a zombie.
    const { child, line } = await shell('sh -c "exit 0" & echo $!; exec sleep 30', tag);
    const zombie = Number(line);
    try {
      const gone = await waitFor(() => !alive(zombie), { timeoutMs: 5000, everyMs: 10 });
      assert.equal(gone.ok, true, 'the zombie is not alive');
      assert.equal(processIds().includes(zombie), true, 'the zombie is still in the table');
      assert.deepEqual(markedProcesses(tag), [child.pid]);
    } finally {
      killAll([child.pid as number]);
    }
  });

  it('finds the group and the descendants of a launch, and the threads of a process', async () => {
    const tag = mark();
    const { child, line } = await shell('sleep 30 & echo $!; wait', tag);
    const grandchild = Number(line);
    try {
      assert.deepEqual(descendantsOf(child.pid as number).sort(), [child.pid, grandchild].sort());
      assert.deepEqual(familyOf(child.pid as number).sort(), [child.pid, grandchild].sort());
      assert.deepEqual(tasksOf(child.pid as number), [String(child.pid)]);
      assert.deepEqual(tasksOf(process.pid).includes(String(process.pid)), true);
    } finally {
      killAll([grandchild, child.pid as number]);
    }
  });

  it('finds nothing of a process that is gone', async () => {
    const child = spawn('true', { stdio: 'ignore' });
    await once(child, 'exit');
    const pid = child.pid as number;
    assert.equal(alive(pid), false);
    assert.deepEqual(tasksOf(pid), []);
  });
});
