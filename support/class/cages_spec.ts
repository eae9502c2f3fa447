import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Cages, shareWithGroup } from './cages';

const LIMITS = { processes: 64, memoryMb: 256, fileMb: 16, cpuSeconds: 60 };

describe('Cages', () => {
  it("mounts a copy of the student's folder where the folder is, and hides the class, the reports and the scratch", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mpp-cages-spec-'));
    try {
      const dir = path.join(root, 'class', 'anna');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'server.py'), 'print(1)\n');
      const scratch = path.join(root, 'scratch');
      mkdirSync(scratch);
      const cages = new Cages({
        classFolder: path.join(root, 'class'),
        reports: path.join(root, 'reports'),
        scratch,
        hidden: [],
        visible: [],
        limits: LIMITS,
      });
      const student = { name: 'anna', dir, source: 'mpp.json' };
      cages.prepare(student);
      const copy = path.join(scratch, 'work', 'anna');
      assert.equal(readFileSync(path.join(copy, 'server.py'), 'utf8'), 'print(1)\n');
      const command = cages.command(student, 'python3 server.py');
      assert.ok(command.includes(`--bind ${copy} ${dir}`));
      assert.ok(command.includes(`--chdir ${dir}`));
      for (const hidden of [path.join(root, 'class'), path.join(root, 'reports'), scratch])
        assert.equal(cages.hidden.includes(hidden), true);
      // As root, every program gets a user of its own, and the student's programs share a group.
      if (cages.ownUsers) {
        const uids = [command, cages.command(student, 'true')].map((line) => /--reuid=(\d+)/.exec(line)?.[1]);
        assert.notEqual(uids[0], uids[1]);
        assert.equal(statSync(copy).gid, Number(/--regid=(\d+)/.exec(command)?.[1]));
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('shareWithGroup', () => {
  it("gives the group the owner's rights, and folders pass their group on", {
    skip: process.getuid?.() !== 0 && 'needs root to change a group',
  }, () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mpp-share-spec-'));
    try {
      mkdirSync(path.join(root, 'out'), { mode: 0o700 });
      writeFileSync(path.join(root, 'out', 'run'), '#!/bin/sh\n', { mode: 0o700 });
      writeFileSync(path.join(root, 'notes'), 'x', { mode: 0o600 });
      symlinkSync('/etc/passwd', path.join(root, 'link'));
      shareWithGroup(root, 1_900_000_123);
      const mode = (file: string) => statSync(path.join(root, file)).mode & 0o7777;
      assert.equal(mode('out'), 0o2770);
      assert.equal(mode('out/run'), 0o770);
      assert.equal(mode('notes'), 0o660);
      assert.equal(statSync(path.join(root, 'notes')).gid, 1_900_000_123);
      assert.equal(statSync('/etc/passwd').gid, 0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
