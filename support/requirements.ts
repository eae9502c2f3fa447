// The one table of the protocol's requirements. Tags, failure messages, summary.json and docs/spec.md
// all read it; the IDs and levels are those of docs/protocol/reading.md.

export type Level = 'must' | 'should' | 'info';
export type Role = 'wire' | 'server' | 'client';

export interface Requirement {
  id: string;
  level: Level;
  role: Role;
  /** The requirement in one sentence, as the reading states it. */
  text: string;
  /** The sentence of the German sheet it comes from; empty where the sheet is silent. */
  sheet: string;
}

const DEFAULT_PORT_SENTENCE =
  'Sobald der Client sich mit dem Server auf dem Standardport 10001 verbindet, überprüft der Server, welcher Port verfügbar ist und teilt dem Client die kleinste verfügbare Portnummer via "FreePort:(PORT)" mit.';
const QUIT_SENTENCE = 'Danach wird die Verbindung serverseitig getrennt mit "Quit".';
const RESTART_SENTENCE =
  'Anschliessend wird der Server neugestartet, damit ein neuer Client auf dem Standardport 10001 connecten kann.';
const ASSIGNED_SENTENCE =
  'Als erste Nachricht sendet der Client nach dem Verbinden mit dem zugewiesenen Port "Assigned: (PORT)".';
const CLIENT_QUIT_SENTENCE =
  'Disconnectet der Client via "Quit", wird der zugehörige Server ebenfalls geschlossen.';
const COMMAND_TABLE = 'Befehlsauflistung: GetPort, FreePort:(PORT), NoPorts, Assigned: (PORT), Quit';

export const REQUIREMENTS: readonly Requirement[] = [
  {
    id: 'W1',
    level: 'must',
    role: 'wire',
    text: 'TCP. Every message is one line of ASCII text ended by LF (\\n).',
    sheet: '',
  },
  {
    id: 'W2',
    level: 'must',
    role: 'wire',
    text: 'A receiver accepts CR LF (\\r\\n) as a line end as well as LF.',
    sheet: '',
  },
  {
    id: 'W3',
    level: 'must',
    role: 'wire',
    text: 'The messages are exactly GetPort, FreePort:<port>, NoPorts, Assigned: <port>, Quit; <port> is a decimal number without parentheses.',
    sheet: COMMAND_TABLE,
  },
  {
    id: 'W4',
    level: 'should',
    role: 'wire',
    text: 'Spelling as in the sheet: no space after "FreePort:", one space after "Assigned:". Lenient runs accept optional spaces after the colon; a strict run (MPP_STRICT=1) fails any other spelling.',
    sheet: COMMAND_TABLE,
  },
  {
    id: 'W5',
    level: 'must',
    role: 'wire',
    text: 'Two messages are never glued into one line (e.g. FreePort:10002Quit): each has its own line end.',
    sheet: '',
  },
  {
    id: 'S1',
    level: 'must',
    role: 'server',
    text: 'The server listens on the default port 10001 (a test run may move it).',
    sheet: DEFAULT_PORT_SENTENCE,
  },
  {
    id: 'S2',
    level: 'must',
    role: 'server',
    text: 'A client that connects and sends GetPort gets FreePort:<p>, where <p> is the smallest available port of the pool.',
    sheet: DEFAULT_PORT_SENTENCE,
  },
  {
    id: 'S3',
    level: 'should',
    role: 'server',
    text: 'A client that sends GetPort gets its answer, and the unread GetPort must not make the server reset the connection (TCP RST). Whether the server answers as soon as a client connects, before any GetPort, is observed: the sheet allows both.',
    sheet: DEFAULT_PORT_SENTENCE,
  },
  {
    id: 'S4',
    level: 'must',
    role: 'server',
    text: 'After FreePort:<p> or NoPorts the server sends Quit and closes the connection.',
    sheet: QUIT_SENTENCE,
  },
  {
    id: 'S5',
    level: 'must',
    role: 'server',
    text: 'Available excludes ports held by connected clients and ports another process on the machine listens on (the sheet answers 10003 because 10002 is taken).',
    sheet: 'Der Server auf dem designated Port (hier 10003) muss vorher gestartet sein',
  },
  {
    id: 'S6',
    level: 'must',
    role: 'server',
    text: 'If no port of the pool is available, the server sends NoPorts, then Quit, and closes.',
    sheet:
      'Falls kein freier Port existiert, wird "NoPorts" an den Client gesendet. Anschliessend wird die Verbindung getrennt "Quit" und der Server neugestartet.',
  },
  {
    id: 'S7',
    level: 'must',
    role: 'server',
    text: 'The listener on <p> is up before FreePort:<p> is sent: the client can connect at once.',
    sheet: 'Der Server startet den, dem Client übermittelten, Port damit der Client darauf connecten kann.',
  },
  {
    id: 'S8',
    level: 'must',
    role: 'server',
    text: 'After each client the default port accepts the next client; the server serves any number of clients one after the other.',
    sheet: RESTART_SENTENCE,
  },
  {
    id: 'S9',
    level: 'must',
    role: 'server',
    text: 'Clients that connect at nearly the same time get different ports.',
    sheet: '',
  },
  {
    id: 'A1',
    level: 'must',
    role: 'server',
    text: "The client's first message on the assigned port is Assigned: <p>; the server accepts it (the sheet defines no reply).",
    sheet: ASSIGNED_SENTENCE,
  },
  {
    id: 'A2',
    level: 'must',
    role: 'server',
    text: 'When the client sends Quit, the server closes that connection (it may answer Quit first; any other text is a failure) and stops listening on <p>; <p> is available again, as a real client sees it (after a graceful close too, within the time bound), and is the answer to the next GetPort if it is the smallest free port.',
    sheet: CLIENT_QUIT_SENTENCE,
  },
  {
    id: 'A3',
    level: 'should',
    role: 'server',
    text: 'A client that closes the connection without Quit frees <p> the same way.',
    sheet: '',
  },
  {
    id: 'A4',
    level: 'should',
    role: 'server',
    text: 'A wrong first message (unknown text, Assigned: with another port, an over-long line, bytes that are not text) neither crashes the server nor disturbs other clients; the default port keeps working. A second connection to a held port must not take the session over or free the port; refusing, closing or ignoring it is conformant.',
    sheet: '',
  },
  {
    id: 'A5',
    level: 'info',
    role: 'server',
    text: 'A port offered to a client that never connects to it: is it reclaimed, and after how long?',
    sheet: '',
  },
  {
    id: 'A6',
    level: 'info',
    role: 'server',
    text: 'The server may send Quit on an assigned connection to end it (e.g. on shutdown). The reading calls it MAY; the harness treats it as INFO.',
    sheet: 'Der Client/Server teilt dem Server, dass er die Verbindung trennt.',
  },
  {
    id: 'C1',
    level: 'must',
    role: 'client',
    text: 'The client connects to the default port (10001 unless a test run moves it).',
    sheet: DEFAULT_PORT_SENTENCE,
  },
  {
    id: 'C2',
    level: 'should',
    role: 'client',
    text: 'It sends GetPort after connecting.',
    sheet: COMMAND_TABLE,
  },
  {
    id: 'C3',
    level: 'must',
    role: 'client',
    text: 'On FreePort:<p> (then Quit), it closes that connection, connects to <p> and sends Assigned: <p> as its first message.',
    sheet: ASSIGNED_SENTENCE,
  },
  {
    id: 'C4',
    level: 'must',
    role: 'client',
    text: 'On NoPorts (then Quit), it connects to no other port, closes the connection and ends cleanly: no crash (no unhandled exception, no death by a signal). The sheet sets no exit status: the status is observed (INFO).',
    sheet: 'Falls kein freier Port existiert, wird "NoPorts" an den Client gesendet.',
  },
  {
    id: 'C5',
    level: 'must',
    role: 'client',
    text: 'To leave, it sends Quit on the assigned connection and closes it.',
    sheet: CLIENT_QUIT_SENTENCE,
  },
  {
    id: 'C6',
    level: 'must',
    role: 'client',
    text: 'When the server sends Quit on the assigned connection, the client closes it.',
    sheet: 'Der Client/Server teilt dem Server, dass er die Verbindung trennt.',
  },
  { id: 'C7', level: 'must', role: 'client', text: 'It accepts CR LF line ends (W2).', sheet: '' },
];

const byId = new Map(REQUIREMENTS.map((r) => [r.id, r]));

export function requirement(id: string): Requirement {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown requirement ID ${id}: see support/requirements.ts`);
  return found;
}

export function isRequirementId(id: string): boolean {
  return byId.has(id);
}

/** The level a requirement counts with in this run: a strict run makes spelling (W4) a MUST. */
export function effectiveLevel(id: string, strict: boolean): Level {
  return id === 'W4' && strict ? 'must' : requirement(id).level;
}
