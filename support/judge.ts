// The judge: the one place that decides which requirement an observation violates, what a scenario's
// outcome is, and what the verdict of a run is. Harness clients, the harness server and the steps pass
// it facts (what arrived, what the harness did before); they never pick a requirement themselves.

import { effectiveLevel, isRequirementId, type Level } from './requirements';

/** A requirement and the likely cause of its violation, for the failure message. */
export interface Attribution {
  requirement: string;
  hint?: string;
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

const FLUSH_HINT =
  'if the program writes through a buffered stream, flush it after each message (Java: new PrintWriter(out, true) or out.flush(); Python: sendall)';
const CONCURRENCY_HINT =
  'the server seems busy with the client on its assigned port and does not return to the default port: serve each client in a thread of its own, or wait on all sockets at once with select()/poll()';
const NEXT_CLIENT_HINT =
  'the default port must serve every client, one after the other: keep its listening socket open (or open it again at once) and go back to accept() after each client';

/**
 * No message where one was due on the default port. A server that has answered no client yet is
 * judged on its first answer (S2, or S3 / W2 when the client did not ask, or asked with CR LF); one
 * that did answer before and now says nothing fails the requirement of what was due.
 */
export function missingAnswer(facts: MissingAnswerFacts): Attribution {
  if (facts.due === 'Quit') {
    return { requirement: 'S4', hint: 'send "Quit\\n" after FreePort or NoPorts, then close the connection' };
  }
  if (facts.servedBefore && facts.due === 'NoPorts') {
    return {
      requirement: 'S6',
      hint: 'when no port of the pool is free, answer "NoPorts\\n", then "Quit\\n"',
    };
  }
  if (facts.servedBefore) {
    return { requirement: 'S8', hint: facts.otherHoldsAssigned ? CONCURRENCY_HINT : NEXT_CLIENT_HINT };
  }
  if (!facts.sentGetPort) {
    return {
      requirement: 'S3',
      hint: 'the server seems to wait for "GetPort"; the sheet has it answer as soon as a client connects',
    };
  }
  if (facts.crlf) {
    return {
      requirement: 'W2',
      hint: 'the server must read "GetPort\\r\\n" as GetPort (strip the \\r before comparing)',
    };
  }
  return { requirement: 'S2', hint: FLUSH_HINT };
}

/** What the harness knows about a port a server offered that was not the one expected. */
export interface WrongPortFacts {
  /** Another harness client holds the offered port, or an occupier of the harness listens on it. */
  offeredIsTaken: boolean;
  /** How the expected port was given back in this scenario, if it was. */
  expectedFreedBy: 'quit' | 'drop' | undefined;
}

export function wrongPort(facts: WrongPortFacts): Attribution {
  if (facts.offeredIsTaken) {
    return {
      requirement: 'S5',
      hint: 'a port that a client holds or that another program listens on is not available: try to bind it before offering it, and skip the ports clients hold',
    };
  }
  if (facts.expectedFreedBy === 'quit') {
    return {
      requirement: 'A2',
      hint: "the port was freed by the client's Quit: stop listening on it and put it back into the pool (a listener opened again on a port whose last connection sits in TIME_WAIT needs SO_REUSEADDR)",
    };
  }
  if (facts.expectedFreedBy === 'drop') {
    return {
      requirement: 'A3',
      hint: 'the client dropped the connection without Quit: a server should free the port the same way',
    };
  }
  return {
    requirement: 'S2',
    hint: 'the answer must be the smallest free port of the pool, counted from its first port',
  };
}

/** Two clients that asked at the same time got the same port. */
export function sharedPort(): Attribution {
  return {
    requirement: 'S9',
    hint: 'two clients at nearly the same time must not get the same port: reserve the port before answering the next client',
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
      hint: 'catch errors of one connection (parsing, decoding, a closed socket) so that they never end the server',
    };
  }
  if (facts.servedBefore) {
    return {
      requirement: 'S8',
      hint: 'the program stopped: it must keep serving clients one after the other',
    };
  }
  return { requirement: 'S1', hint: 'the program ended before it served a client: look at its output below' };
}

export interface ConnectFailureFacts {
  port: 'default' | 'offered' | 'held';
  servedBefore: boolean;
}

/** A connection the harness opened was refused or not answered (the program still runs). */
export function connectFailure(facts: ConnectFailureFacts): Attribution {
  if (facts.port === 'offered') {
    return { requirement: 'S7', hint: 'start the listener on the port before sending FreePort' };
  }
  if (facts.port === 'held') {
    return { requirement: 'A1', hint: 'keep listening on the offered port until its client has connected' };
  }
  return facts.servedBefore
    ? { requirement: 'S8', hint: NEXT_CLIENT_HINT }
    : {
        requirement: 'S1',
        hint: 'the server must listen on the default port it was given (MPP_PORT or {port}) as long as it runs',
      };
}

/** The server closed an assigned connection that should have stayed open. */
export function assignedClosed(facts: { afterSecondConnection: boolean }): Attribution {
  return facts.afterSecondConnection
    ? {
        requirement: 'A4',
        hint: 'a second connection to a held port must not end the session of the client that holds it',
      }
    : {
        requirement: 'A1',
        hint: 'the sheet defines no answer to Assigned: keep the connection open until the client says Quit',
      };
}

/** A connection reset where the server's answer (or its close) was due, with GetPort unread. */
export const RESET_HINT =
  'a socket closed while the client\'s "GetPort" is still unread in its buffer sends a reset (TCP RST) instead of a close, and a client that reads a moment later loses the answer: read the GetPort line (or at least what arrived) before closing';

/** The default port's listener was closed while this client waited in its queue. */
export const LISTENER_GONE_HINT =
  'keep the listening socket of the default port open for the next client; closing it resets the clients that wait in its queue';

// ---------------------------------------------------------------------------------------------
// The client role.

export interface Exit {
  code: number | null | undefined;
  signal: string | null | undefined;
}

/** Lines that a runtime prints when a program dies of an error it did not handle, and what they are. */
const CRASH_MARKS: readonly [RegExp, string][] = [
  [/^Traceback \(most recent call last\):/m, 'a Python traceback'],
  [/^Exception in thread "/m, 'a Java exception'],
  [/\bthread '[^']*' panicked at\b/, 'a Rust panic'],
  [/^\s+at .+\(.*:\d+:\d+\)$/m, 'a Node.js stack trace'],
  [/^Uncaught \w*Error/m, 'an uncaught error'],
  [/terminate called after throwing/, 'an uncaught C++ exception'],
  [/Segmentation fault|core dumped/, 'a segmentation fault'],
];

/**
 * Whether an exit is a crash: death by a signal, or a runtime's report of an unhandled error. Any
 * deliberate exit status is conformant (the sheet sets none); a crash is not a clean end (C4).
 */
export function crashOf(exit: Exit, output: string): string | undefined {
  if (exit.signal) return `it was ended by signal ${exit.signal}`;
  if (exit.code !== null && exit.code !== undefined && exit.code >= 128 + 1 && exit.code <= 128 + 64) {
    return `its exit status ${exit.code} is that of a death by signal ${exit.code - 128}`;
  }
  const mark = CRASH_MARKS.find(([pattern]) => pattern.test(output));
  return mark ? `its output shows ${mark[1]}, an error the program did not handle` : undefined;
}

/** Which requirement a message the client should have sent violates. */
export function clientMessageRequirement(kind: 'GetPort' | 'Assigned' | 'Quit'): Attribution {
  switch (kind) {
    case 'GetPort':
      return { requirement: 'C2', hint: 'send "GetPort\\n" right after connecting to the default port' };
    case 'Assigned':
      return {
        requirement: 'C3',
        hint: 'after FreePort:<p> and Quit, close the connection, connect to <p> and send "Assigned: <p>\\n" first',
      };
    case 'Quit':
      return {
        requirement: 'C5',
        hint: 'send "Quit\\n" on the assigned connection when the user leaves, then close it',
      };
  }
}

/** Which requirement a close the client owes violates, by what it should close after. */
export function clientCloseRequirement(after: 'freeport' | 'noports' | 'server-quit' | 'own-quit'): string {
  return { freeport: 'C3', noports: 'C4', 'server-quit': 'C6', 'own-quit': 'C5' }[after];
}

// ---------------------------------------------------------------------------------------------
// Outcomes and the verdict.

export type Outcome = 'passed' | 'failed' | 'observed' | 'blocked' | 'skipped' | 'inconclusive';
export type Verdict = 'conformant' | 'non-conformant' | 'inconclusive';

/**
 * A failed check in a scenario: a failure of the scenario's own requirement, or a more basic one
 * that kept the scenario from reaching its own check (blocked). Tag order carries no meaning.
 */
export function failureOutcome(violated: string, ownRequirements: readonly string[]): 'failed' | 'blocked' {
  return ownRequirements.includes(violated) ? 'failed' : 'blocked';
}

/** The log line prefixes that carry an outcome from a scenario to the reports. */
export const OUTCOME_PREFIX = {
  blocked: 'Blocked by ',
  inconclusive: 'Inconclusive: ',
  observed: 'Observed',
  skipped: 'Skipped: ',
} as const;

export interface JudgedScenario {
  status: Outcome;
  level: Level;
  /** The requirement a failed or blocked scenario names. */
  violated?: string;
}

export type RequirementOutcome = Outcome | 'not-checked';

/**
 * A requirement's outcome over the run: failed when a scenario failed it, or when a blocked scenario
 * found it violated (so a root failure is never lost when its own scenario happened to pass, or did
 * not run); passed when one of its scenarios passed; otherwise the most telling of the rest.
 */
export function requirementOutcome(
  id: string,
  scenarios: readonly (JudgedScenario & { requirements: readonly string[] })[],
): RequirementOutcome {
  if (
    scenarios.some((scenario) => scenario.violated === id && ['failed', 'blocked'].includes(scenario.status))
  )
    return 'failed';
  const own = scenarios.filter((scenario) => scenario.requirements.includes(id));
  for (const outcome of ['passed', 'observed', 'inconclusive', 'blocked', 'skipped'] as const) {
    if (own.some((scenario) => scenario.status === outcome)) return outcome;
  }
  // Its scenario failed on another requirement before it got to this one.
  return own.length ? 'blocked' : 'not-checked';
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
