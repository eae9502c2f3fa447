// Turns what arrived on a connection into either the expected message or a Violation that names the
// requirement, shows expected vs. received with line ends visible, and gives the likely cause.

import type { Connection, Incoming } from './connection';
import { type After, type Party, t } from './messages';
import { type PortPlan, sheetText } from './ports';
import { format, type Message, type MessageKind, parseLine, visibleSpaces } from './protocol';
import { Bound } from './starvation';
import { Violation } from './violation';

export interface Expectation {
  /** The message awaited, or alternatives; a kind alone accepts any port. */
  message: Wanted | Wanted[];
  /** The requirement a wrong or missing message violates. */
  requirement: string;
  /** Who should send it, for the sentence. */
  sender: Party;
  /** A sentence for the likely cause when the port differs or nothing came. */
  hint?: string;
  /** Whether the harness has sent something on this connection that the peer may not have read. */
  sentUnread?: boolean;
  /** Which requirement a wrong port violates, and its likely cause; by default `requirement`. */
  judgePort?: (received: number) => { requirement: string; hint?: string };
  /** The requirement violated when the program has ended meanwhile. */
  goneRequirement?: () => string;
  /**
   * The requirement and hint when nothing came, decided when the wait fails rather than when it
   * began (another client may have been answered meanwhile); by default `requirement` and `hint`.
   */
  judgeMissing?: () => { requirement: string; hint?: string };
  /** Whether the port of this connection has stopped listening (a reset then comes from closing it). */
  listenerGone?: () => boolean;
}

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

export async function receive(
  connection: Connection,
  expectation: Expectation,
  context: Context,
): Promise<Message> {
  const event = await connection.next(context.timeoutMs);
  if (event.kind !== 'line') throw await missing(event, connection, expectation, context);
  const received = `"${visibleSpaces(event.text)}${event.ending === '\r\n' ? '\\r' : ''}⏎"`;
  const judged = parseLine(event.text);
  const m = t().expect;
  if (!judged.ok) {
    throw new Violation({
      requirement: judged.requirement,
      what: m.notAMessage(expectation.sender, connection.port),
      expected: shown(expectation.message),
      received,
      hint: judged.problem,
      program: context.gone(),
    });
  }
  if (judged.spelling) {
    if (context.strict) {
      throw new Violation({
        requirement: 'W4',
        what: m.strictSpelling(expectation.sender),
        expected: `"${format(judged.message)}⏎"`,
        received,
        hint: judged.spelling,
      });
    }
    context.note(m.spellingNote(judged.spelling));
  }
  const wanted = [expectation.message].flat();
  if (!wanted.some((alternative) => matches(alternative, judged.message))) {
    const sameKind = wanted.some((alternative) => alternative.kind === judged.message.kind);
    const wrongPort =
      sameKind && 'port' in judged.message ? expectation.judgePort?.(judged.message.port) : undefined;
    throw new Violation({
      requirement: wrongPort?.requirement ?? expectation.requirement,
      what: m.wrongMessage(expectation.sender, format(judged.message), shown(wanted)),
      expected: shown(wanted),
      received,
      hint: sameKind ? wrongPort?.hint : orderHint(wanted[0]?.kind, judged.message.kind),
      program: context.gone(),
    });
  }
  return judged.message;
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
  sender: Party,
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
  expectation: Expectation,
  context: Context,
): Promise<Violation> {
  const expected = shown(expectation.message);
  const sender = expectation.sender;
  const judged = expectation.judgeMissing?.() ?? expectation;
  // A connection that broke may be the program going down: give its exit a moment to show.
  const broke = event.kind === 'closed' || event.kind === 'reset';
  const program = broke ? await context.settleGone() : context.gone();
  const m = t().expect;
  const reset = event.kind === 'reset';
  switch (event.kind) {
    case 'overflow':
      return new Violation({
        requirement: 'W1',
        what: m.overflow(sender, event.length, connection.port),
        expected,
        received: m.overflowReceived(event.length),
        hint: m.endLines,
        program,
      });
    case 'timeout':
      if (event.rest) {
        return new Violation({
          requirement: 'W1',
          what: m.noLineEnd(sender, visibleSpaces(event.rest), connection.port, event.waitedMs),
          waitedMs: event.waitedMs,
          expected,
          received: m.noLineEndReceived(visibleSpaces(event.rest)),
          hint: m.noLineEndHint,
          program,
        });
      }
      return new Violation({
        requirement: judged.requirement,
        what: m.nothing(sender, connection.port, event.waitedMs),
        waitedMs: event.waitedMs,
        expected,
        received: m.nothingReceived,
        silent: true,
        hint: judged.hint ?? m.flush,
        program,
      });
    case 'closed':
    case 'reset': {
      if (event.rest) {
        return new Violation({
          requirement: 'W1',
          what: m.restThenEnd(sender, visibleSpaces(event.rest), connection.port, reset),
          expected,
          received: m.restThenEndReceived(visibleSpaces(event.rest), reset),
          hint: m.restHint,
          program,
        });
      }
      if (program) {
        return new Violation({
          requirement: expectation.goneRequirement?.() ?? judged.requirement,
          what: m.programEnded(expected, connection.port),
          expected,
          received: m.programEndedReceived(reset),
          program,
        });
      }
      if (event.kind === 'reset' && expectation.listenerGone?.()) {
        return new Violation({
          requirement: 'S8',
          what: m.listenerGone(connection.port),
          expected,
          received: m.listenerGoneReceived(connection.port),
          hint: t().judge.listenerGone,
        });
      }
      if (event.kind === 'reset' && expectation.sentUnread) {
        return new Violation({
          requirement: 'S3',
          what: m.resetBefore(sender, connection.port, expected),
          expected,
          received: m.resetReceived,
          hint: t().judge.reset,
          program,
          timing: true,
        });
      }
      return new Violation({
        requirement: judged.requirement,
        what: m.endedWithout(sender, reset, connection.port, expected),
        expected,
        received: reset ? m.resetReceived : m.closedReceived,
        hint: judged.hint,
      });
    }
  }
}

function orderHint(wanted: MessageKind | undefined, got: MessageKind): string | undefined {
  if (wanted === 'Quit' && (got === 'FreePort' || got === 'NoPorts')) return t().expect.once(got);
  if (got === 'Quit' && wanted) return t().expect.quitFirst(wanted);
  return undefined;
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
export function expectSheetSpelling(notes: readonly string[], sender: Party): void {
  const m = t().expect;
  const spelling = notes.filter((note) => note.startsWith(m.spellingNote('')));
  if (spelling.length) {
    throw new Violation({
      requirement: 'W4',
      what: m.spelledDifferently(sender),
      received: spelling.join('; '),
      hint: m.spellingHint,
    });
  }
}
