// A scenario's transcript drawn as a sequence diagram, the way the sheet drew its example: a lifeline
// for each client and one for each port of the server, an arrow for each message. It is an SVG text
// made without a browser or the network, so that the HTML report can show it inline and a student
// can open the file beside the report. Ports carry the sheet's numbers (10001, 10002, …), the bytes
// on the arrows are the real ones.

import { t } from '../messages';

import { type PortPlan, SHEET_DEFAULT_PORT, SHEET_POOL_FIRST } from '../wire/port-plan';
import { visible, visibleSpaces } from '../wire/protocol';
import type { TranscriptEntry } from '../wire/transcript';
import { xmlText } from './xml';

export interface DiagramFailure {
  /** The requirement that failed, e.g. "S4". */
  requirement: string;
  /** What should have come, as a violation shows it: `"Quit⏎"` (wire text) or `[a description]`. */
  expected?: string;
  /** When the check failed (Date.now()); without it the failure is drawn after the last event. */
  at?: number;
  /** The port and connection the check waited on; without them, the connection that was last open. */
  port?: number;
  connection?: string;
}

export interface DiagramInput {
  entries: readonly TranscriptEntry[];
  /** Who is under test: the server (the harness plays clients) or a client (the harness plays the server). */
  role: 'server' | 'client';
  plan?: PortPlan;
  failure?: DiagramFailure;
  title?: string;
  /** When the scenario began (Date.now()); time offsets count from it, else from the first event. */
  startedAt?: number;
  /** Events the transcript did not keep (it caps its size). */
  dropped?: number;
  /** At most this many events are drawn; the rest are counted in a line of their own. */
  maxEvents?: number;
}

const MAX_EVENTS = 60;
/** Characters of one line of wire text on an arrow, and lines of one arrow. */
const MAX_LABEL = 44;
const MAX_LABEL_LINES = 3;
/** After the failure, this many events are still drawn (what the harness saw while it gave up). */
const AFTER_FAILURE = 6;

const MONO = "'DejaVu Sans Mono', Menlo, Consolas, monospace";
const SANS = "'DejaVu Sans', Verdana, Arial, sans-serif";
/** Estimated advance of one character at 12 px; generous so that text never overflows its box. */
const CHAR = 7.3;
const TIME_COLUMN = 84;
const MARGIN = 16;
const LINE = 15;

const COLOR = {
  ink: '#1f2328',
  faint: '#6e7781',
  lifeline: '#8c959f',
  connect: '#0969da',
  close: '#57606a',
  reset: '#bc4c00',
  refused: '#8250df',
  failure: '#cf222e',
  note: '#fff8c5',
  noteEdge: '#d4a72c',
  box: '#f6f8fa',
  lineEnd: '#1b7c83',
};

type Side = 'client' | 'port';

interface Lifeline {
  key: string;
  side: Side;
  title: string;
  small?: string;
  width: number;
  x: number;
}

type Row =
  | { kind: 'event'; entry: TranscriptEntry }
  | { kind: 'failure'; failure: DiagramFailure; at?: number }
  | { kind: 'gap'; count: number; from: number; to: number };

/** Draws the transcript as an SVG document (a pure function of its input). */
export function renderSequenceDiagram(input: DiagramInput): string {
  const startedAt = input.startedAt ?? input.entries[0]?.at ?? input.failure?.at ?? 0;
  const rows = capped(withFailure(input.entries, input.failure), input.maxEvents ?? MAX_EVENTS);
  const dropped = input.dropped ?? 0;
  const lifelines = lifelinesOf(rows, input);
  const drawn = rows.map((row) => shapeRow(row, rows, input, lifelines, startedAt));
  const pads = spread(lifelines, drawn, input.role);

  const legend = legendItems();
  const width = widthOf(lifelines, pads, drawn, legend, input.title);

  const out: string[] = [];
  let y = MARGIN;
  if (input.title) {
    y += 16;
    out.push(text(MARGIN, y, input.title, { size: 15, weight: 'bold' }));
    y += 10;
  }
  y = header(out, lifelines, pads, y + 8, input.role);
  const top = y;
  y += 10;
  const body: string[] = [];
  for (const row of drawn) {
    body.push(row.draw(y, width));
    y += row.height;
  }
  const endNote = droppedLine(dropped);
  if (endNote) {
    y += 4;
    body.push(text(TIME_COLUMN, y + 12, endNote, { color: COLOR.faint, italic: true }));
    y += 20;
  }
  const bottom = y + 8;
  for (const lifeline of lifelines) {
    out.push(
      `<line class="lifeline" data-key="${xmlText(lifeline.key)}" x1="${lifeline.x}" y1="${top}" x2="${lifeline.x}" y2="${bottom}" stroke="${COLOR.lifeline}" stroke-width="1" stroke-dasharray="5 4"/>`,
    );
  }
  out.push(...body);
  y = bottom + 18;
  out.push(drawLegend(legend, MARGIN, y));
  const height = Math.ceil(y + 16);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${SANS}" font-size="12">`,
    `<title>${xmlText(input.title ?? t().diagram.title)}</title>`,
    defs(),
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}

/** The document's width: wide enough for the lifelines, the widest note, the legend and the title. */
function widthOf(
  lifelines: readonly Lifeline[],
  pads: Record<Side, number>,
  drawn: readonly Shaped[],
  legend: readonly LegendItem[],
  title: string | undefined,
): number {
  const lifelineRight = Math.max(
    ...lifelines.map((l) => l.x + l.width / 2 + pads[l.side] + 6),
    TIME_COLUMN + 200,
  );
  const legendWidth = legend.reduce((sum, item) => sum + item.width, 0);
  const titleWidth = (title?.length ?? 0) * CHAR * 1.1;
  const noteWidth = Math.max(0, ...drawn.map((row) => row.noteWidth ?? 0));
  return Math.ceil(
    Math.max(
      lifelineRight + MARGIN,
      TIME_COLUMN + noteWidth + 2 * MARGIN,
      legendWidth + 2 * MARGIN,
      titleWidth + 2 * MARGIN,
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Rows: the events, the failing moment among them, and gaps where events are not drawn

function withFailure(entries: readonly TranscriptEntry[], failure?: DiagramFailure): Row[] {
  const rows: Row[] = entries.map((entry) => ({ kind: 'event', entry }));
  if (!failure) return rows;
  const at = failure.at;
  let index = rows.length;
  if (at !== undefined) {
    const after = entries.findIndex((entry) => entry.at > at);
    if (after >= 0) index = after;
  }
  rows.splice(index, 0, { kind: 'failure', failure, at });
  return rows;
}

/**
 * Keeps at most `max` events: the first ones, and the ones up to the failure (or the last ones), so
 * that a flood or a long scenario shows how it began and where it failed.
 */
function capped(rows: Row[], max: number): Row[] {
  const events = rows.filter((row) => row.kind === 'event').length;
  if (events <= max) return rows;
  const failureIndex = rows.findIndex((row) => row.kind === 'failure');
  const end = failureIndex >= 0 ? Math.min(rows.length, failureIndex + 1 + AFTER_FAILURE) : rows.length;
  const head = Math.ceil(max * 0.6);
  const keep = new Set<number>();
  let kept = 0;
  for (let i = 0; i < rows.length && kept < head; i++) {
    keep.add(i);
    if (rows[i]?.kind === 'event') kept++;
  }
  for (let i = end - 1; i >= 0 && kept < max; i--) {
    if (keep.has(i)) break;
    keep.add(i);
    if (rows[i]?.kind === 'event') kept++;
  }
  if (failureIndex >= 0) keep.add(failureIndex);

  const result: Row[] = [];
  let gap: TranscriptEntry[] = [];
  const flush = () => {
    const first = gap[0];
    const last = gap[gap.length - 1];
    if (first && last) result.push({ kind: 'gap', count: gap.length, from: first.at, to: last.at });
    gap = [];
  };
  rows.forEach((row, i) => {
    if (keep.has(i)) {
      flush();
      result.push(row);
    } else if (row.kind === 'event') gap.push(row.entry);
  });
  flush();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Lifelines: clients on the left (in the order they appear), ports on the right (in the sheet's order)

function sheetNumber(plan: PortPlan | undefined, port: number): number | undefined {
  if (!plan) return undefined;
  if (port === plan.defaultPort) return SHEET_DEFAULT_PORT;
  const index = plan.pool.indexOf(port);
  return index >= 0 ? SHEET_POOL_FIRST + index : undefined;
}

function clientKey(input: DiagramInput, connection: string): string {
  // The client under test is one program, whatever its connections are called.
  return input.role === 'client' ? 'client' : `client:${connection}`;
}

function portKey(port: number): string {
  return `port:${port}`;
}

function lifelinesOf(rows: readonly Row[], input: DiagramInput): Lifeline[] {
  const clients = new Map<string, Lifeline>();
  const ports = new Map<number, Lifeline>();
  const addClient = (connection: string) => {
    const key = clientKey(input, connection);
    if (clients.has(key)) return;
    const m = t().diagram;
    const title = input.role === 'client' ? m.client : t().client(connection) || m.client;
    const small = input.role === 'client' ? m.programUnderTest : undefined;
    clients.set(key, lifeline(key, 'client', title, small));
  };
  const addPort = (port: number) => {
    if (ports.has(port)) return;
    const sheet = sheetNumber(input.plan, port);
    const title = t().diagram.port(sheet ?? port);
    ports.set(port, lifeline(portKey(port), 'port', title, portCaption(input.plan, port, sheet)));
  };
  for (const row of rows) {
    if (row.kind !== 'event' || row.entry.event === 'note') continue;
    addClient(row.entry.connection);
    addPort(row.entry.port);
  }
  const failure = rows.find((row) => row.kind === 'failure');
  if (failure?.kind === 'failure') {
    const target = failureEnds(rows, failure.failure, input);
    if (target) {
      addClient(target.connection);
      addPort(target.port);
    }
  }
  if (clients.size === 0) addClient('client');
  const order = (port: number) => sheetNumber(input.plan, port) ?? 100000 + port;
  const sortedPorts = [...ports.entries()].sort(([a], [b]) => order(a) - order(b)).map(([, l]) => l);
  return [...clients.values(), ...sortedPorts];
}

/** The actual port in small print, where the run moved it away from the sheet's number. */
function portCaption(
  plan: PortPlan | undefined,
  port: number,
  sheet: number | undefined,
): string | undefined {
  if (sheet === undefined) return plan ? t().diagram.notScenarioPort : undefined;
  return sheet === port ? undefined : t().diagram.actual(port);
}

function lifeline(key: string, side: Side, title: string, small?: string): Lifeline {
  const width = Math.max(88, title.length * CHAR + 22, (small?.length ?? 0) * CHAR * 0.85 + 18);
  return { key, side, title, small, width, x: 0 };
}

/**
 * The connection and port the failing check waited on: the ones given, else the last connection
 * before the failure that the program under test had not ended (a check waits on an open
 * connection), else the last one.
 */
function failureEnds(
  rows: readonly Row[],
  failure: DiagramFailure,
  input: DiagramInput,
): { connection: string; port: number } | undefined {
  const index = rows.findIndex((row) => row.kind === 'failure');
  const wanted = failure.connection === undefined ? undefined : clientKey(input, failure.connection);
  const before = rows
    .slice(0, index < 0 ? rows.length : index)
    .flatMap((row) => (row.kind === 'event' && row.entry.event !== 'note' ? [row.entry] : []))
    .filter(
      (entry) =>
        (failure.port === undefined || entry.port === failure.port) &&
        (wanted === undefined || clientKey(input, entry.connection) === wanted),
    );
  const ended = new Set<string>();
  let open: TranscriptEntry | undefined;
  for (const entry of before) {
    const id = `${entry.connection}\n${entry.port}`;
    if (entry.event === 'connect') ended.delete(id);
    if (entry.from === 'target' && ['close', 'reset', 'refused'].includes(entry.event)) ended.add(id);
  }
  for (const entry of before) if (!ended.has(`${entry.connection}\n${entry.port}`)) open = entry;
  const pick = open ?? before[before.length - 1];
  const connection = failure.connection ?? pick?.connection;
  const port = failure.port ?? pick?.port;
  if (connection === undefined || port === undefined || port === 0) return undefined;
  return { connection, port };
}

// ---------------------------------------------------------------------------------------------
// Each row, measured first (so that the lifelines can make room), drawn once the layout is known

interface Shaped {
  height: number;
  /** An arrow between two lifelines that needs this much room for its label. */
  span?: { from: string; to: string; room: number };
  noteWidth?: number;
  draw(y: number, width: number): string;
}

interface Mark {
  label: string;
  color: string;
  marker: string;
  start?: string;
}

function marks(): Record<Exclude<TranscriptEntry['event'], 'data' | 'note'>, Mark> {
  const m = t().diagram;
  return {
    connect: { label: m.connect, color: COLOR.connect, marker: 'm-connect', start: 'm-origin' },
    close: { label: m.closeFin, color: COLOR.close, marker: 'm-close' },
    reset: { label: m.resetRst, color: COLOR.reset, marker: 'm-reset' },
    refused: { label: m.refused, color: COLOR.refused, marker: 'm-refused' },
  };
}

function shapeRow(
  row: Row,
  all: readonly Row[],
  input: DiagramInput,
  lifelines: Lifeline[],
  startedAt: number,
): Shaped {
  const find = (key: string) => lifelines.find((l) => l.key === key);
  switch (row.kind) {
    case 'gap': {
      const words = t().diagram.gap(row.count, offset(row.from, startedAt), offset(row.to, startedAt));
      return {
        height: 28,
        noteWidth: words.length * CHAR,
        draw: (y, width) =>
          `<g class="gap"><rect x="${TIME_COLUMN - 8}" y="${y + 4}" width="${width - TIME_COLUMN - MARGIN + 8}" height="18" fill="#ffffff" fill-opacity="0.85"/>${text(TIME_COLUMN, y + 17, words, { color: COLOR.faint, italic: true })}</g>`,
      };
    }
    case 'failure':
      return shapeFailure(row, all, input, find, startedAt);
    case 'event':
      return shapeEvent(row.entry, input, find, startedAt);
  }
}

function shapeEvent(
  entry: TranscriptEntry,
  input: DiagramInput,
  find: (key: string) => Lifeline | undefined,
  startedAt: number,
): Shaped {
  const time = offset(entry.at, startedAt);
  if (entry.event === 'note') return shapeNote(entry.text, time);
  const client = find(clientKey(input, entry.connection));
  const port = find(portKey(entry.port));
  if (!client || !port) throw new Error(`no lifeline for ${entry.connection} on ${entry.port}`);
  // Who sent it: connections always go from the client to the port; bytes and closes go from their sender.
  const harnessIsClient = input.role === 'server';
  const fromClient =
    entry.event === 'connect' || entry.event === 'refused' || (entry.from === 'harness') === harnessIsClient;
  const [from, to] = fromClient ? [client, port] : [port, client];
  const attributes = `class="event" data-event="${entry.event}" data-from="${xmlText(from.key)}" data-to="${xmlText(to.key)}"`;

  if (entry.event === 'data') return shapeData(entry.text, from, to, attributes, time);
  const mark = marks()[entry.event];
  return {
    height: LINE + 11,
    span: { from: from.key, to: to.key, room: mark.label.length * CHAR + 28 },
    draw: (y) => {
      const lineY = y + LINE + 4;
      const label = text((from.x + to.x) / 2, lineY - 5, mark.label, {
        anchor: 'middle',
        italic: true,
        color: mark.color,
        halo: true,
      });
      return `<g ${attributes}>${timeText(lineY + 4, time)}${arrow(from.x, to.x, lineY, mark.color, mark.marker, mark.start)}${label}</g>`;
    },
  };
}

/** A note of the harness's, in the time column. */
function shapeNote(note: string, time: string): Shaped {
  const words = visible(note);
  return {
    height: 30,
    noteWidth: words.length * CHAR + 24,
    draw: (y) => {
      const w = words.length * CHAR + 20;
      return `<g class="event note" data-event="note">${timeText(y + 19, time)}<rect x="${TIME_COLUMN}" y="${y + 4}" width="${w}" height="22" rx="2" fill="${COLOR.note}" stroke="${COLOR.noteEdge}"/>${text(TIME_COLUMN + 10, y + 19, words, { italic: true })}</g>`;
    },
  };
}

/** Bytes on the wire: an arrow from their sender, with the packet's lines over it. */
function shapeData(data: string, from: Lifeline, to: Lifeline, attributes: string, time: string): Shaped {
  const lines = wireLines(data);
  const room = Math.max(...lines.map((line) => line.length)) * CHAR + 28;
  return {
    height: lines.length * LINE + 11,
    span: { from: from.key, to: to.key, room },
    draw: (y) => {
      const lineY = y + lines.length * LINE + 4;
      const mid = (from.x + to.x) / 2;
      // The lines of a packet are one block, left-aligned, centred on the arrow.
      const left = mid - (Math.max(...lines.map((line) => line.length)) * CHAR) / 2;
      const labels = lines.map((line, i) =>
        text(lines.length > 1 ? left : mid, lineY - 5 - (lines.length - 1 - i) * LINE, line, {
          anchor: lines.length > 1 ? 'start' : 'middle',
          mono: !line.startsWith('… '),
          wire: !line.startsWith('… '),
          italic: line.startsWith('… '),
          halo: true,
        }),
      );
      return `<g ${attributes}>${timeText(lineY + 4, time)}${arrow(from.x, to.x, lineY, COLOR.ink, 'm-data')}${labels.join('')}</g>`;
    },
  };
}

function shapeFailure(
  row: Extract<Row, { kind: 'failure' }>,
  all: readonly Row[],
  input: DiagramInput,
  find: (key: string) => Lifeline | undefined,
  startedAt: number,
): Shaped {
  const { failure } = row;
  const ends = failureEnds(all, failure, input);
  const client = ends && find(clientKey(input, ends.connection));
  const port = ends && find(portKey(ends.port));
  // What should have come, came from the program under test: its side sends the expected arrow.
  const [from, to] = input.role === 'server' ? [port, client] : [client, port];
  const expected =
    failure.expected === undefined ? undefined : t().diagram.expected(expectedText(failure.expected));
  const arrowEnds = from && to && expected ? { from, to, expected } : undefined;
  const words = expected ?? t().diagram.failedHere;
  const time = row.at === undefined ? '' : offset(row.at, startedAt);
  return {
    height: LINE * 2 + 20,
    span: arrowEnds && { from: arrowEnds.from.key, to: arrowEnds.to.key, room: words.length * CHAR + 28 },
    noteWidth: arrowEnds ? undefined : words.length * CHAR + 40,
    draw: (y, width) => {
      const lineY = y + LINE * 2 + 8;
      const parts = [
        `<rect x="4" y="${y + 2}" width="${width - 8}" height="${LINE * 2 + 16}" rx="3" fill="${COLOR.failure}" fill-opacity="0.08" stroke="${COLOR.failure}" stroke-opacity="0.5"/>`,
        text(TIME_COLUMN - 10, y + LINE + 4, `✗ ${failure.requirement}`, {
          anchor: 'end',
          color: COLOR.failure,
          weight: 'bold',
        }),
        text(TIME_COLUMN - 10, lineY + 4, time, { anchor: 'end', color: COLOR.failure, size: 11 }),
      ];
      if (arrowEnds) {
        const { from, to } = arrowEnds;
        parts.push(
          arrow(from.x, to.x, lineY, COLOR.failure, 'm-expected', undefined, '6 4'),
          text((from.x + to.x) / 2, lineY - 5, words, {
            anchor: 'middle',
            mono: true,
            color: COLOR.failure,
            halo: true,
          }),
        );
      } else {
        parts.push(text(TIME_COLUMN, lineY - 5, words, { mono: true, color: COLOR.failure }));
      }
      const direction = arrowEnds
        ? ` data-from="${xmlText(arrowEnds.from.key)}" data-to="${xmlText(arrowEnds.to.key)}"`
        : '';
      return `<g class="failure" data-requirement="${xmlText(failure.requirement)}"${direction}>${parts.join('')}</g>`;
    },
  };
}

/** The violation's expectation: wire text in quotes gets visible spaces, a [description] stays as it is. */
function expectedText(expected: string): string {
  return /^".*"$/s.test(expected) ? visibleSpaces(expected) : visible(expected);
}

/** Wire text as label lines: one per line of the text, line ends and spaces visible, long ones cut. */
function wireLines(raw: string): string[] {
  const parts = raw.split('\n');
  const lines = parts
    .map((part, i) => (i < parts.length - 1 ? `${part}\n` : part))
    .filter((part) => part.length > 0)
    .map((part) => {
      const shown = visibleSpaces(part);
      return shown.length > MAX_LABEL
        ? `${shown.slice(0, MAX_LABEL - 4)}… ${t().diagram.bytes(part.length)}`
        : shown;
    });
  if (lines.length === 0) return [t().diagram.empty];
  if (lines.length <= MAX_LABEL_LINES) return lines;
  const kept = lines.slice(0, MAX_LABEL_LINES - 1);
  return [...kept, t().diagram.moreLines(lines.length - kept.length)];
}

function offset(at: number, startedAt: number): string {
  return `+${Math.max(0, Math.round(at - startedAt))} ms`;
}

function droppedLine(dropped: number): string | undefined {
  return dropped > 0 ? t().diagram.dropped(dropped) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Layout: lifelines far enough apart for their boxes and for the labels of the arrows between them

/** Places the lifelines; returns how far each group's frame reaches beyond its boxes to hold its title. */
function spread(
  lifelines: Lifeline[],
  rows: readonly Shaped[],
  role: DiagramInput['role'],
): Record<Side, number> {
  const gaps = lifelines.slice(1).map((l, i) => {
    const previous = lifelines[i] as Lifeline;
    return (previous.width + l.width) / 2 + (previous.side === l.side ? 14 : 40);
  });
  const index = (key: string) => lifelines.findIndex((l) => l.key === key);
  const spans = rows
    .flatMap((row) => (row.span ? [row.span] : []))
    .map((span) => {
      const [a, b] = [index(span.from), index(span.to)].sort((x, y) => x - y) as [number, number];
      return { a, b, room: span.room };
    })
    .sort((x, y) => x.b - x.a - (y.b - y.a));
  for (const { a, b, room } of spans) {
    const have = gaps.slice(a, b).reduce((sum, gap) => sum + gap, 0);
    if (have >= room) continue;
    const extra = (room - have) / (b - a);
    for (let i = a; i < b; i++) gaps[i] = (gaps[i] ?? 0) + extra;
  }
  const titles = groupTitles(role);
  const pads = { client: 0, port: 0 };
  for (const side of ['client', 'port'] as const) {
    const first = lifelines.findIndex((l) => l.side === side);
    const last = lifelines.findLastIndex((l) => l.side === side);
    if (first < 0) continue;
    const span =
      gaps.slice(first, last).reduce((sum, gap) => sum + gap, 0) +
      ((lifelines[first]?.width ?? 0) + (lifelines[last]?.width ?? 0)) / 2;
    pads[side] = Math.max(0, (titles[side].length * CHAR + 16 - span) / 2);
  }
  const between = lifelines.findIndex((l) => l.side === 'port');
  if (between > 0) gaps[between - 1] = (gaps[between - 1] ?? 0) + pads.client + pads.port;
  let x = TIME_COLUMN + MARGIN + pads.client + (lifelines[0]?.width ?? 0) / 2;
  lifelines.forEach((l, i) => {
    if (i > 0) x += gaps[i - 1] ?? 0;
    l.x = Math.round(x);
  });
  return pads;
}

function groupTitles(role: DiagramInput['role']): Record<Side, string> {
  const m = t().diagram;
  return role === 'server'
    ? { client: m.harnessClients, port: m.serverUnderTest }
    : { client: m.clientUnderTest, port: m.harnessServer };
}

function header(
  out: string[],
  lifelines: readonly Lifeline[],
  pads: Record<Side, number>,
  y: number,
  role: DiagramInput['role'],
): number {
  const titles = groupTitles(role);
  const boxHeight = 38;
  const groupTop = y;
  const boxTop = y + 20;
  for (const side of ['client', 'port'] as const) {
    const members = lifelines.filter((l) => l.side === side);
    const first = members[0];
    const last = members[members.length - 1];
    if (!first || !last) continue;
    const left = first.x - first.width / 2 - 6 - pads[side];
    const right = last.x + last.width / 2 + 6 + pads[side];
    out.push(
      `<rect class="group" x="${left}" y="${groupTop}" width="${right - left}" height="${boxTop + boxHeight + 6 - groupTop}" rx="6" fill="none" stroke="#d0d7de"/>`,
      text(left + 8, groupTop + 14, titles[side], { size: 11, color: COLOR.faint, weight: 'bold' }),
    );
  }
  for (const l of lifelines) {
    const attributes =
      l.side === 'port'
        ? `data-port="${xmlText(l.title.replace(/^\S+ /, ''))}" data-actual="${xmlText(l.key.replace('port:', ''))}"`
        : `data-name="${xmlText(l.title)}"`;
    out.push(
      `<g class="participant" data-key="${xmlText(l.key)}" ${attributes}>`,
      `<rect x="${l.x - l.width / 2}" y="${boxTop}" width="${l.width}" height="${boxHeight}" rx="3" fill="${COLOR.box}" stroke="#57606a"/>`,
      text(l.x, boxTop + (l.small ? 16 : 23), l.title, { anchor: 'middle', weight: 'bold' }),
      l.small ? text(l.x, boxTop + 31, l.small, { anchor: 'middle', size: 10, color: COLOR.faint }) : '',
      '</g>',
    );
  }
  return boxTop + boxHeight + 6;
}

// ---------------------------------------------------------------------------------------------
// Drawing primitives

function arrow(x1: number, x2: number, y: number, color: string, end: string, start?: string, dash?: string) {
  // The line stops short of the lifeline by the marker's length, so that the tip sits on the lifeline.
  const direction = Math.sign(x2 - x1);
  const tip = end === 'm-refused' ? 7 : end === 'm-reset' ? 6 : 1;
  return `<line x1="${x1}" y1="${y}" x2="${x2 - direction * tip}" y2="${y}" stroke="${color}" stroke-width="1.4"${dash ? ` stroke-dasharray="${dash}"` : ''} marker-end="url(#${end})"${start ? ` marker-start="url(#${start})"` : ''}/>`;
}

function timeText(y: number, time: string): string {
  return text(TIME_COLUMN - 10, y, time, { anchor: 'end', color: COLOR.faint, size: 11, mono: true });
}

interface TextStyle {
  anchor?: 'start' | 'middle' | 'end';
  size?: number;
  weight?: 'bold';
  italic?: boolean;
  mono?: boolean;
  color?: string;
  halo?: boolean;
  /** Wire text: line ends, tabs, bytes and spaces made visible stand out. */
  wire?: boolean;
}

function text(x: number, y: number, content: string, style: TextStyle = {}): string {
  const attributes = [
    `x="${round(x)}"`,
    `y="${round(y)}"`,
    style.anchor && style.anchor !== 'start' ? `text-anchor="${style.anchor}"` : '',
    style.size ? `font-size="${style.size}"` : '',
    style.weight ? `font-weight="${style.weight}"` : '',
    style.italic ? 'font-style="italic"' : '',
    style.mono ? `font-family="${MONO}"` : '',
    style.color ? `fill="${style.color}"` : `fill="${COLOR.ink}"`,
    // A white outline behind the glyphs keeps a label legible where it crosses a lifeline.
    style.halo ? 'stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"' : '',
    // Spaces in wire text are shown as "·"; others must not collapse either.
    'xml:space="preserve"',
  ].filter(Boolean);
  return `<text ${attributes.join(' ')}>${style.wire ? wireMarkup(content) : xmlText(content)}</text>`;
}

/** Line ends and invisible bytes in a colour of their own, so that they stand out from the message. */
function wireMarkup(content: string): string {
  return content
    .split(/(⏎|\\r|\\t|\\x[0-9a-f]{2}|·)/)
    .map((part, i) => {
      if (i % 2 === 0) return xmlText(part);
      const color = part === '·' ? COLOR.lifeline : COLOR.lineEnd;
      return `<tspan fill="${color}"${part === '⏎' ? ' font-weight="bold"' : ''}>${xmlText(part)}</tspan>`;
    })
    .join('');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function defs(): string {
  const head = (id: string, color: string, open = false) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,1 L10,5 L0,9${open ? '' : ' z'}" fill="${open ? 'none' : color}" stroke="${color}" stroke-width="1.4"/></marker>`;
  return [
    '<defs>',
    head('m-data', COLOR.ink),
    head('m-connect', COLOR.connect, true),
    head('m-expected', COLOR.failure),
    `<marker id="m-origin" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse"><circle cx="5" cy="5" r="3.5" fill="#ffffff" stroke="${COLOR.connect}" stroke-width="1.4"/></marker>`,
    // A close ends the arrow in a bar: the stream ends here.
    `<marker id="m-close" viewBox="0 0 10 14" refX="9" refY="7" markerWidth="10" markerHeight="14" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,2 L8,7 L0,12" fill="none" stroke="${COLOR.close}" stroke-width="1.4"/><path d="M9,0 L9,14" stroke="${COLOR.close}" stroke-width="2.2"/></marker>`,
    // A reset ends the arrow in a cross: the connection is torn down.
    `<marker id="m-reset" viewBox="0 0 12 12" refX="6" refY="6" markerWidth="12" markerHeight="12" markerUnits="userSpaceOnUse" orient="auto"><path d="M1,1 L11,11 M11,1 L1,11" stroke="${COLOR.reset}" stroke-width="2.2"/></marker>`,
    // A refused connection ends on the port's lifeline in a barred circle: nothing listens there.
    `<marker id="m-refused" viewBox="0 0 14 14" refX="7" refY="7" markerWidth="14" markerHeight="14" markerUnits="userSpaceOnUse" orient="auto"><circle cx="7" cy="7" r="5.5" fill="#ffffff" stroke="${COLOR.refused}" stroke-width="1.6"/><path d="M3,11 L11,3" stroke="${COLOR.refused}" stroke-width="1.6"/></marker>`,
    '</defs>',
  ].join('');
}

interface LegendItem {
  label: string;
  width: number;
  draw(x: number, y: number): string;
}

function legendItems(): LegendItem[] {
  const sample = (label: string, color: string, end: string, start?: string, dash?: string): LegendItem => ({
    label,
    width: 44 + label.length * CHAR * 0.9 + 18,
    draw: (x, y) =>
      arrow(x, x + 36, y - 4, color, end, start, dash) +
      text(x + 44, y, label, { size: 11, color: COLOR.faint }),
  });
  const words = (label: string): LegendItem => ({
    label,
    width: label.length * CHAR * 0.9 + 18,
    draw: (x, y) => text(x, y, label, { size: 11, color: COLOR.faint, mono: true, wire: true }),
  });
  const m = t().diagram;
  return [
    words(m.lineEnds),
    sample(m.legend.bytes, COLOR.ink, 'm-data'),
    sample(m.legend.connect, COLOR.connect, 'm-connect', 'm-origin'),
    sample(m.legend.close, COLOR.close, 'm-close'),
    sample(m.legend.reset, COLOR.reset, 'm-reset'),
    sample(m.legend.refused, COLOR.refused, 'm-refused'),
    sample(m.legend.expected, COLOR.failure, 'm-expected', undefined, '6 4'),
  ];
}

function drawLegend(items: readonly LegendItem[], x: number, y: number): string {
  let at = x;
  const parts = items.map((item) => {
    const drawn = item.draw(at, y);
    at += item.width;
    return drawn;
  });
  return `<g class="legend">${parts.join('')}</g>`;
}

/** The file of a scenario's diagram in reports/diagrams/: its name, in letters, digits and dashes. */
export function diagramFileName(scenario: string): string {
  const slug = scenario
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return `${slug}.svg`;
}
