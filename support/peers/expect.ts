// Observes what arrived on a connection: the expected message, or a typed fact of what came instead
// (an Arrival) with expected vs. received shown with line ends visible. Which requirement that
// violates, and its likely cause, is the judge's decision (support/judging/judge.ts `judgeArrival`).

import { type Arrival, type Judged, misspelled } from '../judging/judge';
import { Violation, type ViolationDetails } from '../judging/violation';
import { type After, type TargetRole, t } from '../messages';
import { surelyNotListening } from '../process/sockets';
import { Bound } from '../process/starvation';
import type { Connection, Incoming } from '../wire/connection';
import { type PortPlan, sheetText } from '../wire/port-plan';
import { format, type Message, type MessageKind, parseLine, visibleSpaces } from '../wire/protocol';

/** A message awaited on a connection, and what the harness knows of that connection. */
export interface Awaited {
  /** The message awaited, or alternatives; a kind alone accepts any port. */
  message: Wanted | Wanted[];
  /** Who should send it, for the sentence. */
  sender: TargetRole;
  /** Whether the harness has sent something on this connection that the peer may not have read. */
  sentUnread?: boolean;
  /** Whether a reset is to be checked for a listener that went away (the default port of a server on this machine). */
  watchListener?: boolean;
}

/** What arrived: the message due, or what came instead, described for the report; the judge names the requirement. */
export type Received =
  | { ok: true; message: Message }
  | { ok: false; arrival: Arrival; details: Omit<ViolationDetails, 'requirement' | 'hint' | 'timing'> };

export interface Context {
  timeoutMs: number;
  strict: boolean;
  /** Records a W4 spelling note when the run is lenient. */
  note(text: string): void;
  /** A sentence when the program under test has exited, with its output. */
  gone(): string | undefined;
  /** Like gone(), but first gives a program that is going down a moment to be seen exiting. */
  settleGone(): Promise<string | undefined>;
}

export type Wanted = Message | { kind: MessageKind };

export function shown(wanted: Wanted | Wanted[]): string {
  if (Array.isArray(wanted)) return t().or(wanted.map(shown));
  if ('port' in wanted) return `"${format(wanted)}⏎"`;
  return wanted.kind === 'FreePort' || wanted.kind === 'Assigned'
    ? `"${wanted.kind}:<port>⏎"`
    : `"${wanted.kind}⏎"`;
}

function matches(wanted: Wanted, message: Message): boolean {
  return (
    wanted.kind === message.kind &&
    (!('port' in wanted) || ('port' in message && wanted.port === message.port))
  );
}

/** The next message on `connection`, or what came instead of the awaited one. */
export async function arrive(connection: Connection, awaited: Awaited, context: Context): Promise<Received> {
  const event = await connection.next(context.timeoutMs);
  if (event.kind !== 'line') return missing(event, connection, awaited, context);
  const received = `"${visibleSpaces(event.text)}${event.ending === '\r\n' ? '\\r' : ''}⏎"`;
  const judged = parseLine(event.text);
  const m = t().expect;
  if (!judged.ok) {
    return unexpected(
      { kind: 'malformed', fault: judged.fault, problem: judged.problem },
      {
        what: m.notAMessage(awaited.sender, connection.port),
        expected: shown(awaited.message),
        received,
        program: context.gone(),
      },
    );
  }
  if (judged.spelling) {
    if (context.strict) {
      return unexpected(
        { kind: 'misspelled', spelling: judged.spelling },
        { what: m.strictSpelling(awaited.sender), expected: `"${format(judged.message)}⏎"`, received },
      );
    }
    context.note(m.spellingNote(judged.spelling));
  }
  const wanted = [awaited.message].flat();
  if (wanted.some((alternative) => matches(alternative, judged.message)))
    return { ok: true, message: judged.message };
  const got = judged.message;
  const sameKind = wanted.some((alternative) => alternative.kind === got.kind);
  return unexpected(
    sameKind && 'port' in got
      ? { kind: 'other-port', port: got.port }
      : { kind: 'other-kind', wanted: wanted[0]?.kind, got: got.kind },
    {
      what: m.wrongMessage(awaited.sender, format(got), shown(wanted)),
      expected: shown(wanted),
      received,
      program: context.gone(),
    },
  );
}

function unexpected(arrival: Arrival, details: Extract<Received, { ok: false }>['details']): Received {
  return { ok: false, arrival, details };
}

/** The failure of what came instead of an awaited message, with the judge's requirement and hint. */
export function violationOf(received: Extract<Received, { ok: false }>, judged: Judged): Violation {
  return new Violation({ ...received.details, ...judged });
}

/**
 * Awaits the peer's close within one bound; a missing close, or more data, is a violation of
 * `requirement`. Lines that `tolerated` accepts may come first (a client's GetPort that crossed the
 * server's answer; a server's Quit reply or application data before it closes the assigned port):
 * they are written into the report's notes.
 */
export async function expectClose(
  connection: Connection,
  requirement: string,
  sender: TargetRole,
  after: After,
  context: Context,
  tolerated?: (text: string) => string | undefined,
): Promise<void> {
  const bound = new Bound(context.timeoutMs);
  let event = await connection.next(bound);
  let note = event.kind === 'line' ? tolerated?.(event.text) : undefined;
  while (note !== undefined && event.kind === 'line') {
    if (note) context.note(note);
    event = await connection.next(bound);
    note = event.kind === 'line' ? tolerated?.(event.text) : undefined;
  }
  if (event.kind === 'closed' || event.kind === 'reset') return;
  const m = t().expect;
  const what =
    event.kind === 'timeout'
      ? m.notClosed(sender, connection.port, context.timeoutMs, after)
      : m.moreInsteadOfClose(sender, after);
  throw new Violation({
    requirement,
    what,
    ...(event.kind === 'timeout' ? { waitedMs: context.timeoutMs } : {}),
    expected: m.closes,
    received: event.kind === 'line' ? `"${visibleSpaces(event.text)}⏎"` : describeEvent(event),
    hint: event.kind === 'timeout' ? m.closeHint(sender, after) : undefined,
    program: context.gone(),
  });
}

async function missing(
  event: Exclude<Incoming, { kind: 'line' }>,
  connection: Connection,
  awaited: Awaited,
  context: Context,
): Promise<Received> {
  const expected = shown(awaited.message);
  const sender = awaited.sender;
  const m = t().expect;
  if (event.kind === 'overflow') {
    return unexpected(
      { kind: 'overflow' },
      {
        what: m.overflow(sender, event.length, connection.port),
        expected,
        received: m.overflowReceived(event.length),
        program: context.gone(),
      },
    );
  }
  if (event.kind === 'timeout') {
    if (event.rest) {
      return unexpected(
        { kind: 'unended', ended: false },
        {
          what: m.noLineEnd(sender, visibleSpaces(event.rest), connection.port, event.waitedMs),
          waitedMs: event.waitedMs,
          expected,
          received: m.noLineEndReceived(visibleSpaces(event.rest)),
          program: context.gone(),
        },
      );
    }
    return unexpected(
      { kind: 'silence' },
      {
        what: m.nothing(sender, connection.port, event.waitedMs),
        waitedMs: event.waitedMs,
        expected,
        received: m.nothingReceived,
        silent: true,
        program: context.gone(),
      },
    );
  }
  // A connection that broke may be the program going down: give its exit a moment to show.
  return ended(event, connection, awaited, await context.settleGone());
}

/** The connection ended before the awaited message: the most telling of what the harness can see. */
function ended(
  event: Extract<Incoming, { kind: 'closed' | 'reset' }>,
  connection: Connection,
  awaited: Awaited,
  program: string | undefined,
): Received {
  const [expected, sender, m] = [shown(awaited.message), awaited.sender, t().expect];
  const reset = event.kind === 'reset';
  if (event.rest) {
    return unexpected(
      { kind: 'unended', ended: true },
      {
        what: m.restThenEnd(sender, visibleSpaces(event.rest), connection.port, reset),
        expected,
        received: m.restThenEndReceived(visibleSpaces(event.rest), reset),
        program,
      },
    );
  }
  if (program) {
    return unexpected(
      { kind: 'program-gone' },
      {
        what: m.programEnded(expected, connection.port),
        expected,
        received: m.programEndedReceived(reset),
        program,
      },
    );
  }
  if (reset && awaited.watchListener && surelyNotListening(connection.port)) {
    return unexpected(
      { kind: 'listener-gone' },
      {
        what: m.listenerGone(connection.port),
        expected,
        received: m.listenerGoneReceived(connection.port),
      },
    );
  }
  if (reset && awaited.sentUnread) {
    return unexpected(
      { kind: 'reset-unread' },
      {
        what: m.resetBefore(sender, connection.port, expected),
        expected,
        received: m.resetReceived,
        program,
      },
    );
  }
  return unexpected(
    { kind: 'ended' },
    {
      what: m.endedWithout(sender, reset, connection.port, expected),
      expected,
      received: reset ? m.resetReceived : m.closedReceived,
    },
  );
}

function describeEvent(event: Incoming): string {
  switch (event.kind) {
    case 'line':
      return `"${visibleSpaces(event.text)}⏎"`;
    case 'overflow':
      return t().expect.overflowShort(event.length);
    default:
      return t().expect.otherEvent(event.kind);
  }
}

/** A message of a feature file ("FreePort:10002"), in this run's ports. */
export function sheetMessage(plan: PortPlan, text: string): Message {
  const judged = parseLine(sheetText(plan, text));
  if (!judged.ok) throw new Error(`the scenario names "${text}", which is not a protocol message`);
  return judged.message;
}

/** Fails with W4 for any spelling the lenient parse let pass in this scenario. */
export function expectSheetSpelling(notes: readonly string[], sender: TargetRole): void {
  const m = t().expect;
  const spelling = notes.filter((note) => note.startsWith(m.spellingNote('')));
  if (spelling.length) {
    throw new Violation({
      ...misspelled(),
      what: m.spelledDifferently(sender),
      received: spelling.join('; '),
    });
  }
}
