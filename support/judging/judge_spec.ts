// The judge's rules, one case per rule: which requirement a failure violates, the outcome of a
// scenario and of a requirement, the verdict, and what counts as a crash.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { t } from '../messages';
import { Transcript } from '../wire/transcript';
import {
  type AnswerFacts,
  type Arrival,
  answerDue,
  assignedClosed,
  blockedBy,
  clientCloseRequirement,
  clientMessageRequirement,
  connectedAfterNoPorts,
  connectFailure,
  connectionNotMade,
  crashOf,
  type Due,
  disturbanceOf,
  dueOffer,
  EXIT_STATUS,
  failureOutcome,
  heldClosed,
  interopBlame,
  isExplorationFinding,
  isLineEndFinding,
  type JudgedScenario,
  judgeArrival,
  lineEvidence,
  linesKept,
  type MachineFacts,
  type MissingAnswerFacts,
  malformedLine,
  missingAnswer,
  misspelled,
  noPortsWhileFree,
  observedRequirement,
  portStillListening,
  programGone,
  type RunScenario,
  requirementOutcome,
  resetInsteadOfClose,
  scenarioEnd,
  serverCloseRequirement,
  sharedPort,
  startFailure,
  uncleanExit,
  verdictOf,
  wrongPort,
} from './judge';

const facts = (over: Partial<MissingAnswerFacts>): MissingAnswerFacts => ({
  due: 'answer',
  sentGetPort: true,
  crlf: false,
  servedBefore: false,
  otherHoldsAssigned: false,
  ...over,
});

describe('a missing answer on the default port', () => {
  it('is S2 from a server that answered nobody yet', () => {
    assert.equal(missingAnswer(facts({})).requirement, 'S2');
  });
  it('is S3 when the client did not say GetPort', () => {
    assert.equal(missingAnswer(facts({ sentGetPort: false })).requirement, 'S3');
  });
  it('is W2 when the GetPort ended with CR LF', () => {
    assert.equal(missingAnswer(facts({ crlf: true })).requirement, 'W2');
  });
  it('is S8 once the server answered a client before, with the concurrency hint while one holds a port', () => {
    const judged = missingAnswer(facts({ servedBefore: true, otherHoldsAssigned: true }));
    assert.equal(judged.requirement, 'S8');
    assert.match(judged.hint ?? '', /thread|select|poll/);
    assert.doesNotMatch(missingAnswer(facts({ servedBefore: true })).hint ?? '', /thread/);
  });
  it('is S4 when the Quit after the answer is missing', () => {
    assert.equal(missingAnswer(facts({ due: 'Quit', servedBefore: true })).requirement, 'S4');
  });
  it('is S6 when NoPorts is missing from a server that answered before, and S2 from one that never did', () => {
    assert.equal(missingAnswer(facts({ due: 'NoPorts', servedBefore: true })).requirement, 'S6');
    assert.equal(missingAnswer(facts({ due: 'NoPorts' })).requirement, 'S2');
  });
});

describe('a wrong port', () => {
  it('is S9 when clients that asked together share one', () => {
    assert.equal(sharedPort().requirement, 'S9');
  });
  it('is S5 when a client holds it or another program listens on it', () => {
    assert.equal(wrongPort({ offeredIsTaken: true, expectedFreedBy: 'quit' }).requirement, 'S5');
  });
  it('is A2 when the expected port was given back by Quit, A3 when by a close', () => {
    assert.equal(wrongPort({ offeredIsTaken: false, expectedFreedBy: 'quit' }).requirement, 'A2');
    assert.equal(wrongPort({ offeredIsTaken: false, expectedFreedBy: 'drop' }).requirement, 'A3');
  });
  it('is S5 when another program that listened on the expected port let it go, and says so', () => {
    const released = wrongPort({ offeredIsTaken: false, expectedFreedBy: 'release' });
    assert.equal(released.requirement, 'S5');
    assert.equal(released.hint, t().judge.releasedByOther);
  });
  it('is S2 otherwise', () => {
    assert.equal(wrongPort({ offeredIsTaken: false, expectedFreedBy: undefined }).requirement, 'S2');
  });
});

describe('the port a wrong offer among several allowed is judged against', () => {
  const given =
    (...ports: number[]) =>
    (port: number) =>
      ports.includes(port);
  it('is the smallest allowed port given back in the scenario, else the first allowed', () => {
    assert.equal(dueOffer([22001, 22002, 22003], given(22002, 22003), given()), 22002);
    assert.equal(dueOffer([22001, 22002], given(), given()), 22001);
    assert.equal(dueOffer([], given(), given()), undefined);
  });
  it("passes over an offer another client abandoned: keeping it is the server's choice (A5)", () => {
    // A drop freed 22002; the abandoned offer 22001 was given back too, but need not be.
    assert.equal(dueOffer([22001, 22002], given(22001, 22002), given(22001)), 22002);
    assert.equal(
      wrongPort({ offeredIsTaken: false, expectedFreedBy: 'drop' }).requirement,
      'A3',
      'a drop that freed nothing is blamed on A3, not on A2 of the abandoned offer',
    );
  });
  it('expects an abandoned offer only when every allowed port is one', () => {
    assert.equal(dueOffer([22001], given(22001), given(22001)), 22001);
  });
});

describe('a program that ended, a refused connection, a closed session', () => {
  it('blames wrong input first, then the next client, then the start', () => {
    assert.equal(programGone({ wrongInputSent: true, servedBefore: true }).requirement, 'A4');
    assert.equal(programGone({ wrongInputSent: false, servedBefore: true }).requirement, 'S8');
    assert.equal(programGone({ wrongInputSent: false, servedBefore: false }).requirement, 'S1');
  });
  it("blames a held connection's close on the program's end when it ended: a crash on another client's wrong message is A4", () => {
    assert.equal(heldClosed().requirement, 'A1');
    assert.equal(
      heldClosed({ programEnded: { wrongInputSent: true, servedBefore: true } }).requirement,
      'A4',
    );
    assert.equal(
      heldClosed({ programEnded: { wrongInputSent: false, servedBefore: true } }).requirement,
      'S8',
    );
  });
  it('is S7 on a port just offered, S1 or S8 on the default port', () => {
    assert.equal(connectFailure({ port: 'offered', servedBefore: true }).requirement, 'S7');
    assert.equal(connectFailure({ port: 'default', servedBefore: false }).requirement, 'S1');
    assert.equal(connectFailure({ port: 'default', servedBefore: true }).requirement, 'S8');
    assert.equal(connectFailure({ port: 'held', servedBefore: true }).requirement, 'A1');
  });
  it('is A4 when a second connection ended the session, A1 otherwise', () => {
    assert.equal(assignedClosed({ afterSecondConnection: true }).requirement, 'A4');
    assert.equal(assignedClosed({ afterSecondConnection: false }).requirement, 'A1');
  });
});

describe('the client role', () => {
  it('names the requirement of each message and of each close', () => {
    assert.equal(clientMessageRequirement('GetPort').requirement, 'C2');
    assert.equal(clientMessageRequirement('Assigned').requirement, 'C3');
    assert.equal(clientMessageRequirement('Quit').requirement, 'C5');
    assert.deepEqual(
      (['freeport', 'noports', 'server-quit', 'own-quit'] as const).map((after) =>
        clientCloseRequirement(after),
      ),
      ['C3', 'C4', 'C6', 'C5'],
    );
  });
  it('takes any deliberate exit status as clean (the sheet sets none)', () => {
    assert.equal(crashOf({ code: 0, signal: undefined }, 'no free port'), undefined);
    assert.equal(crashOf({ code: 1, signal: undefined }, 'Keine freien Ports'), undefined);
    assert.equal(crashOf({ code: 2, signal: undefined }, ''), undefined);
  });
  it('reads a status as a death by signal only from 129 to 192', () => {
    assert.equal(crashOf({ code: 128, signal: undefined }, ''), undefined);
    assert.match(crashOf({ code: 129, signal: undefined }, '') ?? '', /signal 1$/);
    assert.match(crashOf({ code: 192, signal: undefined }, '') ?? '', /signal 64$/);
    assert.equal(crashOf({ code: 193, signal: undefined }, ''), undefined);
    assert.equal(crashOf({ code: undefined, signal: undefined }, ''), undefined);
  });
  it('takes a runtime report only where the runtime writes it, not quoted in a message', () => {
    for (const quoted of [
      'said: Traceback (most recent call last):',
      'said: Exception in thread "main"',
      'said: Uncaught TypeError',
      '    at f (/a.js:1:2) and more',
    ])
      assert.equal(crashOf({ code: 1, signal: undefined }, quoted), undefined, quoted);
    assert.ok(crashOf({ code: 1, signal: undefined }, 'Uncaught Error: x'));
    assert.ok(crashOf({ code: 1, signal: undefined }, 'Uncaught TypeError: x'));
    assert.ok(crashOf({ code: 1, signal: undefined }, 'Error: x\n    at f (/a.js:1:23)\n\nNode.js v20.20.2'));
    // A handled error that the program prints itself (console.error(e); process.exit(1)) is a chosen exit.
    assert.equal(
      crashOf({ code: 1, signal: undefined }, 'Error: no port\n    at main (/a.js:1:23)'),
      undefined,
    );
  });
  it('names the runtime report that shows the crash', () => {
    for (const [output, name] of [
      ['Exception in thread "main" java.lang.NullPointerException', 'a Java exception'],
      ["thread 'main' panicked at src/main.rs:3:5", 'a Rust panic'],
      ['Error: x\n    at f (/c.js:12:7)\n\nNode.js v20.20.2', 'a Node.js report of an unhandled error'],
      ['Uncaught Error: x', 'an uncaught error'],
      ['terminate called after throwing an instance', 'an uncaught C++ exception'],
      ['Segmentation fault', 'a segmentation fault'],
    ])
      assert.ok(crashOf({ code: 1, signal: undefined }, output ?? '')?.includes(`shows ${name},`), name);
  });
  it('takes a signal, a signal status and a runtime error report as a crash', () => {
    assert.ok(crashOf({ code: undefined, signal: 'SIGSEGV' }, ''));
    assert.ok(crashOf({ code: 134, signal: undefined }, ''));
    assert.match(
      crashOf({ code: 1, signal: undefined }, 'Traceback (most recent call last):\n  File "c.py"') ?? '',
      /a Python traceback/,
    );
    assert.ok(
      crashOf({ code: 1, signal: undefined }, 'Exception in thread "main" java.lang.NullPointerException'),
    );
    assert.ok(crashOf({ code: 101, signal: undefined }, "thread 'main' panicked at src/main.rs:3:5"));
    assert.ok(
      crashOf(
        { code: 1, signal: undefined },
        'TypeError: x\n    at Socket.<anonymous> (/c.js:12:7)\n\nNode.js v20.20.2',
      ),
    );
    assert.ok(crashOf({ code: 134, signal: undefined }, 'terminate called after throwing an instance'));
  });
});

describe('outcomes and the verdict', () => {
  const scenario = (over: Partial<JudgedScenario & { requirements: string[] }>) => ({
    status: 'passed' as const,
    level: 'must' as const,
    requirements: ['S2'],
    ...over,
  });
  it('fails a scenario on its own requirement and blocks it on another', () => {
    assert.equal(failureOutcome('S4', ['S6', 'S4']), 'failed');
    assert.equal(failureOutcome('S2', ['A2']), 'blocked');
    // A reset that destroyed an answer by chance is judged in the S3 scenario only.
    assert.equal(failureOutcome('S3', ['S2'], true), 'incidental');
    assert.equal(failureOutcome('S3', ['S3'], true), 'failed');
  });
  it('fails a requirement that a blocked scenario found violated, even when its own scenario passed', () => {
    const run = [scenario({}), scenario({ requirements: ['A2'], status: 'blocked', violated: 'S2' })];
    assert.equal(requirementOutcome('S2', run), 'failed');
    assert.equal(requirementOutcome('A2', run), 'blocked');
  });
  it('prefers passed to the other outcomes, and says not-checked when nothing ran', () => {
    const run = [scenario({ status: 'skipped' }), scenario({}), scenario({ status: 'inconclusive' })];
    assert.equal(requirementOutcome('S2', run), 'passed');
    assert.equal(requirementOutcome('S9', run), 'not-checked');
    assert.equal(requirementOutcome('S2', [scenario({ status: 'observed' })]), 'observed');
    assert.equal(requirementOutcome('S2', [scenario({ status: 'failed', violated: 'S4' })]), 'blocked');
    assert.equal(requirementOutcome('S4', [scenario({ status: 'failed', violated: 'S4' })]), 'failed');
  });
  it('is non-conformant on a MUST failure only, inconclusive on an inconclusive MUST scenario', () => {
    assert.equal(verdictOf(['S2'], [], false), 'non-conformant');
    assert.equal(verdictOf(['S3', 'A4'], [], false), 'conformant');
    assert.equal(verdictOf(['W4'], [], true), 'non-conformant');
    assert.equal(verdictOf([], [scenario({ status: 'inconclusive' })], false), 'inconclusive');
    assert.equal(verdictOf([], [scenario({ status: 'inconclusive', level: 'should' })], false), 'conformant');
    assert.equal(verdictOf(['S2'], [scenario({ status: 'inconclusive' })], false), 'non-conformant');
    assert.equal(verdictOf([], [scenario({}), scenario({ status: 'blocked' })], false), 'conformant');
  });
  it('maps verdicts to the documented exit statuses', () => {
    assert.deepEqual(EXIT_STATUS, { conformant: 0, 'non-conformant': 1, inconclusive: 3 });
  });
});

describe("a scenario's end", () => {
  const passed = { passed: true, info: false, observations: 0 };
  it("keeps what a step's failure made of the scenario", () => {
    const blocked = {
      outcome: 'blocked' as const,
      blockedBy: 'S2',
      failure: { requirement: 'S2', what: 'nothing' },
    };
    assert.deepEqual(scenarioEnd(blocked, { ...passed, passed: false }), blocked);
  });
  it('passes a scenario that Cucumber passed, also one that noted an observation', () => {
    assert.deepEqual(scenarioEnd(undefined, passed), { outcome: 'passed' });
    assert.deepEqual(scenarioEnd(undefined, { ...passed, observations: 1 }), { outcome: 'passed' });
  });
  it('calls an INFO scenario that observed what it looks for observed', () => {
    assert.deepEqual(scenarioEnd(undefined, { ...passed, info: true, observations: 1 }), {
      outcome: 'observed',
    });
    assert.deepEqual(scenarioEnd(undefined, { ...passed, info: true }), { outcome: 'passed' });
  });
  it("takes a scenario that Cucumber failed while no step ended it for the harness's own failure: inconclusive", () => {
    const end = scenarioEnd(undefined, { ...passed, passed: false, problem: 'function timed out' });
    assert.equal(end.outcome, 'inconclusive');
    assert.equal(end.violated ?? end.blockedBy, undefined);
    assert.match(end.reason ?? '', /function timed out/);
  });
});

describe('the evidence rule: requirements of every line are judged on all the lines of the run', () => {
  const scenario = (over: Partial<RunScenario>): RunScenario => ({
    status: 'passed' as const,
    level: 'must' as const,
    requirements: ['C2'],
    ...over,
  });
  // The client: GetPort and Assigned well-formed everywhere, but it closes without Quit, so
  // the scenario of W1, W3 and W5 (which needs the Quit at its end) is blocked by C5.
  const noQuit = [
    scenario({ lines: lineEvidence(['GetPort']) }),
    scenario({ requirements: ['C3'], lines: lineEvidence(['GetPort', 'Assigned: 22002']) }),
    scenario({
      requirements: ['W1', 'W3', 'W5'],
      status: 'blocked',
      violated: 'C5',
      lines: lineEvidence(['GetPort', 'Assigned: 22002']),
    }),
    scenario({ requirements: ['C5'], status: 'failed', violated: 'C5' }),
  ];

  it('counts only protocol messages, and a spelling of its own against W4', () => {
    assert.deepEqual(lineEvidence(['GetPort', 'Assigned:22002', 'hello', 'FreePort:1Quit']), {
      W1: { kept: 2, broken: 0 },
      W3: { kept: 2, broken: 0 },
      W5: { kept: 2, broken: 0 },
      W4: { kept: 1, broken: 1 },
    });
    assert.deepEqual(lineEvidence([]), {});
  });

  it('passes W1, W3 and W5 on the lines of every scenario when their own scenario was blocked', () => {
    for (const id of ['W1', 'W3', 'W5']) assert.equal(requirementOutcome(id, noQuit), 'passed');
    assert.equal(linesKept('W1', noQuit), 5);
    assert.equal(requirementOutcome('C5', noQuit), 'failed');
    // Not a requirement of every line: its blocked scenario stays blocked.
    assert.equal(linesKept('C2', noQuit), 0);
  });

  it('keeps a failure found anywhere: a GetPort without its line end still fails W1', () => {
    const run = [
      scenario({ requirements: ['C2'], status: 'blocked', violated: 'W1' }),
      scenario({ requirements: ['C3'], lines: lineEvidence(['Assigned: 22002']) }),
      scenario({ requirements: ['W1', 'W3', 'W5'], status: 'blocked', violated: 'W1' }),
    ];
    assert.equal(requirementOutcome('W1', run), 'failed');
    assert.equal(requirementOutcome('W3', run), 'passed');
  });

  it('stays blocked when the program sent no line of that kind, and names what blocked it', () => {
    // A server that never answers: S2 fails once, the rest is blocked by it.
    const silent = [
      scenario({ requirements: ['S2'], status: 'failed', violated: 'S2' }),
      scenario({ requirements: ['W1', 'W3', 'W5'], status: 'blocked', violated: 'S2' }),
    ];
    assert.equal(requirementOutcome('W1', silent), 'blocked');
    assert.deepEqual(blockedBy('W1', silent), ['S2']);
    assert.deepEqual(blockedBy('S2', silent), []);
  });

  it('names as blockers only the failures of failed or blocked scenarios, each once, in the order of the run', () => {
    const run = [
      scenario({ requirements: ['A2', 'S5'], status: 'failed', violated: 'S5' }),
      scenario({ requirements: ['A2'], status: 'inconclusive', violated: 'S8' }),
      scenario({ requirements: ['A2'], status: 'blocked', violated: 'S2' }),
      scenario({ requirements: ['A2'], status: 'blocked' }),
      scenario({ requirements: ['A2'], status: 'failed', violated: 'A2' }),
      scenario({ requirements: ['A2', 'S5'], status: 'failed', violated: 'S5' }),
    ];
    assert.deepEqual(blockedBy('A2', run), ['S5', 'S2']);
  });

  it('does not pass W4 on the evidence when a line was spelled otherwise', () => {
    const run = [
      scenario({ requirements: ['W4'], status: 'blocked', violated: 'C3' }),
      scenario({ lines: lineEvidence(['GetPort', 'Assigned:22002']) }),
    ];
    assert.equal(requirementOutcome('W4', run), 'blocked');
    assert.equal(requirementOutcome('W1', run), 'passed');
  });

  it('reads the lines out of a transcript per connection, without a line that never ended', () => {
    const transcript = new Transcript('harness', 'client');
    const data = (connection: string, text: string) =>
      transcript.record({ port: 1, connection, from: 'target', event: 'data', text });
    data('A', 'Get');
    data('B', 'Quit\r\n');
    data('A', 'Port\nAssig');
    transcript.record({ port: 1, connection: 'A', from: 'harness', event: 'data', text: 'Quit\n' });
    transcript.record({ port: 1, connection: 'A', from: 'target', event: 'connect', text: '' });
    data('A', 'Quit\n');
    assert.deepEqual(transcript.linesSent(), ['Quit', 'GetPort', 'Quit']);
  });
});

describe('an interop cell that failed', () => {
  const blame = (failure: Parameters<typeof interopBlame>[0]) => {
    const { side, requirement } = interopBlame(failure);
    return `${side} ${requirement}`;
  };
  it('blames the server that never listened (S1) and the client that never connected (C1)', () => {
    assert.equal(blame({ step: 'listen' }), 'server S1');
    assert.equal(blame({ step: 'connect' }), 'client C1');
  });
  it('blames a client that never sent GetPort, not the server that may wait for it', () => {
    assert.equal(blame({ step: 'offer', sentGetPort: false, crlf: false, noPorts: false }), 'client C2');
  });
  it('blames the server that did not answer GetPort (S2, W2 after CR LF) or said NoPorts with a free pool', () => {
    assert.equal(blame({ step: 'offer', sentGetPort: true, crlf: false, noPorts: false }), 'server S2');
    assert.equal(blame({ step: 'offer', sentGetPort: true, crlf: true, noPorts: false }), 'server W2');
    assert.equal(blame({ step: 'offer', sentGetPort: true, crlf: false, noPorts: true }), 'server S2');
  });
  it('blames the server that refused the offered port (S7), else the client that did not claim it (C3)', () => {
    assert.equal(blame({ step: 'claim', refused: true }), 'server S7');
    assert.equal(blame({ step: 'claim', refused: false }), 'client C3');
  });
  it('blames a client without Quit (C5) unless the server had closed first (A1), and a server that kept the port (A2)', () => {
    assert.equal(blame({ step: 'leave', serverClosedFirst: false }), 'client C5');
    assert.equal(blame({ step: 'leave', serverClosedFirst: true }), 'server A1');
    assert.equal(blame({ step: 'free' }), 'server A2');
  });
  it('gives each step the hint of the same failure in a single run, not only its requirement', () => {
    assert.deepEqual(interopBlame({ step: 'listen' }), {
      side: 'server',
      ...connectFailure({ port: 'default', servedBefore: false }),
    });
    assert.deepEqual(interopBlame({ step: 'offer', sentGetPort: true, crlf: false, noPorts: true }), {
      side: 'server',
      ...wrongPort({ offeredIsTaken: false, expectedFreedBy: undefined }),
    });
    assert.deepEqual(interopBlame({ step: 'offer', sentGetPort: true, crlf: false, noPorts: false }), {
      side: 'server',
      ...missingAnswer({
        due: 'answer',
        sentGetPort: true,
        crlf: false,
        servedBefore: false,
        otherHoldsAssigned: false,
      }),
    });
    assert.deepEqual(interopBlame({ step: 'claim', refused: true }), {
      side: 'server',
      ...connectFailure({ port: 'offered', servedBefore: true }),
    });
    assert.deepEqual(interopBlame({ step: 'leave', serverClosedFirst: true }), {
      side: 'server',
      ...assignedClosed({ afterSecondConnection: false }),
    });
  });
});

const answerFacts = (over: Partial<AnswerFacts> = {}): AnswerFacts => ({
  ...facts({}),
  wrongInputSent: false,
  taken: [],
  ...over,
});
const server = (before: Partial<AnswerFacts> = {}, now: Partial<AnswerFacts> = before): Due => ({
  role: 'server',
  before: answerFacts(before),
  now: answerFacts(now),
});
const client: Due = { role: 'client', message: 'Assigned' };

describe('what came instead of a message that was due', () => {
  it('blames W5 for two messages glued into one line and W3 for a line that is none', () => {
    assert.equal(
      judgeArrival({ kind: 'malformed', fault: 'glued', problem: 'glued' }, client).requirement,
      'W5',
    );
    const none = judgeArrival({ kind: 'malformed', fault: 'unknown', problem: 'no message' }, server());
    assert.deepEqual(none, { requirement: 'W3', hint: 'no message' });
    assert.equal(malformedLine('glued'), 'W5');
    assert.equal(malformedLine('unknown'), 'W3');
  });

  it('blames W4 for a spelling other than the sheet in a strict run, with the spelling as the hint', () => {
    assert.deepEqual(judgeArrival({ kind: 'misspelled', spelling: 'a space' }, client), {
      requirement: 'W4',
      hint: 'a space',
    });
    assert.equal(misspelled().requirement, 'W4');
    assert.ok(misspelled().hint);
  });

  it('blames W1 for text without a line end, whoever owed the message', () => {
    for (const arrival of [
      { kind: 'overflow' },
      { kind: 'unended', ended: false },
      { kind: 'unended', ended: true },
    ] as const) {
      assert.equal(judgeArrival(arrival, server()).requirement, 'W1');
      assert.equal(judgeArrival(arrival, client).requirement, 'W1');
    }
    const hints = new Set(
      [{ kind: 'overflow' }, { kind: 'unended', ended: false }, { kind: 'unended', ended: true }].map(
        (arrival) => judgeArrival(arrival as Arrival, client).hint,
      ),
    );
    assert.equal(hints.size, 3, 'each kind of missing line end has its own hint');
  });

  it('blames S8 when the default port stopped listening and reset a waiting client', () => {
    const judged = judgeArrival({ kind: 'listener-gone' }, server());
    assert.equal(judged.requirement, 'S8');
    assert.ok(judged.hint);
  });

  it('blames S3 for a reset that left the harness message unread, as a finding of timing', () => {
    const judged = judgeArrival({ kind: 'reset-unread' }, server());
    assert.equal(judged.requirement, 'S3');
    assert.equal(judged.timing, true);
    assert.equal(judgeArrival({ kind: 'ended' }, server()).timing, undefined);
  });

  it('blames S5 for a port another client has, and S2 for any other wrong port', () => {
    assert.equal(
      judgeArrival({ kind: 'other-port', port: 22003 }, server({ taken: [22003] })).requirement,
      'S5',
    );
    assert.equal(
      judgeArrival({ kind: 'other-port', port: 22004 }, server({ taken: [22003] })).requirement,
      'S2',
    );
  });

  it('judges a wrong port by the ports taken when it came, not when it was awaited', () => {
    const due = server({ taken: [] }, { taken: [22003] });
    assert.equal(judgeArrival({ kind: 'other-port', port: 22003 }, due).requirement, 'S5');
  });

  it('blames the message owed for a wrong port from a client, with no hint', () => {
    assert.deepEqual(judgeArrival({ kind: 'other-port', port: 22003 }, client), { requirement: 'C3' });
  });

  it('judges a message of the wrong kind by what was due when it was awaited', () => {
    const due = server({ servedBefore: false }, { servedBefore: true });
    assert.equal(
      judgeArrival({ kind: 'other-kind', wanted: 'FreePort', got: 'Quit' }, due).requirement,
      'S2',
    );
  });

  it('explains an answer twice and a Quit too early, and nothing else', () => {
    const twice = judgeArrival({ kind: 'other-kind', wanted: 'Quit', got: 'FreePort' }, server());
    const early = judgeArrival({ kind: 'other-kind', wanted: 'NoPorts', got: 'Quit' }, server());
    const odd = judgeArrival({ kind: 'other-kind', wanted: 'FreePort', got: 'GetPort' }, server());
    assert.match(twice.hint ?? '', /FreePort/);
    assert.match(early.hint ?? '', /NoPorts/);
    assert.equal(odd.hint, undefined);
    assert.equal(
      judgeArrival({ kind: 'other-kind', wanted: 'Quit', got: 'NoPorts' }, client).requirement,
      'C3',
    );
    assert.ok(judgeArrival({ kind: 'other-kind', wanted: 'Quit', got: 'NoPorts' }, client).hint);
    assert.equal(
      judgeArrival({ kind: 'other-kind', wanted: undefined, got: 'Quit' }, client).hint,
      undefined,
    );
  });

  it('judges silence and a plain end by what is known when the wait ended', () => {
    const due = server({ servedBefore: false }, { servedBefore: true });
    assert.equal(judgeArrival({ kind: 'silence' }, due).requirement, 'S8');
    assert.equal(judgeArrival({ kind: 'ended' }, due).requirement, 'S8');
    assert.equal(judgeArrival({ kind: 'silence' }, client).requirement, 'C3');
    assert.ok(judgeArrival({ kind: 'silence' }, client).hint);
  });

  it('awaits Quit or NoPorts alone as such, and an answer that may be either as the answer to GetPort', () => {
    assert.equal(answerDue(['Quit'], false), 'Quit');
    assert.equal(answerDue(['NoPorts'], false), 'NoPorts');
    assert.equal(answerDue(['FreePort', 'NoPorts'], false), 'answer');
    assert.equal(answerDue(['FreePort'], true), 'answer');
  });

  it('blames S6 for a close without an answer that may be either, where clients and other programs hold the whole pool', () => {
    const due = answerDue(['FreePort', 'NoPorts'], true);
    assert.equal(due, 'NoPorts');
    const held = server({ due, servedBefore: true }, { due, servedBefore: true });
    assert.equal(judgeArrival({ kind: 'ended' }, held).requirement, 'S6');
    assert.equal(judgeArrival({ kind: 'silence' }, held).requirement, 'S6');
    const free = server({ servedBefore: true }, { servedBefore: true });
    assert.equal(judgeArrival({ kind: 'ended' }, free).requirement, 'S8');
  });

  it('blames the program gone by what it was sent before: A4 after wrong input, S8 after an answer, else S1', () => {
    const gone = { kind: 'program-gone' } as const;
    assert.deepEqual(judgeArrival(gone, server({}, { wrongInputSent: true })), { requirement: 'A4' });
    assert.deepEqual(judgeArrival(gone, server({}, { servedBefore: true })), { requirement: 'S8' });
    assert.deepEqual(judgeArrival(gone, server()), { requirement: 'S1' });
    assert.deepEqual(judgeArrival(gone, client), { requirement: 'C3' });
  });
});

describe('the facts of the server role beyond the answers', () => {
  it('blames S2 for NoPorts while the pool has a free port', () => {
    assert.equal(noPortsWhileFree().requirement, 'S2');
    assert.ok(noPortsWhileFree().hint);
  });

  it('blames S4 for a missing close after the answer, A2 after Quit, W2 after a Quit with CR LF', () => {
    assert.equal(serverCloseRequirement('answer'), 'S4');
    assert.equal(serverCloseRequirement('answer', true), 'S4');
    assert.equal(serverCloseRequirement('client-quit'), 'A2');
    assert.equal(serverCloseRequirement('client-quit', true), 'W2');
  });

  it('blames A3 for a port still listened on after a drop, A2 after Quit or anything else', () => {
    assert.equal(portStillListening({ freedBy: 'drop' }).requirement, 'A3');
    assert.equal(portStillListening({ freedBy: 'quit' }).requirement, 'A2');
    assert.equal(portStillListening({ freedBy: undefined }).requirement, 'A2');
    assert.ok(portStillListening({ freedBy: 'drop' }).hint);
  });

  it('blames S3 for a reset instead of a close', () => {
    assert.equal(resetInsteadOfClose().requirement, 'S3');
    assert.ok(resetInsteadOfClose().hint);
  });

  it('blames W2 for an assigned connection closed after an Assigned with CR LF, before any second connection', () => {
    assert.equal(assignedClosed({ crlf: true, afterSecondConnection: true }).requirement, 'W2');
    assert.equal(assignedClosed({ crlf: false, afterSecondConnection: true }).requirement, 'A4');
  });

  it('blames S1 for a server that does not listen, with advice only for a launched one', () => {
    assert.deepEqual(startFailure({ kind: 'not-listening' }), { requirement: 'S1' });
    const exited = startFailure({
      kind: 'not-listening',
      launched: { exitedByItself: true, port: 22000, pool: '22001-22010' },
    });
    const silent = startFailure({
      kind: 'not-listening',
      launched: { exitedByItself: false, port: 22000, pool: '22001-22010' },
    });
    assert.equal(exited.requirement, 'S1');
    assert.equal(silent.requirement, 'S1');
    assert.ok(exited.hint && silent.hint && exited.hint !== silent.hint);
    assert.match(silent.hint ?? '', /22000/);
  });

  it('blames S1 for a server not started again, and S2 for one that answered nobody before', () => {
    assert.equal(startFailure({ kind: 'not-started-again' }).requirement, 'S1');
    assert.equal(startFailure({ kind: 'silent-again' }).requirement, 'S2');
    assert.ok(startFailure({ kind: 'not-started-again' }).hint);
    assert.ok(startFailure({ kind: 'silent-again' }).hint);
  });

  it('names the requirement a scenario observes without failing it', () => {
    assert.equal(observedRequirement('answer-unasked'), 'S3');
    assert.equal(observedRequirement('reclaim'), 'A5');
    assert.equal(observedRequirement('exit'), 'C4');
  });

  it('takes W2 and C7 for findings about line ends, and nothing else', () => {
    assert.ok(isLineEndFinding('W2'));
    assert.ok(isLineEndFinding('C7'));
    assert.ok(!isLineEndFinding('A2'));
    assert.ok(!isLineEndFinding('W1'));
  });
});

describe('the facts of the client role beyond the messages', () => {
  it('blames C7 for a close missing after an answer with CR LF, except after NoPorts and after its own Quit', () => {
    assert.equal(clientCloseRequirement('freeport', true), 'C7');
    assert.equal(clientCloseRequirement('server-quit', true), 'C7');
    assert.equal(clientCloseRequirement('noports', true), 'C4');
    assert.equal(clientCloseRequirement('own-quit', true), 'C5');
  });

  it('blames C1 for no connection to the default port, C3 to the offered one, C7 after CR LF', () => {
    const toDefault = connectionNotMade({ to: 'default', port: 22000, crlf: true });
    assert.equal(toDefault.requirement, 'C1');
    assert.match(toDefault.hint ?? '', /22000/);
    const givenUp = connectionNotMade({ to: 'default', port: 22000, crlf: false, givenUp: true });
    assert.equal(givenUp.requirement, 'C1');
    assert.notEqual(givenUp.hint, toDefault.hint);
    const offered = connectionNotMade({ to: 'offered', port: 22001, crlf: false });
    assert.equal(offered.requirement, 'C3');
    assert.match(offered.hint ?? '', /22001/);
    assert.equal(connectionNotMade({ to: 'offered', port: 22001, crlf: true }).requirement, 'C7');
  });

  it('blames C4 for a crash or a hang after NoPorts, each with its own hint, and for a connection after it', () => {
    const crashed = uncleanExit({ exited: true });
    const hangs = uncleanExit({ exited: false });
    assert.equal(crashed.requirement, 'C4');
    assert.equal(hangs.requirement, 'C4');
    assert.ok(crashed.hint && hangs.hint && crashed.hint !== hangs.hint);
    assert.equal(connectedAfterNoPorts().requirement, 'C4');
    assert.ok(connectedAfterNoPorts().hint);
  });
});

describe('whether a failure is the program’s', () => {
  const machine = (over: Partial<MachineFacts> = {}): MachineFacts => ({
    stalledMs: 0,
    timeoutMs: 1000,
    strangers: () => [],
    ...over,
  });

  it('blames a stall of the harness for a wait that ran out, when the stall is longer than a quarter of the bound', () => {
    const silent = { silent: true, waitedMs: undefined };
    assert.match(disturbanceOf(silent, machine({ stalledMs: 251 })) ?? '', /251 ms/);
    assert.equal(disturbanceOf(silent, machine({ stalledMs: 250 })), undefined);
  });

  it('caps the stall that disturbs a long bound at one second', () => {
    const silent = { silent: true, waitedMs: undefined };
    assert.ok(disturbanceOf(silent, machine({ stalledMs: 1001, timeoutMs: 10_000 })));
    assert.equal(disturbanceOf(silent, machine({ stalledMs: 1000, timeoutMs: 10_000 })), undefined);
  });

  it('takes a failure with the bound it waited for a wait that ran out, and a wrong message for none', () => {
    const waited = { silent: false, waitedMs: 1000 };
    const wrong = { silent: false, waitedMs: undefined };
    assert.ok(disturbanceOf(waited, machine({ stalledMs: 900 })));
    assert.equal(disturbanceOf(wrong, machine({ stalledMs: 900 })), undefined);
  });

  it('blames a stranger listening on the ports of the scenario, and nothing when there is none', () => {
    const wrong = { silent: false, waitedMs: undefined };
    assert.match(disturbanceOf(wrong, machine({ strangers: () => ['22003: pid 1 (x)'] })) ?? '', /22003/);
    assert.equal(disturbanceOf(wrong, machine()), undefined);
  });

  it('counts a MUST failure as a finding of exploration, a SHOULD one only when asked, and no finding of timing', () => {
    const options = { strict: false, findShould: false };
    assert.ok(isExplorationFinding({ requirement: 'S2', timing: false }, options));
    assert.ok(!isExplorationFinding({ requirement: 'A3', timing: false }, options));
    assert.ok(isExplorationFinding({ requirement: 'A3', timing: false }, { ...options, findShould: true }));
    assert.ok(!isExplorationFinding({ requirement: 'S3', timing: true }, { ...options, findShould: true }));
    assert.ok(!isExplorationFinding({ requirement: 'W4', timing: false }, options));
    assert.ok(isExplorationFinding({ requirement: 'W4', timing: false }, { ...options, strict: true }));
  });
});
