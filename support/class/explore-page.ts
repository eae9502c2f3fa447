// What `class --explore` shows: a student's exploration in a sentence (the terminal's student line, the
// class page's cell and section), the student's own page (students/<name>/explore/index.html) with the
// finding, its scenario and the command that reruns it. Rendered from class.json's typed `explore`
// values in the run's language; nothing here grades.

import { t } from '../messages';
import { xmlText } from '../report/xml';
import { shellQuote } from './checks';
import { href, page } from './page';
import type { ClassResult, ExploreResult, StudentResult } from './results';

/** The student's page, relative to the class reports. */
export function explorePagePath(name: string): string {
  return `students/${name}/explore/index.html`;
}

/** The exploration in a sentence: the finding, none in so many sequences, or why it is inconclusive. */
export function exploreText(explore: ExploreResult): string {
  const m = t().classExplore;
  const { finding } = explore;
  if (explore.outcome === 'found' && finding)
    return m.found(finding.requirement, t().level[finding.level], finding.movesBefore, finding.moves);
  if (explore.outcome === 'none') return m.none(explore.sequences);
  if (explore.problem === 'timed-out') return m.timedOut(Math.round(explore.ms / 1000));
  if (explore.problem === 'no-summary') return m.noSummary(explore.exitCode);
  return m.disturbed(explore.sequences);
}

/**
 * The command that reruns the finding's scenario on the student's server, in the student's folder. The
 * feature file is named under $REPORTS (the class reports' folder), so that the page says the same
 * after `class merge` into another folder.
 */
export function rerunCommand(folder: string, student: StudentResult, feature: string): string {
  const dir = `${folder}/${student.name}`;
  // Quoted only where the shell would change it: the whole is quoted once more for sh -c.
  const server = `cd ${/^[\w./:@%+,-]+$/.test(dir) ? dir : shellQuote(dir)} && ${student.commands.server ?? ''}`;
  return `npx mpp-conformance server --feature "$REPORTS/${feature}" -- sh -c ${shellQuote(server)}`;
}

/** How an exploration's cell is coloured and sorted: a finding first. */
const LOOK: Record<ExploreResult['outcome'], { css: string; sort: number }> = {
  found: { css: 'failed', sort: 0 },
  inconclusive: { css: 'inconclusive', sort: 1 },
  none: { css: 'passed', sort: 2 },
};

/** index.html's cell of a student: the finding's requirement and moves, linked to the student's page. */
export function exploreCell(student: StudentResult): string {
  const explore = student.explore;
  if (!explore) return '<td class="none" data-sort="3">–</td>';
  const { css, sort } = LOOK[explore.outcome];
  const mark =
    explore.outcome === 'found' && explore.finding
      ? `${explore.finding.requirement} ${explore.finding.movesBefore}→${explore.finding.moves}`
      : { found: '✗', none: '✓', inconclusive: '?' }[explore.outcome];
  const tip = `${exploreText(explore)}; ${t().classExplore.seed(explore.seed, student.name)}`;
  return `<td class="${css}" data-sort="${sort}" title="${xmlText(tip)}"><a href="${href(explorePagePath(student.name))}">${xmlText(mark)}</a></td>`;
}

/** A link from the page at `from` (relative to the class reports) to `to`. */
function link(from: string, to: string, text: string): string {
  const depth = from.split('/').length - 1;
  return `<a href="${href(`${'../'.repeat(depth)}${to}`)}">${xmlText(text)}</a>`;
}

/** A student's exploration as a paragraph of links, seen from the page at `from`. */
function exploreLines(result: ClassResult, student: StudentResult, from: string): string {
  const explore = student.explore as ExploreResult;
  const m = t().classExplore;
  const links = [link(from, `${explore.reports}/output.log`, m.output)];
  const lines = [`<b>${xmlText(exploreText(explore))}</b>`, xmlText(m.seed(explore.seed, student.name))];
  const { finding } = explore;
  if (finding) {
    const scenario = finding.feature.replace(/\.feature$/, '');
    links.unshift(
      link(from, finding.feature, m.feature),
      link(from, `${scenario}/cucumber-report.html`, m.report),
    );
    lines.push(xmlText(m.status(t().outcome[finding.status])));
  }
  const rerun = finding
    ? `<br>${xmlText(m.rerun)}<br><code>${xmlText(rerunCommand(result.folder, student, finding.feature))}</code>`
    : '';
  return `${lines.join(' · ')} · ${links.join(' · ')}${rerun}`;
}

/** The budget of the run's explorations, in seconds (the same for every student of a run). */
function budgetSeconds(result: ClassResult): number | undefined {
  const explored = result.students.find((student) => student.explore);
  return explored?.explore && explored.explore.budgetMs / 1000;
}

/** index.html's section: what exploration is and is not, and each student's exploration; empty without --explore. */
export function exploreSection(result: ClassResult): string {
  const seconds = budgetSeconds(result);
  if (seconds === undefined) return '';
  const m = t().classExplore;
  const items = result.students
    .filter((student) => student.explore)
    .map(
      (student) =>
        `<li id="explore-${xmlText(student.name)}">${xmlText(student.name)}: ${exploreLines(result, student, 'index.html')}</li>`,
    );
  return `\n<h2 id="explore">${xmlText(m.heading)}</h2>\n<p>${xmlText(m.notGraded(seconds))}</p>\n<ul>\n${items.join('\n')}\n</ul>`;
}

/** The student's own page of the exploration. */
export function explorePage(result: ClassResult, student: StudentResult): string {
  const m = t().classExplore;
  const from = explorePagePath(student.name);
  const body = `<h1>${xmlText(m.title(student.name))}</h1>
<p>${exploreLines(result, student, from)}</p>
<p>${xmlText(m.notGraded((student.explore as ExploreResult).budgetMs / 1000))}</p>
<p>${link(from, 'index.html', m.back)}</p>`;
  return page(m.title(student.name), body);
}
