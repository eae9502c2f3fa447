// The command line: every flag reaches the settings, a flag wins over its variable, a role checks
// only its program.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { language } from '../support/messages';
import { ConfigError, read, readSettings, SETTINGS, type Settings } from '../support/settings/target';
import { parseCommandLine, shellCommand, UsageError, usage } from './cli';

type Name = keyof typeof SETTINGS;

/** Per setting: a value for its flag, and where the run finds it. Typed so that a new setting needs a case. */
const CASES: Record<
  Name,
  [string | undefined, (settings: Settings, env: NodeJS.ProcessEnv) => unknown, unknown]
> = {
  serverCmd: ['s {port}', (s) => (s.server?.kind === 'command' ? s.server.command : undefined), 's {port}'],
  serverAddr: ['127.0.0.1:4000', (s) => (s.server?.kind === 'address' ? s.server.port : undefined), 4000],
  clientCmd: ['c {host}', (s) => (s.client?.kind === 'command' ? s.client.command : undefined), 'c {host}'],
  port: ['12001', (s) => s.fixedPlan.defaultPort, 12001],
  pool: ['12002-12005', (s) => s.fixedPlan.pool, [12002, 12003, 12004, 12005]],
  timeoutMs: ['3000', (s) => s.timeoutMs, 3000],
  startTimeoutMs: ['4000', (s) => s.startTimeoutMs, 4000],
  strict: [undefined, (s) => s.strict, true],
  clientQuitInput: ['Bye', (s) => s.clientQuitInput, 'Bye'],
  tags: ['@S4', (_s, env) => env.MPP_TAGS, '@S4'],
  parallel: ['3', (s) => s.parallel, 3],
  repeat: ['3', (s) => s.repeat, 3],
  feature: ['reports/explore/x.feature', (s) => s.feature, 'reports/explore/x.feature'],
  exploreBudget: ['2m', (s) => s.explore.budgetMs, 120_000],
  exploreSeed: ['42', (s) => s.explore.seed, 42],
  explorePool: ['4', (s) => s.explore.poolSize, 4],
  classExplore: ['10s', (_s, env) => read(env, SETTINGS.classExplore), 10_000],
  reportsDir: ['out', (_s, env) => env.MPP_REPORTS_DIR, 'out'],
  lang: ['de', (_s, env) => language(env), 'de'],
  blocked: ['not-earned', (_s, env) => read(env, SETTINGS.blocked), 'not-earned'],
  sandbox: ['required', (s) => s.sandbox.mode, 'required'],
  sandboxProcesses: ['64', (s) => s.sandbox.limits.processes, 64],
  sandboxMemoryMb: ['512', (s) => s.sandbox.limits.memoryMb, 512],
  sandboxFileMb: ['16', (s) => s.sandbox.limits.fileMb, 16],
  sandboxCpuSeconds: ['30', (s) => s.sandbox.limits.cpuSeconds, 30],
};

describe('mpp-conformance command line', () => {
  for (const [name, [value, found, expected]] of Object.entries(CASES)) {
    const setting = SETTINGS[name as Name];
    it(`--${setting.flag} reaches ${setting.variable}`, () => {
      const line = parseCommandLine(
        value === undefined ? [`--${setting.flag}`] : [`--${setting.flag}`, value],
        {},
      );
      assert.deepEqual(found(readSettings(line.env), line.env), expected);
    });
  }
  it('refuses a grade policy for blocked requirements that does not exist', () => {
    assert.throws(() => readSettings({ MPP_BLOCKED: 'ignored' }), ConfigError);
    assert.equal(read({}, SETTINGS.blocked), undefined);
  });
  it('lets a flag win over its variable', () => {
    const line = parseCommandLine(['--timeout', '3000'], { MPP_TIMEOUT_MS: '500' });
    assert.equal(readSettings(line.env).timeoutMs, 3000);
  });
  it('takes the command after -- and checks only that role', () => {
    const line = parseCommandLine(['server', '--', 'python3', '-u', 'my server.py', '{port}'], {
      MPP_CLIENT_CMD: 'c',
    });
    const settings = readSettings(line.env);
    assert.deepEqual(settings.server, {
      kind: 'command',
      command: "python3 -u 'my server.py' {port}",
      placeholders: true,
    });
    assert.equal(settings.client, undefined);
  });
  it('checks the reference implementations with "reference", whatever the variables say', () => {
    const settings = readSettings(parseCommandLine(['reference'], { MPP_SERVER_CMD: 's' }).env);
    assert.deepEqual([settings.server?.kind, settings.client?.kind], ['reference', 'reference']);
  });
  for (const argv of [['server'], ['both', '--server', 's'], ['client'], ['x']])
    it(`refuses ${JSON.stringify(argv)} with a usage error`, () => {
      assert.throws(() => parseCommandLine(argv, {}), UsageError);
    });
  it("says what is wrong with the command line in the run's language, not in util.parseArgs' English", () => {
    assert.throws(() => parseCommandLine(['--bogus'], {}), /--bogus is not an option of mpp-conformance/);
    process.env.MPP_LANG = 'de';
    try {
      assert.throws(() => parseCommandLine(['--bogus'], {}), /--bogus ist keine Option/);
      assert.throws(() => parseCommandLine(['--timeout'], {}), /--timeout ist falsch angegeben/);
    } finally {
      delete process.env.MPP_LANG;
    }
  });
  it('quotes words the shell would change', () => {
    assert.equal(shellCommand(['echo', "it's", '$HOME', '{port}']), `echo 'it'\\''s' '$HOME' {port}`);
  });
  it('lists every flag with its variable in --help', () => {
    for (const setting of Object.values(SETTINGS))
      assert.match(usage(), new RegExp(`--${setting.flag}\\b.*${setting.variable}`));
  });
});
