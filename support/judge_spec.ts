// The judge's rules, one case per rule: which requirement a failure violates, the outcome of a
// scenario and of a requirement, the verdict, and what counts as a crash.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assignedClosed,
  clientCloseRequirement,
  clientMessageRequirement,
  connectFailure,
  crashOf,
  EXIT_STATUS,
  failureOutcome,
  type JudgedScenario,
  type MissingAnswerFacts,
  missingAnswer,
  programGone,
  requirementOutcome,
  sharedPort,
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
