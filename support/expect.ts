// Turns what arrived on a connection into either the expected message or a Violation that names the
// requirement, shows expected vs. received with line ends visible, and gives the likely cause.

import type { Connection, Incoming } from './connection';
import { LISTENER_GONE_HINT, RESET_HINT } from './judge';
import { type PortPlan, sheetText } from './ports';
import { format, type Message, type MessageKind, parseLine, visibleSpaces } from './protocol';
import { Violation } from './violation';

export interface Expectation {
  /** The message awaited, or alternatives; a kind alone accepts any port. */
  message: Wanted | Wanted[];
  /** The requirement a wrong or missing message violates. */
  requirement: string;
  /** Who should send it, for the sentence: "the server", "the client". */
  sender: string;
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
  if (Array.isArray(wanted)) return wanted.map(shown).join(' or ');
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
  if (!judged.ok) {
    throw new Violation({
      requirement: judged.requirement,
      what: `${expectation.sender} sent a line on port ${connection.port} that is not a protocol message`,
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
        what: `${expectation.sender} spelled a message differently from the sheet (strict run)`,
        expected: `"${format(judged.message)}⏎"`,
        received,
        hint: judged.spelling,
      });
    }
    context.note(`spelling: ${judged.spelling}`);
  }
  const wanted = [expectation.message].flat();
  if (!wanted.some((alternative) => matches(alternative, judged.message))) {
    const sameKind = wanted.some((alternative) => alternative.kind === judged.message.kind);
    const wrongPort =
      sameKind && 'port' in judged.message ? expectation.judgePort?.(judged.message.port) : undefined;
    throw new Violation({
      requirement: wrongPort?.requirement ?? expectation.requirement,
      what: `${expectation.sender} sent ${format(judged.message)} where ${shown(wanted)} was due`,
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
  sender: string,
  after: string,
  context: Context,
  tolerated?: (text: string) => string | undefined,
): Promise<void> {
  const deadline = Date.now() + context.timeoutMs;
  let event = await connection.next(context.timeoutMs);
  let note = event.kind === 'line' ? tolerated?.(event.text) : undefined;
  while (note !== undefined && event.kind === 'line') {
    if (note) context.note(note);
    event = await connection.next(Math.max(0, deadline - Date.now()));
    note = event.kind === 'line' ? tolerated?.(event.text) : undefined;
  }
  if (event.kind === 'closed' || event.kind === 'reset') return;
  const what =
    event.kind === 'timeout'
      ? `${sender} did not close the connection on port ${connection.port} within ${context.timeoutMs} ms after ${after}`
      : `${sender} sent more after ${after} instead of closing the connection`;
  throw new Violation({
    requirement,
    what,
    expected: '[the connection closes]',
    received: event.kind === 'line' ? `"${visibleSpaces(event.text)}⏎"` : describeEvent(event),
    hint:
      event.kind === 'timeout'
        ? `close the connection after ${after} (Python: conn.close(), Java: socket.close(), Node: socket.end())`
        : undefined,
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
  switch (event.kind) {
    case 'overflow':
      return new Violation({
        requirement: 'W1',
        what: `${sender} sent ${event.length} characters on port ${connection.port} without a line end`,
        expected,
        received: `${event.length} characters and no ⏎`,
        hint: 'end every message with \\n',
        program,
      });
    case 'timeout':
      if (event.rest) {
        return new Violation({
          requirement: 'W1',
          what: `${sender} sent "${visibleSpaces(event.rest)}" on port ${connection.port} but no line end within ${event.waitedMs} ms`,
          expected,
          received: `"${visibleSpaces(event.rest)}" (no ⏎)`,
          hint: 'end every message with \\n (Python: sendall(b"FreePort:10002\\n"), Java: println on a PrintWriter); if the rest was still on its way, the program sends too slowly (the bound is MPP_TIMEOUT_MS)',
          program,
        });
      }
      return new Violation({
        requirement: judged.requirement,
        what: `${sender} sent nothing on port ${connection.port} within ${event.waitedMs} ms`,
        expected,
        received: '[nothing]',
        silent: true,
        hint:
          judged.hint ??
          'if the program writes through a buffered stream, flush it after each message (Java: new PrintWriter(out, true); Python: sendall, not makefile without flush)',
        program,
      });
    case 'closed':
    case 'reset': {
      if (event.rest) {
        return new Violation({
          requirement: 'W1',
          what: `${sender} sent "${visibleSpaces(event.rest)}" on port ${connection.port} without a line end and then ${event.kind === 'reset' ? 'reset' : 'closed'} the connection`,
          expected,
          received: `"${visibleSpaces(event.rest)}" (no ⏎), then ${event.kind === 'reset' ? 'a reset' : 'the close'}`,
          hint: 'end every message with \\n; a line without its end is not a message',
          program,
        });
      }
      if (program) {
        return new Violation({
          requirement: expectation.goneRequirement?.() ?? judged.requirement,
          what: `the program ended while ${expected} was due on port ${connection.port}`,
          expected,
          received: `[connection ${event.kind}; the program ended]`,
          program,
        });
      }
      if (event.kind === 'reset' && expectation.listenerGone?.()) {
        return new Violation({
          requirement: 'S8',
          what: `the server stopped listening on port ${connection.port} and reset this waiting client`,
          expected,
          received: `[connection reset; nothing listens on ${connection.port} any more]`,
          hint: LISTENER_GONE_HINT,
        });
      }
      if (event.kind === 'reset' && expectation.sentUnread) {
        return new Violation({
          requirement: 'S3',
          what: `${sender} reset the connection on port ${connection.port} (TCP RST) before ${expected} arrived`,
          expected,
          received: '[connection reset]',
          hint: RESET_HINT,
          program,
        });
      }
      return new Violation({
        requirement: judged.requirement,
        what: `${sender} ${event.kind === 'reset' ? 'reset' : 'closed'} the connection on port ${connection.port} without sending ${expected}`,
        expected,
        received: event.kind === 'reset' ? '[connection reset]' : '[connection closed]',
        hint: judged.hint,
      });
    }
  }
}

function orderHint(wanted: MessageKind | undefined, got: MessageKind): string | undefined {
  if (wanted === 'Quit' && (got === 'FreePort' || got === 'NoPorts'))
    return `${got} must come once, followed by Quit`;
  if (got === 'Quit') return `Quit came before ${wanted}: send ${wanted} first, then Quit`;
  return undefined;
}

function describeEvent(event: Incoming): string {
  switch (event.kind) {
    case 'line':
      return `"${visibleSpaces(event.text)}⏎"`;
    case 'overflow':
      return `${event.length} characters without a line end`;
    default:
      return `[${event.kind}]`;
  }
}

/** A message of a feature file ("FreePort:10002"), in this run's ports. */
export function sheetMessage(plan: PortPlan, text: string): Message {
  const judged = parseLine(sheetText(plan, text));
  if (!judged.ok) throw new Error(`the scenario names "${text}", which is not a protocol message`);
  return judged.message;
}

/** Fails with W4 for any spelling the lenient parse let pass in this scenario. */
export function expectSheetSpelling(notes: readonly string[], sender: string): void {
  const spelling = notes.filter((note) => note.startsWith('spelling:'));
  if (spelling.length) {
    throw new Violation({
      requirement: 'W4',
      what: `${sender} spelled messages differently from the sheet`,
      received: spelling.join('; '),
      hint: 'write "FreePort:<port>" without a space, "Assigned: <port>" with one, and nothing after a message but its line end',
    });
  }
}
