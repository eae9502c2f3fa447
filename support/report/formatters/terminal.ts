// The terminal report: a line per scenario as it finishes, then the failures in full, the status of
// every requirement and the verdict, ending with the plain count line that CI systems read.

import { Formatter, type IFormatterOptions } from '@cucumber/cucumber';
import type { Envelope } from '@cucumber/messages';
import { EXIT_STATUS } from '../../judging/judge';
import { failureHeadline, type Outcome } from '../../judging/result';
import { t } from '../../messages';
import { describeClientTarget, describeServerTarget, readSettings, reportsDir } from '../../settings/target';
import { failureOf, RunCollector, type ScenarioSummary, type Summary, summarize } from '../summary';

const MARK: Record<Outcome, string> = {
  passed: '✓',
  failed: '✗',
  observed: 'i',
  blocked: '–',
  skipped: '–',
  inconclusive: '?',
};

export default class TerminalFormatter extends Formatter {
  static override readonly documentation =
    'mpp-conformance: scenario lines, then the verdict per requirement';

  constructor(options: IFormatterOptions) {
    super(options);
    const settings = readSettings();
    const collector = new RunCollector();
    let header = false;
    options.eventBroadcaster.on('envelope', (envelope: Envelope) => {
      collector.add(envelope);
      if (envelope.testCaseStarted && !header) {
        header = true;
        const m = t().terminal;
        const targets = [
          settings.server && m.serverTarget(describeServerTarget(settings.server)),
          settings.client && m.clientTarget(describeClientTarget(settings.client)),
        ].filter((target): target is string => Boolean(target));
        this.log(`${m.checks(targets)}\n\n`);
      }
      const finished = envelope.testCaseFinished;
      if (finished && !finished.willBeRetried) {
        const result = collector.scenario(finished.testCaseStartedId);
        if (result) this.log(`${scenarioLine(result)}\n`);
      }
      if (envelope.testRunFinished) this.log(report(summarize(collector.scenarios(), settings)));
    });
  }
}

function scenarioLine(result: ScenarioSummary): string {
  const m = t();
  const ids = result.requirements.join(' ').padEnd(8);
  let line = `  ${MARK[result.status]} ${m.role[result.role].padEnd(6)} ${ids} ${m.scenario(result.name)}  (${m.n(result.durationMs)} ms)`;
  if (result.status === 'failed' && result.failure) {
    line += `\n      ${failureHeadline(result.failure)}`;
  } else if (result.status === 'blocked') {
    line += `\n      ${m.terminal.blockedBy(result.violated)}`;
  } else if (result.observation) {
    line += `\n      ${result.observation.split('\n')[0]}`;
  }
  return line;
}

function report(summary: Summary): string {
  const m = t();
  const lines: string[] = [''];
  const failed = summary.scenarios.filter((scenario) => scenario.status === 'failed');
  if (failed.length) {
    lines.push(m.terminal.failures, '');
    // One bug usually fails many scenarios the same way: show each kind of failure once, in full.
    const kinds = new Map<string, ScenarioSummary[]>();
    for (const scenario of failed) {
      const kind = (scenario.message ?? '').split('\n')[0]?.replace(/\d+/g, '#') ?? '';
      kinds.set(kind, [...(kinds.get(kind) ?? []), scenario]);
    }
    for (const [first, ...others] of kinds.values()) {
      if (!first) continue;
      lines.push(`✗ ${m.role[first.role]}: ${m.scenario(first.name)}  [${m.feature(first.feature)}]`);
      lines.push(...(first.message ?? '').split('\n').map((line) => `    ${line}`));
      if (others.length) {
        lines.push(`    ${m.terminal.sameFailure(others.length)}`);
        lines.push(...others.map((scenario) => `      - ${m.scenario(scenario.name)}`));
      }
      lines.push('');
    }
  }
  lines.push(m.terminal.requirements);
  for (const [id, entry] of Object.entries(summary.requirements)) {
    const status = entry.status === 'failed' ? m.terminal.failedCaps : m.outcome[entry.status];
    const level = m.level[entry.level].padEnd(6);
    const failure = entry.status === 'failed' ? failureOf(summary.scenarios, id) : undefined;
    if (failure) {
      lines.push(`  ${id.padEnd(3)} ${level} ${status}: ${m.sentence(failure.what)}`);
      continue;
    }
    const detail =
      entry.status === 'failed'
        ? `  ${entry.level === 'must' ? m.terminal.makesNonConformant : m.terminal.reportedOnly}`
        : entry.note
          ? `  (${entry.note})`
          : entry.lines
            ? `  (${m.terminal.onLines(entry.lines)})`
            : entry.blockedBy
              ? `  (${m.terminal.blockedByList(entry.blockedBy)})`
              : '';
    lines.push(`  ${id.padEnd(3)} ${level} ${status}${detail}`);
  }
  lines.push('');
  for (const target of summary.targets) {
    const verdict = summary.verdicts[target.role] ?? summary.verdict;
    lines.push(m.terminal.verdictFor(target.description, m.verdict[verdict]));
  }
  if (summary.verdict === 'inconclusive') lines.push(m.terminal.inconclusive);
  lines.push(m.terminal.reports(reportsDir()));
  const counts = (Object.entries(summary.counts) as [Outcome, number][])
    .filter(([outcome, count]) => count > 0 || ['passed', 'failed', 'skipped'].includes(outcome))
    .map(([outcome, count]) => m.terminal.count(count, m.outcome[outcome]));
  lines.push(m.terminal.exitStatus(EXIT_STATUS[summary.verdict], m.verdict[summary.verdict]));
  lines.push(m.terminal.scenarios(counts), '');
  return lines.join('\n');
}
