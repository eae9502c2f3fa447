// The sandbox of a student's program (class mode always where it can, a single check with --sandbox):
// bubblewrap (`bwrap`) gives it a mount namespace in which the whole filesystem is read-only, the
// teacher's home, the class folder and the reports are hidden (empty and read-only), and only the
// student's own folder is writable; a private /tmp; a PID namespace, so that it sees and signals only
// its own processes; and, as root, a user id of its own (never root, never the teacher's). rlimits
// bound its processes, memory, file size and CPU time. The network is left as it is: class mode puts
// the harness and the program into a network namespace of their own around it.
//
// What a program tried is read from what the kernel did to it: an exit by SIGXCPU or SIGXFSZ (bwrap
// passes a signal on as the status 128 + signal), and the C library's words for the refused calls in
// its output (EROFS "Read-only file system", ENOENT under a hidden folder, EFBIG, ENOMEM, EAGAIN at a
// fork), which every runtime prints as the C library does.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { t } from '../messages';
import { processIds } from './processes';

export type SandboxMode = 'off' | 'on' | 'required';

export interface Limits {
  /** Processes and threads of the sandbox's user at a time (RLIMIT_NPROC). */
  processes: number;
  /** Writable memory of each process, in MiB (RLIMIT_DATA: the heap, not reserved address space). */
  memoryMb: number;
  /** The largest file a process may write, in MiB (RLIMIT_FSIZE). */
  fileMb: number;
  /** CPU time of each process, in seconds (RLIMIT_CPU). */
  cpuSeconds: number;
}

/** The folders of one sandbox. */
export interface Cage {
  /** The student's folder as the program sees it (its commands may name it), and what is mounted there. */
  folder?: { path: string; source: string };
  /** Shown empty and read-only. */
  hidden: string[];
  /** Shown read-only although a hidden folder holds them (a toolchain in the home, the harness's fixtures). */
  visible: string[];
  /** As root: the user and group the program runs as; otherwise bwrap maps the caller's. */
  uid?: number;
  gid?: number;
  limits: Limits;
}

/** What the sandbox refused or ended: typed, so that rows and reports say it in their language. */
export type SandboxCause =
  | { kind: 'cpu' | 'file-size' | 'memory' | 'processes' }
  | { kind: 'write'; path?: string }
  | { kind: 'hidden'; path: string };

/** The status bwrap ends with when the program was killed by a signal. */
const SIGNALLED = 128;
const SIGXCPU = 24;
const SIGXFSZ = 25;

/**
 * The command that runs `command` (a shell command line) in the cage. It starts with `exec`, so that
 * the launched process is bwrap itself: a SIGTERM to it ends the sandbox (--die-with-parent kills its
 * PID 1, and the kernel the rest of its PID namespace), and the harness's kill of the launch's group and
 * descendants reaches every process inside, which the host's /proc lists with their host ids.
 */
export function sandboxCommand(command: string, cage: Cage): string {
  const { limits } = cage;
  const mib = 1024 * 1024;
  const words = [
    'prlimit',
    `--nproc=${limits.processes}`,
    `--data=${limits.memoryMb * mib}`,
    `--fsize=${limits.fileMb * mib}`,
    // SIGXCPU at the soft limit; SIGKILL a second later for a program that catches it.
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    '--core=0',
    '--',
    'bwrap',
    ...bwrapArguments(cage),
    '--',
  ];
  // As root, bwrap mounts with root's rights (a toolchain in /root stays reachable) and setpriv then
  // becomes the program's own user, which drops every capability; bwrap gives it only those two.
  if (cage.uid !== undefined && cage.gid !== undefined)
    words.push(
      'setpriv',
      `--reuid=${cage.uid}`,
      `--regid=${cage.gid}`,
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--',
    );
  words.push('sh', '-c', `umask 002 && ${command}`);
  return `exec ${words.map(quote).join(' ')}`;
}

/** The folders every sandbox gets a private, empty copy of. */
const PRIVATE = ['/tmp', '/dev/shm'];

function bwrapArguments(cage: Cage): string[] {
  const args = [
    ...(cage.uid !== undefined && cage.gid !== undefined
      ? ['--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID']
      : ['--unshare-user', '--disable-userns']),
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--die-with-parent',
    '--new-session',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    // A private /tmp and /dev/shm in memory, each no larger than a process's memory, open to all
    // as usual (the program's user is not their owner).
    ...PRIVATE.flatMap((folder) => [
      '--perms',
      '1777',
      '--size',
      String(cage.limits.memoryMb * 1024 * 1024),
      '--tmpfs',
      folder,
    ]),
    '--setenv',
    'HOME',
    '/tmp',
    ...mountArguments(cage),
  ];
  if (cage.folder) args.push('--chdir', cage.folder.path);
  return args;
}

/** One folder's mount (the arguments that make it), placed by the folder's path. */
interface Mount {
  folder: string;
  args: string[];
}

/** The mounts that hide the hidden folders, show the visible ones and bind the student's folder. */
function mountArguments(cage: Cage): string[] {
  const hidden = cage.hidden.filter((folder) => existsSync(folder));
  const visible = cage.visible.filter((folder) => existsSync(folder));
  // A program of a user of its own cannot pass a folder closed to others (a checkout made by
  // `mktemp -d` is 0700): each closed folder on the way to a shown one is covered by an open tmpfs,
  // and what the program needs in it is shown again on top.
  const closed =
    cage.uid === undefined
      ? []
      : closedFolders(visible, cage.folder ? [path.dirname(cage.folder.path)] : [], [...hidden, ...PRIVATE]);
  // The private /tmp hides as a hidden folder does: a checkout or a class folder under /tmp is shown
  // again on top of it.
  const covers = [...hidden, ...PRIVATE, ...closed];
  const within = (folder: string) => foldersBetween(folder, covers);
  const shown = visible
    .flatMap((folder) =>
      closed.includes(folder) ? readdirSync(folder).map((entry) => path.join(folder, entry)) : [folder],
    )
    .filter((folder) => covers.some((hide) => inside(folder, hide)) && !hidden.includes(folder));
  // Parents before children: a folder shown inside a hidden one is mounted on the hiding tmpfs, and a
  // hidden folder inside a shown one (the reports in the checkout) is hidden again on top of it.
  const mounts: Mount[] = [
    ...hidden.map((folder) => ({ folder, args: ['--tmpfs', folder] })),
    ...closed.flatMap((folder) => [
      ...within(folder),
      { folder, args: ['--perms', '0755', '--tmpfs', folder] },
    ]),
    ...shown.flatMap((folder) => [...within(folder), { folder, args: ['--ro-bind', folder, folder] }]),
    ...(cage.folder
      ? [
          ...within(cage.folder.path),
          { folder: cage.folder.path, args: ['--bind', cage.folder.source, cage.folder.path] },
        ]
      : []),
  ].sort((a, b) => a.folder.length - b.folder.length);
  return [...mounts.flatMap((mount) => mount.args), ...hidden.flatMap((folder) => ['--remount-ro', folder])];
}

/**
 * The folders between the innermost cover of `folder` and the folder itself, made open to all (bwrap
 * would make them the owner's alone, and the owner is root).
 */
function foldersBetween(folder: string, covers: string[]): Mount[] {
  const hide = covers.filter((outer) => inside(folder, outer)).sort((a, b) => b.length - a.length)[0];
  const between: string[] = [];
  for (let up = path.dirname(folder); hide && up !== hide && inside(up, hide); up = path.dirname(up))
    between.push(up);
  return between.map((dir) => ({ folder: dir, args: ['--perms', '0755', '--dir', dir] }));
}

/**
 * The folders that others may not pass on the way to the `shown` ones (each shown folder itself too)
 * and to the `reached` ones (their own mode is set elsewhere), outermost first. A cover and the folders
 * between it and what is mounted in it are made again, open, so there only a shown folder itself counts.
 */
export function closedFolders(
  shown: string[],
  reached: string[],
  covers: string[],
  closedToOthers = (folder: string) =>
    ((statSync(folder, { throwIfNoEntry: false })?.mode ?? 0o001) & 0o001) === 0,
): string[] {
  const closed: string[] = [];
  for (const target of [...shown, ...reached]) {
    const way: string[] = [];
    for (let up = target; up !== path.dirname(up); up = path.dirname(up)) way.unshift(up);
    for (const folder of way) {
      const covered = [...covers, ...closed].some((cover) => inside(folder, cover));
      const self = folder === target && shown.includes(target);
      if ((!covered || self) && !closed.includes(folder) && closedToOthers(folder)) closed.push(folder);
    }
  }
  return closed.sort((a, b) => a.length - b.length);
}

/** Whether `inner` is `outer` or lies inside it. */
export function inside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function quote(word: string): string {
  return /^[\w./:=,@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Whether a sandbox can be made here: undefined when it can, else why not, in a sentence. Tried with
 * the very cage the programs get, so that a kernel without user namespaces or a missing setpriv shows
 * here and not in every student's row.
 */
export function sandboxProblem(cage: Cage): string | undefined {
  const probe = spawnSync('sh', ['-c', sandboxCommand('true', cage)], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status === 0) return undefined;
  const m = t().sandbox;
  if (probe.status === 127 || /not found/.test(probe.stderr ?? '')) return m.missing;
  const why =
    (probe.stderr ?? '').trim().split('\n')[0] || (probe.error?.message ?? `status ${probe.status}`);
  return m.failed(why);
}

/** The folders a sandbox hides on this machine besides the class's own: the caller's home. */
export function homeFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...new Set([os.homedir(), env.HOME].filter((home): home is string => Boolean(home)))];
}

/** Folders of the home that a toolchain on PATH may live in but that hold more than tools. */
const PERSONAL = ['.local', '.config', '.ssh', '.gnupg'];

/**
 * Toolchains installed in the home (rustup, pyenv, nvm, SDKMAN) must stay usable: for each folder on
 * PATH in a hidden folder, the whole dot-folder of the home it lies in (~/.pyenv/shims needs
 * ~/.pyenv), rustup's toolchains beside ~/.cargo, and Node's own installation.
 */
export function toolchainFolders(hidden: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const onPath = (env.PATH ?? '').split(':').filter((folder) => path.isAbsolute(folder));
  const shown = [path.dirname(path.dirname(process.execPath))];
  for (const folder of onPath) {
    const home = homeFolders(env).find((home) => inside(folder, home) && folder !== home);
    const top = home && path.relative(home, folder).split(path.sep)[0];
    if (!home || !top?.startsWith('.') || PERSONAL.includes(top)) shown.push(folder);
    else shown.push(path.join(home, top), ...(top === '.cargo' ? [path.join(home, '.rustup')] : []));
  }
  return [...new Set(shown)].filter((folder) => hidden.some((hide) => inside(folder, hide)));
}

/** Ids far above any system's users and below 2^31 (systemd leaves 1879048192-2147483647 unassigned). */
export const ID_BASE = 1_900_000_000;

/**
 * The cage of a single check (`--sandbox on`): the student checks their own program, so nothing is
 * hidden; the filesystem is read-only but for a private /tmp. As root the program runs as a user of
 * its own (one per process of the run, whose workers run programs side by side), who could not pass
 * through root's home: its toolchains and the checkout, where the commands run, are mounted open.
 */
export function singleCage(limits: Limits, env: NodeJS.ProcessEnv = process.env): Cage {
  if (process.getuid?.() !== 0) return { hidden: [], visible: [], limits };
  const id = ID_BASE + 999_000 + (process.pid % 1000);
  const hidden = homeFolders(env);
  return { hidden, visible: [process.cwd(), ...toolchainFolders(hidden, env)], limits, uid: id, gid: id };
}

/** What the sandbox did to a program, from its exit and its output (`hidden`: the folders it hides). */
export function sandboxCauses(
  exit: { code?: number | null; signal?: string | null },
  output: string,
  hidden: string[],
): SandboxCause[] {
  const causes: SandboxCause[] = [];
  const add = (cause: SandboxCause) => {
    if (!causes.some((known) => JSON.stringify(known) === JSON.stringify(cause))) causes.push(cause);
  };
  if (exit.code === SIGNALLED + SIGXCPU || exit.signal === 'SIGXCPU') add({ kind: 'cpu' });
  if (exit.code === SIGNALLED + SIGXFSZ || exit.signal === 'SIGXFSZ') add({ kind: 'file-size' });
  const lines = output.split('\n');
  lines.forEach((line, index) => {
    const where = lastPath(line);
    if (/read-only file system/i.test(line)) add(where ? { kind: 'write', path: where } : { kind: 'write' });
    else if (
      where &&
      /no such file or directory|ENOENT/i.test(line) &&
      hidden.some((folder) => inside(where, folder))
    )
      add({ kind: 'hidden', path: where });
    if (/file too large|EFBIG/i.test(line)) add({ kind: 'file-size' });
    if (
      /MemoryError|cannot allocate memory|OutOfMemoryError|bad_alloc|memory allocation of \d+ bytes failed|ENOMEM/i.test(
        line,
      )
    )
      add({ kind: 'memory' });
    // EAGAIN means "the process limit" only where a process or a thread was being made.
    const context = lines.slice(Math.max(0, index - 3), index + 1).join('\n');
    if (
      /resource temporarily unavailable|EAGAIN|unable to create (?:new )?native thread|cannot fork/i.test(
        line,
      ) &&
      /fork|thread|spawn|clone|Popen|subprocess|process/i.test(context)
    )
      add({ kind: 'processes' });
  });
  return causes;
}

/**
 * The last absolute path of a line of output, without the quotes and punctuation around it: the C
 * library's message ends with the path (Python's "…: '/etc/x'", Node's "open '/etc/x'") or has only one.
 */
function lastPath(line: string): string | undefined {
  const found = [...line.matchAll(/(?:^|[\s'"`(=])(\/[^\s'"`():,]+)/g)].at(-1)?.[1];
  return found?.replace(/[.;]+$/, '');
}

/** The sentence of a cause, e.g. "the program tried to write /etc/x: outside the student's folder, refused by the sandbox". */
export function describeCause(cause: SandboxCause, limits: Limits, who?: string): string {
  const m = t().sandbox;
  const subject = who ?? m.program;
  switch (cause.kind) {
    case 'write':
      return m.write(subject, cause.path);
    case 'hidden':
      return m.hidden(subject, cause.path);
    case 'cpu':
      return m.cpu(subject, limits.cpuSeconds);
    case 'file-size':
      return m.fileSize(subject, limits.fileMb);
    case 'memory':
      return m.memory(subject, limits.memoryMb);
    case 'processes':
      return m.processes(subject, limits.processes);
  }
}

/** How many processes the caller's user runs now: without a user of its own, the sandbox's count starts there. */
export function processesOfCaller(): number {
  const uid = process.getuid?.();
  return processIds().filter((pid) => statSync(`/proc/${pid}`, { throwIfNoEntry: false })?.uid === uid)
    .length;
}
