// The frame of the class reports' pages: one style, a script that sorts a table by its clicked header,
// and relative links to the reports' files. Self-contained: the pages need no network.

import { xmlText } from '../report/xml';

/** A relative link to a file of the reports, each path segment encoded (a student may be "a b#1"). */
export function href(relative: string): string {
  return xmlText(relative.split('/').map(encodeURIComponent).join('/'));
}

const STYLE = `
body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; margin: 0 0 .3em; }
p.meta { color: #555; margin: .2em 0 1em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: center; white-space: nowrap; }
th { background: #f2f2f2; position: sticky; top: 0; }
th[data-col] { cursor: pointer; }
th[data-col]:hover { background: #e0e0ff; }
td.name { text-align: left; white-space: normal; min-width: 12em; max-width: 26em; }
td.name small { color: #666; }
td.name small.problem { display: block; color: #b71c1c; }
.passed, .conformant, .ok { background: #c8e6c9; }
.failed, .non-conformant, .error, .build-failed, .timed-out { background: #ffcdd2; }
.blocked { background: #ffe0b2; }
.inconclusive { background: #e1bee7; }
.observed { background: #bbdefb; }
.skipped, .not-checked, .not-run, .none { background: #eeeeee; color: #777; }
td.r { font-size: 12px; min-width: 1.4em; padding: 2px 3px; }
th.r { padding: 3px 3px; font-size: 12px; }
a { color: #1a4fa0; }
.legend span { display: inline-block; padding: 1px 6px; margin-right: 4px; border: 1px solid #ccc; }
`;

/** A few lines that sort a table by the clicked header (numbers as numbers, data-sort where given). */
const SORT_SCRIPT = `
for (const th of document.querySelectorAll('th[data-col]')) th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0], col = +th.dataset.col;
  const dir = th.dataset.dir = th.dataset.dir === 'up' ? 'down' : 'up';
  const key = (row) => { const cell = row.cells[col]; return cell ? (cell.dataset.sort ?? cell.textContent.trim()) : ''; };
  const rows = [...body.rows].sort((a, b) => {
    const x = key(a), y = key(b);
    const c = x !== '' && y !== '' && !isNaN(x) && !isNaN(y) ? x - y : x.localeCompare(y);
    return dir === 'up' ? c : -c;
  });
  for (const row of rows) body.appendChild(row);
});
`;

export function page(title: string, body: string, lang = 'en'): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${xmlText(title)}</title>
<style>${STYLE}</style></head>
<body>
${body}
<script>${SORT_SCRIPT}</script>
</body></html>
`;
}
