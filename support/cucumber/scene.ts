// What one run of a scenario's steps builds: the program under test and the harness's peers, the
// transcript, the notes and observations, and the run's first failure. A run once more after a
// disturbance starts a new scene that keeps the notes; the LF replay (rerun.ts) sets the scene aside
// and puts it back when the LF run changes nothing. The World holds the scene of the run that counts.

import type { Observation, TargetRole } from '../judging/result';
import { Violation } from '../judging/violation';
import { t } from '../messages';
import type { Context } from '../peers/expect';
import { HarnessClients } from '../peers/harness-clients';
import { HarnessServer } from '../peers/harness-server';
import { type ServerUnderTest, startServer } from '../peers/server-under-test';
import { describeListeners } from '../process/sockets';
import type { DiagramFailure } from '../report/diagram';
import type { Settings } from '../settings/target';
import type { PortPlan } from '../wire/port-plan';
import { Transcript } from '../wire/transcript';

export class Scene {
  transcript = new Transcript('harness', 'target');
  server: ServerUnderTest | undefined;
  private harnessClients: HarnessClients | undefined;
  private harnessServer: HarnessServer | undefined;
  readonly notes: string[] = [];
  /** What the scenario's INFO checks saw, and the choices the sheet leaves open that it recorded. */
  readonly observations: Observation[] = [];
  /** When and how the run failed, for the sequence diagram; the first failure counts. */
  failure: DiagramFailure | undefined;

  constructor(private readonly settings: Settings) {}

  /** The scene of the same scenario's run once more: it keeps the notes (why it runs again) and the failure. */
  again(): Scene {
    const next = this.blank();
    next.notes.push(...this.notes);
    next.failure = this.failure;
    return next;
  }

  /** A scene with nothing in it yet, for a replay whose scene may be thrown away (the LF replay). */
  blank(): Scene {
    return new Scene(this.settings);
  }

  /** Starts the server under test; `poolSize` gives it a pool of that many ports (scenarios of several holders, exploration). */
  async startServer(poolSize?: number): Promise<void> {
    const target = this.settings.server;
    if (!target) throw new Error('no server is under test in this run');
    this.transcript = new Transcript(t().transcript.harnessClient, t().transcript.server);
    this.server = await startServer(target, this.settings, poolSize);
  }

  /** The harness's clients against the server under test. */
  get clients(): HarnessClients {
    if (!this.server) throw new Error('the scenario must start the server under test first');
    this.harnessClients ??= new HarnessClients(this.server, this.transcript, this.context());
    return this.harnessClients;
  }

  /** The harness as the server of the client under test. */
  get harness(): HarnessServer {
    const target = this.settings.client;
    if (!target) throw new Error('no client is under test in this run');
    if (!this.harnessServer) {
      this.transcript = new Transcript(t().transcript.harnessServer, t().transcript.client);
      this.harnessServer = new HarnessServer(target, this.settings, this.transcript, this.context());
    }
    return this.harnessServer;
  }

  /** Who is under test in this run of the steps, and its ports, for the report. */
  get role(): TargetRole {
    return this.harnessServer ? 'client' : 'server';
  }

  get plan(): PortPlan | undefined {
    return this.server?.plan ?? this.harnessServer?.plan;
  }

  /** Program output for the report: the server's or the client's under test. */
  programOutput(): { label: string; stdout: string; stderr: string } | undefined {
    if (this.server) return { label: t().role.server, ...this.server.output() };
    const client = this.harnessServer?.clientUnderTest;
    return client ? { label: t().role.client, ...client.output() } : undefined;
  }

  /** The moment of a failure, before clean-up adds its own events to the transcript. */
  noteFailure(error: unknown): void {
    if (error instanceof Violation)
      this.failure ??= { requirement: error.requirement, expected: error.expected, at: Date.now() };
  }

  /** The programs other than the harness that listen on the server's ports, each described; none: empty. */
  strangers(): string[] {
    return describeListeners(this.server?.strangers(this.harnessClients?.occupied ?? []) ?? []);
  }

  /** Ends the program under test and every connection; safe to call twice. */
  async cleanUp(): Promise<void> {
    if (this.server && !this.server.fresh) await this.harnessClients?.asks.giveBackOffers();
    await this.harnessServer?.closeAll();
    await this.harnessClients?.closeAll();
    await this.server?.stop();
  }

  private context(): Context {
    return {
      timeoutMs: this.settings.timeoutMs,
      strict: this.settings.strict,
      note: (text) => this.notes.push(text),
      gone: () => this.server?.gone(),
      settleGone: async () => this.server?.settleGone(),
    };
  }
}
