// The verdict of a run, built from Cucumber's message stream: per scenario its status and failure,
// per requirement its status, and overall conformant / non-conformant. Both formatters (summary.json
// and the terminal summary) read this one model, so they agree with each other and with the HTML report.

import type { Envelope, Pickle, TestStepResultStatus } from '@cucumber/messages';
import {
  blockedBy,
  type LineEvidence,
  linesKept,
  type Outcome,
  outcomePrefix,
  type RequirementOutcome,
  requirementOutcome,
  type Verdict,
  verdictOf,
} from './judge';
import { t } from './messages';
import { effectiveLevel, isRequirementId, type Level, REQUIREMENTS } from './requirements';
import {
  type ClientTarget,
  describeClientTarget,
  describeServerTarget,
  type ServerTarget,
  type Settings,
} from './target';
import { VIOLATION_LINE } from './violation';

export type { Verdict } from './judge';

export interface ScenarioResult {
  name: string;
  feature: string;
  role: 'server' | 'client';
  requirements: string[];
  level: Level;
  /** The judge's outcome; `blocked` and `inconclusive` are skipped steps in Cucumber's terms. */
  status: Outcome;
  /** The requirement a failed or blocked scenario names: the one its message names. */
  violated?: string;
  message?: string;
  /** What an INFO scenario observed, why a scenario was skipped, blocked or inconclusive. */
  observation?: string;
  /** What the protocol lines the program sent in this scenario showed (the evidence rule, support/judge.ts). */
  lines?: LineEvidence;
  durationMs: number;
}

export interface Summary {
  targets: {
    role: 'server' | 'client';
    kind: string;
    command?: string;
    address?: string;
    description: string;
  }[];
  verdict: Verdict;
  verdicts: Partial<Record<'server' | 'client', Verdict>>;
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
  scenarios: ScenarioResult[];
}

/** Requirements no scenario can check, with the reason the spec page gives. */
export function notCheckedNotes(): Record<string, string> {
  return { A6: t().summary.notCheckedA6 };
}

const LOG_MEDIA_TYPE = 'text/x.cucumber.log+plain';
/** The attachment that carries a scenario's LineEvidence from the World to the summary, as JSON. */
export const LINES_MEDIA_TYPE = 'application/vnd.mpp-conformance.lines+json';

/** Collects the envelopes of one run. */
export class RunCollector {
  private readonly features = new Map<string, string>();
  private readonly pickles = new Map<string, Pickle>();
  private readonly testCases = new Map<string, string>();
  private readonly attempts = new Map<
    string,
    {
      pickleId: string;
      statuses: TestStepResultStatus[];
      message?: string;
      logs: string[];
      lines?: LineEvidence;
      started: number;
      finished?: number;
    }
  >();

  add(envelope: Envelope): void {
    if (envelope.gherkinDocument?.feature && envelope.gherkinDocument.uri) {
      this.features.set(envelope.gherkinDocument.uri, envelope.gherkinDocument.feature.name);
    } else if (envelope.pickle) {
      this.pickles.set(envelope.pickle.id, envelope.pickle);
    } else if (envelope.testCase) {
      this.testCases.set(envelope.testCase.id, envelope.testCase.pickleId);
    } else if (envelope.testCaseStarted) {
      const started = envelope.testCaseStarted;
      this.attempts.set(started.id, {
        pickleId: this.testCases.get(started.testCaseId) ?? '',
        statuses: [],
        logs: [],
        started: toMs(started.timestamp),
      });
    } else if (envelope.testStepFinished) {
      const attempt = this.attempts.get(envelope.testStepFinished.testCaseStartedId);
      const result = envelope.testStepFinished.testStepResult;
      attempt?.statuses.push(result.status);
      if (attempt && result.message && attempt.message === undefined) attempt.message = result.message;
    } else if (envelope.attachment?.testCaseStartedId && envelope.attachment.mediaType === LOG_MEDIA_TYPE) {
      // Logs are written HTML-escaped for Cucumber's report (ProtocolWorld.logText).
      const body = envelope.attachment.body.replace(/&(lt|gt|amp);/g, (_, name: string) =>
        name === 'lt' ? '<' : name === 'gt' ? '>' : '&',
      );
      this.attempts.get(envelope.attachment.testCaseStartedId)?.logs.push(body);
    } else if (envelope.attachment?.testCaseStartedId && envelope.attachment.mediaType === LINES_MEDIA_TYPE) {
      const attempt = this.attempts.get(envelope.attachment.testCaseStartedId);
      if (attempt) attempt.lines = JSON.parse(envelope.attachment.body) as LineEvidence;
    } else if (envelope.testCaseFinished) {
      const attempt = this.attempts.get(envelope.testCaseFinished.testCaseStartedId);
      if (attempt) attempt.finished = toMs(envelope.testCaseFinished.timestamp);
    }
  }

  scenarios(): ScenarioResult[] {
    return [...this.attempts.keys()].flatMap((id) => this.scenario(id) ?? []);
  }

  /** The result of one scenario run, by its testCaseStarted ID. */
  scenario(testCaseStartedId: string): ScenarioResult | undefined {
    const attempt = this.attempts.get(testCaseStartedId);
    if (!attempt) return undefined;
    const pickle = this.pickles.get(attempt.pickleId);
    const tags = (pickle?.tags ?? []).map((tag) => tag.name.replace(/^@/, ''));
    const requirements = tags.filter(isRequirementId);
    const level = (['must', 'should', 'info'] as const).find((name) => tags.includes(name)) ?? 'must';
    // A verdict's reason (blocked, inconclusive, skipped) outranks an observation noted before it.
    const { observed, ...reasons } = outcomePrefix();
    const observation =
      attempt.logs.find((log) => Object.values(reasons).some((prefix) => log.startsWith(prefix))) ??
      attempt.logs.find((log) => log.startsWith(observed));
    let status = scenarioOutcome(attempt.statuses, observation, tags.includes('info'));
    const message = attempt.message ?? t().terminal.failedWithoutMessage;
    const violated = VIOLATION_LINE.exec(message)?.[1];
    // A failure that names no requirement is the harness's own (an exception in a hook, an undefined
    // step): never the program's failure.
    if (status === 'failed' && !violated) status = 'inconclusive';
    const result: ScenarioResult = {
      name: pickle?.name ?? '',
      feature: this.features.get(pickle?.uri ?? '') ?? pickle?.uri ?? '',
      role: tags.includes('client') ? 'client' : 'server',
      requirements,
      level,
      status,
      durationMs: Math.max(0, (attempt.finished ?? attempt.started) - attempt.started),
    };
    if (status === 'failed') {
      result.message = message;
      result.violated = violated;
    }
    if (status === 'blocked' && observation) {
      result.message = observation.slice(observation.indexOf(': ') + 2);
      result.violated = VIOLATION_LINE.exec(result.message)?.[1];
    }
    if (observation) result.observation = observation;
    else if (status === 'inconclusive')
      result.observation = `${reasons.inconclusive}${t().world.harnessFailed(message.split('\n')[0] ?? message)}`;
    if (attempt.lines) result.lines = attempt.lines;
    return result;
  }
}

function toMs(timestamp: { seconds: number; nanos: number }): number {
  return timestamp.seconds * 1000 + Math.round(timestamp.nanos / 1e6);
}

function scenarioOutcome(statuses: TestStepResultStatus[], log: string | undefined, info: boolean): Outcome {
  if (statuses.some((status) => ['FAILED', 'AMBIGUOUS', 'UNDEFINED', 'UNKNOWN'].includes(status)))
    return 'failed';
  // A MUST or SHOULD scenario may note what it saw (a client's exit status) and still pass.
  if (statuses.length > 0 && statuses.every((status) => status === 'PASSED'))
    return info && log?.startsWith(outcomePrefix().observed) ? 'observed' : 'passed';
  if (log?.startsWith(outcomePrefix().blocked)) return 'blocked';
  if (log?.startsWith(outcomePrefix().inconclusive)) return 'inconclusive';
  return 'skipped';
}

export const OUTCOMES: readonly Outcome[] = [
  'passed',
  'failed',
  'observed',
  'blocked',
  'skipped',
  'inconclusive',
];

export function summarize(scenarios: ScenarioResult[], settings: Settings): Summary {
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
    const failure = named.find((scenario) => scenario.violated === req.id)?.message;
    if (status === 'failed' && failure) entry.failure = failure.split('\n')[0];
    const note = notCheckedNotes()[req.id];
    if (status === 'not-checked' && note) entry.note = note;
    const own = scenarios.filter((scenario) => scenario.requirements.includes(req.id));
    if (status === 'passed' && !own.some((scenario) => scenario.status === 'passed'))
      entry.lines = linesKept(req.id, scenarios);
    const roots = blockedBy(req.id, scenarios);
    if ((status === 'blocked' || entry.lines) && roots.length) entry.blockedBy = roots;
    requirements[req.id] = entry;
  }
  const verdictFor = (role?: 'server' | 'client'): Verdict => {
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

/** The level a failure counts with: that of the requirement it violated. */
export function failureLevel(scenario: ScenarioResult, strict: boolean): Level {
  return scenario.violated && isRequirementId(scenario.violated)
    ? effectiveLevel(scenario.violated, strict)
    : scenario.level;
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
