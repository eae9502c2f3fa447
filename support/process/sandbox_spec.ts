import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { t } from '../messages';
import {
  type Cage,
  closedFolders,
  describeCause,
  sandboxCauses,
  sandboxCommand,
  sandboxProblem,
  toolchainFolders,
} from './sandbox';

const LIMITS = { processes: 64, memoryMb: 256, fileMb: 1, cpuSeconds: 5 };

describe('sandboxCommand', () => {
  const cage: Cage = {
    folder: { path: '/class/anna', source: '/scratch/work/anna' },
    hidden: ['/class', '/home/t', '/home/t/checkout/reports'],
    visible: ['/home/t/checkout'],
    limits: LIMITS,
    uid: 1_900_000_001,
    gid: 1_900_000_100,
  };

  it('sets the limits, then mounts, then becomes the unprivileged user', () => {
    const command = sandboxCommand('python3 server.py {port}', { ...cage, hidden: [] });
    assert.match(
      command,
      /^exec prlimit --nproc=64 --data=268435456 --fsize=1048576 --cpu=5:6 --core=0 -- bwrap /,
    );
    assert.match(
      command,
      /-- setpriv --reuid=1900000001 --regid=1900000100 --clear-groups --inh-caps=-all --bounding-set=-all -- sh -c 'umask 002 && python3 server.py \{port\}'$/,
    );
    assert.doesNotMatch(command, /--unshare-user/);
    assert.match(command, /--unshare-pid .*--die-with-parent/);
  });

  it('without a user of its own, lets bwrap map the caller into a user namespace', () => {
    const command = sandboxCommand('true', { ...cage, uid: undefined, gid: undefined, hidden: [] });
    assert.match(command, /bwrap --unshare-user --disable-userns /);
    assert.doesNotMatch(command, /setpriv/);
  });
});

describe('closedFolders', () => {
  const closedToOthers = (folder: string) =>
    ['/srv/course', '/tmp/tmp.x1', '/root', '/srv/course/open/checkout'].includes(folder);

  it('covers a shown folder closed to others, also inside the private /tmp (a clone in `mktemp -d`)', () => {
    assert.deepEqual(closedFolders(['/tmp/tmp.x1'], [], ['/tmp'], closedToOthers), ['/tmp/tmp.x1']);
  });

  it('covers a closed folder on the way that no cover makes again', () => {
    assert.deepEqual(
      closedFolders(
        ['/srv/course/open/checkout'],
        ['/srv/course/class'],
        ['/srv/course/class'],
        closedToOthers,
      ),
      ['/srv/course', '/srv/course/open/checkout'],
    );
  });

  it('leaves a closed folder that a cover makes again, open, and one reached but not shown itself', () => {
    assert.deepEqual(closedFolders(['/root/.cargo'], ['/root/class'], ['/root', '/tmp'], closedToOthers), []);
    assert.deepEqual(closedFolders([], ['/tmp/tmp.x1'], ['/tmp'], closedToOthers), []);
  });
});

describe('sandboxCauses', () => {
  const hidden = ['/class', '/root'];
  const causes = (output: string, code = 1) => sandboxCauses({ code }, output, hidden);

  it('reads a kill by a limit from the status bwrap passes on', () => {
    assert.deepEqual(causes('', 152), [{ kind: 'cpu' }]);
    assert.deepEqual(causes('', 153), [{ kind: 'file-size' }]);
    assert.deepEqual(sandboxCauses({ signal: 'SIGXCPU' }, '', hidden), [{ kind: 'cpu' }]);
  });

  it('finds the path of a refused write in the words of sh, Python, Java and Node', () => {
    assert.deepEqual(causes('sh: 1: cannot create /etc/x: Read-only file system'), [
      { kind: 'write', path: '/etc/x' },
    ]);
    assert.deepEqual(causes("write into /etc: [Errno 30] Read-only file system: '/etc/y'"), [
      { kind: 'write', path: '/etc/y' },
    ]);
    assert.deepEqual(causes('java.io.FileNotFoundException: /root/z (Read-only file system)'), [
      { kind: 'write', path: '/root/z' },
    ]);
    assert.deepEqual(causes("Error: EROFS: read-only file system, open '/usr/q'"), [
      { kind: 'write', path: '/usr/q' },
    ]);
  });

  it('blames a missing file only where the sandbox hides it', () => {
    assert.deepEqual(causes("[Errno 2] No such file or directory: '/class/ben/server.py'"), [
      { kind: 'hidden', path: '/class/ben/server.py' },
    ]);
    assert.deepEqual(causes("[Errno 2] No such file or directory: '/srv/data.txt'"), []);
  });

  it('takes EAGAIN for the process limit only where a process or thread was being made', () => {
    assert.deepEqual(causes('BlockingIOError: [Errno 11] Resource temporarily unavailable'), []);
    assert.deepEqual(
      causes('  pid = os.fork()\nBlockingIOError: [Errno 11] Resource temporarily unavailable'),
      [{ kind: 'processes' }],
    );
    assert.deepEqual(
      causes('java.lang.OutOfMemoryError: unable to create native thread: possibly out of memory'),
      [{ kind: 'memory' }, { kind: 'processes' }],
    );
  });

  it('names memory and file size from what the runtimes print', () => {
    assert.deepEqual(causes('MemoryError'), [{ kind: 'memory' }]);
    assert.deepEqual(causes('memory allocation of 1048576 bytes failed'), [{ kind: 'memory' }]);
    assert.deepEqual(causes('OSError: [Errno 27] File too large'), [{ kind: 'file-size' }]);
    assert.deepEqual(causes('Traceback\nValueError: bad port'), []);
  });

  it('says each cause once', () => {
    assert.deepEqual(causes('MemoryError\nMemoryError', 152), [{ kind: 'cpu' }, { kind: 'memory' }]);
  });
});

describe('describeCause', () => {
  it('says what was refused and which setting sets the limit, in English and German', () => {
    assert.equal(
      describeCause({ kind: 'write', path: '/home/t/x' }, LIMITS, t('en').sandbox.build),
      "the build tried to write /home/t/x: outside the student's folder, refused by the sandbox",
    );
    assert.equal(
      describeCause({ kind: 'cpu' }, LIMITS),
      "the program was killed by the sandbox's CPU time limit (5 s a process, MPP_SANDBOX_CPU_S)",
    );
    const previous = process.env.MPP_LANG;
    process.env.MPP_LANG = 'de';
    try {
      assert.match(
        describeCause({ kind: 'processes' }, LIMITS, t().sandbox.server),
        /^der Server konnte .*Prozessgrenze.*\(64, MPP_SANDBOX_PROCESSES\)$/,
      );
    } finally {
      process.env.MPP_LANG = previous;
    }
  });
});

describe('toolchainFolders', () => {
  it('shows the dot-folder of a toolchain on PATH in the hidden home, and only the bin of ~/.local', () => {
    const env = {
      HOME: '/home/t',
      PATH: '/home/t/.pyenv/shims:/home/t/.cargo/bin:/home/t/.local/bin:/usr/bin',
    };
    const shown = toolchainFolders(['/home/t'], env);
    assert.deepEqual(
      shown.filter((folder) => folder.startsWith('/home/t')),
      ['/home/t/.pyenv', '/home/t/.cargo', '/home/t/.rustup', '/home/t/.local/bin'],
    );
  });
});

// The real thing, where this machine can make it: the test fails if the sandbox lets a write through.
describe('a sandbox on this machine', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mpp-sandbox-spec-'));
  const classFolder = path.join(root, 'class');
  const own = path.join(classFolder, 'anna');
  const neighbour = path.join(classFolder, 'ben');
  mkdirSync(own, { recursive: true });
  mkdirSync(neighbour);
  writeFileSync(path.join(neighbour, 'secret'), 'secret');
  // A checkout under /tmp (a CI's fresh clone) stays readable on top of the private /tmp.
  // made by `mktemp -d`: closed to the program's user, who still reads the fixtures in it.
  const checkout = path.join(root, 'checkout');
  mkdirSync(checkout, { mode: 0o700 });
  writeFileSync(path.join(checkout, 'fixture'), 'readable');
  const asRoot = process.getuid?.() === 0;
  const cage: Cage = {
    folder: { path: own, source: own },
    hidden: [classFolder],
    visible: [checkout],
    limits: LIMITS,
    ...(asRoot ? { uid: 1_900_099_999, gid: process.getgid?.() ?? 0 } : {}),
  };
  const problem = sandboxProblem(cage);

  it('keeps the program in its own folder, as another user, and ends a file at the limit', {
    skip: problem,
  }, () => {
    if (asRoot) spawnSync('chmod', ['777', own]);
    const script = [
      'id -u',
      `cat ${checkout}/fixture; echo`,
      `cat ${neighbour}/secret`,
      'echo x > /etc/mpp-spec',
      'echo mine > mine.txt',
      'head -c 2000000 /dev/zero > big',
    ].join('; ');
    const run = spawnSync('sh', ['-c', sandboxCommand(script, cage)], { encoding: 'utf8', timeout: 20_000 });
    try {
      assert.notEqual(run.stdout.trim().split('\n')[0], '0');
      assert.equal(run.stdout.trim().split('\n')[1], 'readable');
      assert.equal(readFileSync(path.join(own, 'mine.txt'), 'utf8'), 'mine\n');
      assert.equal(existsSync('/etc/mpp-spec'), false);
      const kinds = sandboxCauses({ code: run.status }, run.stderr, cage.hidden).map((cause) => cause.kind);
      assert.deepEqual(kinds.sort(), ['file-size', 'hidden', 'write']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
