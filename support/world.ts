// One World per scenario: who is under test, the scenario's ports and requirements, and its transcript.

import { type IWorldOptions, setDefaultTimeout, setWorldConstructor, World } from '@cucumber/cucumber';
import type { Context } from './expect';
import { HarnessClients } from './harness-clients';
import { HarnessServer } from './harness-server';
import { describePool, SHEET_POOL_FIRST } from './ports';
import { isRequirementId } from './requirements';
import { type ServerUnderTest, startServer } from './server-under-test';
import { readSettings, type Settings } from './target';
import { Transcript } from './transcript';

let cachedSettings: Settings | undefined;

/** The run's settings, read once; a wrong variable throws a ConfigError that names it. */
export function settings(): Settings {
  cachedSettings ??= readSettings();
  return cachedSettings;
}

export class ProtocolWorld extends World {
  readonly settings = settings();
  transcript = new Transcript('harness', 'target');
  /** The requirement IDs the scenario is tagged with, first one first. */
  requirements: string[] = [];
  server: ServerUnderTest | undefined;
  private harnessClients: HarnessClients | undefined;
  private scriptedServer: HarnessServer | undefined;
  readonly notes: string[] = [];
  private reported = false;

  constructor(options: IWorldOptions) {
    super(options);
  }

  useTags(tags: readonly string[]): void {
    this.requirements = tags.map((tag) => tag.replace(/^@/, '')).filter(isRequirementId);
  }

  get context(): Context {
    return {
      timeoutMs: this.settings.timeoutMs,
      strict: this.settings.strict,
      note: (text) => this.notes.push(text),
      gone: () => this.server?.gone(),
      settleGone: async () => this.server?.settleGone(),
    };
  }

  async startServer(): Promise<void> {
    const target = this.settings.server;
    if (!target) throw new Error('no server is under test in this run');
    this.transcript = new Transcript('harness (client)', 'server');
    this.server = await startServer(target, this.settings);
  }

  /** The harness's clients against the server under test. */
  get clients(): HarnessClients {
    if (!this.server) throw new Error('the scenario must start the server under test first');
    this.harnessClients ??= new HarnessClients(
      this.server,
      this.transcript,
      this.context,
      this.requirements[0] ?? 'S1',
    );
    return this.harnessClients;
  }

  /** The harness as the server of the client under test. */
  get harness(): HarnessServer {
    const target = this.settings.client;
    if (!target) throw new Error('no client is under test in this run');
    if (!this.scriptedServer) {
      this.transcript = new Transcript('harness (server)', 'client');
      this.scriptedServer = new HarnessServer(target, this.settings, this.transcript, this.context);
    }
    return this.scriptedServer;
  }

  /** Program output for the report: the server's or the client's under test. */
  programOutput(): { label: string; stdout: string; stderr: string } | undefined {
    if (this.server) return { label: 'server', ...this.server.output() };
    const client = this.scriptedServer?.clientUnderTest;
    return client ? { label: 'client', ...client.output() } : undefined;
  }

  /** Attaches the transcript, notes and program output once per scenario. */
  attachReport(): void {
    if (this.reported) return;
    this.reported = true;
    if (!this.transcript.isEmpty) {
      this.log(`Wire transcript (⏎ = LF, \\r = CR; ${this.portMapping()}):\n${this.transcript.render()}`);
    }
    if (this.notes.length) this.log(`Notes:\n${this.notes.map((note) => `- ${note}`).join('\n')}`);
    const output = this.programOutput();
    for (const stream of ['stdout', 'stderr'] as const) {
      const text = output?.[stream];
      if (text) this.attach(text, { mediaType: 'text/plain', fileName: `${output.label} ${stream}.txt` });
    }
  }

  /** The feature files' ports in this run's: "10001 → 22000, pool 10002-10011 → 22001-22010". */
  private portMapping(): string {
    const plan = this.server?.plan ?? this.scriptedServer?.plan;
    if (!plan) return '';
    const last = SHEET_POOL_FIRST + plan.pool.length - 1;
    return `the scenario's 10001 is port ${plan.defaultPort} here, its pool 10002-${last} is ${describePool(plan)}`;
  }

  /** Ends the program under test and every connection; safe to call twice. */
  async cleanUp(): Promise<void> {
    await this.scriptedServer?.closeAll();
    await this.harnessClients?.closeAll();
    await this.server?.stop();
  }
}

setWorldConstructor(ProtocolWorld);
setDefaultTimeout(settings().startTimeoutMs + 40 * settings().timeoutMs);
