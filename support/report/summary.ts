// The verdict of a run, built from Cucumber's message stream: the one result each scenario attached
// (support/judging/result.ts, read by its media type), per requirement its status, and overall conformant /
// non-conformant. summary.json, the terminal summary, JUnit and the exit status all project this one
// model, so they agree with each other and with the HTML report.

import type { Envelope, Pickle } from '@cucumber/messages';
import { blockedBy, linesKept, requirementOutcome, scenarioEnd, verdictOf } from '../judging/judge';
import { effectiveLevel, type Level, notCheckedNotes, REQUIREMENTS } from '../judging/requirements';
import {
  type Failure,
  failureHeadline,
  type LineEvidence,
  OUTCOMES,
  type Outcome,
  observationLine,
  RESULT_MEDIA_TYPE,
  type RequirementOutcome,
  reasonLine,
  renderFailure,
  type ScenarioResult,
  scenarioTags,
  type TargetRole,
  type Verdict,
} from '../judging/result';
import {
  type ClientTarget,
  describeClientTarget,
  describeServerTarget,
  type ServerTarget,
  type Settings,
} from '../settings/target';

/** A scenario in summary.json: its result, with its name, feature and duration, and its sentences for people. */
export interface ScenarioSummary {
  name: string;
  feature: string;
  role: TargetRole;
  requirements: string[];
  level: Level;
  /** The judge's outcome; `blocked` and `inconclusive` are skipped steps in Cucumber's terms. */
  status: Outcome;
  /** The requirement a failed scenario failed, or the one whose failure blocked it. */
  violated?: string;
  /** The failure of a failed or blocked scenario, rendered for people. */
  message?: string;
  /** The same failure as data: requirement, what went wrong, expected, received, hint (the program's output is in `message`). */
  failure?: Omit<Failure, 'program'>;
  /** What an INFO scenario observed, why a scenario was skipped, blocked or inconclusive. */
  observation?: string;
  /** What the protocol lines the program sent in this scenario showed (the evidence rule, support/judging/judge.ts). */
  lines?: LineEvidence;
  durationMs: number;
}

export interface Summary {
  targets: {
    role: TargetRole;
    kind: string;
    command?: string;
    address?: string;
    description: string;
  }[];
  verdict: Verdict;
  verdicts: Partial<Record<TargetRole, Verdict>>;
  strict: boolean;
  counts: Record<Outcome, number>;
  requirements: Record<
    string,
    {
      level: Level;
      status: RequirementOutcome;
      scenarios: string[];
      note?: string;
      failure?: string;
      /** Passed on the evidence rule: how many protocol lines of the run showed it kept. */
      lines?: number;
      /** The requirements whose failure blocked its scenarios (one bug, one blame), also when its lines passed it. */
      blockedBy?: string[];
    }
  >;
  scenarios: ScenarioSummary[];
  /** Written by `explore` (and each student's exploration in class mode): what it ran and found. */
  explore?: ExploreSummary;
}

/** What an exploration ran and found: summary.json's `explore` section. */
export interface ExploreSummary {
  seed: number;
  budgetMs: number;
  /** Sequences and moves run, in the search and in shrinking. */
  sequences: number;
  movesRun: number;
  /** The shortest failing sequence, when there was one. */
  finding?: {
    requirement: string;
    level: Level;
    /** Its written scenario's outcome when run on its own: failed confirms it, anything else makes the run inconclusive. */
    status: Outcome;
    /** Moves of the first failing sequence, and of the shrunk one. */
    movesBefore: number;
    moves: number;
    /** The written feature file, which `server --feature` reruns. */
    feature: string;
  };
}

interface Attempt {
  pickleId: string;
  started: number;
  finished?: number;
  result?: ScenarioResult;
  /** The first error Cucumber reported for it: the reason when the scenario attached no result. */
  problem?: string;
}

/** Collects the envelopes of one run. */
export class RunCollector {
  private readonly features = new Map<string, string>();
  private readonly pickles = new Map<string, Pickle>();
  private readonly testCases = new Map<string, string>();
  private readonly attempts = new Map<string, Attempt>();
  /** When the run started and finished, in ms since the epoch. */
  readonly run: { started?: number; finished?: number } = {};

  add(envelope: Envelope): void {
    if (envelope.gherkinDocument?.feature && envelope.gherkinDocument.uri) {
      this.features.set(envelope.gherkinDocument.uri, envelope.gherkinDocument.feature.name);
    } else if (envelope.pickle) {
      this.pickles.set(envelope.pickle.id, envelope.pickle);
    } else if (envelope.testCase) {
      this.testCases.set(envelope.testCase.id, envelope.testCase.pickleId);
    } else if (envelope.testRunStarted) {
      this.run.started = toMs(envelope.testRunStarted.timestamp);
    } else if (envelope.testRunFinished) {
      this.run.finished = toMs(envelope.testRunFinished.timestamp);
    } else if (envelope.testCaseStarted) {
      const started = envelope.testCaseStarted;
      this.attempts.set(started.id, {
        pickleId: this.testCases.get(started.testCaseId) ?? '',
        started: toMs(started.timestamp),
      });
    } else if (envelope.testStepFinished) {
      const attempt = this.attempts.get(envelope.testStepFinished.testCaseStartedId);
      const message = envelope.testStepFinished.testStepResult.message;
      if (attempt && message && attempt.problem === undefined) attempt.problem = message;
    } else if (
      envelope.attachment?.testCaseStartedId &&
      envelope.attachment.mediaType === RESULT_MEDIA_TYPE
    ) {
      const attempt = this.attempts.get(envelope.attachment.testCaseStartedId);
      if (attempt) attempt.result = JSON.parse(envelope.attachment.body) as ScenarioResult;
    } else if (envelope.testCaseFinished) {
      const attempt = this.attempts.get(envelope.testCaseFinished.testCaseStartedId);
      if (attempt) attempt.finished = toMs(envelope.testCaseFinished.timestamp);
    }
  }

  scenarios(): ScenarioSummary[] {
    return [...this.attempts.keys()].flatMap((id) => this.scenario(id) ?? []);
  }

  /** The result of one scenario run, by its testCaseStarted ID. */
  scenario(testCaseStartedId: string): ScenarioSummary | undefined {
    const attempt = this.attempts.get(testCaseStartedId);
    if (!attempt) return undefined;
    const pickle = this.pickles.get(attempt.pickleId);
    return scenarioSummary(attempt.result ?? withoutResult(pickle, attempt.problem), {
      name: pickle?.name ?? '',
      feature: this.features.get(pickle?.uri ?? '') ?? pickle?.uri ?? '',
      durationMs: Math.max(0, (attempt.finished ?? attempt.started) - attempt.started),
    });
  }
}

/** A scenario that attached no result ended in the harness itself (its World or hooks broke): inconclusive. */
function withoutResult(pickle: Pickle | undefined, problem: string | undefined): ScenarioResult {
  return {
    ...scenarioTags((pickle?.tags ?? []).map((tag) => tag.name)),
    ...scenarioEnd(undefined, {
      passed: false,
      info: false,
      observations: 0,
      ...(problem ? { problem: problem.split('\n')[0] ?? problem } : {}),
    }),
    observations: [],
  };
}

/** A scenario's result as summary.json holds it: its typed fields, and the sentences rendered from them. */
export function scenarioSummary(
  result: ScenarioResult,
  run: Pick<ScenarioSummary, 'name' | 'feature' | 'durationMs'>,
): ScenarioSummary {
  const summary: ScenarioSummary = {
    name: run.name,
    feature: run.feature,
    role: result.role,
    requirements: result.requirements,
    level: result.level,
    status: result.outcome,
    durationMs: run.durationMs,
  };
  if (result.failure && (result.outcome === 'failed' || result.outcome === 'blocked')) {
    summary.message = renderFailure(result.failure);
    // The program's output is in the message already; once is enough in a file that holds every scenario.
    const { program, ...failure } = result.failure;
    summary.failure = failure;
  }
  const violated = result.violated ?? result.blockedBy;
  if (violated) summary.violated = violated;
  // A verdict's reason (blocked, inconclusive, skipped) outranks an observation made before it.
  const first = result.observations[0];
  const observation = reasonLine(result) ?? (first && observationLine(first));
  if (observation) summary.observation = observation;
  if (result.evidence) summary.lines = result.evidence;
  return summary;
}

function toMs(timestamp: { seconds: number; nanos: number }): number {
  return timestamp.seconds * 1000 + Math.round(timestamp.nanos / 1e6);
}

/** The failure that a scenario of the run blames on `id`, the first one found. */
export function failureOf(scenarios: readonly ScenarioSummary[], id: string): Failure | undefined {
  return scenarios.find((scenario) => scenario.violated === id && scenario.failure)?.failure;
}

/** summary.json's text. */
export function summaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

export function summarize(scenarios: ScenarioSummary[], settings: Settings): Summary {
  const roles = new Set(scenarios.map((scenario) => scenario.role));
  const requirements: Summary['requirements'] = {};
  for (const req of REQUIREMENTS) {
    if (req.role !== 'wire' && !roles.has(req.role)) continue;
    const status = requirementOutcome(req.id, scenarios);
    const named = scenarios.filter(
      (scenario) => scenario.requirements.includes(req.id) || scenario.violated === req.id,
    );
    const entry: Summary['requirements'][string] = {
      level: effectiveLevel(req.id, settings.strict),
      status,
      scenarios: [...new Set(named.map((scenario) => scenario.name))],
    };
    const failure = failureOf(scenarios, req.id);
    if (status === 'failed' && failure) entry.failure = failureHeadline(failure);
    const note = notCheckedNotes()[req.id];
    if (status === 'not-checked' && note) entry.note = note;
    const own = scenarios.filter((scenario) => scenario.requirements.includes(req.id));
    if (status === 'passed' && !own.some((scenario) => scenario.status === 'passed'))
      entry.lines = linesKept(req.id, scenarios);
    const roots = blockedBy(req.id, scenarios);
    if ((status === 'blocked' || entry.lines) && roots.length) entry.blockedBy = roots;
    requirements[req.id] = entry;
  }
  const verdictFor = (role?: TargetRole): Verdict => {
    const own = scenarios.filter((scenario) => !role || scenario.role === role);
    const failed = [...new Set(own.flatMap((scenario) => (scenario.violated ? [scenario.violated] : [])))];
    return verdictOf(failed, own, settings.strict);
  };
  const verdicts: Summary['verdicts'] = {};
  for (const role of roles) verdicts[role] = verdictFor(role);
  return {
    targets: describeTargets(settings, roles),
    verdict: verdictFor(),
    verdicts,
    strict: settings.strict,
    counts: Object.fromEntries(
      OUTCOMES.map((outcome) => [
        outcome,
        scenarios.filter((scenario) => scenario.status === outcome).length,
      ]),
    ) as Record<Outcome, number>,
    requirements,
    scenarios,
  };
}

/** The failed set of a run: the IDs of the requirements whose status is failed, sorted. */
export function failedRequirements(summary: Summary): string[] {
  return Object.entries(summary.requirements)
    .filter(([, entry]) => entry.status === 'failed')
    .map(([id]) => id)
    .sort();
}

function describeTargets(settings: Settings, roles: Set<string>): Summary['targets'] {
  const targets: Summary['targets'] = [];
  const server: ServerTarget | undefined = settings.server;
  const client: ClientTarget | undefined = settings.client;
  if (server && roles.has('server')) {
    targets.push({
      role: 'server',
      kind: server.kind,
      ...(server.kind === 'command' ? { command: server.command } : {}),
      ...(server.kind === 'address' ? { address: `${server.host}:${server.port}` } : {}),
      description: describeServerTarget(server),
    });
  }
  if (client && roles.has('client')) {
    targets.push({
      role: 'client',
      kind: client.kind,
      ...(client.kind === 'command' ? { command: client.command } : {}),
      description: describeClientTarget(client),
    });
  }
  return targets;
}
