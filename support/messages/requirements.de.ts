// German texts of every requirement: the rule, how the harness checks it, common mistakes with their fixes.
// Swiss orthography as on the sheet (ss, never the sharp s); fixes in the impersonal infinitive style of a teacher.
import type { RequirementTexts } from './requirements.en';

export const REQUIREMENTS_DE: RequirementTexts = {
  W1: {
    text: 'TCP. Jede Nachricht ist eine Zeile ASCII-Text, abgeschlossen mit LF (\\n).',
    checks:
      'Jede Zeile, die das Programm sendet, muss innerhalb des Zeitlimits mit LF (\\n) enden; eine Zeile von 64 KiB ohne Zeilenende wird abgeschnitten.',
    mistakes: [
      'Die Nachricht wird ohne "\\n" geschrieben (Java: print statt println; Python: send("FreePort:10002")). Das Zeilenende ergänzen.',
      'Das Zeilenende ist ein "\\r" allein. "\\n" (oder "\\r\\n") verwenden.',
    ],
  },
  W2: {
    text: 'Ein Empfänger akzeptiert neben LF auch CR LF (\\r\\n) als Zeilenende.',
    checks:
      'Die Testumgebung sendet ihre Nachrichten mit CR LF (\\r\\n) und erwartet dieselbe Reaktion wie bei LF.',
    mistakes: [
      'Das Programm vergleicht die ganze Zeile mit "GetPort", und das \\r macht sie verschieden. Ein abschliessendes \\r entfernen (Python: line.rstrip("\\r\\n"); Java: BufferedReader.readLine() erledigt das bereits).',
    ],
  },
  W3: {
    text: 'Die Nachrichten lauten genau GetPort, FreePort:<port>, NoPorts, Assigned: <port>, Quit; <port> ist eine Dezimalzahl ohne Klammern.',
    checks:
      'Jede Zeile muss eine der Nachrichten GetPort, FreePort:<port>, NoPorts, Assigned: <port>, Quit sein, mit dem Port als Dezimalzahl.',
    mistakes: [
      'Falsche Gross-/Kleinschreibung ("freeport:") oder ein anderes Wort. Die Nachrichten genau so schreiben wie auf dem Aufgabenblatt.',
      '"FreePort:(10002)": (PORT) ist auf dem Aufgabenblatt ein Platzhalter; nur die Zahl senden.',
    ],
  },
  W4: {
    text: 'Schreibweise wie auf dem Aufgabenblatt: kein Leerzeichen nach "FreePort:", ein Leerzeichen nach "Assigned:". Ein toleranter Lauf akzeptiert optionale Leerzeichen nach dem Doppelpunkt; ein strenger Lauf (MPP_STRICT=1) wertet jede andere Schreibweise als Fehler.',
    checks:
      'Die Schreibweise jeder Nachricht wird mit dem Aufgabenblatt verglichen; ein toleranter Lauf akzeptiert Leerzeichen nach dem Doppelpunkt mit einem Hinweis, ein strenger Lauf (MPP_STRICT=1) wertet sie als Fehler.',
    mistakes: [
      '"FreePort: 10002" (ein Leerzeichen) oder "Assigned:10002" (keines). Das Aufgabenblatt schreibt FreePort:<p> und Assigned: <p>.',
    ],
  },
  W5: {
    text: 'Zwei Nachrichten werden nie zu einer Zeile zusammengeklebt (z. B. FreePort:10002Quit): Jede hat ihr eigenes Zeilenende.',
    checks: 'Jede Nachricht muss auf einer eigenen Zeile stehen.',
    mistakes: [
      '"FreePort:10002Quit": Das Zeilenende nach FreePort fehlt. "FreePort:10002\\n" und danach "Quit\\n" senden.',
    ],
  },
  S1: {
    text: 'Der Server lauscht auf dem Standardport 10001 (ein Testlauf kann ihn verlegen).',
    checks:
      'Die Testumgebung startet den Server mit seinen Ports ({port} {first} {last}) und liest die Tabelle der lauschenden Sockets des Kernels, bis der Standardport lauscht; sie verbindet sich dafür nie.',
    mistakes: [
      'Das Programm lauscht fest auf 10001 statt auf dem übergebenen Port. Den Port von der Kommandozeile lesen (oder MPP_PORT / MPP_POOL setzen).',
      'Das Programm endet sofort (ein Absturz beim Start, eine fehlende Datei). Den Befehl von Hand ausführen und seine Ausgabe lesen.',
    ],
  },
  S2: {
    text: 'Ein Client, der sich verbindet und GetPort sendet, erhält FreePort:<p>, wobei <p> der kleinste verfügbare Port des Portbereichs ist.',
    checks:
      'Ein Client verbindet sich mit dem Standardport, sendet GetPort und muss FreePort:<p> mit dem kleinsten freien Port des Portbereichs erhalten.',
    mistakes: [
      'Die Antwort steckt in einem Puffer. Nach jeder Nachricht den Puffer leeren (Java: new PrintWriter(out, true); Python: sendall).',
      'Der erste Port wird übersprungen (um eins daneben) oder der Portbereich wird falsch gelesen. Bei {first} beginnen.',
      'Ein Port gilt für immer als belegt. Ports in den Portbereich zurückgeben, wenn ihr Client geht.',
    ],
  },
  S3: {
    text: 'Ein Client, der GetPort sendet, erhält seine Antwort, und das ungelesene GetPort darf den Server nicht dazu bringen, die Verbindung zurückzusetzen (TCP RST). Ob der Server schon antwortet, sobald sich ein Client verbindet, noch vor einem GetPort, wird beobachtet: Das Aufgabenblatt erlaubt beides.',
    checks:
      'Beobachtet: ob der Server schon vor einem GetPort antwortet (beides ist konform). Geprüft: Die Verbindung endet mit einem Schliessen, nicht mit einem TCP-Reset.',
    mistakes: [
      'Der Server schliesst die Verbindung, während das "GetPort" des Clients noch ungelesen ist: Der Kernel sendet einen Reset, und ein langsamerer Client verliert die Antwort. Vor dem Schliessen die GetPort-Zeile (oder was angekommen ist) lesen.',
    ],
  },
  S4: {
    text: 'Nach FreePort:<p> oder NoPorts sendet der Server Quit und schliesst die Verbindung.',
    checks:
      'Nach FreePort oder NoPorts muss die nächste Zeile Quit sein, danach muss der Server die Verbindung schliessen.',
    mistakes: [
      'Quit wird nicht gesendet. Nach der Antwort "Quit\\n" senden.',
      'Die Verbindung bleibt nach Quit offen. Den Socket schliessen (Python: conn.close(); Java: socket.close()).',
    ],
  },
  S5: {
    text: '"Verfügbar" schliesst Ports aus, die verbundene Clients belegen, und Ports, auf denen ein anderer Prozess des Rechners lauscht (das Aufgabenblatt antwortet 10003, weil 10002 belegt ist).',
    checks:
      'Solange ein Client 10002 belegt oder ein anderes Programm darauf lauscht, muss der nächste Client 10003 erhalten.',
    mistakes: [
      'Der Server bietet Ports an, die Clients belegen. Eine Menge der belegten Ports führen.',
      'Der Server bemerkt andere Programme nicht. Vor dem Anbieten versuchen, den Port zu binden; schlägt das fehl, ihn überspringen.',
    ],
  },
  S6: {
    text: 'Ist kein Port des Portbereichs verfügbar, sendet der Server NoPorts, dann Quit, und schliesst die Verbindung.',
    checks:
      'Sind alle Ports des Portbereichs belegt (von Clients oder anderen Programmen), muss die Antwort NoPorts lauten, dann Quit, dann das Schliessen.',
    mistakes: [
      'Der Server bietet einen Port ausserhalb des Portbereichs an, hängt oder schliesst ohne Antwort. Mit "NoPorts\\n" und "Quit\\n" antworten.',
    ],
  },
  S7: {
    text: 'Der Server-Socket auf <p> lauscht bereits, bevor FreePort:<p> gesendet wird: Der Client kann sich sofort verbinden.',
    checks:
      'Sobald FreePort:<p> angekommen ist, verbindet sich die Testumgebung mit <p>: Der Server-Socket muss dann schon lauschen.',
    mistakes: [
      'Der Server-Socket auf <p> wird erst nach dem Senden von FreePort gestartet (oder in einem Thread, der spät startet). Zuerst bind und listen, dann FreePort senden.',
    ],
  },
  S8: {
    text: 'Nach jedem Client nimmt der Standardport den nächsten Client an; der Server bedient beliebig viele Clients nacheinander.',
    checks:
      'Nach einem Client (auch einem, der seinen zugewiesenen Port belegt hält, und einem, der ordentlich geschlossen hat) muss der Standardport den nächsten bedienen; zwölf Clients nacheinander müssen alle bedient werden.',
    mistakes: [
      'Der Server bedient einen Client und endet, oder er schliesst seinen lauschenden Socket. In einer Schleife zu accept() zurückkehren.',
      'Der Server ist mit dem zugewiesenen Port beschäftigt (ein blockierendes accept() oder read() darauf) und kehrt nicht zum Standardport zurück. Jeden Client in einem eigenen Thread bedienen oder mit select()/poll() auf alle Sockets zugleich warten.',
    ],
  },
  S9: {
    text: 'Clients, die sich fast gleichzeitig verbinden, erhalten verschiedene Ports.',
    checks:
      'Drei Clients verbinden sich und senden dann alle im selben Augenblick GetPort; sie müssen drei verschiedene Ports erhalten. Das Rennen läuft bis zu 10-mal (die Ports dazwischen zurückgegeben), damit ein Server mit Wettlauf-Fehler in jedem Lauf scheitert.',
    mistakes: [
      'Zwei Threads finden denselben freien Port, bevor einer von ihnen ihn markiert. Den Port unter einer Sperre (Lock) nehmen (prüfen und nehmen in einem Schritt).',
    ],
  },
  A1: {
    text: 'Die erste Nachricht des Clients auf dem zugewiesenen Port ist Assigned: <p>; der Server nimmt sie an (das Aufgabenblatt legt keine Antwort fest).',
    checks:
      'Auf dem angebotenen Port sendet die Testumgebung "Assigned: <p>"; die Verbindung muss offen bleiben, während ein anderer Client bedient wird.',
    mistakes: [
      'Der Server antwortet auf Assigned, indem er die Verbindung schliesst. Das Aufgabenblatt legt keine Antwort auf Assigned fest: Die Verbindung halten, bis der Client Quit sagt.',
    ],
  },
  A2: {
    text: 'Sendet der Client Quit, schliesst der Server diese Verbindung (er darf vorher mit Quit antworten; jeder andere Text ist ein Fehler) und hört auf, auf <p> zu lauschen; <p> ist wieder verfügbar, so wie ein echter Client es sieht (auch nach einem ordentlichen Schliessen, innerhalb des Zeitlimits), und ist die Antwort auf das nächste GetPort, wenn er der kleinste freie Port ist.',
    checks:
      'Nach dem Quit des Clients schliesst der Server die Verbindung (ein eigenes Quit vorher ist in Ordnung), hört auf, auf <p> zu lauschen, und bietet <p> innerhalb des Zeitlimits dem nächsten Client wieder an, auch nachdem ein echter Client ordentlich geschlossen hat. „Noch nicht zurück“ gilt nur, solange der Server noch auf <p> lauscht: grössere Angebote bei zwei Anfragen nacheinander, nachdem sein Server-Socket weg ist, sind ein Fehler.',
    mistakes: [
      'Der Server-Socket auf <p> bleibt offen. Ihn schliessen, wenn der Client geht.',
      'Der Port kommt nie in den Portbereich zurück (ein Zähler, der nur wächst). Freigegebene Ports wiederverwenden.',
      'Die Ports werden der Reihe nach vergeben (Round-Robin), sodass ein freigegebener kleinerer Port warten muss, bis er an der Reihe ist. Jedes Mal den kleinsten freien Port anbieten.',
      'Nach einem ordentlichen Schliessen steht die Serverseite der alten Verbindung in TIME_WAIT, und bind() auf <p> schlägt ohne SO_REUSEADDR fehl. SO_REUSEADDR auf jedem lauschenden Socket setzen.',
    ],
  },
  A3: {
    text: 'Schliesst ein Client die Verbindung ohne Quit, wird <p> ebenso freigegeben.',
    checks:
      'Schliesst ein Client ohne Quit, muss sein Port ebenso freigegeben werden (innerhalb des Zeitlimits).',
    mistakes: [
      'Der Server wartet nur auf Quit. Eine geschlossene Verbindung (read liefert 0 / EOF) wie Quit behandeln.',
    ],
  },
  A4: {
    text: 'Eine falsche erste Nachricht (unbekannter Text, Assigned: mit einem anderen Port, eine überlange Zeile, Bytes, die kein Text sind) bringt den Server weder zum Absturz noch stört sie andere Clients; der Standardport funktioniert weiter. Eine zweite Verbindung zu einem belegten Port darf weder die Sitzung übernehmen noch den Port freigeben; sie abzulehnen, zu schliessen oder zu ignorieren ist konform.',
    checks:
      'Falsche erste Nachrichten (unbekannter Text, ein falsches Assigned, eine Zeile mit 100 000 Zeichen, Bytes, die kein Text sind) dürfen den Server weder zum Absturz bringen noch andere stören; eine zweite Verbindung zu einem belegten Port darf die Sitzung des ersten Clients nicht beenden (sie abzulehnen ist in Ordnung).',
    mistakes: [
      'Eine Ausnahme in einer Verbindung beendet den ganzen Server. Fehler pro Verbindung abfangen.',
      'Das Dekodieren von Bytes, die kein UTF-8 sind, wirft eine Ausnahme. Fehlertolerant dekodieren oder die Bytes als unbekannte Nachricht behandeln.',
    ],
  },
  A5: {
    text: 'Ein Port, der einem Client angeboten wird, der sich nie damit verbindet: Wird er wieder freigegeben, und nach welcher Zeit?',
    checks:
      'Nur beobachtet: ob ein Port, der einem Client angeboten wird, der nie kommt, wieder freigegeben wird, und nach welcher Zeit.',
    mistakes: [],
  },
  A6: {
    text: 'Der Server darf auf einer zugewiesenen Verbindung Quit senden, um sie zu beenden (z. B. beim Herunterfahren). Die Auslegung nennt das MAY; die Testumgebung behandelt es als INFO.',
    checks: 'Nicht geprüft: Die Testumgebung kann einen Server nicht zum Herunterfahren bringen.',
    mistakes: [],
  },
  C1: {
    text: 'Der Client verbindet sich mit dem Standardport (10001, sofern ein Testlauf ihn nicht verlegt).',
    checks:
      'Die Testumgebung startet den Client mit {host} {port} und wartet auf seine Verbindung zum Standardport.',
    mistakes: [
      'Der Client verbindet sich fest mit 10001. Host und Port von der Kommandozeile lesen (oder MPP_PORT setzen).',
    ],
  },
  C2: {
    text: 'Der Client sendet nach dem Verbinden GetPort.',
    checks: 'Nach dem Verbinden sollte der Client GetPort senden.',
    mistakes: [
      'Der Client wartet, bis der Server zuerst spricht. Direkt nach dem Verbinden "GetPort\\n" senden.',
    ],
  },
  C3: {
    text: 'Auf FreePort:<p> (dann Quit) schliesst der Client diese Verbindung, verbindet sich mit <p> und sendet Assigned: <p> als erste Nachricht.',
    checks:
      'Nach FreePort:<p> und Quit muss der Client diese Verbindung schliessen, sich mit <p> verbinden und zuerst "Assigned: <p>" senden.',
    mistakes: [
      'Der Client geht zu einem festen Port. Den Port aus FreePort verwenden.',
      'Der Client sendet nie Assigned oder zuerst etwas anderes. "Assigned: <p>\\n" als erste Nachricht senden.',
    ],
  },
  C4: {
    text: 'Auf NoPorts (dann Quit) verbindet sich der Client mit keinem anderen Port, schliesst die Verbindung und endet sauber: kein Absturz (keine unbehandelte Ausnahme, kein Ende durch ein Signal). Das Aufgabenblatt legt keinen Exit-Status fest: Der Status wird beobachtet (INFO).',
    checks:
      'Nach NoPorts und Quit darf sich der Client nirgendwo sonst verbinden und muss ohne Absturz enden; der Exit-Status wird nur beobachtet (das Aufgabenblatt legt keinen fest).',
    mistakes: [
      'Der Client erwartet FreePort und stürzt bei NoPorts ab (eine Assertion, ein Parse-Fehler). NoPorts behandeln: dem Benutzer Bescheid geben und enden.',
    ],
  },
  C5: {
    text: 'Zum Verlassen sendet der Client Quit auf der zugewiesenen Verbindung und schliesst sie.',
    checks:
      'Wenn der Benutzer gehen will (die stdin-Zeile MPP_CLIENT_QUIT_INPUT, "Quit"), muss der Client Quit auf der zugewiesenen Verbindung senden und sie schliessen.',
    mistakes: [
      'Der Client schliesst ohne Quit oder schliesst nie. "Quit\\n" senden, dann den Socket schliessen.',
    ],
  },
  C6: {
    text: 'Sendet der Server Quit auf der zugewiesenen Verbindung, schliesst der Client sie.',
    checks: 'Sendet der Server Quit auf der zugewiesenen Verbindung, muss der Client sie schliessen.',
    mistakes: ['Der Client ignoriert das Quit des Servers. Die Verbindung schliessen, sobald Quit ankommt.'],
  },
  C7: {
    text: 'Der Client akzeptiert CR LF als Zeilenende (W2).',
    checks: 'Die Testumgebung sendet FreePort und Quit mit CR LF; der Client muss sich wie bei LF verhalten.',
    mistakes: [
      '"FreePort:10002\\r" wird als Port mit einem \\r gelesen. Das Zeilenende vor dem Auswerten entfernen.',
    ],
  },
};

export const SCENARIOS_DE: Record<string, string> = {
  // features/server/default-port.feature
  'A client that sends GetPort gets the smallest free port':
    'Ein Client, der GetPort sendet, erhält den kleinsten freien Port',
  'Whether the server answers as soon as a client connects, before any GetPort (observed)':
    'Ob der Server antwortet, sobald sich ein Client verbindet, noch vor einem GetPort (beobachtet)',
  'The server reads GetPort before it closes, so that no reset can destroy its answer':
    'Der Server liest GetPort, bevor er schliesst, damit kein Reset seine Antwort zerstören kann',
  'After FreePort the server says Quit and closes the connection':
    'Nach FreePort sagt der Server Quit und schliesst die Verbindung',
  "A port that another program listens on is skipped (the sheet's 10003 example)":
    'Ein Port, auf dem ein anderes Programm lauscht, wird übersprungen (das Beispiel 10003 des Aufgabenblatts)',
  'A port that a connected client holds is not offered again':
    'Ein Port, den ein verbundener Client belegt, wird nicht erneut angeboten',
  'When clients hold every port, the server answers NoPorts, says Quit and closes':
    'Belegen Clients alle Ports, antwortet der Server NoPorts, sagt Quit und schliesst',
  'When other programs listen on every port of the pool, the server answers NoPorts':
    'Lauschen andere Programme auf allen Ports des Portbereichs, antwortet der Server NoPorts',
  'The offered port accepts the client as soon as FreePort has arrived':
    'Der angebotene Port nimmt den Client an, sobald FreePort angekommen ist',
  'The default port serves the next client after the first':
    'Der Standardport bedient nach dem ersten Client den nächsten',
  'The default port serves the next client while another holds its assigned port':
    'Der Standardport bedient den nächsten Client, während ein anderer seinen zugewiesenen Port belegt',
  'The default port serves the next client after one that closed gracefully':
    'Der Standardport bedient den nächsten Client nach einem, der ordentlich geschlossen hat',
  'The server serves many clients one after the other': 'Der Server bedient viele Clients nacheinander',
  'Clients that connect at nearly the same time get different ports':
    'Clients, die sich fast gleichzeitig verbinden, erhalten verschiedene Ports',
  // features/server/wire-format.feature
  "The server's answer is FreePort and Quit, each on a line of its own":
    'Die Antwort des Servers ist FreePort und Quit, jeweils auf einer eigenen Zeile',
  'The server accepts CR LF line ends from its clients':
    'Der Server akzeptiert CR LF als Zeilenende von seinen Clients',
  'The server spells its messages as the sheet does':
    'Der Server schreibt seine Nachrichten wie das Aufgabenblatt',
  // features/server/robustness.feature
  'A wrong first message on the assigned port: <case>':
    'Eine falsche erste Nachricht auf dem zugewiesenen Port: <case>',
  'A wrong message on the default port: <case>': 'Eine falsche Nachricht auf dem Standardport: <case>',
  'A second connection to a held port does not take the port over (refusing it is fine)':
    'Eine zweite Verbindung zu einem belegten Port übernimmt den Port nicht (sie abzulehnen ist in Ordnung)',
  // features/server/assigned-port.feature
  'The server accepts Assigned as the first message on the assigned port':
    'Der Server nimmt Assigned als erste Nachricht auf dem zugewiesenen Port an',
  'Quit on the assigned port frees the port for the next client (within the time bound)':
    'Quit auf dem zugewiesenen Port gibt den Port für den nächsten Client frei (innerhalb des Zeitlimits)',
  'A client that says Quit and closes gracefully, as real clients do, frees the port':
    'Sagt ein Client Quit und schliesst ordentlich, wie echte Clients es tun, wird der Port frei',
  'A client that closes the connection without Quit frees the port as well':
    'Schliesst ein Client die Verbindung ohne Quit, wird der Port ebenfalls frei',
  'A port offered to a client that never connects (observed, never a failure)':
    'Ein Port, der einem Client angeboten wird, der sich nie verbindet (beobachtet, nie ein Fehler)',
  'A client that closes its side late after Quit does not free the port of the next client':
    'Schliesst ein Client seine Seite erst spät nach Quit, wird der Port des nächsten Clients nicht frei',
  // features/server/several-holders.feature
  'Two holders leave in either order: a freed port is the next answer, a held one never is: <case>':
    'Zwei belegen Ports und gehen in beiden Reihenfolgen: ein freigegebener Port ist die nächste Antwort, ein belegter nie: <case>',
  'Three holders leave in each of the six orders, and the pool is handed out from its first port again: <case>':
    'Drei belegen Ports und gehen in allen sechs Reihenfolgen, und der Portbereich wird wieder ab seinem ersten Port vergeben: <case>',
  'A full pool, freed by one client after the other: its port is offered, then NoPorts again: <case>':
    'Ein voller Portbereich, von einem Client nach dem anderen freigegeben: sein Port wird angeboten, dann wieder NoPorts: <case>',
  // features/client/noports.feature
  'On NoPorts the client connects nowhere else and ends without a crash (any exit status)':
    'Bei NoPorts verbindet sich der Client nirgendwo sonst und endet ohne Absturz (beliebiger Exit-Status)',
  // features/client/leaving.feature
  'The client says Quit on the assigned port when its user leaves':
    'Der Client sagt Quit auf dem zugewiesenen Port, wenn sein Benutzer geht',
  'The client closes the connection when the server says Quit':
    'Der Client schliesst die Verbindung, wenn der Server Quit sagt',
  // features/client/handshake.feature
  'The client connects to the default port': 'Der Client verbindet sich mit dem Standardport',
  'The client asks for a port with GetPort': 'Der Client fragt mit GetPort nach einem Port',
  'On FreePort the client moves to the offered port and says Assigned first':
    'Auf FreePort wechselt der Client zum angebotenen Port und sagt zuerst Assigned',
  'The client goes to the port it is offered, not to a fixed one':
    'Der Client geht zu dem Port, der ihm angeboten wird, nicht zu einem festen',
  'The client accepts CR LF line ends from the server':
    'Der Client akzeptiert CR LF als Zeilenende vom Server',
  "The client's messages are protocol messages, each on a line of its own":
    'Die Nachrichten des Clients sind Protokollnachrichten, jede auf einer eigenen Zeile',
  'The client spells its messages as the sheet does':
    'Der Client schreibt seine Nachrichten wie das Aufgabenblatt',
};

export const FEATURES_DE: Record<string, string> = {
  'The server on the default port hands out the smallest free port':
    'Der Server auf dem Standardport vergibt den kleinsten freien Port',
  'Every message is one line of ASCII text': 'Jede Nachricht ist eine Zeile ASCII-Text',
  'Wrong input neither crashes the server nor disturbs other clients':
    'Falsche Eingaben bringen den Server nicht zum Absturz und stören keine anderen Clients',
  'The server on an assigned port takes Assigned, and Quit frees the port':
    'Der Server auf einem zugewiesenen Port nimmt Assigned an, und Quit gibt den Port frei',
  'On NoPorts the client ends cleanly': 'Bei NoPorts endet der Client sauber',
  'The session on the assigned port ends with Quit': 'Die Sitzung auf dem zugewiesenen Port endet mit Quit',
  'The client asks for a port and moves to it': 'Der Client fragt nach einem Port und wechselt zu ihm',
  'Several clients hold ports at once, leave in any order, and the freed ports come back':
    'Mehrere Clients belegen gleichzeitig Ports, gehen in beliebiger Reihenfolge, und die freien Ports kommen zurück',
};

/** The values of the Scenario Outlines' <case> column (features/server/robustness.feature). */
export const EXAMPLES_DE: Record<string, string> = {
  'unknown text': 'unbekannter Text',
  'Assigned with another port': 'Assigned mit einem anderen Port',
  'an over-long line': 'eine überlange Zeile',
  'bytes that are not text': 'Bytes, die kein Text sind',
  'with Quit': 'mit Quit',
  'without Quit': 'ohne Quit',
};

/** A scenario's German title; an outline's name is matched by its text before <case>. */
export function scenarioDe(name: string): string {
  const exact = SCENARIOS_DE[name];
  if (exact) return exact;
  for (const [template, title] of Object.entries(SCENARIOS_DE)) {
    const [before] = template.split('<case>');
    if (template.includes('<case>') && before && name.startsWith(before)) {
      const value = name.slice(before.length);
      return title.replace('<case>', EXAMPLES_DE[value] ?? value);
    }
  }
  return name;
}
