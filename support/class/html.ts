// The class reports as self-contained HTML pages: index.html (a row per student, a column per
// requirement of each role, coloured by outcome, the failure sentence on hover) and matrix.html
// (clients × servers, each cell linking to its transcript). Everything a student wrote (names,
// commands, messages) is escaped; the pages need no network and no files besides the linked reports.

import type { RequirementOutcome, TargetRole } from '../judging/result';
import { t } from '../messages';
import { xmlText } from '../report/xml';
import { exploreCell, exploreSection } from './explore-page';
import { href, page } from './page';
import { matrixRule } from './plan';
import {
  type Cell,
  type ClassResult,
  columns,
  type GradePolicy,
  interop,
  outcomeText,
  points,
  policyText,
  REFERENCE,
  type StudentResult,
  sandboxSentences,
  verdictText,
} from './results';

/** Sort keys: the worst outcome first when a column is sorted ascending. */
const STATUS_ORDER = ['failed', 'inconclusive', 'blocked', 'skipped', 'observed', 'not-checked', 'passed'];
const VERDICT_ORDER = [
  'error',
  'build failed',
  'not checked',
  'not run',
  'non-conformant',
  'inconclusive',
  'none',
  'conformant',
];

function order(list: string[], value: string): number {
  const index = list.indexOf(value);
  return index < 0 ? list.length : index;
}

function cssClass(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function legend(): string {
  const items = ['passed', 'failed', 'blocked', 'inconclusive', 'observed', 'skipped', 'not-checked'];
  return `<p class="legend">${items.map((item) => `<span class="${item}">${item}</span>`).join('')} — hover a cell for the reason; click a header to sort.</p>`;
}

const ROLES: TargetRole[] = ['server', 'client'];

/** A role's requirement columns. */
interface Group {
  role: TargetRole;
  ids: string[];
}

/** The two header rows: the roles over their requirements, then every column's name (sortable by its number). */
function indexHead(fixed: string[], groups: Group[]): string {
  let col = 0;
  const head1 = `<tr><th colspan="${fixed.length}"></th>${groups
    .map((group) => `<th colspan="${group.ids.length}">${group.role} requirements</th>`)
    .join('')}</tr>`;
  const head2 = `<tr>${fixed.map((name) => `<th data-col="${col++}">${name}</th>`).join('')}${groups
    .flatMap((group) =>
      group.ids.map((id) => `<th class="r" data-col="${col++}" title="${group.role} ${id}">${id}</th>`),
    )
    .join('')}</tr>`;
  return `${head1}${head2}`;
}

/** The student's name, its problem and what the sandbox refused, and links to its reports. */
function nameCell(student: StudentResult, sandbox: ClassResult['sandbox']): string {
  const links = ROLES.filter((role) => student[role]).map(
    (role) => `<a href="${href(`${student[role]?.reports}/cucumber-report.html`)}">${role} report</a>`,
  );
  const title = [student.source, student.problem].filter(Boolean).join('\n');
  const refused = sandboxSentences(student, sandbox)
    .map((sentence) => ` <small class="problem">${xmlText(sentence)}</small>`)
    .join('');
  return `<td class="name" data-sort="${xmlText(student.name)}" title="${xmlText(title)}"><b>${xmlText(student.name)}</b>${
    student.problem ? ` <small class="problem">${xmlText(student.problem)}</small>` : ''
  }${refused}${links.length ? ` <small>${links.join(' · ')}</small>` : ''}</td>`;
}

function buildCell(build: StudentResult['build']): string {
  return build
    ? `<td class="${cssClass(build.status)}" data-sort="${build.status}" title="${xmlText(build.command)}"><a href="${href(build.log)}">${build.status}</a></td>`
    : '<td class="none" data-sort="none">–</td>';
}

function verdictCell(student: StudentResult, role: TargetRole): string {
  const verdict = verdictText(student, role);
  const note = student[role]?.note ?? student[role]?.command ?? '';
  return `<td class="${cssClass(verdict)}" data-sort="${order(VERDICT_ORDER, verdict)}" title="${xmlText(note)}">${xmlText(verdict)}</td>`;
}

/** Points (the blocked count and policy on hover) and the interop cells passed. */
function numberCells(student: StudentResult, cells: Cell[], policy: GradePolicy): string {
  const score = points(student, policy);
  const matrix = interop(student.name, cells);
  return [
    `<td data-sort="${score.points}" title="${score.blocked} blocked requirement${score.blocked === 1 ? '' : 's'}: ${policy.blocked}">${score.points} / ${score.max}</td>`,
    `<td data-sort="${matrix.total ? matrix.passed / matrix.total : -1}">${matrix.passed} / ${matrix.total}</td>`,
  ].join('');
}

function requirementCell(student: StudentResult, role: TargetRole, id: string, policy: GradePolicy): string {
  const outcome = student[role]?.requirements[id];
  if (!outcome) return '<td class="r none" data-sort="99"></td>';
  const tip = `${role} ${id} (${outcome.level.toUpperCase()}): ${outcomeText(outcome, policy)}`;
  const marks: Partial<Record<RequirementOutcome, string>> = { passed: '✓', failed: '✗' };
  const mark = marks[outcome.status] ?? outcome.status.slice(0, 2);
  return `<td class="r ${cssClass(outcome.status)}" data-sort="${order(STATUS_ORDER, outcome.status)}" title="${xmlText(tip)}">${xmlText(mark)}</td>`;
}

function studentRow(
  student: StudentResult,
  result: ClassResult,
  policy: GradePolicy,
  groups: Group[],
  explored: boolean,
): string {
  const requirements = groups.flatMap((group) =>
    group.ids.map((id) => requirementCell(student, group.role, id, policy)),
  );
  return `<tr>${nameCell(student, result.sandbox)}${buildCell(student.build)}${ROLES.map((role) => verdictCell(student, role)).join('')}${numberCells(student, result.matrix.cells, policy)}${explored ? exploreCell(student) : ''}${requirements.join('')}</tr>`;
}

export function indexHtml(result: ClassResult, policy: GradePolicy): string {
  // The explore column only where servers were explored (--explore): other pages stay as they were.
  const explored = result.students.some((student) => student.explore);
  const fixed = [
    'student',
    'build',
    'server',
    'client',
    'points',
    'interop',
    ...(explored ? [t().classExplore.column] : []),
  ];
  const groups = ROLES.map((role) => ({ role, ids: columns(role) }));
  const rows = result.students.map((student) => studentRow(student, result, policy, groups, explored));
  const body = `<h1>Multiple-Ports protocol: class report</h1>
<p class="meta">${xmlText(result.folder)} · ${result.students.length} students · ${xmlText(result.started)} · ${(result.wallMs / 1000).toFixed(1)} s with ${result.parallel} at a time · ${xmlText(result.isolation)}</p>
<p class="policy">Grades: ${xmlText(policyText(policy))}</p>
<p><a href="matrix.html">Interop matrix</a> · <a href="grades.csv">grades.csv</a> · <a href="class.json">class.json</a></p>
${legend()}
<table><thead>${indexHead(fixed, groups)}</thead><tbody>
${rows.join('\n')}
</tbody></table>${exploreSection(result)}`;
  return page('Class report', body);
}

/** "client anna breaks C3 with server ben": the side of a failed cell that broke the protocol. */
export function blameText(cell: Cell): string | undefined {
  if (!cell.blame) return undefined;
  const { side, requirement } = cell.blame;
  const [name, other] = side === 'client' ? [cell.client, cell.server] : [cell.server, cell.client];
  return t().classRun.blame(side, name, requirement, other);
}

export function matrixHtml(result: ClassResult): string {
  const m = t().classRun;
  const { clients, servers, cells } = result.matrix;
  const label = (name: string, role: TargetRole) =>
    name === REFERENCE ? `<i>${xmlText(m.reference(role))}</i>` : xmlText(name);
  const head = `<tr><th data-col="0">${xmlText(m.corner)}</th>${servers.map((server, i) => `<th data-col="${i + 1}">${label(server, 'server')}</th>`).join('')}</tr>`;
  const rows = clients.map((client) => {
    const row = servers.map((server) => {
      const cell = cells.find((c) => c.client === client && c.server === server);
      if (!cell) return '<td class="none" data-sort="3"></td>';
      const blame = blameText(cell);
      const mark = `${{ passed: '✓', failed: '✗', 'not-run': '–' }[cell.outcome]}${cell.blame ? ` ${cell.blame.side[0]} ${cell.blame.requirement}` : ''}`;
      const tip = `${m.pair(client, server, m.cell[cell.outcome])}${blame ? `: ${blame}` : ''}${cell.reason ? `\n${cell.reason}` : ''}`;
      const content = cell.transcript ? `<a href="${href(cell.transcript)}">${mark}</a>` : mark;
      return `<td class="${cssClass(cell.outcome)}" data-sort="${{ failed: 0, 'not-run': 1, passed: 2 }[cell.outcome]}" title="${xmlText(tip)}">${content}</td>`;
    });
    return `<tr><td class="name" data-sort="${xmlText(client)}">${label(client, 'client')}</td>${row.join('')}</tr>`;
  });
  const passed = cells.filter((cell) => cell.outcome === 'passed').length;
  const blamed = cells.flatMap((cell) => {
    const text = blameText(cell);
    return text
      ? [
          `<li>${cell.transcript ? `<a href="${href(cell.transcript)}">${xmlText(text)}</a>` : xmlText(text)}</li>`,
        ]
      : [];
  });
  const body = `<h1>${xmlText(m.matrixTitle)}</h1>
<p class="meta">${xmlText(`${matrixRule(result.matrix.mode)} ${m.about(passed, cells.length)}`)}</p>
<p><a href="index.html">${xmlText(m.classReport)}</a></p>
<table><thead>${head}</thead><tbody>
${rows.join('\n')}
</tbody></table>${blamed.length ? `\n<h2>${xmlText(m.whoBroke)}</h2>\n<ul>\n${blamed.join('\n')}\n</ul>` : ''}`;
  return page(m.matrixTitle, body, t().locale);
}
