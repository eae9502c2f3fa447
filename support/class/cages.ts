// The sandboxes of a class run (support/process/sandbox.ts makes each one): every student works in a copy of
// their folder, mounted where the folder is, so that the class folder itself is never written; the
// class folder, the reports, the run's scratch folder and the teacher's home are hidden; and, as root,
// every build, check and matrix side runs as a user of its own (so that one program's processes never
// count against another's limit) in a group of the student's, which owns the copy.

import { chmodSync, chownSync, cpSync, lchownSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  type Cage,
  homeFolders,
  ID_BASE,
  type Limits,
  processesOfCaller,
  sandboxCommand,
  sandboxProblem,
  toolchainFolders,
} from '../process/sandbox';
import type { Student } from './student';

export interface CageOptions {
  classFolder: string;
  reports: string;
  /** The run's scratch folder: the copies go to its work/ folder. */
  scratch: string;
  /** More folders to hide (the harness's own reports). */
  hidden: string[];
  /** Folders the programs may read although a hidden folder holds them (the harness's checkout). */
  visible: string[];
  limits: Limits;
}

export class Cages {
  readonly hidden: string[];
  private readonly visible: string[];
  private readonly limits: Limits;
  private readonly work: string;
  /** As root each program gets a user of its own; otherwise bwrap maps the caller's. */
  private readonly root = process.getuid?.() === 0;
  private readonly base = ID_BASE + (process.pid % 100_000) * 1000;
  private programs = 0;
  private readonly groups = new Map<string, number>();

  constructor(options: CageOptions) {
    this.hidden = [
      ...homeFolders(),
      options.classFolder,
      options.reports,
      options.scratch,
      ...options.hidden,
    ];
    this.visible = [...options.visible, ...toolchainFolders(this.hidden)];
    // Without a user of its own, the process limit counts the caller's other processes too.
    this.limits = this.root
      ? options.limits
      : { ...options.limits, processes: options.limits.processes + processesOfCaller() };
    this.work = path.join(options.scratch, 'work');
  }

  /** Why no sandbox can be made here, or undefined. */
  problem(): string | undefined {
    return sandboxProblem(this.cage());
  }

  get ownUsers(): boolean {
    return this.root;
  }

  /** Copies the student's folder for the sandbox: readable and writable by the student's group. */
  prepare(student: Student): void {
    mkdirSync(this.work, { recursive: true });
    const copy = this.copyOf(student);
    cpSync(student.dir, copy, { recursive: true, verbatimSymlinks: true });
    if (this.root) shareWithGroup(copy, this.groupOf(student));
  }

  /** The command line that runs `command` in the student's sandbox (a new user for each call, as root). */
  command(student: Student, command: string): string {
    return sandboxCommand(command, this.cage(student));
  }

  private cage(student?: Student): Cage {
    const ids = this.root
      ? { uid: this.base + (this.programs++ % 1000), gid: student ? this.groupOf(student) : this.base }
      : {};
    return {
      ...(student ? { folder: { path: student.dir, source: this.copyOf(student) } } : {}),
      hidden: this.hidden,
      visible: this.visible,
      limits: this.limits,
      ...ids,
    };
  }

  private copyOf(student: Student): string {
    return path.join(this.work, student.name);
  }

  private groupOf(student: Student): number {
    let gid = this.groups.get(student.name);
    if (gid === undefined) {
      gid = this.base + ((this.groups.size + 1) % 1000);
      this.groups.set(student.name, gid);
    }
    return gid;
  }
}

/**
 * Gives the group `gid` the owner's rights on every file and folder, and makes folders pass their
 * group on (setgid), so that what one program of the student writes the next may change.
 */
export function shareWithGroup(folder: string, gid: number): void {
  const stat = lstatSync(folder);
  if (stat.isSymbolicLink()) {
    lchownSync(folder, stat.uid, gid);
    return;
  }
  chownSync(folder, stat.uid, gid);
  const owner = (stat.mode & 0o700) >> 3;
  chmodSync(folder, (stat.mode & 0o7777) | owner | (stat.isDirectory() ? 0o2000 : 0));
  if (stat.isDirectory())
    for (const entry of readdirSync(folder)) shareWithGroup(path.join(folder, entry), gid);
}
