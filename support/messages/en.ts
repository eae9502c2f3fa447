// Every sentence the harness says to a student, in English (the default). support/messages/de.ts has
// the same keys and types (`Messages`), so that a sentence missing in German does not compile. The
// protocol's own words (GetPort, FreePort:<port>, …) and the wire text stay as they are in every language.

/** Which program is under test: the one role name of every layer (the result model re-exports it). */
export type TargetRole = 'server' | 'client';
/** After which Quit a close was due: the sender's own, or the other side's. */
export type After = 'ownQuit' | 'peerQuit';
export type ConnectReason = 'refused' | 'reset' | 'timeout';

const locale = 'en';
const list = (items: readonly (string | number)[]) =>
  new Intl.ListFormat(locale, { type: 'conjunction' }).format(items.map(String));
const or = (items: readonly string[]) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(items);
/** A count or a duration, not a port: ports are never grouped. */
const n = (value: number) => new Intl.NumberFormat(locale).format(value);
const party = (who: TargetRole) => `the ${who}`;
const after = (who: TargetRole, what: After) =>
  what === 'ownQuit' ? 'its Quit' : `the ${who === 'server' ? 'client' : 'server'}'s Quit`;

export const en = {
  locale,
  list,
  or,
  n,
  /** The labels of a failure message, padded to one width. */
  labels: {
    expected: 'expected:',
    received: 'received:',
    hint: 'hint:    ',
    rule: 'rule:    ',
    sheet: 'sheet:   ',
    more: 'more:    ',
  },
  level: { must: 'MUST', should: 'SHOULD', info: 'INFO' },
  role: { wire: 'wire', server: 'server', client: 'client' },
  outcome: {
    passed: 'passed',
    failed: 'failed',
    observed: 'observed',
    blocked: 'blocked',
    skipped: 'skipped',
    inconclusive: 'inconclusive',
    'not-checked': 'not checked',
  },
  verdict: { conformant: 'CONFORMANT', 'non-conformant': 'NON-CONFORMANT', inconclusive: 'INCONCLUSIVE' },
  /** The words before the reason of a scenario that did not pass or fail (rendered from its result). */
  prefix: {
    blocked: 'Blocked by ',
    inconclusive: 'Inconclusive: ',
    skipped: 'Skipped: ',
  },
  observed: (id: string) => `Observed (${id}): `,
  /** A connection's name in the feature files' words ("client A", "the client", "default"). */
  client: (name: string) => name,
  /** A scenario's or a feature's name: the feature files are English, the German titles are in requirements.de.ts. */
  scenario: (name: string) => name,
  feature: (name: string) => name,
  /** A failure's first sentence, after "S2 (MUST): ". */
  sentence: (text: string) => text,
  explainCommand: (id: string) => `npx mpp-conformance explain ${id}`,

  // ---- the judge's hints (support/judging/judge.ts)
  judge: {
    releasedByOther:
      'another program stopped listening on the port, so it is available again: decide which ports are available when a client asks (try to bind them), not once for good',
    heldEnded:
      'the server ended the connection of a client that still holds its port: keep a record per connection (its socket and its port) and close, and free, only the one whose client said Quit or left',
    flush:
      'if the program writes through a buffered stream, flush it after each message (Java: new PrintWriter(out, true) or out.flush(); Python: sendall)',
    concurrency:
      'the server seems busy with the client on its assigned port and does not return to the default port: serve each client in a thread of its own, or wait on all sockets at once with select()/poll()',
    nextClient:
      'the default port must serve every client, one after the other: keep its listening socket open (or open it again at once) and go back to accept() after each client',
    quitAfterAnswer: 'send "Quit\\n" after FreePort or NoPorts, then close the connection',
    noPorts: 'when no port of the pool is free, answer "NoPorts\\n", then "Quit\\n"',
    waitsForGetPort:
      'the server ended the connection before the client had said anything: answering on connect or after "GetPort" are both fine, but the connection must stay open until the server has answered',
    crlfGetPort: 'the server must read "GetPort\\r\\n" as GetPort (strip the \\r before comparing)',
    taken:
      'a port that a client holds or that another program listens on is not available: try to bind it before offering it, and skip the ports clients hold',
    freedByQuit:
      "the port was freed by the client's Quit: stop listening on it and put it back into the pool (a listener opened again on a port whose last connection sits in TIME_WAIT needs SO_REUSEADDR)",
    freedByDrop: 'the client dropped the connection without Quit: a server should free the port the same way',
    passedOver:
      'the server no longer listened on the freed port, yet offered larger ones: either it cannot listen on it again (a listener opened again on a port whose last connection sits in TIME_WAIT needs SO_REUSEADDR), or it hands ports out in turn (round-robin) or keeps freed ports aside. Offer the smallest free port, counted from the first port of the pool, every time',
    smallest: 'the answer must be the smallest free port of the pool, counted from its first port',
    shared:
      'two clients at nearly the same time must not get the same port: reserve the port before answering the next client',
    wrongInput:
      'catch errors of one connection (parsing, decoding, a closed socket) so that they never end the server',
    stopped: 'the program stopped: it must keep serving clients one after the other',
    endedEarly: 'the program ended before it served a client: look at its output below',
    listenBeforeOffer: 'start the listener on the port before sending FreePort',
    keepListening: 'keep listening on the offered port until its client has connected',
    defaultPort:
      'the server must listen on the default port it was given (MPP_PORT or {port}) as long as it runs',
    secondConnection:
      'a second connection to a held port must not end the session of the client that holds it',
    noReplyToAssigned:
      'the sheet defines no answer to Assigned: keep the connection open until the client says Quit',
    reset:
      'a socket closed while the client\'s "GetPort" is still unread in its buffer sends a reset (TCP RST) instead of a close, and a client that reads a moment later loses the answer: read the GetPort line (or at least what arrived) before closing',
    listenerGone:
      'keep the listening socket of the default port open for the next client; closing it resets the clients that wait in its queue',
    sendGetPort: 'send "GetPort\\n" right after connecting to the default port',
    sendAssigned:
      'after FreePort:<p> and Quit, close the connection, connect to <p> and send "Assigned: <p>\\n" first',
    sendQuit: 'send "Quit\\n" on the assigned connection when the user leaves, then close it',
  },
  crash: {
    signal: (signal: string) => `it was ended by signal ${signal}`,
    signalStatus: (code: number) => `its exit status ${code} is that of a death by signal ${code - 128}`,
    output: (what: string) => `its output shows ${what}, an error the program did not handle`,
    python: 'a Python traceback',
    java: 'a Java exception',
    rust: 'a Rust panic',
    node: 'a Node.js report of an unhandled error',
    uncaught: 'an uncaught error',
    cpp: 'an uncaught C++ exception',
    segfault: 'a segmentation fault',
  },

  // ---- reading a line (support/wire/protocol.ts)
  protocol: {
    spelling: (line: string, sheet: string) => `"${line}" should be "${sheet}" (W4)`,
    glued: (line: string, kinds: readonly string[]) =>
      `"${line}" holds ${list(kinds)} in one line: each message needs its own line end \\n`,
    empty: 'an empty line is not a message',
    parentheses: (shown: string) =>
      `${shown} writes the port in parentheses: the sheet's (PORT) is a placeholder, send the bare number`,
    nearly: (shown: string, nearly: string) =>
      `${shown} is not spelled as the sheet spells ${nearly} (case and punctuation count)`,
    notAscii: (shown: string) => `${shown} contains bytes that are not printable ASCII`,
    unknown: (shown: string) =>
      `${shown} is none of GetPort, FreePort:<port>, NoPorts, Assigned: <port>, Quit`,
  },

  // ---- what arrived or did not (support/peers/expect.ts)
  expect: {
    or: (shown: readonly string[]) => or(shown),
    notAMessage: (who: TargetRole, port: number) =>
      `${party(who)} sent a line on port ${port} that is not a protocol message`,
    strictSpelling: (who: TargetRole) =>
      `${party(who)} spelled a message differently from the sheet (strict run)`,
    spellingNote: (text: string) => `spelling: ${text}`,
    wrongMessage: (who: TargetRole, got: string, due: string) =>
      `${party(who)} sent ${got} where ${due} was due`,
    notClosed: (who: TargetRole, port: number, ms: number, what: After) =>
      `${party(who)} did not close the connection on port ${port} within ${n(ms)} ms after ${after(who, what)}`,
    moreInsteadOfClose: (who: TargetRole, what: After) =>
      `${party(who)} sent more after ${after(who, what)} instead of closing the connection`,
    closes: '[the connection closes]',
    closeHint: (who: TargetRole, what: After) =>
      `close the connection after ${after(who, what)} (Python: conn.close(), Java: socket.close(), Node: socket.end())`,
    overflow: (who: TargetRole, length: number, port: number) =>
      `${party(who)} sent ${n(length)} characters on port ${port} without a line end`,
    overflowReceived: (length: number) => `${n(length)} characters and no ⏎`,
    overflowShort: (length: number) => `${n(length)} characters without a line end`,
    endLines: 'end every message with \\n',
    noLineEnd: (who: TargetRole, rest: string, port: number, ms: number) =>
      `${party(who)} sent "${rest}" on port ${port} but no line end within ${n(ms)} ms`,
    noLineEndReceived: (rest: string) => `"${rest}" (no ⏎)`,
    noLineEndHint:
      'end every message with \\n (Python: sendall(b"FreePort:10002\\n"), Java: println on a PrintWriter); if the rest was still on its way, the program sends too slowly (the bound is MPP_TIMEOUT_MS)',
    nothing: (who: TargetRole, port: number, ms: number) =>
      `${party(who)} sent nothing on port ${port} within ${n(ms)} ms`,
    nothingReceived: '[nothing]',
    flush:
      'if the program writes through a buffered stream, flush it after each message (Java: new PrintWriter(out, true); Python: sendall, not makefile without flush)',
    restThenEnd: (who: TargetRole, rest: string, port: number, reset: boolean) =>
      `${party(who)} sent "${rest}" on port ${port} without a line end and then ${reset ? 'reset' : 'closed'} the connection`,
    restThenEndReceived: (rest: string, reset: boolean) =>
      `"${rest}" (no ⏎), then ${reset ? 'a reset' : 'the close'}`,
    restHint: 'end every message with \\n; a line without its end is not a message',
    programEnded: (due: string, port: number) => `the program ended while ${due} was due on port ${port}`,
    programEndedReceived: (reset: boolean) => `[connection ${reset ? 'reset' : 'closed'}; the program ended]`,
    listenerGone: (port: number) =>
      `the server stopped listening on port ${port} and reset this waiting client`,
    listenerGoneReceived: (port: number) => `[connection reset; nothing listens on ${port} any more]`,
    resetBefore: (who: TargetRole, port: number, due: string) =>
      `${party(who)} reset the connection on port ${port} (TCP RST) before ${due} arrived`,
    resetReceived: '[connection reset]',
    closedReceived: '[connection closed]',
    endedWithout: (who: TargetRole, reset: boolean, port: number, due: string) =>
      `${party(who)} ${reset ? 'reset' : 'closed'} the connection on port ${port} without sending ${due}`,
    once: (kind: string) => `${kind} must come once, followed by Quit`,
    quitFirst: (kind: string) => `Quit came before ${kind}: send ${kind} first, then Quit`,
    otherEvent: (kind: string) => `[${kind}]`,
    spelledDifferently: (who: TargetRole) => `${party(who)} spelled messages differently from the sheet`,
    spellingHint:
      'write "FreePort:<port>" without a space, "Assigned: <port>" with one, and nothing after a message but its line end',
  },

  // ---- the harness's clients against a server (support/peers/harness-clients.ts)
  clients: {
    wrongOfferAmong: (name: string, offered: number | undefined, expected: string) =>
      `${name} was answered ${offered === undefined ? 'NoPorts' : `FreePort:${offered}`}, not ${expected}`,
    offeredNoneFree: (name: string, offered: number | undefined) =>
      `${name} was offered port ${offered} although no port of the pool is available`,
    heldEnded: (name: string, port: number) =>
      `the server ended the connection of ${name} on port ${port}, which still holds the port (it said "Assigned: ${port}" and neither Quit nor left)`,
    togetherOffered: (names: string, answers: string) => `${names}, asking at once, were answered ${answers}`,
    released: (port: number) => `the other program stops listening on ${port}`,
    noPortsOnRunningServer:
      'the running server answered NoPorts. Its pool may still be held by earlier runs or other clients (a server need not reclaim an offer nobody claimed): restart the server and run the check again, or check it with MPP_SERVER_CMD',
    noPortsWhileFree: (name: string) => `${name} got NoPorts although ports of the pool are free`,
    noPortsHint:
      'a port is available unless a client holds it or another program listens on it: check how the server decides that a port is free',
    secondRefused: (port: number, why: string) =>
      `the second connection to ${port} did not get through (${why}): conformant, the server may stop listening once its client arrived`,
    answeredOnConnect: 'the server answered as soon as the client connected, before any GetPort.',
    answeredOnGetPort: (ms: number) =>
      `the server said nothing for ${n(ms)} ms after the connect and answered once the client sent GetPort (the sheet allows both).`,
    closedSilentThenAnswered: (ms: number) =>
      `the server closed the connection, on which the client said nothing, within ${n(ms)} ms, and answered a new connection once the client sent GetPort (the sheet allows waiting for GetPort).`,
    quitReply:
      'the server answered Quit with Quit before closing (allowed: the sheet lists Quit for both sides)',
    applicationData: (text: string) =>
      `the server sent "${text}" on the assigned connection before closing it (application data, which the sheet leaves to the program; it may have been sent before the Quit arrived)`,
    sharedPorts: (count: number, distinct: number) =>
      `${n(count)} clients that connected together were offered ${n(distinct)} different ports`,
    differentPorts: (count: number) => `${n(count)} different ports`,
    reclaimed: (port: number, ms: number) =>
      `nobody connected to ${port}; the server stopped listening on it after ${n(ms)} ms, so the port returns to the pool.`,
    notReclaimed: (port: number, ms: number) =>
      `nobody connected to ${port}; the server still listened on it after ${n(ms)} ms. An offer nobody claims may keep the port for good.`,
    times: (answer: string, count: number) => `${answer} (${n(count)} times)`,
    inTurn: (parts: readonly string[]) => parts.join(', then '),
    notBackInTime: (name: string, answers: string, expected: number, ms: number) =>
      `${name} was answered ${answers}, not FreePort:${expected}, in the ${n(ms)} ms after port ${expected} was given back`,
    wrongOffer: (name: string, offered: number | undefined, expected: number) =>
      `${name} was offered port ${offered}, not ${expected}`,
    probe: 'the probe client',
    unreadOffer: (index: number) => `the client of unread offer ${n(index)}`,
    passedOver: (name: string, answers: string, expected: number) =>
      `${name} was answered ${answers}, not FreePort:${expected}, although nothing listened on port ${expected} any more and the time bound for freeing it had run out when it asked for the last time`,
    heldPortOffered: (name: string, port: number, holder: string) =>
      `${name} was offered port ${port}, which ${holder} holds: it is connected to it and said "Assigned: ${port}"`,
    anotherPort: (port: number) => `[FreePort with a port other than ${port}, or NoPorts]`,
    freedAgainHint:
      "free a port once, for the connection that holds it: when an earlier client's connection ends after its Quit, the port may already belong to the next client",
    crlfAssigned: 'read "Assigned: <p>\\r\\n" as Assigned (strip the \\r before comparing)',
    endedAfterAssigned: (port: number) =>
      `the server ended the connection on port ${port} after "Assigned: ${port}"`,
    staysOpen: '[the connection stays open until the client says Quit]',
    lineThenClose: (line: string) => `${line}, then the close`,
    connectionEvent: (kind: string) => `[connection ${kind}]`,
    stillListens: (port: number, ms: number) =>
      `port ${port} still listens ${n(ms)} ms after the client left`,
    nothingListens: (port: number) => `[nothing listens on ${port}]`,
    listens: (port: number) => `[port ${port} listens]`,
    closeListener:
      'close the listening socket of the assigned port when its client leaves, so that the port returns to the pool',
    resetInsteadOfClose: (port: number) =>
      `the server reset the connection on port ${port} (TCP RST) instead of closing it`,
    resetHint:
      'a socket closed while the client\'s "GetPort" is still unread in its buffer sends a reset, and a client that reads a moment later loses the answer: read the GetPort line before closing',
    stoppedAfterWrong: 'the server stopped after a wrong message',
    keepsRunning: '[the server keeps running]',
    programEnded: '[the program ended]',
    occupied: (port: number) => `another program listens on ${port}`,
    notGivenBack: (port: number) => `port ${port} could not be given back: the running server may keep it`,
    connectReason: {
      refused: 'connection refused',
      reset: 'the connection was reset as it opened',
      timeout: 'no answer to the connection',
    } as Record<ConnectReason, string>,
    defaultRefused: (name: string, port: number, reason: string) =>
      `${name} could not connect to the default port ${port}: ${reason}`,
    accepts: (port: number) => `[the server accepts on ${port}]`,
    offeredRefused: (port: number, reason: string, rightAfterOffer: boolean) =>
      `port ${port}: ${reason}${rightAfterOffer ? ` right after FreePort:${port}` : ''}`,
  },

  // ---- the harness as the server of a client (support/peers/harness-server.ts)
  server: {
    crlf: 'the harness ended its lines with CR LF here: strip a trailing \\r before parsing (W2)',
    portTaken: (port: number, code: string) =>
      `another program took port ${port} of this scenario's ports, so the harness cannot play the server there (${code}); run the check again`,
    endedBeforeConnect: (port: number) => `the client ended before it connected to port ${port}`,
    noConnect: (port: number, ms: number) => `the client did not connect to port ${port} within ${n(ms)} ms`,
    connectionTo: (ports: readonly number[]) => `[a connection to ${list(ports)}]`,
    noConnection: '[no connection]',
    defaultPortHint: (port: number) =>
      `connect to the port given as {port} (here ${port}); without placeholders the harness listens on MPP_PORT (default 10001)`,
    offeredPortHint: (port: number) =>
      `connect to the port named in FreePort (here ${port}), not a fixed one`,
    notWaitedAgain: (count: number) =>
      `the client was not waited for again: it did not connect in the ${n(count)} scenarios before either`,
    seeFirst: 'see the first failed scenario for its output',
    crashedAfterNoPorts: (crash: string) => `the client crashed after NoPorts: ${crash}`,
    stillRunning: (ms: number) => `the client was still running ${n(ms)} ms after NoPorts and Quit`,
    cleanEnd: '[the client ends without a crash; any exit status]',
    stillRunningReceived: '[still running]',
    exitReceived: (exit: string) => `[${exit}]`,
    crashHint:
      'NoPorts is a normal answer: handle it (tell the user there is no free port) and end the program, with any exit status you choose',
    hangHint: 'NoPorts means there is nothing more to do: close the connection and end the program',
    exitObserved: (exit: string, told: boolean) =>
      `after NoPorts the client ${exit} ${told ? 'and told its user' : 'without a word to its user'}; the sheet sets no exit status.`,
    connectedAfterNoPorts: (ports: readonly number[]) =>
      `the client connected to port ${list(ports)} although the server answered NoPorts`,
    noOtherConnection: '[no connection to another port]',
    noPortsHint: 'NoPorts means there is no port to go to: do not connect anywhere else',
  },

  // ---- starting and ending programs (support/peers/server-under-test.ts, client-under-test.ts, launcher.ts)
  program: {
    notStartedAgain: (count: number) =>
      `the program was not started again: it did not start in the ${n(count)} scenarios before either`,
    lastTime: (what: string) => `last time: ${what}`,
    notRestartedSilent: (count: number) =>
      `the server was not started again: it answered no client in the ${n(count)} scenarios before either`,
    seeFirstStory: 'see the first failed scenario for the whole story',
    gone: (exit: string) => `the program ${exit}`,
    goneWithOutput: (exit: string, output: string) => `the program ${exit}; ${output}`,
    clientGone: (exit: string, output?: string) => `the client ${exit}${output ? `; ${output}` : ''}`,
    exitedBeforeListening: (exit: string, port: number) =>
      `the program ${exit} before it listened on ${port}`,
    notListening: (port: number, ms: number) => `the program did not listen on ${port} within ${n(ms)} ms`,
    listener: (port: number) => `[a listener on ${port}]`,
    listensElsewhere: (ports: readonly number[]) => `[it listens on ${list(ports)} instead]`,
    noListener: '[no listener]',
    runByHand: 'run the command by hand to see why it stops',
    portHint: (port: number, pool: string) =>
      `it must listen on the port given as {port} (here ${port}) with the pool {first}-{last} (here ${pool}); without placeholders, on MPP_PORT (default 10001). A slow start needs MPP_START_TIMEOUT_MS`,
    command: (command: string) => `command: ${command}`,
    running: 'is still running',
    signal: (signal: string) => `was ended by signal ${signal}`,
    status: (code: number | null | undefined) => `exited with status ${code}`,
    notExecutable: ' (the shell found the program but could not run it: is it executable?)',
    notFound: ' (the shell could not find the program: check the command and the working directory)',
    stderr: 'its stderr (last lines):',
    stdout: 'its stdout (last lines):',
    output: 'its output:',
    silent: 'it printed nothing',
    couldNotStart: (why: string) => `the program could not be started: ${why}`,
    cut: (count: number) => `… ${n(count)} characters cut …`,
  },

  // ---- the sandbox of the programs under test (support/process/sandbox.ts)
  sandbox: {
    program: 'the program',
    build: 'the build',
    server: 'the server',
    client: 'the client',
    write: (who: string, where?: string) =>
      `${who} tried to write ${where ?? 'a file'}: outside the student's folder, refused by the sandbox`,
    hidden: (who: string, where: string) =>
      `${who} tried to reach ${where}: outside the student's folder, hidden by the sandbox`,
    cpu: (who: string, seconds: number) =>
      `${who} was killed by the sandbox's CPU time limit (${n(seconds)} s a process, MPP_SANDBOX_CPU_S)`,
    fileSize: (who: string, mb: number) =>
      `${who} hit the sandbox's file size limit (${n(mb)} MiB a file, MPP_SANDBOX_FILE_MB)`,
    memory: (who: string, mb: number) =>
      `${who} ran out of memory at the sandbox's limit (${n(mb)} MiB a process, MPP_SANDBOX_MEMORY_MB)`,
    processes: (who: string, count: number) =>
      `${who} could not start more processes at the sandbox's limit (${n(count)}, MPP_SANDBOX_PROCESSES)`,
    missing: 'bubblewrap (bwrap) is not installed (Debian, Ubuntu: apt-get install bubblewrap)',
    failed: (why: string) => `bubblewrap could not make a sandbox here (${why})`,
    on: (limits: string, user: string) =>
      `Sandbox: each build, check and matrix cell runs its student's programs in bubblewrap (${user}; the rest of the filesystem read-only, the home, the class folder and the reports hidden, only the student's own folder writable, a private /tmp and process namespace; ${limits}).`,
    limits: (processes: number, memoryMb: number, fileMb: number, cpuSeconds: number) =>
      `at most ${n(processes)} processes, ${n(memoryMb)} MiB of memory and ${n(cpuSeconds)} s of CPU a process, files up to ${n(fileMb)} MiB`,
    ownUser: 'a user of its own for every program, never root',
    callersUser: "as the teacher's own user, which the sandbox cannot change without root",
    off: "Sandbox: off (--sandbox off): the students' programs run with the rights of this user.",
    unavailable: (why: string) =>
      `Sandbox: none, because ${why}: the students' programs run with the rights of this user (--sandbox required refuses to run so).`,
    required: (why: string) => `--sandbox required, but ${why}.`,
  },

  // ---- class mode: its console lines and the matrix page (support/class/run.ts, reports.ts, shard.ts,
  // progress.ts, plan.ts, html.ts)
  classRun: {
    unreadable: (folder: string, why: string) => `cannot read the class folder ${folder}: ${why}`,
    unknownOnly: (names: readonly string[]) => `--only names no student called ${list(names)}`,
    empty: (folder: string) => `${folder} has no student folders`,
    start: (
      folder: string,
      shard: { index: number; count: number; students: number } | undefined,
      students: number,
      matrix: string,
      parallel: number,
    ) =>
      `Class ${folder}: ${shard ? `shard ${shard.index}/${shard.count}: ${n(shard.students)} of ` : ''}${n(students)} students, ${matrix}, ${n(parallel)} at a time.`,
    noMatrix: 'no matrix',
    matrix: (mode: string, cells: number) => `matrix ${mode}: ${n(cells)} cells`,
    isolation: (description: string) => `Isolation: ${description}.`,
    grades: (policy: string) => `Grades: ${policy}`,
    build: { failed: 'build failed', 'timed out': 'build timed out' },
    verdict: {
      conformant: 'conformant',
      'non-conformant': 'non-conformant',
      inconclusive: 'inconclusive',
      error: 'error',
    },
    role: (role: TargetRole, verdict: string) => `${role} ${verdict}`,
    nothing: 'nothing to check',
    seconds: (seconds: number) =>
      `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(seconds)} s`,
    stopping: (signal: string) => `class: ${signal}: stopping every running check …`,
    stopped: 'class: stopped; no check is left running.',
    done: (seconds: string, students: number, passed: number, cells: number) =>
      `Done in ${seconds}: ${n(students)} student${students === 1 ? '' : 's'}${cells ? `, interop ${n(passed)}/${n(cells)} cells passed` : ''}.`,
    shardRecord: (file: string) =>
      `Shard record: ${file} (join the shards with: class merge <their reports…> --reports <dir>)`,
    reports: (index: string) => `Reports: ${index}, matrix.html, grades.csv, class.json`,
    progress: (
      students: number,
      studentsTotal: number,
      cells: number,
      cellsTotal: number,
      soFar: string,
      left?: string,
    ) =>
      `students ${students}/${studentsTotal} · cells ${cells}/${cellsTotal} · ${soFar} so far${left === undefined ? '' : ` · about ${left} to go`}`,
    noRecord: (dir: string, why: string) => `class merge: ${dir} holds no class.json of a shard: ${why}`,
    mergeFailed: (why: string) => `class merge: ${why}`,
    noShard: 'no shard was given',
    shardsGiven: (seen: readonly number[], count: number) =>
      `the shards given are ${list(seen)} of ${count}; a merge needs each of 1 to ${count} once`,
    otherRun: (index: number, first: number) =>
      `shard ${index} is of another run (another class, --only, --matrix or shard count) than shard ${first}`,
    unheld: (names: readonly string[]) => `no shard holds the students ${list(names)}`,
    merged: (shards: number, students: number, cells: number, passed: number, where: string) =>
      `Merged ${n(shards)} shard${shards === 1 ? '' : 's'}: ${n(students)} students, ${n(cells)} cells (${n(passed)} passed); reports in ${where}`,
    // the matrix page
    matrixTitle: 'Interop matrix',
    classReport: 'Class report',
    corner: 'client ↓ · server →',
    reference: (role: TargetRole) => `reference ${role}`,
    cell: { passed: 'passed', failed: 'failed', 'not-run': 'not run' },
    pair: (client: string, server: string, outcome: string) =>
      `client ${client} × server ${server}: ${outcome}`,
    blame: (side: TargetRole, name: string, requirement: string, other: string) =>
      `${side} ${name} breaks ${requirement} with ${side === 'client' ? 'server' : 'client'} ${other}`,
    about: (passed: number, cells: number) =>
      `Each pair runs through the harness as a relay that records the wire. A cell passes when the client gets a port, claims it with "Assigned: <p>", leaves with "Quit" when its user asks, and the server frees the port. ${n(passed)} of ${n(cells)} cells passed. A failed cell names the side that broke the protocol and the requirement, by the judge's rules on the transcript (c: the client, s: the server). Click a cell for its transcript.`,
    whoBroke: 'Who broke the protocol',
    rule: {
      none: 'No interop matrix was run.',
      all: 'Every client (rows) against every server (columns).',
      reference: 'every client against the reference server, and the reference client against every server',
      only: (reference: string) => `Only the reference implementations: ${reference}.`,
      partners: (k: number, reference: string) =>
        `${n(k)} partners a program: ${reference}; besides, each client meets ${n(k)} other students' servers, chosen by rotation (a Latin square: the i-th client meets the servers from the i-th on, leaving out its own), so that each server too meets about ${n(k)} clients. With --previous, clients that were conformant in the previous run are listed first and servers that were conformant last, so that a failing program meets passing partners and a failed cell points at one side.`,
    },
  },

  // ---- the outcome of a scenario (support/cucumber/world.ts)
  world: {
    timing: (id: string) => `what failed (${id}) depends on timing that only the ${id} scenario forces`,
    incidental: (id: string, failure: string) =>
      `${id}, seen by chance: the scenario could not go on, but only the ${id} scenario, which forces this timing, judges ${id}; nothing is failed here. What happened:\n${failure}`,
    rerun: (why: string) => `the scenario was run once more: ${why}`,
    lfReplay: (id: string) =>
      `the scenario was run again with LF line ends, to tell a ${id} problem (CR LF) from a more basic one: it failed the same way, and this report shows that run`,
    stalled: (ms: number) =>
      `the harness's own event loop stalled for ${n(ms)} ms during a timed wait (the machine is overloaded)`,
    stranger: (ports: readonly (number | string)[]) =>
      `another program took port ${list(ports)} of this scenario's ports`,
    disturbedTwice: (why: string, failure: string) =>
      `${why}, in both runs of the scenario. What failed:\n${failure}`,
    harnessFailed: (text: string) =>
      `the harness itself failed here, not the program under test: ${text}. Please report this, with the reports of the run.`,
    transcript: (mapping: string) => `Wire transcript (⏎ = LF, \\r = CR; ${mapping}):`,
    mapping: (defaultPort: number, last: number, pool: string) =>
      `the scenario's 10001 is port ${defaultPort} here, its pool 10002-${last} is ${pool}`,
    notes: 'Notes:',
    needsFreshServer:
      'this scenario needs a freshly started server with nothing handed out yet, and MPP_SERVER_ADDR names a server that already runs. Use MPP_SERVER_CMD to check it.',
    resultFile: "the scenario's result, as data.json",
    anotherProgram: (port: number) => `another program listens on ${port}`,
  },

  // ---- the transcript and the sequence diagram (support/wire/transcript.ts, support/report/diagram.ts)
  transcript: {
    harness: 'harness',
    harnessClient: 'harness (client)',
    harnessServer: 'harness (server)',
    server: 'server',
    client: 'client',
    dropped: (count: number, kept: number) =>
      `… ${n(count)} more events not kept (the transcript keeps ${n(kept)})`,
    cut: (shown: string, length: number) => `${shown} … (${n(length)} characters, cut)`,
    connect: '[connects]',
    close: '[closes the connection]',
    reset: '[resets the connection (TCP RST)]',
    refused: '[connection refused: nothing listens]',
  },
  diagram: {
    title: 'Sequence diagram',
    client: 'client',
    programUnderTest: 'the program under test',
    port: (port: number) => `port ${port}`,
    notScenarioPort: 'not a scenario port',
    actual: (port: number) => `actual ${port}`,
    connect: 'connect',
    closeFin: 'close (FIN)',
    resetRst: 'reset (RST)',
    refused: 'connect: refused, nothing listens',
    gap: (count: number, from: string, to: string) =>
      `… ${n(count)} more events not drawn (${from} to ${to})`,
    expected: (text: string) => `expected: ${text}`,
    failedHere: 'the check failed here',
    bytes: (count: number) => `(${n(count)} bytes)`,
    empty: '(empty)',
    moreLines: (count: number) => `… ${n(count)} more lines in this packet`,
    dropped: (count: number) => `… ${n(count)} more events not drawn: the transcript did not keep them`,
    harnessClients: 'harness (the clients)',
    serverUnderTest: 'server under test',
    clientUnderTest: 'client under test',
    harnessServer: 'harness (the server)',
    lineEnds: '⏎ = LF  \\r = CR  · = space',
    legend: {
      bytes: 'bytes',
      connect: 'connect',
      close: 'close',
      reset: 'reset',
      refused: 'refused',
      expected: 'expected',
    },
  },

  // ---- the terminal report (support/report/formatters/terminal.ts)
  terminal: {
    checks: (targets: readonly string[]) => `mpp-conformance checks ${targets.join('; ')}`,
    serverTarget: (description: string) => `server: ${description}`,
    clientTarget: (description: string) => `client: ${description}`,
    blockedBy: (id: string | undefined) =>
      id
        ? `blocked by ${id}: not checked (see the failure of ${id})`
        : 'blocked by an earlier failure: not checked',
    failures: 'Failures',
    sameFailure: (count: number) => `The same failure in ${n(count)} more scenario${count > 1 ? 's' : ''}:`,
    requirements: 'Requirements',
    failedCaps: 'FAILED',
    makesNonConformant: 'makes the program non-conformant',
    reportedOnly: 'reported; does not make the program non-conformant',
    onLines: (count: number) =>
      `on the evidence of ${n(count)} protocol line${count === 1 ? '' : 's'} the program sent, in any scenario`,
    blockedByList: (ids: readonly string[]) => `blocked by ${list(ids)}`,
    verdictFor: (description: string, verdict: string) => `Verdict for ${description}: ${verdict}`,
    inconclusive:
      'Inconclusive: some MUST scenarios could not be judged (see their reason above); run the check again on a quieter machine, or as their reason advises.',
    reports: (dir: string) =>
      `Reports: ${dir}/cucumber-report.html (with wire transcripts), ${dir}/junit.xml, ${dir}/summary.json`,
    exitStatus: (code: number, verdict: string) => `exit status ${code} (${verdict.toLowerCase()})`,
    scenarios: (counts: readonly string[]) => `scenarios: ${counts.join(', ')}`,
    count: (count: number, outcome: string) => `${n(count)} ${outcome}`,
    noScenario: 'no scenario ran: check the feature files and the target variables.',
    sequential: (why: string) => `the scenarios run one after another: ${why}.`,
    failedWithoutMessage: 'failed without a message',
  },
  targets: {
    reference: 'the reference server (in-process)',
    serverCommand: (command: string) => `the server command "${command}"`,
    address: (host: string, port: number) => `the running server at ${host}:${port}`,
    referenceClient: 'the reference client',
    clientCommand: (command: string) => `the client command "${command}"`,
    oneServer: 'MPP_SERVER_ADDR names one running server, which every scenario shares',
    noPlaceholders: (command: string, port: number, pool: string) =>
      `"${command}" has no placeholders, so every scenario needs the same ports (${port} and ${pool})`,
  },

  // ---- settings and the command line (support/settings/target.ts, bin/cli.ts)
  config: {
    whichExplore:
      'which server? e.g. mpp-conformance explore -- python3 server.py {port} {first} {last} (exploration starts the server afresh for every sequence, so it needs a command)',
    duration: (name: string, text: string) =>
      `${name}="${text}" is not a time from 1s to 60m: write e.g. 30s, 2m or 1500ms`,
    bothServers:
      'MPP_SERVER_CMD and MPP_SERVER_ADDR are both set: set one of them (a command to launch, or host:port of a running server)',
    portInPool: (port: number, first: number, last: number) =>
      `MPP_PORT=${port} lies inside MPP_POOL=${first}-${last}: the default port cannot be handed out`,
    address: (text: string) =>
      `MPP_SERVER_ADDR="${text}" is not host:port (e.g. MPP_SERVER_ADDR=127.0.0.1:10001)`,
    integer: (name: string, text: string, min: number, max: number) =>
      `${name}="${text}" is not a whole number from ${min} to ${max}`,
    pool: (text: string) => `MPP_POOL="${text}" is not a port range like 10002-10011`,
    smallPool: (text: string) =>
      `MPP_POOL="${text}" has fewer than 3 ports: the scenarios need at least 3 (e.g. 10002-10011)`,
    portBase: (text: string) => `MPP_PORT_BASE="${text}" is not a port number from 1024 to 65000`,
    ephemeralBase: (base: number, first: number, last: number) =>
      `MPP_PORT_BASE=${base} lies in the kernel's ephemeral ports ${first}-${last}, which outgoing connections take: choose a base below ${first}, e.g. 20000`,
    oneOf: (name: string, text: string, values: readonly string[]) =>
      `${name}="${text}" is not one of ${values.join(', ')}`,
    language: (text: string) => `MPP_LANG="${text}" is not a language of the harness: en or de`,
    blocked: (name: string, text: string) =>
      `${name}="${text}" is no grade policy for blocked requirements: left-out or not-earned`,
    seeReadme: 'The variables are explained in README.md.',
    seeHelp: '(mpp-conformance --help lists the flags.)',
    explainWhich: (ids: readonly string[]) => `name a requirement ID: ${ids.join(', ')}`,
    badArguments: (problem: string) =>
      `${problem}. Put the program's command after "--", e.g. mpp-conformance server -- python3 server.py {port} {first} {last}`,
    unknownOption: (option: string) => `${option} is not an option of mpp-conformance`,
    optionValue: (option: string) =>
      `${option} is given the wrong way (a flag with a value in --help takes one, the others take none)`,
    badRole: (role: string, roles: readonly string[]) => `"${role}" is not one of ${roles.join(', ')}`,
    bothFlags: 'with "both", give the programs as --server "…" and --client "…"',
    referenceNoCommand: '"reference" checks the bundled implementations and takes no command',
    whichServer:
      'which server? e.g. mpp-conformance server -- python3 server.py {port} {first} {last}, or --addr 127.0.0.1:10001',
    whichClient: 'which client? e.g. mpp-conformance client -- java -cp out Client {host} {port}',
    bothNeeds: '"both" needs --server "…" (or --addr) and --client "…"',
    harnessError: (what: string) => `${what}: an error of the harness itself, not of the program under test:`,
  },
  settings: {
    feature: 'run this feature file only (e.g. one that explore wrote to reports/explore/)',
    exploreBudget:
      'explore: how long to search for a failing sequence (30s, 2m); shrinking may take as long again',
    exploreSeed: 'explore: the seed of the sequences (the same seed, the same sequences); random when unset',
    explorePool: 'explore: the pool size of every sequence (3-15); unset: each sequence gets 3 to 5 ports',
    classExplore:
      "class mode: explore each student's server this long after its check (30s, 2m); shown, never graded; off when unset",
    serverCmd: 'command that starts your server; {port} {first} {last} are filled in',
    serverAddr: 'a server that already runs',
    clientCmd: 'command that starts your client; {host} {port} are filled in',
    port: 'default port of a command without placeholders',
    pool: 'pool of a command without placeholders',
    timeoutMs: 'bound of every single wait for the program (a message, a close)',
    startTimeoutMs: 'bound for a launched program to listen (server) or connect (client)',
    strict: 'spelling (W4) is a MUST and every spelling finding fails',
    clientQuitInput: 'the stdin line that asks the client to leave',
    tags: 'only some scenarios, e.g. "@S4 or @A2" or "@must"',
    parallel: 'scenarios at the same time (default: one per core; 1: one after another)',
    repeat: 'run the whole check N times, one after another, and compare the runs',
    reportsDir: 'where the reports go',
    lang: 'language of the messages: en or de',
    blocked:
      'class mode and Gradescope: a requirement blocked by another failure is left-out of points and maximum (default) or not-earned',
    sandbox:
      'run the programs under test in a sandbox (bubblewrap): off, on, required (default: off; class mode: on)',
    sandboxProcesses: 'sandbox: processes and threads at a time',
    sandboxMemoryMb: 'sandbox: writable memory of each process, in MiB',
    sandboxFileMb: 'sandbox: the largest file a process may write, in MiB',
    sandboxCpuSeconds: 'sandbox: CPU time of each process, in seconds',
  },
  usage: {
    explore: '(sequences of moves against the server, the shortest failing one as a scenario)',
    intro: 'Checks a program against the Multiple-Ports protocol.',
    reference: '(the bundled reference server and client)',
    explain: '(a requirement, how it is checked, the usual mistakes)',
    classMode: '(every student of a class folder, with the interop matrix; class --help)',
    shell:
      "The command runs in a shell in this checkout's folder, as with npm test. Each flag has a variable\n(for npm test); a flag wins over its variable.",
    json: 'print summary.json (with --repeat: stability.json) to stdout; the report goes to stderr',
    help: 'this text',
    exit: 'Exit status: 0 conformant, 1 non-conformant, 2 wrong command line or setting, 3 inconclusive,\n4 the runs of --repeat differ in their verdict or their failed requirements.',
  },

  // ---- explain (support/judging/explain.ts)
  explain: {
    heading: (id: string, level: string, role: string, text: string) => `${id} (${level}, ${role}): ${text}`,
    sheet: (sentence: string) => `The sheet: „${sentence}“`,
    sheetSilent: 'The sheet says nothing of it; this is the reading of docs/protocol/reading.md.',
    checks: (text: string) => `How the harness checks it: ${text}`,
    mistakes: 'Common mistakes and their fixes:',
  },
  // ---- explore: model-based exploration of a server (support/explore/explore.ts, bin/explore.ts)
  explore: {
    nothingExplored: (sequences: number) =>
      `INCONCLUSIVE: not one of ${n(sequences)} sequences ran to its end (see why below): nothing was explored.`,
    featureComment: (seed: number, command: string) =>
      `Found by: npx mpp-conformance explore --seed ${seed} -- ${command}`,
    featureTitle: (id: string) => `A sequence of moves that exploration found to violate ${id}`,
    scenarioTitle: (moves: number, seed: number) => `Shrunk sequence of ${n(moves)} moves (seed ${seed})`,
    start: (command: string, budget: number, seed: number, pool: string) =>
      `mpp-conformance explores ${command} for ${n(budget / 1000)} s (seed ${seed}, ${pool})`,
    poolGiven: (size: number) => `a pool of ${n(size)} ports`,
    poolGenerated: (min: number, max: number) => `pools of ${n(min)} to ${n(max)} ports`,
    nothingFound: (sequences: number, moves: number, seconds: number) =>
      `No finding: ${n(sequences)} sequences, ${n(moves)} moves in ${n(seconds)} s.`,
    shouldSearch: (ids: readonly string[]) =>
      `No MUST failure found, but sequences failed ${ids.join(', ')} (SHOULD): the same sequences again, with a SHOULD failure as a finding.`,
    stoppedEarly: (reasons: readonly string[]) =>
      `Sequences that ended early without a finding (a failure only timing forces, a disturbance, or a run that could not be judged): ${reasons.join('; ')}`,
    found: (
      id: string,
      at: number,
      original: number,
      moves: number,
      shrinks: number,
      sequences: number,
      seconds: number,
    ) =>
      `Finding: ${id}, in sequence ${n(at)} (${n(original)} moves), shrunk to ${n(moves)} moves in ${n(shrinks)} steps (${n(sequences)} sequences, ${n(seconds)} s).`,
    written: (file: string) => `The scenario is in ${file}:`,
    confirming: (command: string) => `Judged by the fixed suite's own run of it: ${command}`,
    confirmed: (id: string, reports: string) =>
      `The scenario fails with ${id} when run on its own: its report, transcript and sequence diagram are in ${reports}/.`,
    notReproduced: (status: string) =>
      `INCONCLUSIVE: run on its own, the scenario was ${status}, not failed: the sequence failed by timing once and is not a finding. Run explore again (another seed).`,
    rerun: (command: string) => `Run it again (it stays a regression test): ${command}`,
    noSummary: (output: string) => `the run of the scenario wrote no summary.json:\n${output}`,
  },

  // ---- class --explore: each server explored after its check (support/class/explore*.ts)
  classExplore: {
    heading: 'Exploration',
    column: 'explore',
    announce: (seconds: number) =>
      `Explore: each server for ${n(seconds)} s after its check (--explore), with a seed derived from the student's name; a finding is shown, never graded.`,
    notGraded: (seconds: number) =>
      `Each server was explored for ${n(seconds)} s after its check (--explore): sequences of moves by several clients, each answer checked against the model of the reading, the shortest failing sequence written as a scenario. The search is bounded by time, so two runs may find different things: a finding is shown here, but it changes no verdict, no points and not grades.csv.`,
    seed: (seed: number, name: string) =>
      `seed ${seed}, derived from the name "${name}": a rerun explores the same sequences`,
    found: (id: string, level: string, before: number, after: number) =>
      `${id} (${level}) found: ${n(before)} moves, shrunk to ${n(after)}`,
    none: (sequences: number) => `no finding in ${n(sequences)} sequences`,
    disturbed: (sequences: number) =>
      `inconclusive after ${n(sequences)} sequences: the machine disturbed the exploration, or its finding did not fail again on its own`,
    timedOut: (seconds: number) => `inconclusive: the exploration did not end within ${n(seconds)} s`,
    noSummary: (code: number | null) =>
      `inconclusive: the exploration ended without a summary (${code === null ? 'ended by a signal' : `exit status ${code}`})`,
    status: (status: string) => `its scenario alone: ${status}`,
    feature: 'the scenario',
    report: 'its report',
    output: 'the output',
    rerun: "Rerun it in the harness's checkout, with REPORTS the folder of the class page:",
    back: 'Class report',
    title: (name: string) => `Exploration of ${name}'s server`,
  },

  ports: {
    fixedPoolSize: (size: number, pool: string) =>
      `the scenario needs a pool of ${n(size)} ports, but the command has no placeholders and its pool is ${pool} (MPP_POOL): give the command {port} {first} {last}, or set MPP_POOL to ${n(size)} ports`,
    notInPool: (port: number, size: number, pool: string) =>
      `the scenario names port ${port}, which is not in this run's pool of ${n(size)} ports (${pool})`,
    noFreeBlock: (size: number, base: number, first: number, last: number) =>
      `no free block of ${n(size)} ports from ${base} on outside the kernel's ephemeral ports ${first}-${last}: set MPP_PORT_BASE to another range, e.g. 20000`,
  },
  summary: {
    notCheckedA6:
      'the harness cannot make a server shut down; a server-side Quit on the assigned connection is what the client scenarios send (C6)',
  },

  // ---- --repeat: is the check reproducible? (support/report/stability.ts, bin/repeat.ts)
  stability: {
    start: (runs: number, reports: string) =>
      `mpp-conformance checks the same program ${n(runs)} times, one run after another; the reports of run <i> are in ${reports}/repeat-<i>/, its terminal output in output.log there`,
    run: (index: number, total: number, result: string, seconds: number) =>
      `run ${n(index)} of ${n(total)}: ${result} (${n(seconds)} s)`,
    failed: (ids: readonly string[]) => `failed ${ids.join(' ')}`,
    noSummary: (why: string, log: string) => `no summary.json (${why}); see ${log}`,
    timedOut: (seconds: number) => `the run did not end within ${n(seconds)} s`,
    exited: (code: number | null) => (code === null ? 'ended by a signal' : `exit status ${code}`),
    scenarios: (runs: number) =>
      `Outcomes of each scenario in ${n(runs)} runs (=: the same in every run, ≠: not):`,
    times: (count: number, what: string) => `${what} ${n(count)}×`,
    verdicts: (tally: readonly string[], same: string) => `verdict: ${tally.join(', ')} (${same})`,
    failedSets: (tally: readonly string[], same: string) =>
      `failed requirements: ${tally.join(', ')} (${same})`,
    none: 'none',
    noVerdict: 'no verdict',
    same: (runs: number) => `the same in all ${n(runs)} runs`,
    differs: 'DIFFERENT in different runs',
    reproducible: (runs: number, code: number) =>
      `Reproducible: the same verdict and the same failed requirements in all ${n(runs)} runs (exit status ${code}).`,
    notReproducible: (code: number) =>
      `NOT reproducible: the verdict or the failed requirements differ between the runs (exit status ${code}).`,
  },
};

export type Messages = typeof en;
