// The self-test's check of German mode (MPP_LANG=de): in a failing run, every sentence the harness
// writes to the terminal or attaches to the HTML report is German, and every failed scenario has its
// sequence diagram. What the program under test wrote (its output, its bytes on the wire, its
// command line) is the student's and stays as it is: it is removed before the search. And the
// language changes words only: a German and an English run of the same program give the same
// outcome fields in summary.json and the same outcomes in JUnit.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Envelope } from '@cucumber/messages';
import { diagramFileName } from '../support/report/diagram';
import type { Summary } from '../support/report/summary';

/** Words of English that German never uses ("was" is German too); one of them in a sentence of the harness is a missed translation. */
const ENGLISH =
  /\b(the|and|were|with|without|after|before|not|but|which|should|must|has|have|did|does|sent|received|expected|hint|rule|is|are|its|it|of|to|within|nothing|scenario|scenarios|failed|passed|blocked|observed|listens|connection|verdict)\b/i;

/** The first English sentence of the harness in a run's terminal output, or undefined. */
export function englishInText(text: string, command: string): string | undefined {
  const lines = withoutProgramOutput(text.replaceAll(command, '').split('\n'));
  for (const line of lines) {
    const own = harnessWords(line);
    if (ENGLISH.test(own)) return line.trim();
  }
  return undefined;
}

/** The lines without the program's own output: the indented block under "seine Ausgabe …". */
function withoutProgramOutput(lines: readonly string[]): string[] {
  const kept: string[] = [];
  let outputIndent: number | undefined;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    if (outputIndent !== undefined && (indent > outputIndent || line.trim() === '')) continue;
    outputIndent = /seine (Fehler)?[Aa]usgabe|letztes Mal:|Befehl:/.test(line) ? indent : undefined;
    kept.push(line);
  }
  return kept;
}

/** A line without what the program said (quoted wire text, the bytes of a transcript line, its command) and paths. */
function harnessWords(line: string): string {
  return line
    .replace(/^(\+\s*\d+ ms .*?[→←]).*$/, '$1')
    .replace(/(Befehl|letztes Mal): .*/, '$1:')
    .replace(/\S*\/\S*/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/„[^“]*“/g, '')
    .replace(/`[^`]*`/g, '');
}

/** The harness's own words in the report's attachments: logs, and the text of each diagram. */
export function reportTexts(reportsDir: string): string[] {
  const html = readFileSync(path.join(reportsDir, 'cucumber-report.html'), 'utf8');
  const marker = 'window.CUCUMBER_MESSAGES = ';
  const start = html.indexOf(marker) + marker.length;
  const json = html.slice(start, html.indexOf('</script>', start)).trim().replace(/;$/, '');
  // The report writes "<" as the JavaScript escape \x3C, which JSON does not know.
  const envelopes = JSON.parse(json.replaceAll('\\x3C', '\\u003c')) as Envelope[];
  const texts: string[] = [];
  for (const { attachment } of envelopes) {
    if (!attachment) continue;
    if (attachment.mediaType === 'text/x.cucumber.log+plain') texts.push(attachment.body);
    if (attachment.mediaType === 'image/svg+xml') {
      const svg = Buffer.from(attachment.body, 'base64').toString('utf8');
      // The labels of the program's bytes are its own: only the diagram's words are the harness's.
      const own = svg.replace(/<g class="event" data-event="data"[\s\S]*?<\/g>/g, '');
      texts.push([...own.matchAll(/>([^<>]+)</g)].map((match) => match[1]).join('\n'));
    }
  }
  return texts;
}

/** What is not German in a failing run in German, or undefined when all of it is. */
export function germanProblem(
  output: string,
  command: string,
  reportsDir: string,
  summary: Summary,
): string | undefined {
  const inTerminal = englishInText(output, command);
  if (inTerminal) return `English in the terminal output of a German run: "${inTerminal}"`;
  for (const text of reportTexts(reportsDir)) {
    const found = englishInText(text.replace(/&(lt|gt|amp);/g, ' '), command);
    if (found) return `English in a report attachment of a German run: "${found}"`;
  }
  const missing = summary.scenarios
    .filter((scenario) => scenario.status === 'failed')
    .filter((scenario) => !existsSync(path.join(reportsDir, 'diagrams', diagramFileName(scenario.name))));
  if (missing.length) return `no sequence diagram for the failed scenario "${missing[0]?.name}"`;
  return undefined;
}

/**
 * The fields of summary.json that say what came out, without the sentences and the durations: the
 * verdicts, the counts, each requirement's level, status, scenarios, evidence and blocking
 * requirements, and each scenario's outcome and the requirement it names. As JSON text, so that two
 * runs compare byte for byte.
 */
/**
 * What a scenario's line evidence decides: whether a line of each kind was kept and whether one was
 * broken. How many lines a program got out before the harness closed (an over-long line, an answer
 * without Quit) depends on timing, and a second run may count others without a different outcome.
 */
function evidence(lines: Record<string, { kept: number; broken: number }> | undefined) {
  return lines ? Object.entries(lines).map(([id, { kept, broken }]) => [id, kept > 0, broken > 0]) : null;
}

export function outcomeFields(summary: Summary): string {
  return JSON.stringify({
    verdict: summary.verdict,
    verdicts: summary.verdicts,
    strict: summary.strict,
    counts: summary.counts,
    requirements: Object.entries(summary.requirements).map(([id, r]) => [
      id,
      r.level,
      r.status,
      r.scenarios,
      r.lines === undefined ? null : r.lines > 0,
      r.blockedBy ?? null,
    ]),
    scenarios: summary.scenarios.map((s) => [
      s.name,
      s.role,
      s.requirements,
      s.level,
      s.status,
      s.violated ?? null,
      s.failure?.requirement ?? null,
      evidence(s.lines),
    ]),
  });
}

/** Each test case of a JUnit report (support/report/junit.ts) as "name: outcome violated element", one a line. */
export function junitOutcomes(xml: string): string {
  return xml
    .split('<testcase ')
    .slice(1)
    .map((testCase) => {
      const name = /\bname="([^"]*)"/.exec(testCase)?.[1];
      const property = (key: string) =>
        new RegExp(`<property name="${key}" value="([^"]*)"/>`).exec(testCase)?.[1];
      const element = /<(failure|skipped)\b/.exec(testCase)?.[1] ?? 'none';
      return `${name}: ${property('outcome')} ${property('violated') ?? '-'} ${element}`;
    })
    .join('\n');
}

/** Where a German and an English run of the same program differ in what came out, or undefined. */
export function languageDifference(
  german: { summary: Summary; junit: string },
  english: { summary: Summary; junit: string },
): string | undefined {
  if (outcomeFields(german.summary) !== outcomeFields(english.summary))
    return `summary.json's outcome fields differ between German and English:\n  de ${outcomeFields(german.summary)}\n  en ${outcomeFields(english.summary)}`;
  if (junitOutcomes(german.junit) !== junitOutcomes(english.junit))
    return `the JUnit outcomes differ between German and English:\n${junitOutcomes(german.junit)}\n---\n${junitOutcomes(english.junit)}`;
  return undefined;
}
