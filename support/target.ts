// Who is under test, read from the environment once: the bundled reference implementations, a
// student's program (MPP_SERVER_CMD / MPP_CLIENT_CMD), or a server that already runs (MPP_SERVER_ADDR).
// A wrong variable stops the run with a sentence that says which one and why.

import { type PortPlan, planFrom } from './ports';

export type ServerTarget =
  | { kind: 'reference' }
  | { kind: 'command'; command: string; placeholders: boolean }
  | { kind: 'address'; host: string; port: number };

export type ClientTarget =
  | { kind: 'reference' }
  | { kind: 'command'; command: string; placeholders: boolean };

export interface Settings {
  server: ServerTarget | undefined;
  client: ClientTarget | undefined;
  /** The ports of a run without placeholders: MPP_PORT and MPP_POOL. */
  fixedPlan: PortPlan;
  /** The bound of every single wait for the program under test. */
  timeoutMs: number;
  /** The bound for a launched program to start listening or connecting. */
  startTimeoutMs: number;
  strict: boolean;
  /** What the reference client reads as its user's request to leave (C5). */
  clientQuitInput: string;
}

export class ConfigError extends Error {}

const SERVER_PLACEHOLDERS = /\{(port|first|last)\}/;
const CLIENT_PLACEHOLDERS = /\{(host|port)\}/;

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const serverCmd = nonEmpty(env, 'MPP_SERVER_CMD');
  const serverAddr = nonEmpty(env, 'MPP_SERVER_ADDR');
  const clientCmd = nonEmpty(env, 'MPP_CLIENT_CMD');
  if (serverCmd && serverAddr) {
    throw new ConfigError(
      'MPP_SERVER_CMD and MPP_SERVER_ADDR are both set: set one of them (a command to launch, or host:port of a running server)',
    );
  }
  const external = serverCmd || serverAddr || clientCmd;
  let server: ServerTarget | undefined;
  if (serverCmd)
    server = { kind: 'command', command: serverCmd, placeholders: SERVER_PLACEHOLDERS.test(serverCmd) };
  else if (serverAddr) server = parseAddress(serverAddr);
  else if (!external) server = { kind: 'reference' };
  let client: ClientTarget | undefined;
  if (clientCmd)
    client = { kind: 'command', command: clientCmd, placeholders: CLIENT_PLACEHOLDERS.test(clientCmd) };
  else if (!external) client = { kind: 'reference' };

  const parallel = integer(env, 'MPP_PARALLEL', 0, 0, 64);
  const fixed = [server, client].some((target) => target?.kind === 'command' && !target.placeholders);
  if (parallel > 1 && (fixed || server?.kind === 'address')) {
    throw new ConfigError(
      'MPP_PARALLEL runs scenarios at the same time, each on ports of its own: the commands need the {port} placeholders, and MPP_SERVER_ADDR cannot be used',
    );
  }
  const defaultPort = integer(env, 'MPP_PORT', 10001, 1, 65535);
  const [first, last] = poolRange(env.MPP_POOL ?? '10002-10011');
  if (defaultPort >= first && defaultPort <= last) {
    throw new ConfigError(
      `MPP_PORT=${defaultPort} lies inside MPP_POOL=${first}-${last}: the default port cannot be handed out`,
    );
  }
  return {
    server,
    client,
    fixedPlan: planFrom(defaultPort, first, last),
    timeoutMs: integer(env, 'MPP_TIMEOUT_MS', 2000, 50, 600_000),
    startTimeoutMs: integer(env, 'MPP_START_TIMEOUT_MS', 10_000, 100, 600_000),
    strict: ['1', 'true', 'yes'].includes((env.MPP_STRICT ?? '').toLowerCase()),
    clientQuitInput: env.MPP_CLIENT_QUIT_INPUT ?? 'Quit',
  };
}

/** The command with the run's ports put in for {port}, {first}, {last} and {host}. */
export function fillPlaceholders(command: string, values: Record<string, string | number>): string {
  return command.replace(/\{(port|first|last|host)\}/g, (whole, name: string) =>
    String(values[name] ?? whole),
  );
}

export function describeServerTarget(target: ServerTarget): string {
  switch (target.kind) {
    case 'reference':
      return 'the reference server (in-process)';
    case 'command':
      return `the server command "${target.command}"`;
    case 'address':
      return `the running server at ${target.host}:${target.port}`;
  }
}

export function describeClientTarget(target: ClientTarget): string {
  return target.kind === 'reference' ? 'the reference client' : `the client command "${target.command}"`;
}

function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function parseAddress(text: string): ServerTarget {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(text);
  const port = Number(match?.[2]);
  if (!match?.[1] || !(port >= 1 && port <= 65535)) {
    throw new ConfigError(
      `MPP_SERVER_ADDR="${text}" is not host:port (e.g. MPP_SERVER_ADDR=127.0.0.1:10001)`,
    );
  }
  return { kind: 'address', host: match[1], port };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}="${text}" is not a whole number from ${min} to ${max}`);
  }
  return value;
}

function poolRange(text: string): [number, number] {
  const match = /^(\d+)\s*-\s*(\d+)$/.exec(text.trim());
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (!match || first < 1 || last > 65535 || first > last) {
    throw new ConfigError(`MPP_POOL="${text}" is not a port range like 10002-10011`);
  }
  if (last - first + 1 < 3) {
    throw new ConfigError(
      `MPP_POOL="${text}" has fewer than 3 ports: the scenarios need at least 3 (e.g. 10002-10011)`,
    );
  }
  return [first, last];
}

/** Where the reports of a run go: MPP_REPORTS_DIR, else reports/. */
export function reportsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MPP_REPORTS_DIR?.trim() || 'reports';
}
