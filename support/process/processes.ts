// The machine's processes as Linux's /proc shows them: which carry a launch's mark, a launch's family
// (its process group and its descendants), a process's threads, whether one is still alive. The one
// place that scans /proc for processes; where /proc is missing (macOS), every scan finds nothing.
//
// Every process the harness starts carries the mark of its launch in MPP_HARNESS_LAUNCH, and passes it
// on to what it starts: a daemon that left its process group and lost its parent is found by it. A
// launch inside a launch (the programs of a harness that class mode runs) gets a mark that begins with
// the outer one and a dot, so that the outer launch's end finds those processes too.

import { readdirSync, readFileSync } from 'node:fs';

/** The variable that carries a launch's mark. */
export const LAUNCH_MARK = 'MPP_HARNESS_LAUNCH';
/** The variable that carries a run's mark (the self-test looks for what a run left behind by it). */
export const RUN_MARK = 'MPP_HARNESS_RUN';

/** The entries of a folder, or none where it is gone (a process that ended meanwhile, no /proc). */
export function readdirSafe(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** The ids of the machine's processes, zombies included; none where /proc is missing. */
export function processIds(): number[] {
  return readdirSafe('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** The threads of a process (the entries of /proc/<pid>/task); none once it has ended. */
export function tasksOf(pid: number): string[] {
  return readdirSafe(`/proc/${pid}/task`);
}

/** Whether the process exists and is not a zombie (one that ended and waits for its parent). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * The live processes, other than this one, whose environment gives `variable` the value `mark` or a
 * mark under it (`mark.` and more: a launch inside the launch).
 */
export function markedProcesses(mark: string, variable: string = LAUNCH_MARK): number[] {
  const exact = `${variable}=${mark}`;
  const nested = `${exact}.`;
  return processIds().filter((pid) => {
    if (pid === process.pid) return false;
    try {
      const environment = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      return environment.some((entry) => entry === exact || entry.startsWith(nested)) && alive(pid);
    } catch {
      return false; // ended meanwhile, or not ours to read
    }
  });
}

interface ProcessEntry {
  pid: number;
  ppid: number;
  group: number;
}

/** The machine's live processes (zombies left out), or undefined where /proc is missing. */
function processTable(): ProcessEntry[] | undefined {
  const pids = processIds();
  if (pids.length === 0) return undefined;
  const table: ProcessEntry[] = [];
  for (const pid of pids) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may contain spaces, so parse after ")".
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const [state, ppid, group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') table.push({ pid, ppid: Number(ppid), group: Number(group) });
    } catch {
      // the process ended while the table was read
    }
  }
  return table;
}

/**
 * The live processes of a launch: its process group and every descendant of its first process.
 * Zombies do not count: a grandchild whose parent (the shell) died first is reaped by PID 1, which in
 * a container may take a while. Where /proc is missing, the first process alone while its group lives.
 */
export function familyOf(pid: number): number[] {
  const table = processTable();
  if (!table) return groupAlive(pid) ? [pid] : [];
  const family = new Set(
    table.filter((entry) => entry.group === pid || entry.pid === pid).map((entry) => entry.pid),
  );
  let grown = true;
  while (grown) {
    grown = false;
    for (const entry of table) {
      if (family.has(entry.ppid) && !family.has(entry.pid)) {
        family.add(entry.pid);
        grown = true;
      }
    }
  }
  return [...family];
}

/** Whether the process group `group` has a member left. */
export function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/** The process and its descendants, cheaply, through the kernel's list of each thread's children. */
export function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    found.push(next);
    for (const task of tasksOf(next)) {
      try {
        const children = readFileSync(`/proc/${next}/task/${task}/children`, 'latin1').trim();
        if (children) queue.push(...children.split(' ').map(Number));
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return found;
}
