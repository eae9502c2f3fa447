// The judge: the one place that decides which requirement an observation violates, what a scenario's
// outcome is, and what the verdict of a run is. Harness clients, the harness server and the steps pass
// it facts (what arrived, what the harness did before); they never pick a requirement themselves.

import { type Messages, t } from '../messages';
import type { Exit } from '../process/launcher';
import { type MessageKind, parseLine } from '../wire/protocol';
import { effectiveLevel, isRequirementId, type Level } from './requirements';
import type { Ending, LineEvidence, Outcome, RequirementOutcome, Verdict } from './result';

/** A requirement and the likely cause of its violation, for the failure message. */
export interface Attribution {
  requirement: string;
  hint?: string;
}

/** An attribution of a finding that depends on an interleaving only its own scenario forces. */
export interface Judged extends Attribution {
  timing?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Lines: what a received line or a connection's bytes show, in either role.

/** Why a line is no protocol message: two messages glued together, or none at all. */
export type LineFault = 'glued' | 'unknown';

/** A line that is no message breaks one message per line (W5) when it holds two, else the five messages (W3). */
export function malformedLine(fault: LineFault): 'W3' | 'W5' {
  return fault === 'glued' ? 'W5' : 'W3';
}

/**
 * What came on a connection instead of the message that was due, as support/peers/expect.ts saw it. An
 * end of the connection is the most telling one seen: the program gone, else (a reset) the default
 * port no longer listening, else (a reset) a message of the harness left unread, else the end alone.
 */
export type Arrival =
  | { kind: 'malformed'; fault: LineFault; problem: string }
  /** A message spelled otherwise than the sheet, in a strict run. */
  | { kind: 'misspelled'; spelling: string }
  /** The message that was due, with another port. */
  | { kind: 'other-port'; port: number }
  | { kind: 'other-kind'; wanted: MessageKind | undefined; got: MessageKind }
  | { kind: 'overflow' }
  /** Text without a line end, then silence (`ended` false) or the connection's end. */
  | { kind: 'unended'; ended: boolean }
  | { kind: 'silence' }
  | { kind: 'program-gone' }
  | { kind: 'listener-gone' }
  | { kind: 'reset-unread' }
  | { kind: 'ended' };

/** What the harness's client knew when a server's message did not come as due. */
export interface AnswerFacts extends MissingAnswerFacts {
  /** Wrong input was sent while the program ran (A4). */
  wrongInputSent: boolean;
  /** Ports another harness client has, or an occupier of the harness listens on. */
  taken: readonly number[];
}

/**
 * Who owed the message, and what the harness had done: for a server, the facts before the wait
 * (a message of the wrong kind is judged by what was due when it was awaited) and when it ended (a
 * missing one is judged by what is known then: other clients may have been answered meanwhile).
 */
export type Due =
  | { role: 'client'; message: 'GetPort' | 'Assigned' | 'Quit' }
  | { role: 'server'; before: AnswerFacts; now: AnswerFacts };

/**
 * What was due of the server, by the kinds awaited: Quit or NoPorts alone, else the answer to GetPort.
 * An answer that may be either is NoPorts for sure where clients and other programs hold the whole
 * pool: a close without it is the missing NoPorts (S6), as in the fixed full-pool scenario.
 */
export function answerDue(kinds: readonly MessageKind[], poolHeld: boolean): MissingAnswerFacts['due'] {
  if (kinds.length === 1 && (kinds[0] === 'Quit' || kinds[0] === 'NoPorts')) return kinds[0];
  return kinds.includes('NoPorts') && poolHeld ? 'NoPorts' : 'answer';
}

/** Which requirement an arrival violates, by who owed what. */
export function judgeArrival(arrival: Arrival, due: Due): Judged {
  switch (arrival.kind) {
    case 'malformed':
      return { requirement: malformedLine(arrival.fault), hint: arrival.problem };
    case 'misspelled':
      return { requirement: 'W4', hint: arrival.spelling };
    case 'overflow':
      return { requirement: 'W1', hint: t().expect.endLines };
    case 'unended':
      return { requirement: 'W1', hint: arrival.ended ? t().expect.restHint : t().expect.noLineEndHint };
    case 'listener-gone':
      return { requirement: 'S8', hint: t().judge.listenerGone };
    case 'reset-unread':
      return { requirement: 'S3', hint: t().judge.reset, timing: true };
    case 'other-port':
      return due.role === 'server'
        ? wrongPort({ offeredIsTaken: due.now.taken.includes(arrival.port), expectedFreedBy: undefined })
        : { requirement: dueAttribution(due, 'before').requirement };
    case 'other-kind':
      return {
        requirement: dueAttribution(due, 'before').requirement,
        hint: orderHint(arrival.wanted, arrival.got),
      };
    case 'program-gone':
      return {
        requirement:
          due.role === 'server' ? programGone(due.now).requirement : dueAttribution(due, 'now').requirement,
      };
    case 'silence': {
      const judged = dueAttribution(due, 'now');
      return { ...judged, hint: judged.hint ?? t().expect.flush };
    }
    case 'ended':
      return dueAttribution(due, 'now');
  }
}

function dueAttribution(due: Due, when: 'before' | 'now'): Attribution {
  return due.role === 'client' ? clientMessageRequirement(due.message) : missingAnswer(due[when]);
}

/** The likely cause of a message of the wrong kind: an answer twice, or Quit too early. */
function orderHint(wanted: MessageKind | undefined, got: MessageKind): string | undefined {
  if (wanted === 'Quit' && (got === 'FreePort' || got === 'NoPorts')) return t().expect.once(got);
  if (got === 'Quit' && wanted) return t().expect.quitFirst(wanted);
  return undefined;
}

/** A program spelled messages otherwise than the sheet, seen at the end of a scenario that checks spelling (W4). */
export function misspelled(): Attribution {
  return { requirement: 'W4', hint: t().expect.spellingHint };
}

/**
 * A finding about line ends (W2 of a server, C7 of a client), which stands only when the same steps
 * with LF line ends get past the step that failed.
 */
export function isLineEndFinding(requirement: string): boolean {
  return requirement === 'W2' || requirement === 'C7';
}

/** What a scenario watches without judging it (INFO): the answer before GetPort, the reclaim of an offer, the client's exit. */
export function observedRequirement(what: 'answer-unasked' | 'reclaim' | 'exit'): string {
  return { 'answer-unasked': 'S3', reclaim: 'A5', exit: 'C4' }[what];
}

// ---------------------------------------------------------------------------------------------
// The server role: what the harness's clients saw.

/** What the harness had done when an answer on the default port did not come. */
export interface MissingAnswerFacts {
  /** What was due: the answer to GetPort (FreePort or NoPorts), NoPorts alone, or the Quit after it. */
  due: 'answer' | 'NoPorts' | 'Quit';
  /** Whether this client sent GetPort (the S3 scenario waits without it). */
  sentGetPort: boolean;
  /** Whether that GetPort ended with CR LF (W2). */
  crlf: boolean;
  /** Whether the default port had answered an earlier client of this scenario. */
  servedBefore: boolean;
  /** Whether another harness client holds an open connection on an assigned port. */
  otherHoldsAssigned: boolean;
}

/**
 * No message where one was due on the default port. A server that has answered no client yet is
 * judged on its first answer (S2, or S3 / W2 when the client did not ask, or asked with CR LF); one
 * that did answer before and now says nothing fails the requirement of what was due.
 */
export function missingAnswer(facts: MissingAnswerFacts): Attribution {
  if (facts.due === 'Quit') {
    return { requirement: 'S4', hint: t().judge.quitAfterAnswer };
  }
  if (facts.servedBefore && facts.due === 'NoPorts') {
    return {
      requirement: 'S6',
      hint: t().judge.noPorts,
    };
  }
  if (facts.servedBefore) {
    return {
      requirement: 'S8',
      hint: facts.otherHoldsAssigned ? t().judge.concurrency : t().judge.nextClient,
    };
  }
  if (!facts.sentGetPort) {
    return {
      requirement: 'S3',
      hint: t().judge.waitsForGetPort,
    };
  }
  if (facts.crlf) {
    return {
      requirement: 'W2',
      hint: t().judge.crlfGetPort,
    };
  }
  return { requirement: 'S2', hint: t().judge.flush };
}

/** What the harness knows about a port a server offered that was not the one expected. */
export interface WrongPortFacts {
  /** Another harness client holds the offered port, or an occupier of the harness listens on it. */
  offeredIsTaken: boolean;
  /** How the expected port was given back in this scenario, if it was (`release`: another program stopped listening on it). */
  expectedFreedBy: 'quit' | 'drop' | 'release' | undefined;
  /** Nothing listened on the freed port any more, and larger ports were offered still: it was passed over. */
  passedOver?: boolean;
}

export function wrongPort(facts: WrongPortFacts): Attribution {
  if (facts.offeredIsTaken) {
    return {
      requirement: 'S5',
      hint: t().judge.taken,
    };
  }
  if (facts.expectedFreedBy === 'quit') {
    return {
      requirement: 'A2',
      hint: facts.passedOver ? t().judge.passedOver : t().judge.freedByQuit,
    };
  }
  if (facts.expectedFreedBy === 'release') {
    return { requirement: 'S5', hint: t().judge.releasedByOther };
  }
  if (facts.expectedFreedBy === 'drop') {
    return {
      requirement: 'A3',
      hint: facts.passedOver ? t().judge.passedOver : t().judge.freedByDrop,
    };
  }
  return {
    requirement: 'S2',
    hint: t().judge.smallest,
  };
}

/**
 * The server ended the assigned connection of a client that still holds its port, while others came
 * and went; where the program itself ended, its end is what broke the protocol (a crash on another
 * client's wrong message is A4, a SHOULD), not the close that came with it.
 */
export function heldClosed(facts: { programEnded?: GoneFacts } = {}): Attribution {
  if (facts.programEnded) return programGone(facts.programEnded);
  return { requirement: 'A1', hint: t().judge.heldEnded };
}

/** Two clients that asked at the same time got the same port. */
export function sharedPort(): Attribution {
  return {
    requirement: 'S9',
    hint: t().judge.shared,
  };
}

export interface GoneFacts {
  /** Wrong input was sent while the program ran (the A4 scenarios). */
  wrongInputSent: boolean;
  servedBefore: boolean;
}

/** The program under test ended in the middle of a scenario. */
export function programGone(facts: GoneFacts): Attribution {
  if (facts.wrongInputSent) {
    return {
      requirement: 'A4',
      hint: t().judge.wrongInput,
    };
  }
  if (facts.servedBefore) {
    return {
      requirement: 'S8',
      hint: t().judge.stopped,
    };
  }
  return { requirement: 'S1', hint: t().judge.endedEarly };
}

export interface ConnectFailureFacts {
  port: 'default' | 'offered' | 'held';
  servedBefore: boolean;
}

/** A connection the harness opened was refused or not answered (the program still runs). */
export function connectFailure(facts: ConnectFailureFacts): Attribution {
  if (facts.port === 'offered') {
    return { requirement: 'S7', hint: t().judge.listenBeforeOffer };
  }
  if (facts.port === 'held') {
    return { requirement: 'A1', hint: t().judge.keepListening };
  }
  return facts.servedBefore
    ? { requirement: 'S8', hint: t().judge.nextClient }
    : {
        requirement: 'S1',
        hint: t().judge.defaultPort,
      };
}

/**
 * The server closed an assigned connection that should have stayed open. After an Assigned with CR
 * LF the line end is the likely cause (W2); the second connection counts only when the server does
 * not close on Assigned alone.
 */
export function assignedClosed(facts: { crlf?: boolean; afterSecondConnection: boolean }): Attribution {
  if (facts.crlf) return { requirement: 'W2', hint: t().clients.crlfAssigned };
  return facts.afterSecondConnection
    ? {
        requirement: 'A4',
        hint: t().judge.secondConnection,
      }
    : {
        requirement: 'A1',
        hint: t().judge.noReplyToAssigned,
      };
}

/**
 * Of the ports allowed for an offer, the one a wrong offer is judged against: one the server had to
 * give back. A port offered to a client that never claims it is allowed too, but keeping it is the
 * server's choice (A5), so it is expected only when nothing else is. The smallest such port that was
 * given back in the scenario is the one that may be late; else the first allowed.
 */
export function dueOffer(
  allowed: readonly number[],
  givenBack: (port: number) => boolean,
  abandoned: (port: number) => boolean,
): number | undefined {
  const due = allowed.filter((port) => !abandoned(port));
  const candidates = due.length ? due : allowed;
  return candidates.find(givenBack) ?? candidates[0];
}

/** A NoPorts where a port of the pool was free: the server's first answers are wrong (S2). */
export function noPortsWhileFree(): Attribution {
  return { requirement: 'S2', hint: t().clients.noPortsHint };
}

/** Which requirement a close the server owes violates: after its answer (S4), after the client's Quit (A2; W2 when that Quit ended with CR LF). */
export function serverCloseRequirement(after: 'answer' | 'client-quit', crlf = false): string {
  if (after === 'answer') return 'S4';
  return crlf ? 'W2' : 'A2';
}

/** The server still listens on a port its client gave back: by Quit (A2) or by a close without Quit (A3). */
export function portStillListening(facts: { freedBy: 'quit' | 'drop' | 'release' | undefined }): Attribution {
  return { requirement: facts.freedBy === 'drop' ? 'A3' : 'A2', hint: t().clients.closeListener };
}

/** The server reset the connection on the default port instead of closing it: it left GetPort unread (S3). */
export function resetInsteadOfClose(): Attribution {
  return { requirement: 'S3', hint: t().clients.resetHint };
}

/** Why a server under test is not there to be judged: it does not listen, or is not started again. */
export type StartFailure =
  /** `launched`: a program the harness started (the reference server has none of its hints). */
  | { kind: 'not-listening'; launched?: { exitedByItself: boolean; port: number; pool: string } }
  /** It did not start in the scenarios before: not waited for again. */
  | { kind: 'not-started-again' }
  /** It answered nobody in the scenarios before: not started again. */
  | { kind: 'silent-again' };

export function startFailure(failure: StartFailure): Attribution {
  switch (failure.kind) {
    case 'not-listening': {
      const launched = failure.launched;
      if (!launched) return { requirement: 'S1' };
      const m = t().program;
      return {
        requirement: 'S1',
        hint: launched.exitedByItself ? m.runByHand : m.portHint(launched.port, launched.pool),
      };
    }
    case 'not-started-again':
      return { requirement: 'S1', hint: t().server.seeFirst };
    case 'silent-again':
      return { requirement: 'S2', hint: t().program.seeFirstStory };
  }
}

// ---------------------------------------------------------------------------------------------
// The client role.

/** Lines that a runtime prints when a program dies of an error it did not handle, and what they are. */
const CRASH_MARKS: readonly [RegExp, keyof Messages['crash']][] = [
  [/^Traceback \(most recent call last\):/m, 'python'],
  [/^Exception in thread "/m, 'java'],
  [/\bthread '[^']*' panicked at\b/, 'rust'],
  // Node ends the report of an unhandled error with its version; a stack printed by console.error does not.
  [/^Node\.js v\d+\.\d+\.\d+$/m, 'node'],
  [/^Uncaught \w*Error/m, 'uncaught'],
  [/terminate called after throwing/, 'cpp'],
  [/Segmentation fault|core dumped/, 'segfault'],
];

/**
 * Whether an exit is a crash: death by a signal, or a runtime's report of an unhandled error. Any
 * deliberate exit status is conformant (the sheet sets none); a crash is not a clean end (C4).
 */
export function crashOf(exit: Exit, output: string): string | undefined {
  const { crash } = t();
  if (exit.signal) return crash.signal(exit.signal);
  if (exit.code !== null && exit.code !== undefined && exit.code >= 128 + 1 && exit.code <= 128 + 64) {
    return crash.signalStatus(exit.code);
  }
  const mark = CRASH_MARKS.find(([pattern]) => pattern.test(output));
  return mark ? crash.output(crash[mark[1]] as string) : undefined;
}

/** Which requirement a message the client should have sent violates. */
export function clientMessageRequirement(kind: 'GetPort' | 'Assigned' | 'Quit'): Attribution {
  switch (kind) {
    case 'GetPort':
      return { requirement: 'C2', hint: t().judge.sendGetPort };
    case 'Assigned':
      return {
        requirement: 'C3',
        hint: t().judge.sendAssigned,
      };
    case 'Quit':
      return {
        requirement: 'C5',
        hint: t().judge.sendQuit,
      };
  }
}

/**
 * Which requirement a close the client owes violates, by what it should close after; after an answer
 * of the harness with CR LF (other than NoPorts) the line end is the likely cause (C7).
 */
export function clientCloseRequirement(
  after: 'freeport' | 'noports' | 'server-quit' | 'own-quit',
  crlf = false,
): string {
  if (crlf && after !== 'own-quit' && after !== 'noports') return 'C7';
  return { freeport: 'C3', noports: 'C4', 'server-quit': 'C6', 'own-quit': 'C5' }[after];
}

/**
 * The client did not connect: to the default port (C1), or to the offered one (C3; C7 after an
 * answer with CR LF); `givenUp` when it connected in none of the scenarios before.
 */
export function connectionNotMade(facts: {
  to: 'default' | 'offered';
  port: number;
  crlf: boolean;
  givenUp?: boolean;
}): Attribution {
  const m = t().server;
  if (facts.to === 'default')
    return { requirement: 'C1', hint: facts.givenUp ? m.seeFirst : m.defaultPortHint(facts.port) };
  return facts.crlf
    ? { requirement: 'C7', hint: m.crlf }
    : { requirement: 'C3', hint: m.offeredPortHint(facts.port) };
}

/** After NoPorts the client did not end cleanly: it crashed, or it still runs (C4). */
export function uncleanExit(facts: { exited: boolean }): Attribution {
  return { requirement: 'C4', hint: facts.exited ? t().server.crashHint : t().server.hangHint };
}

/** After NoPorts the client connected to a port of the pool (C4). */
export function connectedAfterNoPorts(): Attribution {
  return { requirement: 'C4', hint: t().server.noPortsHint };
}

// ---------------------------------------------------------------------------------------------
// Disturbances and exploration: whether a failure is the program's.

/** What the harness knows of the machine around a failed step. */
export interface MachineFacts {
  /** The longest stall of the harness's own event loop during the step. */
  stalledMs: number;
  timeoutMs: number;
  /** Ports of the scenario that another program listens on, described; read only when asked. */
  strangers: () => readonly string[];
}

/**
 * What disturbed the run during a failed step, if anything: the failure may not be the program's. A
 * stall of the harness's own event loop matters only to a failure that is a wait running out (silent,
 * or with the bound it waited); a message that arrived wrong is wrong however late.
 */
export function disturbanceOf(
  failure: { silent: boolean; waitedMs: number | undefined },
  machine: MachineFacts,
): string | undefined {
  const waitedOut = failure.silent || failure.waitedMs !== undefined;
  if (waitedOut && machine.stalledMs > Math.min(machine.timeoutMs / 4, 1000)) {
    return t().world.stalled(machine.stalledMs);
  }
  const strangers = machine.strangers();
  return strangers.length ? t().world.stranger(strangers) : undefined;
}

/**
 * Whether a failure met while exploring is a finding: not one that depends on timing only its own
 * fixed scenario forces, and a MUST failure unless SHOULD failures are looked for too.
 */
export function isExplorationFinding(
  failure: { requirement: string; timing: boolean },
  options: { strict: boolean; findShould: boolean },
): boolean {
  if (failure.timing) return false;
  return options.findShould || effectiveLevel(failure.requirement, options.strict) === 'must';
}

// ---------------------------------------------------------------------------------------------
// The interop matrix: a student's client and a student's server through the relay.

/** Where a cell's exchange stopped, with what the relay's transcript shows about it. */
export type InteropFailure =
  /** The server never listened on its default port. */
  | { step: 'listen' }
  /** The client never connected to the default port. */
  | { step: 'connect' }
  /** No FreePort reached the client: whether it had sent GetPort (and with CR LF), whether the server said NoPorts. */
  | { step: 'offer'; sentGetPort: boolean; crlf: boolean; noPorts: boolean }
  /** No matching "Assigned: <p>": whether the server refused the client's connection to the offered port. */
  | { step: 'claim'; refused: boolean }
  /** No Quit after the user's: whether the server had closed the assigned connection first. */
  | { step: 'leave'; serverClosedFirst: boolean }
  /** After the client's Quit the server kept the connection or the listener. */
  | { step: 'free' };

/** The side of a pair that broke the protocol, and the requirement it broke. */
export interface Blame extends Attribution {
  side: 'client' | 'server';
}

/**
 * Which side of an interop cell broke the protocol, by the same rules as the single runs: a server
 * that may wait for GetPort is not blamed for a client that never sent it, a client that cannot claim
 * a port the server refused is not blamed for the refusal.
 */
export function interopBlame(failure: InteropFailure): Blame {
  switch (failure.step) {
    case 'listen':
      return { side: 'server', ...connectFailure({ port: 'default', servedBefore: false }) };
    case 'connect':
      return { side: 'client', requirement: 'C1' };
    case 'offer':
      if (failure.noPorts)
        return { side: 'server', ...wrongPort({ offeredIsTaken: false, expectedFreedBy: undefined }) };
      return failure.sentGetPort
        ? {
            side: 'server',
            ...missingAnswer({
              due: 'answer',
              sentGetPort: true,
              crlf: failure.crlf,
              servedBefore: false,
              otherHoldsAssigned: false,
            }),
          }
        : { side: 'client', ...clientMessageRequirement('GetPort') };
    case 'claim':
      return failure.refused
        ? { side: 'server', ...connectFailure({ port: 'offered', servedBefore: true }) }
        : { side: 'client', ...clientMessageRequirement('Assigned') };
    case 'leave':
      return failure.serverClosedFirst
        ? { side: 'server', ...assignedClosed({ afterSecondConnection: false }) }
        : { side: 'client', ...clientMessageRequirement('Quit') };
    case 'free':
      return { side: 'server', requirement: 'A2' };
  }
}

// ---------------------------------------------------------------------------------------------
// Outcomes and the verdict.

/**
 * A failed check in a scenario: a failure of the scenario's own requirement, or a more basic one
 * that kept the scenario from reaching its own check (blocked). Tag order carries no meaning. A
 * finding that depends on timing which only its own scenario forces is `incidental` elsewhere: the
 * scenario cannot go on, but the requirement is judged where the timing is made, every run alike.
 */
export function failureOutcome(
  violated: string,
  ownRequirements: readonly string[],
  timing = false,
): 'failed' | 'blocked' | 'incidental' {
  if (ownRequirements.includes(violated)) return 'failed';
  return timing ? 'incidental' : 'blocked';
}

/** What the World knows when a scenario ends, besides what a step's failure made of it. */
export interface EndFacts {
  /** Whether Cucumber passed every step and hook. */
  passed: boolean;
  /** Whether the scenario is an INFO one (tagged @info). */
  info: boolean;
  /** How many observations its steps made. */
  observations: number;
  /** What went wrong in the harness, when Cucumber did not pass the scenario: its error's first line. */
  problem?: string;
}

/**
 * A scenario's outcome when it ends: what a step's failure made of it (failed, blocked, skipped,
 * inconclusive), if anything; otherwise passed, or observed for an INFO scenario that observed what it
 * looks for. A scenario that Cucumber did not pass although no step ended it (an exception in a hook,
 * an undefined step, a step's time-out) failed in the harness itself: inconclusive, never the
 * program's failure.
 */
export function scenarioEnd(ending: Ending | undefined, facts: EndFacts): Ending {
  if (ending) return ending;
  if (!facts.passed)
    return {
      outcome: 'inconclusive',
      reason: t().world.harnessFailed(facts.problem ?? t().terminal.failedWithoutMessage),
    };
  return { outcome: facts.info && facts.observations > 0 ? 'observed' : 'passed' };
}

export interface JudgedScenario {
  status: Outcome;
  level: Level;
  /** The requirement a failed or blocked scenario names. */
  violated?: string;
}

// ---------------------------------------------------------------------------------------------
// The evidence rule: requirements of every line a program sends are judged on all its lines.

/**
 * The requirements that every protocol line a program sends shows kept or broken, whichever scenario
 * it was sent in: one line ended by LF (W1), exactly one of the five messages (W3), spelled as the
 * sheet does (W4), one message per line (W5). W2 is the receiver's and stays with its scenarios.
 */
export const LINE_REQUIREMENTS = ['W1', 'W3', 'W4', 'W5'] as const;
export type LineRequirement = (typeof LINE_REQUIREMENTS)[number];

/** A scenario as a requirement's outcome is judged from it: its outcome, its tags, its lines. */
export interface RunScenario extends JudgedScenario {
  requirements: readonly string[];
  lines?: LineEvidence;
}

/**
 * The evidence of the complete lines (line end removed) a program sent in one scenario. Only a line
 * that is a protocol message counts: text that is none may be the application's own data on an
 * assigned connection, which the sheet leaves open, so a line the scenario's checks read as a
 * message and found malformed fails W1, W3 or W5 there (a Violation), never here. A message spelled
 * otherwise than the sheet (lenient W4) is evidence against W4.
 */
export function lineEvidence(lines: readonly string[]): LineEvidence {
  const evidence: LineEvidence = {};
  const count = (id: LineRequirement, kept: boolean) => {
    evidence[id] ??= { kept: 0, broken: 0 };
    const entry = evidence[id];
    if (kept) entry.kept++;
    else entry.broken++;
  };
  for (const line of lines) {
    const judged = parseLine(line);
    if (!judged.ok) continue;
    count('W1', true);
    count('W3', true);
    count('W5', true);
    count('W4', judged.spelling === undefined);
  }
  return evidence;
}

/**
 * How many lines of the run show a line requirement kept, when none shows it broken; 0 when it is no
 * line requirement, when no line of that kind was sent, or when a line broke it.
 */
export function linesKept(id: string, scenarios: readonly RunScenario[]): number {
  if (!(LINE_REQUIREMENTS as readonly string[]).includes(id)) return 0;
  const entries = scenarios.flatMap((scenario) => scenario.lines?.[id as LineRequirement] ?? []);
  if (entries.some((entry) => entry.broken > 0)) return 0;
  return entries.reduce((sum, entry) => sum + entry.kept, 0);
}

/**
 * A requirement's outcome over the run: failed when a scenario failed it, or when a blocked scenario
 * found it violated (so a root failure is never lost when its own scenario happened to pass, or did
 * not run); passed when one of its scenarios passed, or, for a requirement of every line, when the
 * program's lines in any scenario kept it and none broke it (the evidence rule: a scenario blocked
 * before its last message cannot hide the well-formed messages of every other scenario); otherwise
 * the most telling of the rest.
 */
export function requirementOutcome(id: string, scenarios: readonly RunScenario[]): RequirementOutcome {
  if (
    scenarios.some((scenario) => scenario.violated === id && ['failed', 'blocked'].includes(scenario.status))
  )
    return 'failed';
  const own = scenarios.filter((scenario) => scenario.requirements.includes(id));
  if (own.some((scenario) => scenario.status === 'passed') || linesKept(id, scenarios) > 0) return 'passed';
  for (const outcome of ['observed', 'inconclusive', 'blocked', 'skipped'] as const) {
    if (own.some((scenario) => scenario.status === outcome)) return outcome;
  }
  // Its scenario failed on another requirement before it got to this one.
  return own.length ? 'blocked' : 'not-checked';
}

/** The requirements whose failure blocked the scenarios of `id`, in the order of the run. */
export function blockedBy(id: string, scenarios: readonly RunScenario[]): string[] {
  const roots = scenarios
    .filter((scenario) => scenario.requirements.includes(id) && scenario.violated !== id)
    .filter((scenario) => scenario.status === 'blocked' || scenario.status === 'failed')
    .flatMap((scenario) => (scenario.violated ? [scenario.violated] : []));
  return [...new Set(roots)];
}

/**
 * Non-conformant on any MUST failure (a failed requirement at MUST level); otherwise inconclusive when
 * a MUST scenario could not be judged because the run was disturbed; otherwise conformant.
 */
export function verdictOf(
  failedRequirements: readonly string[],
  scenarios: readonly JudgedScenario[],
  strict: boolean,
): Verdict {
  if (failedRequirements.some((id) => isRequirementId(id) && effectiveLevel(id, strict) === 'must'))
    return 'non-conformant';
  if (scenarios.some((scenario) => scenario.level === 'must' && scenario.status === 'inconclusive'))
    return 'inconclusive';
  return 'conformant';
}

/** The exit status of a run with a target: documented in the README. */
export const EXIT_STATUS: Record<Verdict, number> = { conformant: 0, 'non-conformant': 1, inconclusive: 3 };
