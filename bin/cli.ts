// The command line of `mpp-conformance`: which program is under test (the words after `--`), and a
// flag for every setting of support/settings/target.ts. Flags become the settings' variables, so that the
// run, its Cucumber workers and `npm test` read one source; a flag wins over its variable.

import { parseArgs } from 'node:util';
import { t } from '../support/messages';
import { describeSetting, SETTINGS, TARGET_VARIABLES } from '../support/settings/target';

export class UsageError extends Error {}

export interface CommandLine {
  /** The environment of the run: the caller's, with the flags and the target put in. */
  env: NodeJS.ProcessEnv;
  /** Print summary.json to stdout (the terminal report goes to stderr). */
  json: boolean;
  help: boolean;
  /** `explore`: model-based exploration of the server instead of the fixed scenarios. */
  explore: boolean;
}

const ROLES = ['server', 'client', 'both', 'reference', 'explore'] as const;

const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
  ...Object.fromEntries(
    Object.values(SETTINGS).map((setting) => [setting.flag, { type: setting.value ? 'string' : 'boolean' }]),
  ),
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): CommandLine {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(t().config.badArguments(argumentProblem(error as NodeJS.ErrnoException)));
  }
  const { values, positionals } = parsed;
  const result: NodeJS.ProcessEnv = { ...env };
  for (const setting of Object.values(SETTINGS)) {
    const value = values[setting.flag];
    if (value === undefined) continue;
    result[setting.variable] = typeof value === 'boolean' ? (value ? '1' : '') : value;
  }
  const [role, ...words] = positionals;
  if (role !== undefined) target(role, shellCommand(words), result);
  return {
    env: result,
    json: values.json === true,
    help: values.help === true,
    explore: role === 'explore',
  };
}

/** What util.parseArgs found wrong, in the run's language (its own message is English). */
function argumentProblem(error: NodeJS.ErrnoException): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return t().config.unknownOption(option);
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return t().config.optionValue(option);
  return error.message;
}

/** The --lang flag's value, read before the rest so that errors about the rest are in that language. */
export function languageFlag(argv: readonly string[]): string | undefined {
  const { values } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false });
  return typeof values.lang === 'string' ? values.lang : undefined;
}

/** Puts the role's program into the variables and clears the other role's, so that only it is checked. */
function target(role: string, command: string, env: NodeJS.ProcessEnv): void {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(t().config.badRole(role, ROLES));
  }
  if (command && (role === 'both' || role === 'reference')) {
    throw new UsageError(role === 'both' ? t().config.bothFlags : t().config.referenceNoCommand);
  }
  const set = (name: string) => Boolean(env[name]?.trim());
  if (role === 'explore') {
    // Exploration starts a fresh server for every sequence: a command, never a running server.
    if (command) env[SETTINGS.serverCmd.variable] = command;
    for (const name of TARGET_VARIABLES) if (name !== SETTINGS.serverCmd.variable) delete env[name];
    if (!set(SETTINGS.serverCmd.variable)) throw new UsageError(t().config.whichExplore);
    return;
  }
  if (role === 'server' || role === 'client') {
    if (command) env[role === 'server' ? SETTINGS.serverCmd.variable : SETTINGS.clientCmd.variable] = command;
    const keep: string[] =
      role === 'server'
        ? [SETTINGS.serverCmd.variable, SETTINGS.serverAddr.variable]
        : [SETTINGS.clientCmd.variable];
    for (const name of TARGET_VARIABLES) if (!keep.includes(name)) delete env[name];
    if (!keep.some(set)) {
      throw new UsageError(role === 'server' ? t().config.whichServer : t().config.whichClient);
    }
  }
  if (role === 'both' && !(set(SETTINGS.clientCmd.variable) && TARGET_VARIABLES.slice(0, 2).some(set))) {
    throw new UsageError(t().config.bothNeeds);
  }
  if (role === 'reference') for (const name of TARGET_VARIABLES) delete env[name];
}

/** The words after `--` as one shell command: each word that the shell would change, quoted. */
export function shellCommand(words: readonly string[]): string {
  return words
    .map((word) => (/^[\w./:=@%+,{}-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}

export function usage(): string {
  const m = t().usage;
  const rows = (Object.keys(SETTINGS) as (keyof typeof SETTINGS)[]).map((key) => {
    const setting = SETTINGS[key];
    return [
      `--${setting.flag}${setting.value ? ` ${setting.value}` : ''}`,
      setting.variable,
      setting.fallback || '',
      describeSetting(key),
    ];
  });
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const table = rows
    .map((row) =>
      row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
    )
    .join('\n  ');
  return `${m.intro}

  mpp-conformance server -- python3 server.py {port} {first} {last}
  mpp-conformance server --addr 127.0.0.1:10001
  mpp-conformance client -- java -cp out Client {host} {port}
  mpp-conformance both --server "./server {port} {first} {last}" --client "./client {host} {port}"
  mpp-conformance reference          ${m.reference}
  mpp-conformance explore --budget 30s -- python3 server.py {port} {first} {last}   ${m.explore}
  mpp-conformance explain S8         ${m.explain}
  mpp-conformance class students/    ${m.classMode}

${m.shell}

  ${table}
  --json  ${m.json}
  --help  ${m.help}

${m.exit}`;
}
