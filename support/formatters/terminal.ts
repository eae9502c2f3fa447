// The terminal report: a line per scenario as it finishes, then the failures in full, the status of
// every requirement and the verdict, ending with the plain count line that CI systems read.

import { Formatter, type IFormatterOptions } from '@cucumber/cucumber';
import type { Envelope } from '@cucumber/messages';
import { EXIT_STATUS, type Outcome } from '../judge';
import { failureLevel, RunCollector, type ScenarioResult, type Summary, summarize } from '../summary';
import { describeClientTarget, describeServerTarget, readSettings, reportsDir } from '../target';
import { VIOLATION_LINE } from '../violation';

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
        const targets = [
          settings.server && `server: ${describeServerTarget(settings.server)}`,
          settings.client && `client: ${describeClientTarget(settings.client)}`,
        ].filter(Boolean);
        this.log(`mpp-conformance checks ${targets.join('; ')}\n\n`);
      }
      const finished = envelope.testCaseFinished;
      if (finished && !finished.willBeRetried) {
        const result = collector.scenario(finished.testCaseStartedId);
        if (result) this.log(`${scenarioLine(result, settings.strict)}\n`);
      }
      if (envelope.testRunFinished) this.log(report(summarize(collector.scenarios(), settings)));
    });
  }
}

function scenarioLine(result: ScenarioResult, strict: boolean): string {
  const ids = result.requirements.join(' ').padEnd(8);
  let line = `  ${MARK[result.status]} ${result.role.padEnd(6)} ${ids} ${result.name}  (${result.durationMs} ms)`;
  if (result.status === 'failed') {
    // A violation's first line names its requirement and level; anything else is shown with the level it counts with.
    const first = result.message?.split('\n')[0] ?? '';
    line += `\n      ${VIOLATION_LINE.test(first) ? first : `${failureLevel(result, strict).toUpperCase()} failure: ${first}`}`;
  } else if (result.status === 'blocked') {
    line += `\n      blocked by ${result.violated ?? 'an earlier failure'}: not checked (see the failure of ${result.violated})`;
  } else if (result.observation) {
    line += `\n      ${result.observation.split('\n')[0]}`;
  }
  return line;
}

function report(summary: Summary): string {
  const lines: string[] = [''];
  const failed = summary.scenarios.filter((scenario) => scenario.status === 'failed');
  if (failed.length) {
    lines.push('Failures', '');
    // One bug usually fails many scenarios the same way: show each kind of failure once, in full.
    const kinds = new Map<string, ScenarioResult[]>();
    for (const scenario of failed) {
      const kind = (scenario.message ?? '').split('\n')[0]?.replace(/\d+/g, '#') ?? '';
      kinds.set(kind, [...(kinds.get(kind) ?? []), scenario]);
    }
    for (const [first, ...others] of kinds.values()) {
      if (!first) continue;
      lines.push(`✗ ${first.role}: ${first.name}  [${first.feature}]`);
      lines.push(...(first.message ?? '').split('\n').map((line) => `    ${line}`));
      if (others.length) {
        lines.push(`    The same failure in ${others.length} more scenario${others.length > 1 ? 's' : ''}:`);
        lines.push(...others.map((scenario) => `      - ${scenario.name}`));
      }
      lines.push('');
    }
  }
  lines.push('Requirements');
  for (const [id, entry] of Object.entries(summary.requirements)) {
    const status = entry.status === 'failed' ? 'FAILED' : entry.status;
    if (entry.status === 'failed' && entry.failure) {
      lines.push(
        `  ${id.padEnd(3)} ${entry.level.toUpperCase().padEnd(6)} FAILED: ${entry.failure.replace(/^\S+ \(\w+\): /, '')}`,
      );
      continue;
    }
    const detail =
      entry.status === 'failed'
        ? `  ${entry.level === 'must' ? 'makes the program non-conformant' : 'reported; does not make the program non-conformant'}`
        : entry.note
          ? `  (${entry.note})`
          : '';
    lines.push(`  ${id.padEnd(3)} ${entry.level.toUpperCase().padEnd(6)} ${status}${detail}`);
  }
  lines.push('');
  for (const target of summary.targets) {
    const verdict = summary.verdicts[target.role] ?? summary.verdict;
    lines.push(`Verdict for ${target.description}: ${verdict.toUpperCase()}`);
  }
  if (summary.verdict === 'inconclusive') {
    lines.push(
      'Inconclusive: some MUST scenarios could not be judged (see their reason above); run the check again on a quieter machine, or as their reason advises.',
    );
  }
  const dir = reportsDir();
  lines.push(
    `Reports: ${dir}/cucumber-report.html (with wire transcripts), ${dir}/junit.xml, ${dir}/summary.json`,
  );
  const counts = Object.entries(summary.counts)
    .filter(([outcome, count]) => count > 0 || ['passed', 'failed', 'skipped'].includes(outcome))
    .map(([outcome, count]) => `${count} ${outcome}`);
  lines.push(`exit status ${EXIT_STATUS[summary.verdict]} (${summary.verdict})`);
  lines.push(`scenarios: ${counts.join(', ')}`, '');
  return lines.join('\n');
}
