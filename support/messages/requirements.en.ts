// Every requirement in English: the rule as docs/protocol/reading.md states it, how the harness checks
// it, and the common mistakes behind a failure with their fixes (`mpp-conformance explain <ID>`).
// support/messages/requirements.de.ts has the same IDs: a missing one does not compile.

export interface RequirementText {
  /** The requirement in one sentence, as the reading states it. */
  text: string;
  /** What the harness does to check it. */
  checks: string;
  /** Common mistakes behind a failure, each with its fix. */
  mistakes: string[];
}

export const REQUIREMENTS_EN = {
  W1: {
    text: 'TCP. Every message is one line of ASCII text ended by LF (\\n).',
    checks:
      'Every line the program sends must end with LF (\\n) within the time bound; a line of 64 KiB without one is cut off.',
    mistakes: [
      'The message is written without "\\n" (Java: print instead of println; Python: send("FreePort:10002")). Add the line end.',
      'The line end is "\\r" alone. Use "\\n" (or "\\r\\n").',
    ],
  },
  W2: {
    text: 'A receiver accepts CR LF (\\r\\n) as a line end as well as LF.',
    checks: 'The harness sends its messages with CR LF (\\r\\n) and expects the same reaction as with LF.',
    mistakes: [
      'The program compares the whole line with "GetPort" and the \\r makes it differ. Strip a trailing \\r (Python: line.rstrip("\\r\\n"); Java: BufferedReader.readLine() does it for you).',
    ],
  },
  W3: {
    text: 'The messages are exactly GetPort, FreePort:<port>, NoPorts, Assigned: <port>, Quit; <port> is a decimal number without parentheses.',
    checks:
      'Every line must be one of GetPort, FreePort:<port>, NoPorts, Assigned: <port>, Quit, with the port as a decimal number.',
    mistakes: [
      'Wrong case ("freeport:") or another word. Write the messages exactly as the sheet does.',
      '"FreePort:(10002)": (PORT) on the sheet is a placeholder; send the number alone.',
    ],
  },
  W4: {
    text: 'Spelling as in the sheet: no space after "FreePort:", one space after "Assigned:". Lenient runs accept optional spaces after the colon; a strict run (MPP_STRICT=1) fails any other spelling.',
    checks:
      'The spelling of every message is compared with the sheet; a lenient run accepts blanks after the colon with a note, a strict run (MPP_STRICT=1) fails them.',
    mistakes: [
      '"FreePort: 10002" (a space) or "Assigned:10002" (none). The sheet writes FreePort:<p> and Assigned: <p>.',
    ],
  },
  W5: {
    text: 'Two messages are never glued into one line (e.g. FreePort:10002Quit): each has its own line end.',
    checks: 'Each message must be on a line of its own.',
    mistakes: [
      '"FreePort:10002Quit": the line end after FreePort is missing. Send "FreePort:10002\\n" and then "Quit\\n".',
    ],
  },
  S1: {
    text: 'The server listens on the default port 10001 (a test run may move it).',
    checks:
      "The harness starts the server with its ports ({port} {first} {last}) and reads the kernel's table of listening sockets until the default port listens; it never connects to find out.",
    mistakes: [
      'The program listens on a fixed 10001 instead of the port it was given. Read the port from the command line (or set MPP_PORT / MPP_POOL).',
      'The program ends at once (a crash at start, a missing file). Run the command by hand and read its output.',
    ],
  },
  S2: {
    text: 'A client that connects and sends GetPort gets FreePort:<p>, where <p> is the smallest available port of the pool.',
    checks:
      'A client connects to the default port, sends GetPort and must get FreePort:<p> with the smallest free port of the pool.',
    mistakes: [
      'The answer sits in a buffer. Flush after each message (Java: new PrintWriter(out, true); Python: sendall).',
      'The first port is skipped (off by one) or the pool is read wrongly. Start at {first}.',
      'A port is counted as taken forever. Put ports back into the pool when their client leaves.',
    ],
  },
  S3: {
    text: 'A client that sends GetPort gets its answer, and the unread GetPort must not make the server reset the connection (TCP RST). Whether the server answers as soon as a client connects, before any GetPort, is observed: the sheet allows both.',
    checks:
      'Observed: whether the server answers before any GetPort (both are conformant). Checked: the connection ends with a close, not a TCP reset.',
    mistakes: [
      'The server closes the connection while the client\'s "GetPort" is unread: the kernel sends a reset and a slower client loses the answer. Read the GetPort line (or what arrived) before closing.',
    ],
  },
  S4: {
    text: 'After FreePort:<p> or NoPorts the server sends Quit and closes the connection.',
    checks:
      'After FreePort or NoPorts, the next line must be Quit, and then the server must close the connection.',
    mistakes: [
      'Quit is not sent. Send "Quit\\n" after the answer.',
      'The connection stays open after Quit. Close the socket (Python: conn.close(); Java: socket.close()).',
    ],
  },
  S5: {
    text: 'Available excludes ports held by connected clients and ports another process on the machine listens on (the sheet answers 10003 because 10002 is taken).',
    checks: 'While a client holds 10002, or another program listens on it, the next client must get 10003.',
    mistakes: [
      'The server offers ports that clients hold. Keep a set of held ports.',
      'The server does not notice other programs. Try to bind the port before offering it; skip it if that fails.',
    ],
  },
  S6: {
    text: 'If no port of the pool is available, the server sends NoPorts, then Quit, and closes.',
    checks:
      'When every port of the pool is held (by clients or other programs), the answer must be NoPorts, then Quit, then the close.',
    mistakes: [
      'The server offers a port beyond the pool, hangs, or closes without an answer. Answer "NoPorts\\n" and "Quit\\n".',
    ],
  },
  S7: {
    text: 'The listener on <p> is up before FreePort:<p> is sent: the client can connect at once.',
    checks:
      'As soon as FreePort:<p> has arrived, the harness connects to <p>: the listener must already be up.',
    mistakes: [
      'The listener on <p> is started after FreePort is sent (or in a thread that starts late). Bind and listen first, then send FreePort.',
    ],
  },
  S8: {
    text: 'After each client the default port accepts the next client; the server serves any number of clients one after the other.',
    checks:
      'After one client (also one that holds its assigned port, and one that closed gracefully) the default port must answer the next; twelve clients in a row must all be served.',
    mistakes: [
      'The server handles one client and ends, or closes its listening socket. Loop back to accept().',
      'The server is busy with the assigned port (a blocking accept() or read() on it) and does not return to the default port. Serve each client in a thread of its own, or wait on all sockets at once with select()/poll().',
    ],
  },
  S9: {
    text: 'Clients that connect at nearly the same time get different ports.',
    checks:
      'Three clients connect, then all send GetPort in the same moment; they must get three different ports. The race is run up to 10 times (the ports given back in between), so that a racy server fails every run.',
    mistakes: [
      'Two threads find the same free port before either marks it. Take the port under a lock (check and take in one step).',
    ],
  },
  A1: {
    text: "The client's first message on the assigned port is Assigned: <p>; the server accepts it (the sheet defines no reply).",
    checks:
      'On the offered port the harness sends "Assigned: <p>"; the connection must stay open while another client is served.',
    mistakes: [
      'The server answers Assigned with a close. The sheet defines no reply to Assigned: keep the connection until the client says Quit.',
    ],
  },
  A2: {
    text: 'When the client sends Quit, the server closes that connection (it may answer Quit first; any other text is a failure) and stops listening on <p>; <p> is available again, as a real client sees it (after a graceful close too, within the time bound), and is the answer to the next GetPort if it is the smallest free port.',
    checks:
      'After the client\'s Quit the server closes the connection (a Quit of its own first is fine), stops listening on <p>, and offers <p> again to the next client within the time bound, also after a real client\'s graceful close. "Not yet back" lasts only while the server still listens on <p>: larger offers on two asks in a row after its listener is gone fail.',
    mistakes: [
      'The listener of <p> stays open. Close it when the client leaves.',
      'The port is never put back into the pool (a counter that only goes up). Reuse freed ports.',
      'The ports are handed out in turn (round-robin), so a freed smaller port waits for its turn. Offer the smallest free port every time.',
      "After a graceful close the server's side of the old connection sits in TIME_WAIT, and bind() on <p> fails without SO_REUSEADDR. Set SO_REUSEADDR on every listening socket.",
    ],
  },
  A3: {
    text: 'A client that closes the connection without Quit frees <p> the same way.',
    checks: 'A client that closes without Quit must free its port the same way (within the time bound).',
    mistakes: ['The server waits for Quit only. Treat a closed connection (read returns 0 / EOF) like Quit.'],
  },
  A4: {
    text: 'A wrong first message (unknown text, Assigned: with another port, an over-long line, bytes that are not text) neither crashes the server nor disturbs other clients; the default port keeps working. A second connection to a held port must not take the session over or free the port; refusing, closing or ignoring it is conformant.',
    checks:
      "Wrong first messages (unknown text, a wrong Assigned, a 100 000-character line, bytes that are not text) must not crash the server or disturb others; a second connection to a held port must not end the first client's session (refusing it is fine).",
    mistakes: [
      'An exception in one connection ends the whole server. Catch errors per connection.',
      'Decoding non-UTF-8 bytes throws. Decode leniently, or treat the bytes as an unknown message.',
    ],
  },
  A5: {
    text: 'A port offered to a client that never connects to it: is it reclaimed, and after how long?',
    checks:
      'Observed only: whether a port offered to a client that never comes is reclaimed, and after how long.',
    mistakes: [],
  },
  A6: {
    text: 'The server may send Quit on an assigned connection to end it (e.g. on shutdown). The reading calls it MAY; the harness treats it as INFO.',
    checks: 'Not checked: the harness cannot make a server shut down.',
    mistakes: [],
  },
  C1: {
    text: 'The client connects to the default port (10001 unless a test run moves it).',
    checks:
      'The harness starts the client with {host} {port} and waits for its connection to the default port.',
    mistakes: [
      'The client connects to a fixed 10001. Read host and port from the command line (or set MPP_PORT).',
    ],
  },
  C2: {
    text: 'It sends GetPort after connecting.',
    checks: 'After connecting, the client should send GetPort.',
    mistakes: ['The client waits for the server to speak first. Send "GetPort\\n" right after connecting.'],
  },
  C3: {
    text: 'On FreePort:<p> (then Quit), it closes that connection, connects to <p> and sends Assigned: <p> as its first message.',
    checks:
      'After FreePort:<p> and Quit, the client must close that connection, connect to <p> and send "Assigned: <p>" first.',
    mistakes: [
      'The client goes to a fixed port. Use the port from FreePort.',
      'The client never sends Assigned, or sends something else first. Send "Assigned: <p>\\n" as the first message.',
    ],
  },
  C4: {
    text: 'On NoPorts (then Quit), it connects to no other port, closes the connection and ends cleanly: no crash (no unhandled exception, no death by a signal). The sheet sets no exit status: the status is observed (INFO).',
    checks:
      'After NoPorts and Quit the client must connect nowhere else and end without a crash; the exit status is only observed (the sheet sets none).',
    mistakes: [
      'The client expects FreePort and crashes on NoPorts (an assertion, a parse error). Handle NoPorts: tell the user and end.',
    ],
  },
  C5: {
    text: 'To leave, it sends Quit on the assigned connection and closes it.',
    checks:
      'When the user asks to leave (the stdin line MPP_CLIENT_QUIT_INPUT, "Quit"), the client must send Quit on the assigned connection and close it.',
    mistakes: ['The client closes without Quit, or never closes. Send "Quit\\n", then close the socket.'],
  },
  C6: {
    text: 'When the server sends Quit on the assigned connection, the client closes it.',
    checks: 'When the server sends Quit on the assigned connection, the client must close it.',
    mistakes: ["The client ignores the server's Quit. Close the connection when Quit arrives."],
  },
  C7: {
    text: 'It accepts CR LF line ends (W2).',
    checks: 'The harness sends FreePort and Quit with CR LF; the client must act as with LF.',
    mistakes: ['"FreePort:10002\\r" is parsed as a port with a \\r. Strip the line end before parsing.'],
  },
} satisfies Record<string, RequirementText>;

export type RequirementId = keyof typeof REQUIREMENTS_EN;
export type RequirementTexts = Record<RequirementId, RequirementText>;
