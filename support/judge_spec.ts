// The judge's rules, one case per rule: which requirement a failure violates, the outcome of a
// scenario and of a requirement, the verdict, and what counts as a crash.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assignedClosed,
  blockedBy,
  clientCloseRequirement,
  clientMessageRequirement,
  connectFailure,
  crashOf,
  EXIT_STATUS,
  failureOutcome,
  interopBlame,
  type JudgedScenario,
  lineEvidence,
  linesKept,
  type MissingAnswerFacts,
  missingAnswer,
  programGone,
  type RunScenario,
  requirementOutcome,
  scenarioEnd,
  sharedPort,
  verdictOf,
  wrongPort,
} from './judge';
import { Transcript } from './transcript';

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
  it('is S2 otherwise', () => {
    assert.equal(wrongPort({ offeredIsTaken: false, expectedFreedBy: undefined }).requirement, 'S2');
  });
});

describe('a program that ended, a refused connection, a closed session', () => {
  it('blames wrong input first, then the next client, then the start', () => {
    assert.equal(programGone({ wrongInputSent: true, servedBefore: true }).requirement, 'A4');
    assert.equal(programGone({ wrongInputSent: false, servedBefore: true }).requirement, 'S8');
    assert.equal(programGone({ wrongInputSent: false, servedBefore: false }).requirement, 'S1');
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
      (['freeport', 'noports', 'server-quit', 'own-quit'] as const).map(clientCloseRequirement),
      ['C3', 'C4', 'C6', 'C5'],
    );
  });
  it('takes any deliberate exit status as clean (the sheet sets none)', () => {
    assert.equal(crashOf({ code: 0, signal: null }, 'no free port'), undefined);
    assert.equal(crashOf({ code: 1, signal: null }, 'Keine freien Ports'), undefined);
    assert.equal(crashOf({ code: 2, signal: null }, ''), undefined);
  });
  it('reads a status as a death by signal only from 129 to 192', () => {
    assert.equal(crashOf({ code: 128, signal: undefined }, ''), undefined);
    assert.match(crashOf({ code: 129, signal: undefined }, '') ?? '', /signal 1$/);
    assert.match(crashOf({ code: 192, signal: undefined }, '') ?? '', /signal 64$/);
    assert.equal(crashOf({ code: 193, signal: undefined }, ''), undefined);
    assert.equal(crashOf({ code: null, signal: null }, ''), undefined);
  });
  it('takes a runtime report only where the runtime writes it, not quoted in a message', () => {
    for (const quoted of [
      'said: Traceback (most recent call last):',
      'said: Exception in thread "main"',
      'said: Uncaught TypeError',
      '    at f (/a.js:1:2) and more',
    ])
      assert.equal(crashOf({ code: 1, signal: null }, quoted), undefined, quoted);
    assert.ok(crashOf({ code: 1, signal: null }, 'Uncaught Error: x'));
    assert.ok(crashOf({ code: 1, signal: null }, 'Uncaught TypeError: x'));
    assert.ok(crashOf({ code: 1, signal: null }, 'Error: x\n    at f (/a.js:1:23)\n\nNode.js v20.20.2'));
    // A handled error that the program prints itself (console.error(e); process.exit(1)) is a chosen exit.
    assert.equal(crashOf({ code: 1, signal: null }, 'Error: no port\n    at main (/a.js:1:23)'), undefined);
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
      assert.ok(crashOf({ code: 1, signal: null }, output ?? '')?.includes(`shows ${name},`), name);
  });
  it('takes a signal, a signal status and a runtime error report as a crash', () => {
    assert.ok(crashOf({ code: null, signal: 'SIGSEGV' }, ''));
    assert.ok(crashOf({ code: 134, signal: null }, ''));
    assert.match(
      crashOf({ code: 1, signal: null }, 'Traceback (most recent call last):\n  File "c.py"') ?? '',
      /a Python traceback/,
    );
    assert.ok(
      crashOf({ code: 1, signal: null }, 'Exception in thread "main" java.lang.NullPointerException'),
    );
    assert.ok(crashOf({ code: 101, signal: null }, "thread 'main' panicked at src/main.rs:3:5"));
    assert.ok(
      crashOf(
        { code: 1, signal: null },
        'TypeError: x\n    at Socket.<anonymous> (/c.js:12:7)\n\nNode.js v20.20.2',
      ),
    );
    assert.ok(crashOf({ code: 134, signal: null }, 'terminate called after throwing an instance'));
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
});
