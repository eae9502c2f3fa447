// The wire codec: the five messages of the sheet, how they are written, and how a received line is
// judged for the judge's line requirements (W1-W5). Every other module asks this one what a line means.

import { t } from '../messages';

export type Message =
  | { kind: 'GetPort' }
  | { kind: 'FreePort'; port: number }
  | { kind: 'NoPorts' }
  | { kind: 'Assigned'; port: number }
  | { kind: 'Quit' };

export type MessageKind = Message['kind'];

export const LF = '\n';
export const CRLF = '\r\n';

/** The canonical spelling of a message, without its line end. */
export function format(message: Message): string {
  switch (message.kind) {
    case 'FreePort':
      return `FreePort:${message.port}`;
    case 'Assigned':
      return `Assigned: ${message.port}`;
    default:
      return message.kind;
  }
}

export type Judgement =
  | { ok: true; message: Message; spelling?: string }
  /** What is wrong with a line that is no message; the judge names its requirement (`malformedLine`). */
  | { ok: false; fault: 'glued' | 'unknown'; problem: string };

const NAMES: readonly MessageKind[] = ['GetPort', 'FreePort', 'NoPorts', 'Assigned', 'Quit'];

/**
 * Judges one received line (its line end already removed). Spaces after the colon and trailing
 * blanks are accepted with a spelling note (W4); anything else that is not one of the five
 * messages is a W3 problem, two messages in one line a W5 problem.
 */
export function parseLine(line: string): Judgement {
  const exact = exactMessage(line);
  if (exact) return { ok: true, message: exact };
  const lenient = lenientMessage(line);
  if (lenient) {
    return { ok: true, message: lenient, spelling: t().protocol.spelling(visible(line), format(lenient)) };
  }
  const glued = gluedMessages(line);
  if (glued) {
    return {
      ok: false,
      fault: 'glued',
      problem: t().protocol.glued(visible(line), glued),
    };
  }
  return { ok: false, fault: 'unknown', problem: whyNotAMessage(line) };
}

function exactMessage(line: string): Message | undefined {
  if (line === 'GetPort' || line === 'NoPorts' || line === 'Quit') return { kind: line };
  const free = /^FreePort:(\d{1,5})$/.exec(line);
  if (free) return { kind: 'FreePort', port: Number(free[1]) };
  const assigned = /^Assigned: (\d{1,5})$/.exec(line);
  if (assigned) return { kind: 'Assigned', port: Number(assigned[1]) };
  return undefined;
}

function lenientMessage(line: string): Message | undefined {
  const trimmed = line.replace(/[ \t]+$/, '');
  const spaced = /^(FreePort|Assigned):[ \t]*(\d{1,5})$/.exec(trimmed);
  if (spaced) return { kind: spaced[1] as 'FreePort' | 'Assigned', port: Number(spaced[2]) };
  return trimmed === line ? undefined : exactMessage(trimmed);
}

function gluedMessages(line: string): string[] | undefined {
  const pattern = /GetPort|FreePort:[ \t]*\d{1,5}|NoPorts|Assigned:[ \t]*\d{1,5}|Quit/g;
  const parts = line.match(pattern);
  if (!parts || parts.length < 2 || parts.join('') !== line) return undefined;
  return parts.map((part) => `"${part}"`);
}

function whyNotAMessage(line: string): string {
  const shown = `"${visible(line)}"`;
  const m = t().protocol;
  if (line.length === 0) return m.empty;
  if (/\(\d+\)/.test(line)) return m.parentheses(shown);
  const nearly = NAMES.find((name) => line.toLowerCase().startsWith(name.toLowerCase()));
  if (nearly) return m.nearly(shown, nearly);
  if (/[^\x20-\x7e\t]/.test(line)) return m.notAscii(shown);
  return m.unknown(shown);
}

/** Shows a received or expected text with its line ends and invisible bytes made visible. */
export function visible(text: string): string {
  let shown = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === '\n') shown += '⏎';
    else if (char === '\r') shown += '\\r';
    else if (char === '\t') shown += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0xff))
      shown += `\\x${code.toString(16).padStart(2, '0')}`;
    else shown += char;
  }
  return shown;
}

/** Like visible(), and spaces become "·" too: for expected-vs-received lines, where a space matters. */
export function visibleSpaces(text: string): string {
  return visible(text).replaceAll(' ', '·');
}
