// What a scenario leaves in the reports: its log lines (escaped, as Cucumber's HTML report reads them
// as HTML), the reason it ended as it did, its one result as data (support/judging/result.ts), and
// once per scenario the transcript, the notes, the sequence diagram (inline and as a file beside the
// reports) and the program's output.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { World } from '@cucumber/cucumber';
import type { TestStepResult } from '@cucumber/messages';
import { lineEvidence, scenarioEnd } from '../judging/judge';
import { type Ending, RESULT_MEDIA_TYPE, reasonLine, type ScenarioResult } from '../judging/result';
import { t } from '../messages';
import { diagramFileName, renderSequenceDiagram } from '../report/diagram';
import { reportsDir } from '../settings/target';
import { describePool, type PortPlan, SHEET_POOL_FIRST } from '../wire/port-plan';
import type { Scene } from './scene';

/** The scenario as its tags and Cucumber name it. */
export interface Named {
  tagged: Pick<ScenarioResult, 'role' | 'requirements' | 'level'>;
  name: string;
}

export class Attachments {
  /** How a step's failure, or a skip, ended the scenario; undefined while nothing did. */
  private ending: Ending | undefined;
  private reported = false;
  private resulted = false;

  constructor(private readonly world: Pick<World, 'attach' | 'log'>) {}

  /** A log line of the HTML report; a student's bytes (or the protocol's own "<port>") are escaped. */
  log(text: string): void {
    this.world.log(text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c));
  }

  /** Sets how the scenario ended, and says why in the report when it did not pass or fail. */
  end(ending: Ending): void {
    this.ending = ending;
    const line = reasonLine(ending);
    if (line) this.log(line);
  }

  /**
   * Attaches the scenario's one result, as data for every report: what a step's failure made of it,
   * or what the judge makes of Cucumber's status (`result`, the worst of its steps and hooks;
   * `problem`, an error of the clean-up); with its observations and the evidence of the program's
   * lines. Once per scenario, at its end.
   */
  result(scene: Scene, scenario: Named, result: TestStepResult | undefined, problem?: unknown): void {
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
      info: scenario.tagged.level === 'info',
      observations: scene.observations.length,
      ...(error ? { problem: error.split('\n')[0] ?? error } : {}),
    });
    if (!this.ending) this.end(ending);
    // The evidence rule's facts: what the program's lines showed in this scenario.
    const evidence = lineEvidence(scene.transcript.linesSent());
    const data: ScenarioResult = {
      ...scenario.tagged,
      ...ending,
      observations: scene.observations,
      ...(Object.keys(evidence).length ? { evidence } : {}),
    };
    this.world.attach(JSON.stringify(data), { mediaType: RESULT_MEDIA_TYPE, fileName: t().world.resultFile });
  }

  /** Attaches the transcript, notes, diagram and program output once per scenario. */
  report(scene: Scene, scenario: Named): void {
    if (this.reported) return;
    this.reported = true;
    const { transcript, notes } = scene;
    if (!transcript.isEmpty)
      this.log(`${t().world.transcript(portMapping(scene.plan))}\n${transcript.render()}`);
    if (notes.length) this.log(`${t().world.notes}\n${notes.map((note) => `- ${note}`).join('\n')}`);
    if (!transcript.isEmpty || scene.failure) this.diagram(scene, scenario);
    const output = scene.programOutput();
    for (const stream of ['stdout', 'stderr'] as const) {
      const text = output?.[stream];
      if (text)
        this.world.attach(text, { mediaType: 'text/plain', fileName: `${output.label} ${stream}.txt` });
    }
  }

  /** The exchange as a sequence diagram: inline in the HTML report, and as a file beside it. */
  private diagram(scene: Scene, scenario: Named): void {
    const svg = renderSequenceDiagram({
      ...scene.transcript.forDiagram(),
      role: scene.role,
      plan: scene.plan,
      failure: scene.failure,
      title: `${scenario.tagged.requirements.join(' ')}: ${t().scenario(scenario.name)}`,
    });
    // The HTML report shows images only when they come as base64, i.e. from a Buffer.
    this.world.attach(Buffer.from(svg), { mediaType: 'image/svg+xml', fileName: t().diagram.title });
    const dir = path.join(reportsDir(), 'diagrams');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, diagramFileName(scenario.name)), svg);
  }
}

/** The feature files' ports in this run's: "10001 → 22000, pool 10002-10011 → 22001-22010". */
export function portMapping(plan: PortPlan | undefined): string {
  if (!plan) return '';
  const last = SHEET_POOL_FIRST + plan.pool.length - 1;
  return t().world.mapping(plan.defaultPort, last, describePool(plan));
}
