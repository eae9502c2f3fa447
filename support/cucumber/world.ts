// One World per scenario: who is under test, the scenario's ports and requirements, and its transcript.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { type IWorldOptions, World } from '@cucumber/cucumber';
import type { TestStepResult } from '@cucumber/messages';
import { disturbanceOf, failureOutcome, isLineEndFinding, lineEvidence, scenarioEnd } from '../judging/judge';
import { requirement } from '../judging/requirements';
import {
  type Ending,
  type Observation,
  observationLine,
  RESULT_MEDIA_TYPE,
  reasonLine,
  type ScenarioResult,
  scenarioTags,
} from '../judging/result';
import { Inconclusive, Violation } from '../judging/violation';
import { t } from '../messages';
import type { Context } from '../peers/expect';
import { HarnessClients } from '../peers/harness-clients';
import { HarnessServer } from '../peers/harness-server';
import { type ServerUnderTest, startServer } from '../peers/server-under-test';
import { describeListeners } from '../process/sockets';
import { type DiagramFailure, diagramFileName, renderSequenceDiagram } from '../report/diagram';
import { readSettings, reportsDir, type Settings } from '../settings/target';
import { describePool, SHEET_POOL_FIRST } from '../wire/port-plan';
import { CRLF, LF } from '../wire/protocol';
import { Transcript } from '../wire/transcript';

type StepCode = (this: ProtocolWorld, ...args: unknown[]) => unknown;

/** How the harness's own event loop kept time during a step: a long stall makes a timed wait unfair. */
const LOOP_RESOLUTION_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loopDelay.enable();

let cachedSettings: Settings | undefined;

/** The run's settings, read once; a wrong variable throws a ConfigError that names it. */
export function settings(): Settings {
  cachedSettings ??= readSettings();
  return cachedSettings;
}

export class ProtocolWorld extends World {
  readonly settings = settings();
  transcript = new Transcript('harness', 'target');
  /** The scenario's role, requirements (first one first) and level, from its tags. */
  private tagged: Pick<ScenarioResult, 'role' | 'requirements' | 'level'> = scenarioTags([]);
  server: ServerUnderTest | undefined;
  private harnessClients: HarnessClients | undefined;
  private scriptedServer: HarnessServer | undefined;
  readonly notes: string[] = [];
  /** What the scenario's INFO checks saw, and the choices the sheet leaves open that it recorded. */
  readonly observations: Observation[] = [];
  /** How a step's failure ended the scenario, as the judge decided it; undefined while nothing did. */
  private ending: Ending | undefined;
  private reported = false;
  private resulted = false;
  /** The steps run so far, to run the scenario once more when a disturbance may have caused a failure. */
  private readonly stepsRun: { code: StepCode; args: unknown[] }[] = [];
  private rerun = false;
  /** The step a replay has come to (the failing one, when it throws). */
  private replayedStep = 0;

  constructor(options: IWorldOptions) {
    super(options);
  }

  /** The scenario's name, for the diagram's title and file name. */
  scenarioName = '';
  /** When and how the scenario failed or was blocked, for the sequence diagram. */
  private failure: DiagramFailure | undefined;

  useTags(tags: readonly string[]): void {
    this.tagged = scenarioTags(tags);
  }

  /** The requirement IDs the scenario is tagged with, first one first. */
  get requirements(): string[] {
    return this.tagged.requirements;
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
    this.harnessClients ??= new HarnessClients(this.server, this.transcript, this.context);
    return this.harnessClients;
  }

  /** The harness as the server of the client under test. */
  get harness(): HarnessServer {
    const target = this.settings.client;
    if (!target) throw new Error('no client is under test in this run');
    if (!this.scriptedServer) {
      this.transcript = new Transcript(t().transcript.harnessServer, t().transcript.client);
      this.scriptedServer = new HarnessServer(target, this.settings, this.transcript, this.context);
    }
    return this.scriptedServer;
  }

  /** Program output for the report: the server's or the client's under test. */
  programOutput(): { label: string; stdout: string; stderr: string } | undefined {
    if (this.server) return { label: t().role.server, ...this.server.output() };
    const client = this.scriptedServer?.clientUnderTest;
    return client ? { label: t().role.client, ...client.output() } : undefined;
  }

  /**
   * A log line of the HTML report. Cucumber's report reads logs as HTML (its colour support), so a
   * student's bytes (or the protocol's own "<port>") are escaped here and read back by the summary.
   */
  logText(text: string): void {
    this.log(text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c));
  }

  /** Records what a check observed, and says it in the report. */
  observe(observation: Observation): void {
    this.observations.push(observation);
    this.logText(observationLine(observation));
  }

  /** Ends the scenario without running it further: it does not apply to this run. */
  skip(reason: string): 'skipped' {
    this.end({ outcome: 'skipped', reason });
    return 'skipped';
  }

  /** Sets how the scenario ended, and says why in the report when it did not pass or fail. */
  private end(ending: Ending): void {
    this.ending = ending;
    const line = reasonLine(ending);
    if (line) this.logText(line);
  }

  /**
   * Attaches the scenario's one result, as data for every report (support/judging/result.ts): what a step's
   * failure made of it, or what the judge makes of Cucumber's status (`result`, the worst of its
   * steps and hooks; `problem`, an error of the clean-up); with its observations and the evidence of
   * the program's lines. Once per scenario, at its end.
   */
  attachResult(result: TestStepResult | undefined, problem?: unknown): void {
    if (this.resulted) return;
    this.resulted = true;
    const cleanUpFailed = problem !== undefined;
    const error = cleanUpFailed
      ? problem instanceof Error
        ? problem.message
        : String(problem)
      : result?.message;
    const ending = scenarioEnd(this.ending, {
      passed: !cleanUpFailed && (result?.status ?? 'PASSED') === 'PASSED',
      info: this.tagged.level === 'info',
      observations: this.observations.length,
      ...(error ? { problem: error.split('\n')[0] ?? error } : {}),
    });
    if (!this.ending) this.end(ending);
    // The evidence rule's facts: what the program's lines showed in this scenario.
    const evidence = lineEvidence(this.transcript.linesSent());
    const scenario: ScenarioResult = {
      ...this.tagged,
      ...ending,
      observations: this.observations,
      ...(Object.keys(evidence).length ? { evidence } : {}),
    };
    this.attach(JSON.stringify(scenario), { mediaType: RESULT_MEDIA_TYPE, fileName: t().world.resultFile });
  }

  /** Attaches the transcript, notes and program output once per scenario. */
  attachReport(): void {
    if (this.reported) return;
    this.reported = true;
    if (!this.transcript.isEmpty) {
      this.logText(`${t().world.transcript(this.portMapping())}\n${this.transcript.render()}`);
    }
    if (this.notes.length)
      this.logText(`${t().world.notes}\n${this.notes.map((note) => `- ${note}`).join('\n')}`);
    if (!this.transcript.isEmpty || this.failure) this.attachDiagram();
    const output = this.programOutput();
    for (const stream of ['stdout', 'stderr'] as const) {
      const text = output?.[stream];
      if (text) this.attach(text, { mediaType: 'text/plain', fileName: `${output.label} ${stream}.txt` });
    }
  }

  /** The exchange as a sequence diagram: inline in the HTML report, and as a file beside it. */
  private attachDiagram(): void {
    const svg = renderSequenceDiagram({
      ...this.transcript.forDiagram(),
      role: this.scriptedServer ? 'client' : 'server',
      plan: this.server?.plan ?? this.scriptedServer?.plan,
      failure: this.failure,
      title: `${this.requirements.join(' ')}: ${t().scenario(this.scenarioName)}`,
    });
    // The HTML report shows images only when they come as base64, i.e. from a Buffer.
    this.attach(Buffer.from(svg), { mediaType: 'image/svg+xml', fileName: t().diagram.title });
    const dir = path.join(reportsDir(), 'diagrams');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, diagramFileName(this.scenarioName)), svg);
  }

  /** The feature files' ports in this run's: "10001 → 22000, pool 10002-10011 → 22001-22010". */
  private portMapping(): string {
    const plan = this.server?.plan ?? this.scriptedServer?.plan;
    if (!plan) return '';
    const last = SHEET_POOL_FIRST + plan.pool.length - 1;
    return t().world.mapping(plan.defaultPort, last, describePool(plan));
  }

  /**
   * Runs one step and turns what it throws into the scenario's outcome: a failure of the scenario's
   * own requirement fails it; a more basic failure blocks it; a run that was disturbed is run once
   * more, and is inconclusive if it fails again while disturbed.
   */
  async runStep(code: StepCode, args: unknown[]): Promise<unknown> {
    this.stepsRun.push({ code, args });
    loopDelay.reset();
    try {
      return await code.apply(this, args);
    } catch (error) {
      this.noteFailure(error);
      // One turn of the loop lets the delay monitor record a stall that ended just now.
      await delay(2 * LOOP_RESOLUTION_MS);
      const disturbance = error instanceof Violation ? this.disturbance(error) : undefined;
      const retry = disturbance ?? (this.incidental(error) ? t().world.timing(error.requirement) : undefined);
      if (!retry || this.rerun) return this.conclude(error, disturbance);
      this.rerun = true;
      this.notes.push(t().world.rerun(retry));
      try {
        await this.replay();
        return undefined;
      } catch (again) {
        this.failure = undefined;
        this.noteFailure(again);
        await delay(2 * LOOP_RESOLUTION_MS);
        return this.conclude(again, again instanceof Violation ? this.disturbance(again) : undefined);
      }
    }
  }

  /** The moment of a failure, before clean-up adds its own events to the transcript. */
  private noteFailure(error: unknown): void {
    if (error instanceof Violation)
      this.failure ??= { requirement: error.requirement, expected: error.expected, at: Date.now() };
  }

  /** What disturbed the run during the last step, if anything: the failure may not be the program's (the judge's `disturbanceOf`). */
  private disturbance(violation: Violation): string | undefined {
    return disturbanceOf(violation, {
      stalledMs: Math.round(loopDelay.max / 1e6),
      timeoutMs: this.settings.timeoutMs,
      strangers: () => describeListeners(this.server?.strangers(this.harnessClients?.occupied ?? []) ?? []),
    });
  }

  /**
   * A finding that depends on timing, made in a scenario that does not force that timing: only its own
   * scenario may fail its requirement (same program, same failed set), so here it is noted and the
   * scenario counts as blocked without blaming anything.
   */
  private incidental(error: unknown): error is Violation {
    return (
      error instanceof Violation &&
      failureOutcome(error.requirement, this.requirements, error.timing) === 'incidental'
    );
  }

  /** Runs the scenario's steps again from the start; with `lineEnd`, every CR LF the harness sends becomes it. */
  private async replay(lineEnd?: string): Promise<void> {
    await this.cleanUp();
    this.server = undefined;
    this.harnessClients = undefined;
    this.scriptedServer = undefined;
    this.transcript = new Transcript('harness', 'target');
    this.observations.length = 0;
    for (const [index, { code, args }] of this.stepsRun.entries()) {
      this.replayedStep = index;
      loopDelay.reset();
      await code.apply(
        this,
        args.map((arg) => (lineEnd && arg === CRLF ? lineEnd : arg)),
      );
    }
  }

  /**
   * A CR LF finding (W2, C7) stands only when the same steps with LF line ends get past the step that
   * failed; when the LF run fails there or earlier, its finding (A1, A2, S2, C3, C6, …) is the cause,
   * and it blocks this scenario: one bug, one blame. An LF finding that is no MUST, or that a
   * disturbance may explain, changes nothing.
   */
  private async withLfInstead(error: Violation): Promise<Violation> {
    const crlf = isLineEndFinding(error.requirement) && this.stepsRun.some(({ args }) => args.includes(CRLF));
    if (!crlf) return error;
    const failedAt = this.stepsRun.length - 1;
    const kept = {
      transcript: this.transcript,
      failure: this.failure,
      notes: [...this.notes],
      observations: [...this.observations],
      server: this.server,
      harnessClients: this.harnessClients,
      scriptedServer: this.scriptedServer,
    };
    this.notes.length = 0;
    try {
      await this.replay(LF);
    } catch (lf) {
      await delay(2 * LOOP_RESOLUTION_MS);
      const cause =
        lf instanceof Violation &&
        this.replayedStep <= failedAt &&
        !this.disturbance(lf) &&
        requirement(lf.requirement).level === 'must';
      if (cause) {
        this.failure = undefined;
        this.noteFailure(lf);
        this.notes.unshift(t().world.lfReplay(error.requirement));
        return lf;
      }
    }
    await this.cleanUp();
    Object.assign(this, {
      transcript: kept.transcript,
      failure: kept.failure,
      server: kept.server,
      harnessClients: kept.harnessClients,
      scriptedServer: kept.scriptedServer,
    });
    this.notes.splice(0, this.notes.length, ...kept.notes);
    this.observations.splice(0, this.observations.length, ...kept.observations);
    return error;
  }

  private async conclude(error: unknown, disturbance: string | undefined): Promise<'skipped'> {
    if (error instanceof Violation && !disturbance) error = await this.withLfInstead(error);
    await this.cleanUp();
    const ending = this.endingOf(error, disturbance);
    this.end(ending);
    this.attachReport();
    // A failure of the scenario's own requirement is Cucumber's failure too (the HTML report shows it as one).
    if (ending.outcome === 'failed' || (ending.blockedBy && this.blockedFails)) throw error;
    return 'skipped';
  }

  /** How what a step threw ends the scenario: failed or blocked by the requirement it violates, or inconclusive. */
  private endingOf(error: unknown, disturbance: string | undefined): Ending {
    if (error instanceof Violation && disturbance)
      return { outcome: 'inconclusive', reason: t().world.disturbedTwice(disturbance, error.message) };
    if (error instanceof Violation) {
      const { failure } = error;
      switch (failureOutcome(error.requirement, this.requirements, error.timing)) {
        case 'failed':
          return { outcome: 'failed', violated: error.requirement, failure };
        case 'blocked':
          return { outcome: 'blocked', blockedBy: error.requirement, failure };
        case 'incidental':
          return {
            outcome: 'blocked',
            failure,
            reason: t().world.incidental(error.requirement, error.message),
          };
      }
    }
    if (error instanceof Inconclusive) return { outcome: 'inconclusive', reason: error.message };
    // A harness bug must never be read as the program's failure, nor shown as a stack trace.
    const text = error instanceof Error ? error.message : String(error);
    return { outcome: 'inconclusive', reason: t().world.harnessFailed(text) };
  }

  /**
   * Whether a blocked scenario fails instead of being skipped: set by the `mutation` profile of
   * cucumber.js. StrykerJS sees only Cucumber's statuses, and a violation that blocks every scenario
   * where it shows (a wrong NoPorts is W3, found only in the S6 scenarios) would otherwise leave the
   * mutant alive although the verdict is non-conformant.
   */
  private get blockedFails(): boolean {
    return (this.parameters as { blockedFails?: boolean } | undefined)?.blockedFails === true;
  }

  /** Ends the program under test and every connection; safe to call twice. */
  async cleanUp(): Promise<void> {
    if (this.server && !this.server.fresh) await this.harnessClients?.asks.giveBackOffers();
    await this.scriptedServer?.closeAll();
    await this.harnessClients?.closeAll();
    await this.server?.stop();
  }
}
