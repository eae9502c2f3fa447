// Who is under test, read from the environment once: the bundled reference implementations, a
// student's program (MPP_SERVER_CMD / MPP_CLIENT_CMD), or a server that already runs (MPP_SERVER_ADDR).
// A wrong variable stops the run with a sentence that says which one and why.

import { LANGUAGES, type Language, t } from '../messages';
import type { Limits, SandboxMode } from '../process/sandbox';
import { ephemeralRange } from '../process/sockets';
import { type PortPlan, planFrom } from '../wire/port-plan';

/**
 * What a requirement counts in a grade when another requirement's failure kept it from being checked
 * (blocked): `left-out` leaves it out of the points and the maximum, so that one bug is charged once
 * (the default); `not-earned` keeps it in the maximum without points, so that every student has the
 * same maximum.
 */
export const BLOCKED_POLICIES = ['left-out', 'not-earned'] as const;
export type BlockedPolicy = (typeof BLOCKED_POLICIES)[number];
export const DEFAULT_BLOCKED: BlockedPolicy = 'left-out';

export function isBlockedPolicy(value: string): value is BlockedPolicy {
  return (BLOCKED_POLICIES as readonly string[]).includes(value);
}

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
  /** Scenarios at the same time (MPP_PARALLEL), or undefined: as many as the machine has cores. */
  parallel: number | undefined;
  /** How many whole runs of the check, one after another, are compared (MPP_REPEAT; 1: a single run). */
  repeat: number;
  /** A feature file to run instead of the role's feature folders (MPP_FEATURE), e.g. one that explore wrote. */
  feature: string;
  /** Exploration: its time budget, its seed (random when unset), and its pool size (generated when unset). */
  explore: { budgetMs: number; seed: number | undefined; poolSize: number | undefined };
  /** The sandbox of the programs under test: its mode (undefined: the caller's default) and limits. */
  sandbox: { mode: SandboxMode | undefined; limits: Limits };
}

export class ConfigError extends Error {}

/**
 * Every setting of a run, once: its variable, its command-line flag, its default, how its text is
 * read (what it means is in the message catalogue, settings.<key>) (a ConfigError names the variable). `npm test` reads the variables,
 * `mpp-conformance` its flags (a flag wins over its variable), and `--help` prints this table.
 */
export const SETTINGS = {
  serverCmd: {
    variable: 'MPP_SERVER_CMD',
    flag: 'server',
    value: 'COMMAND',
    fallback: '',
    parse: text,
  },
  serverAddr: {
    variable: 'MPP_SERVER_ADDR',
    flag: 'addr',
    value: 'HOST:PORT',
    fallback: '',
    parse: text,
  },
  clientCmd: {
    variable: 'MPP_CLIENT_CMD',
    flag: 'client',
    value: 'COMMAND',
    fallback: '',
    parse: text,
  },
  port: {
    variable: 'MPP_PORT',
    flag: 'port',
    value: 'PORT',
    fallback: '10001',
    parse: integer(1, 65535),
  },
  pool: {
    variable: 'MPP_POOL',
    flag: 'pool',
    value: 'FIRST-LAST',
    fallback: '10002-10011',
    parse: poolRange,
  },
  timeoutMs: {
    variable: 'MPP_TIMEOUT_MS',
    flag: 'timeout',
    value: 'MS',
    fallback: '2000',
    parse: integer(50, 600_000),
  },
  startTimeoutMs: {
    variable: 'MPP_START_TIMEOUT_MS',
    flag: 'start-timeout',
    value: 'MS',
    fallback: '10000',
    parse: integer(100, 600_000),
  },
  strict: {
    variable: 'MPP_STRICT',
    flag: 'strict',
    value: '',
    fallback: '',
    parse: (_name: string, value: string) => ['1', 'true', 'yes'].includes(value.toLowerCase()),
  },
  clientQuitInput: {
    variable: 'MPP_CLIENT_QUIT_INPUT',
    flag: 'quit-input',
    value: 'LINE',
    fallback: 'Quit',
    parse: (_name: string, value: string) => value,
  },
  tags: {
    variable: 'MPP_TAGS',
    flag: 'tags',
    value: 'EXPRESSION',
    fallback: '',
    parse: text,
  },
  parallel: {
    variable: 'MPP_PARALLEL',
    flag: 'parallel',
    value: 'N',
    fallback: '',
    parse: (name: string, value: string) => (value.trim() ? integer(1, 16)(name, value) : undefined),
  },
  repeat: {
    variable: 'MPP_REPEAT',
    flag: 'repeat',
    value: 'N',
    fallback: '1',
    parse: integer(1, 1000),
  },
  feature: {
    variable: 'MPP_FEATURE',
    flag: 'feature',
    value: 'FILE',
    fallback: '',
    parse: text,
  },
  exploreBudget: {
    variable: 'MPP_EXPLORE_BUDGET',
    flag: 'budget',
    value: 'TIME',
    fallback: '30s',
    parse: duration,
  },
  exploreSeed: {
    variable: 'MPP_EXPLORE_SEED',
    flag: 'seed',
    value: 'N',
    fallback: '',
    parse: (name: string, value: string) => (value.trim() ? integer(0, 2 ** 31 - 1)(name, value) : undefined),
  },
  explorePool: {
    variable: 'MPP_EXPLORE_POOL',
    flag: 'pool-size',
    value: 'N',
    fallback: '',
    parse: (name: string, value: string) => (value.trim() ? integer(3, 15)(name, value) : undefined),
  },
  // Read by class mode; a single run only checks its value.
  classExplore: {
    variable: 'MPP_CLASS_EXPLORE',
    flag: 'explore',
    value: 'TIME',
    fallback: '',
    parse: (name: string, value: string) => (value.trim() ? duration(name, value) : undefined),
  },
  reportsDir: {
    variable: 'MPP_REPORTS_DIR',
    flag: 'reports',
    value: 'DIR',
    fallback: 'reports',
    parse: text,
  },
  lang: {
    variable: 'MPP_LANG',
    flag: 'lang',
    value: 'LANG',
    fallback: 'en',
    parse: (_name: string, value: string): Language => {
      const lang = value.trim().toLowerCase();
      if ((LANGUAGES as readonly string[]).includes(lang)) return lang as Language;
      throw new ConfigError(t().config.language(value));
    },
  },
  // Read by class mode (and Gradescope's runner), which grades; a single run only checks its value.
  blocked: {
    variable: 'MPP_BLOCKED',
    flag: 'blocked',
    value: 'POLICY',
    fallback: '',
    parse: (name: string, value: string): BlockedPolicy | undefined => {
      const policy = value.trim().toLowerCase();
      if (!policy) return undefined;
      if (isBlockedPolicy(policy)) return policy;
      throw new ConfigError(t().config.blocked(name, value));
    },
  },
  sandbox: {
    variable: 'MPP_SANDBOX',
    flag: 'sandbox',
    value: 'MODE',
    // Empty: the mode's own default (a single check off, class mode on).
    fallback: '',
    parse: (name: string, value: string): SandboxMode | undefined => {
      const mode = value.trim().toLowerCase();
      if (!mode) return undefined;
      if ((SANDBOX_MODES as readonly string[]).includes(mode)) return mode as SandboxMode;
      throw new ConfigError(t().config.oneOf(name, value, SANDBOX_MODES));
    },
  },
  sandboxProcesses: {
    variable: 'MPP_SANDBOX_PROCESSES',
    flag: 'sandbox-processes',
    value: 'N',
    fallback: '256',
    parse: integer(16, 100_000),
  },
  sandboxMemoryMb: {
    variable: 'MPP_SANDBOX_MEMORY_MB',
    flag: 'sandbox-memory',
    value: 'MIB',
    fallback: '2048',
    parse: integer(64, 1_048_576),
  },
  sandboxFileMb: {
    variable: 'MPP_SANDBOX_FILE_MB',
    flag: 'sandbox-file',
    value: 'MIB',
    fallback: '256',
    parse: integer(1, 1_048_576),
  },
  sandboxCpuSeconds: {
    variable: 'MPP_SANDBOX_CPU_S',
    flag: 'sandbox-cpu',
    value: 'S',
    fallback: '120',
    parse: integer(1, 86_400),
  },
} as const;

const SANDBOX_MODES: readonly SandboxMode[] = ['off', 'on', 'required'];

/** The sandbox's mode (undefined: the caller's default) and its limits, from the variables. */
export function readSandbox(env: NodeJS.ProcessEnv = process.env): {
  mode: SandboxMode | undefined;
  limits: Limits;
} {
  return {
    mode: read(env, SETTINGS.sandbox),
    limits: {
      processes: read(env, SETTINGS.sandboxProcesses),
      memoryMb: read(env, SETTINGS.sandboxMemoryMb),
      fileMb: read(env, SETTINGS.sandboxFileMb),
      cpuSeconds: read(env, SETTINGS.sandboxCpuSeconds),
    },
  };
}

/** What a setting means, for `--help`, in the run's language. */
export function describeSetting(key: keyof typeof SETTINGS): string {
  return t().settings[key];
}

type Setting = (typeof SETTINGS)[keyof typeof SETTINGS];

/** A setting's value: its variable, or its default when the variable is unset or blank. */
export function read<S extends Setting>(env: NodeJS.ProcessEnv, setting: S): ReturnType<S['parse']> {
  const given = env[setting.variable];
  const value = given === undefined || given.trim() === '' ? setting.fallback : given;
  return setting.parse(setting.variable, value) as ReturnType<S['parse']>;
}

/** The placeholders of a command that make a run give it ports of its own. */
export const SERVER_PLACEHOLDERS = /\{(port|first|last)\}/;
export const CLIENT_PLACEHOLDERS = /\{(host|port)\}/;

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const serverCmd = read(env, SETTINGS.serverCmd);
  const serverAddr = read(env, SETTINGS.serverAddr);
  const clientCmd = read(env, SETTINGS.clientCmd);
  if (serverCmd && serverAddr) {
    throw new ConfigError(t().config.bothServers);
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

  const defaultPort = read(env, SETTINGS.port);
  const [first, last] = read(env, SETTINGS.pool);
  if (defaultPort >= first && defaultPort <= last) {
    throw new ConfigError(t().config.portInPool(defaultPort, first, last));
  }
  read(env, SETTINGS.tags);
  read(env, SETTINGS.reportsDir);
  read(env, SETTINGS.lang);
  read(env, SETTINGS.blocked);
  read(env, SETTINGS.classExplore);
  checkPortBase(env);
  return {
    server,
    client,
    fixedPlan: planFrom(defaultPort, first, last),
    timeoutMs: read(env, SETTINGS.timeoutMs),
    startTimeoutMs: read(env, SETTINGS.startTimeoutMs),
    strict: read(env, SETTINGS.strict),
    clientQuitInput: read(env, SETTINGS.clientQuitInput),
    parallel: read(env, SETTINGS.parallel),
    repeat: read(env, SETTINGS.repeat),
    feature: read(env, SETTINGS.feature),
    explore: {
      budgetMs: read(env, SETTINGS.exploreBudget),
      seed: read(env, SETTINGS.exploreSeed),
      poolSize: read(env, SETTINGS.explorePool),
    },
    sandbox: readSandbox(env),
  };
}

/**
 * Why the scenarios of this run must take turns, or undefined when each can have ports of its own: a
 * program without placeholders, or a running server, always uses the same ports.
 */
export function whySequential(settings: Settings): string | undefined {
  if (settings.server?.kind === 'address') return t().targets.oneServer;
  const fixed = [settings.server, settings.client].find(
    (target) => target?.kind === 'command' && !target.placeholders,
  );
  if (fixed?.kind === 'command')
    return t().targets.noPlaceholders(
      fixed.command,
      settings.fixedPlan.defaultPort,
      `${settings.fixedPlan.pool[0]}-${settings.fixedPlan.pool.at(-1)}`,
    );
  return undefined;
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
      return t().targets.reference;
    case 'command':
      return t().targets.serverCommand(target.command);
    case 'address':
      return t().targets.address(target.host, target.port);
  }
}

export function describeClientTarget(target: ClientTarget): string {
  return target.kind === 'reference'
    ? t().targets.referenceClient
    : t().targets.clientCommand(target.command);
}

function text(_name: string, value: string): string {
  return value.trim();
}

function parseAddress(text: string): ServerTarget {
  const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(text);
  const port = Number(match?.[2]);
  if (!match?.[1] || !(port >= 1 && port <= 65535)) {
    throw new ConfigError(t().config.address(text));
  }
  return { kind: 'address', host: match[1], port };
}

function integer(min: number, max: number) {
  return (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(t().config.integer(name, text, min, max));
    }
    return value;
  };
}

/** A time span: "30s", "2m", "1500ms", or milliseconds without a unit; from 1 s to 1 hour. */
export function duration(name: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(text.trim());
  const unit = { ms: 1, s: 1000, m: 60_000 }[match?.[2] ?? 'ms'] ?? 1;
  const ms = Math.round(Number(match?.[1]) * unit);
  if (!match || !(ms >= 1000 && ms <= 3_600_000)) throw new ConfigError(t().config.duration(name, text));
  return ms;
}

function poolRange(_name: string, text: string): [number, number] {
  const match = /^(\d+)\s*-\s*(\d+)$/.exec(text.trim());
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (!match || first < 1 || last > 65535 || first > last) {
    throw new ConfigError(t().config.pool(text));
  }
  if (last - first + 1 < 3) {
    throw new ConfigError(t().config.smallPool(text));
  }
  return [first, last];
}

/** Where the reports of a run go: MPP_REPORTS_DIR, else reports/. */
export function reportsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MPP_REPORTS_DIR?.trim() || 'reports';
}

/** The variables that name a program under test: with one of them set, a run checks that program alone. */
export const TARGET_VARIABLES: readonly string[] = [
  SETTINGS.serverCmd.variable,
  SETTINGS.serverAddr.variable,
  SETTINGS.clientCmd.variable,
];

/**
 * MPP_PORT_BASE (the harness's own ports, not in the settings table: a run rarely needs it) must lie
 * below the kernel's ephemeral ports, which outgoing connections take: a pool there would look taken.
 */
function checkPortBase(env: NodeJS.ProcessEnv): void {
  const text = env.MPP_PORT_BASE?.trim();
  if (!text) return;
  const base = Number(text);
  const [first, last] = ephemeralRange();
  if (!Number.isInteger(base) || base < 1024 || base > 65000) {
    throw new ConfigError(t().config.portBase(text));
  }
  if (base >= first && base <= last) {
    throw new ConfigError(t().config.ephemeralBase(base, first, last));
  }
}
