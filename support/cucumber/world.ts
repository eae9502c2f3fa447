// One World per scenario: who is under test, the scenario's tags, and the scene its steps build
// (scene.ts: the programs, the harness's peers, the transcript, notes and observations). It holds that
// state and delegates: the runs again after a failure to rerun.ts, how a step's error ends the
// scenario to ending.ts, the reports to attachments.ts.

import { type IWorldOptions, World } from '@cucumber/cucumber';
import type { TestStepResult } from '@cucumber/messages';
import { type Observation, observationLine, type ScenarioResult, scenarioTags } from '../judging/result';
import type { HarnessClients } from '../peers/harness-clients';
import type { HarnessServer } from '../peers/harness-server';
import { readSettings, type Settings } from '../settings/target';
import { Attachments } from './attachments';
import { endingOf, failsInCucumber } from './ending';
import { Reruns, type StepCode } from './rerun';
import { Scene } from './scene';

let cachedSettings: Settings | undefined;

/** The run's settings, read once; a wrong variable throws a ConfigError that names it. */
export function settings(): Settings {
  cachedSettings ??= readSettings();
  return cachedSettings;
}

export class ProtocolWorld extends World {
  readonly settings = settings();
  /** What this run of the steps built; a run again replaces it. */
  scene: Scene;
  /** The scenario's name, for the diagram's title and file name. */
  scenarioName = '';
  /** The scenario's role, requirements (first one first) and level, from its tags. */
  private tagged: Pick<ScenarioResult, 'role' | 'requirements' | 'level'> = scenarioTags([]);
  private readonly attachments: Attachments;
  private readonly reruns: Reruns<ProtocolWorld>;
  /** Whether a blocked scenario fails in Cucumber too: the `mutation` profile of cucumber.js (ending.ts). */
  private readonly blockedFails: boolean;

  constructor(options: IWorldOptions) {
    super(options);
    this.scene = new Scene(this.settings);
    this.attachments = new Attachments(this);
    this.reruns = new Reruns<ProtocolWorld>(this, this.settings.timeoutMs);
    this.blockedFails = (options.parameters as { blockedFails?: boolean } | undefined)?.blockedFails === true;
  }

  useTags(tags: readonly string[]): void {
    this.tagged = scenarioTags(tags);
  }

  /** The requirement IDs the scenario is tagged with, first one first. */
  get requirements(): string[] {
    return this.tagged.requirements;
  }

  /** The notes of this run: spellings the sheet allows, why the scenario ran again. */
  get notes(): string[] {
    return this.scene.notes;
  }

  /** Starts the server under test; `poolSize` gives it a pool of that many ports. */
  async startServer(poolSize?: number): Promise<void> {
    await this.scene.startServer(poolSize);
  }

  /** The harness's clients against the server under test. */
  get clients(): HarnessClients {
    return this.scene.clients;
  }

  /** The harness as the server of the client under test. */
  get harness(): HarnessServer {
    return this.scene.harness;
  }

  /** Records what a check observed, and says it in the report. */
  observe(observation: Observation): void {
    this.scene.observations.push(observation);
    this.attachments.log(observationLine(observation));
  }

  /** Ends the scenario without running it further: it does not apply to this run. */
  skip(reason: string): 'skipped' {
    this.attachments.end({ outcome: 'skipped', reason });
    return 'skipped';
  }

  /**
   * Runs one step and turns what it throws into the scenario's outcome: a failure of the scenario's
   * own requirement fails it; a more basic failure blocks it; a run that was disturbed is run once
   * more, and is inconclusive if it fails again while disturbed (rerun.ts, ending.ts).
   */
  async runStep(code: StepCode<ProtocolWorld>, args: unknown[]): Promise<unknown> {
    const end = await this.reruns.run(code, args);
    if ('value' in end) return end.value;
    await this.cleanUp();
    const ending = endingOf(end.error, end.disturbance, this.requirements);
    this.attachments.end(ending);
    this.attachReport();
    if (failsInCucumber(ending, this.blockedFails)) throw end.error;
    return 'skipped';
  }

  /** Attaches the transcript, notes, diagram and program output once per scenario. */
  attachReport(): void {
    this.attachments.report(this.scene, { tagged: this.tagged, name: this.scenarioName });
  }

  /** Attaches the scenario's one result, as data for every report; once per scenario, at its end. */
  attachResult(result: TestStepResult | undefined, problem?: unknown): void {
    this.attachments.result(this.scene, { tagged: this.tagged, name: this.scenarioName }, result, problem);
  }

  /** Ends the program under test and every connection; safe to call twice. */
  async cleanUp(): Promise<void> {
    await this.scene.cleanUp();
  }
}
