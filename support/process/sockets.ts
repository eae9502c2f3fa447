// Which ports the machine listens on, read from the kernel's socket tables. The harness never
// connects to a server's default port to see whether it is up (a connection is a client, and the
// server would hand it a port): it reads the tables instead. Also the blocks of ports a run may use.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { t } from '../messages';
import { waitFor } from './wait';

interface SocketRow {
  port: number;
  listening: boolean;
  inode?: string;
}

const LISTEN = '0A';
/** A connection being accepted: listed right after its listener by kernels before 4.4. */
const SYN_RECV = '03';
const TABLES = ['/proc/net/tcp', '/proc/net/tcp6'] as const;
/** Less than one row of either table, so that each read makes the kernel produce one row only. */
const ROW_CHUNK = 128;

function rowOf(line: string): (SocketRow & { state: string }) | undefined {
  const fields = line.trim().split(/\s+/);
  const local = fields[1];
  const state = fields[3];
  if (!local || !state || fields[0] === 'sl') return undefined;
  const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
  return { port, state, listening: state === LISTEN, inode: fields[9] };
}

/**
 * The rows of one of the kernel's socket tables, or undefined where /proc is missing. Reading a
 * whole table costs milliseconds of system time on a machine with much memory (the kernel walks its
 * whole connection hash, also for an empty table), so it is read whole only where connections count.
 */
function procRows(file: (typeof TABLES)[number]): SocketRow[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch {
    return file === '/proc/net/tcp' ? undefined : [];
  }
  return text
    .split('\n')
    .map(rowOf)
    .filter((row) => row !== undefined);
}

/**
 * The listening rows of a socket table, or undefined where /proc is missing. The kernel lists every
 * listening socket before the first connection, so the table is read a row at a time up to the first
 * connection: the connection hash, whose walk is the cost of a whole table, is then barely touched.
 */
function listenerRows(file: (typeof TABLES)[number]): SocketRow[] | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return file === '/proc/net/tcp' ? undefined : [];
  }
  const rows: SocketRow[] = [];
  const chunk = Buffer.alloc(ROW_CHUNK);
  let pending = '';
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, ROW_CHUNK, null);
      if (read === 0) return rows;
      pending += chunk.toString('latin1', 0, read);
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const row = rowOf(pending.slice(0, end));
        pending = pending.slice(end + 1);
        if (!row) continue;
        if (row.state !== LISTEN && row.state !== SYN_RECV) return rows;
        if (row.listening) rows.push(row);
      }
    }
  } catch {
    return rows;
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether any IPv6 TCP socket exists (listening or connected); the IPv6 table is read only then,
 * because reading even its first rows walks the connection hash when it holds no IPv6 socket.
 */
function anyIpv6(): boolean {
  try {
    return !/^TCP6: inuse 0$/m.test(readFileSync('/proc/net/sockstat6', 'latin1'));
  } catch {
    return true;
  }
}

// Where /proc is missing (macOS, BSD), lsof lists the listening sockets; documented in the README.
function lsofRows(): SocketRow[] {
  const result = spawnSync('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-Fn'], { encoding: 'latin1' });
  return (result.stdout ?? '')
    .split('\n')
    .filter((line) => line.startsWith('n'))
    .map((line) => ({ port: Number(line.slice(line.lastIndexOf(':') + 1)), listening: true }));
}

/** Every socket of the machine, connections and TIME_WAIT included. */
function sockets(): SocketRow[] {
  const ipv4 = procRows(TABLES[0]);
  return ipv4 ? [...ipv4, ...(procRows(TABLES[1]) ?? [])] : lsofRows();
}

/** The machine's listening sockets from /proc, or undefined where /proc is missing. */
function procListeners(): SocketRow[] | undefined {
  const ipv4 = listenerRows(TABLES[0]);
  if (!ipv4) return undefined;
  return anyIpv6() ? [...ipv4, ...(listenerRows(TABLES[1]) ?? [])] : ipv4;
}

/**
 * Who listens on each of `ports`, as "pid 1234 (python3 server.py)", for the sentence that names a
 * disturbance; a port whose owner cannot be read (another user's process, no /proc) is left out.
 */
export function listenersOf(ports: readonly number[]): Map<number, string> {
  const inodes = new Map<string, number>();
  for (const row of procListeners() ?? []) {
    if (row.inode && ports.includes(row.port)) inodes.set(row.inode, row.port);
  }
  const owners = new Map<number, string>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return owners;
  }
  for (const pid of pids) {
    for (const inode of socketInodesOf([Number(pid)])) {
      const port = inodes.get(inode);
      if (port === undefined || owners.has(port)) continue;
      let command = '';
      try {
        command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
      } catch {
        // the process ended meanwhile
      }
      owners.set(port, `pid ${pid} (${command.slice(0, 80)})`);
    }
  }
  return owners;
}

/** Ports other programs listen on, each with its owner where it can be read ("22003: python3 (pid 4711)"). */
export function describeListeners(ports: readonly number[]): string[] {
  if (!ports.length) return [];
  const owners = listenersOf(ports);
  return ports.map((port) => (owners.has(port) ? `${port}: ${owners.get(port)}` : `${port}`));
}

/** The ports that the given processes listen on (Linux only; elsewhere none are found). */
export function listeningPortsOf(pids: readonly number[]): number[] {
  const inodes = new Set(socketInodesOf(pids));
  const rows = procListeners() ?? [];
  return [...new Set(rows.filter((row) => row.inode && inodes.has(row.inode)).map((row) => row.port))];
}

/** The sockets the given processes hold, as inode numbers: cheap to read, unlike the socket tables. */
export function socketInodesOf(pids: readonly number[]): string[] {
  const inodes: string[] = [];
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSafe(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode) inodes.push(inode);
      }
    } catch {
      // the process ended, or /proc is missing
    }
  }
  return inodes;
}

function readlinkSafe(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

export function isListening(port: number): boolean {
  const found = (rows: SocketRow[] | undefined) => rows?.some((row) => row.listening && row.port === port);
  const ipv4 = listenerRows(TABLES[0]);
  if (!ipv4) return found(lsofRows()) ?? false;
  // Most servers listen on IPv4; the IPv6 table is read only when the IPv4 one does not have the port.
  return found(ipv4) || (anyIpv6() && (found(listenerRows(TABLES[1])) ?? false));
}

/**
 * Whether nothing listens on `port`, for a verdict that rests on it: the quick row-by-row read can miss
 * a row when sockets come and go while it reads, so its "no" is checked against the whole tables.
 */
export function surelyNotListening(port: number): boolean {
  if (isListening(port)) return false;
  const rows = sockets();
  return !rows.some((row) => row.listening && row.port === port);
}

/** The listening ports of the machine within [from, to). */
export function listeningPortsIn(from: number, to: number): number[] {
  return [
    ...new Set(
      (procListeners() ?? lsofRows())
        .filter((row) => row.port >= from && row.port < to)
        .map((row) => row.port),
    ),
  ];
}

/** Ports any socket of the machine uses, in any state (TIME_WAIT included). */
function portsInUse(): Set<number> {
  return new Set(sockets().map((row) => row.port));
}

/** How often a wait looks at its cheap signs; the socket tables are read at growing gaps up to the last. */
const POLL_MS = 10;
const TABLE_GAP_FIRST_MS = 10;
const TABLE_GAP_LAST_MS = 320;

/**
 * A condition that reads the socket tables now, then at doubling gaps (10, 20, 40, … 320 ms). Given a
 * cheap `sign` of change (the sockets a program holds), it reads them only when the sign changes
 * (then again soon after, for a socket that is about to listen), otherwise every 320 ms, so that a
 * wait notices at once what it waits for without reading the tables a hundred times a second.
 */
function lookingAtTables(read: () => boolean, sign?: () => string): () => boolean {
  let seen = sign?.();
  let gap = sign ? TABLE_GAP_LAST_MS : TABLE_GAP_FIRST_MS;
  let next = sign ? Date.now() + gap : 0;
  return () => {
    const now = Date.now();
    const current = sign?.();
    if (current !== seen) {
      seen = current;
      gap = TABLE_GAP_FIRST_MS;
    } else if (now < next) return false;
    next = now + gap;
    gap = Math.min(gap * 2, TABLE_GAP_LAST_MS);
    return read();
  };
}

/**
 * Resolves when something listens on `port`; the bound and `abandon` (e.g. the program's exit) end it.
 * `sign` is a cheap sign of a new listener (the sockets the program holds): the tables are read again
 * as soon as it changes.
 */
export function untilListening(
  port: number,
  timeoutMs: number,
  abandon?: () => string | undefined,
  sign?: () => string,
) {
  return waitFor(
    lookingAtTables(() => isListening(port), sign),
    { timeoutMs, everyMs: POLL_MS, abandon },
  );
}

export function untilNotListening(port: number, timeoutMs: number) {
  return waitFor(
    lookingAtTables(() => !isListening(port)),
    { timeoutMs, everyMs: POLL_MS },
  );
}

const BLOCK = 16;
/** Where this process looks for its next block: random at first, so that runs one after the other do not all start on the blocks the last run left in TIME_WAIT. */
let cursor: number | undefined;

/** The ports a run may take: MPP_PORT_SPAN ports above MPP_PORT_BASE, by default all up to the ephemeral ones. */
export function portRange(env: NodeJS.ProcessEnv = process.env): { base: number; span: number } {
  const [ephemeralFirst] = ephemeralRange();
  const first = Number(env.MPP_PORT_BASE ?? 20000);
  const span = env.MPP_PORT_SPAN ? Number(env.MPP_PORT_SPAN) : Math.max(BLOCK, ephemeralFirst - first);
  // StrykerJS numbers a worker anew each time it restarts one (after a time-out), but runs no more
  // than its concurrency at once: the number wraps round the spans below the ephemeral ports.
  const spans = Math.max(1, Math.floor((ephemeralFirst - first) / span));
  return { base: first + (Number(env.STRYKER_MUTATOR_WORKER ?? 0) % spans) * span, span };
}

/**
 * A block of consecutive ports no socket uses, for one scenario, from the run's range (portRange),
 * shared out among its Cucumber workers (CUCUMBER_WORKER_ID of CUCUMBER_TOTAL_WORKERS) block by block;
 * StrykerJS's workers (STRYKER_MUTATOR_WORKER) are runs side by side, a span each. So no two scenarios
 * that run at the same time share a port, and any free block of the range is found.
 */
export function freshBlock(size: number, random: () => number = Math.random): number[] {
  if (size > BLOCK) throw new Error(`a scenario can have at most ${BLOCK} ports, not ${size}`);
  const env = process.env;
  const { base, span } = portRange(env);
  const workers = Number(env.CUCUMBER_TOTAL_WORKERS ?? 1);
  const blocks = Math.max(1, Math.floor(span / workers / BLOCK));
  const worker = Number(env.CUCUMBER_WORKER_ID ?? 0);
  cursor ??= Math.floor(random() * blocks);
  // Read for every block: a socket of the last run (its server's connections, closed by the kernel
  // after the run) may enter TIME_WAIT after this run began, and a server without SO_REUSEADDR
  // cannot bind such a port.
  const used = portsInUse();
  const [ephemeralFirst, ephemeralLast] = ephemeralRange();
  for (let tries = 0; tries < blocks; tries++) {
    const first = base + ((cursor++ % blocks) * workers + worker) * BLOCK;
    const block = Array.from({ length: size }, (_, i) => first + i);
    // The kernel hands ports of its ephemeral range to outgoing connections (the harness's own
    // clients among them): such a port in a pool would look taken to a correct server.
    if (first + size - 1 >= ephemeralFirst && first <= ephemeralLast) continue;
    if (block.every((port) => !used.has(port))) return block;
  }
  throw new Error(t().ports.noFreeBlock(size, base, ephemeralFirst, ephemeralLast));
}

/** The ports the kernel gives to outgoing connections (Linux; elsewhere its usual range). */
export function ephemeralRange(): [number, number] {
  try {
    const [first, last] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'latin1')
      .trim()
      .split(/\s+/);
    return [Number(first), Number(last)];
  } catch {
    return [49152, 65535];
  }
}
