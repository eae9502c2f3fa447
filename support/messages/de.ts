// Jeder Satz der Testumgebung auf Deutsch (MPP_LANG=de), in der Rechtschreibung des Aufgabenblatts:
// Schweizer Orthografie, also "ss" und nie das scharfe S. Dieselben Schlüssel und Typen wie en.ts.

import type { After, ConnectReason, Messages, TargetRole } from './en';
import { FEATURES_DE, scenarioDe } from './requirements.de';

const locale = 'de-CH';
const list = (items: readonly (string | number)[]) =>
  new Intl.ListFormat(locale, { type: 'conjunction' }).format(items.map(String));
const or = (items: readonly string[]) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(items);
/** Eine Anzahl oder eine Dauer, kein Port: Ports werden nie gruppiert. */
const n = (value: number) => new Intl.NumberFormat(locale).format(value);
const subject = (who: TargetRole) => (who === 'server' ? 'Der Server' : 'Der Client');
const after = (who: TargetRole, what: After) =>
  what === 'ownQuit' ? 'seinem Quit' : who === 'server' ? 'dem Quit des Clients' : 'dem Quit des Servers';

export const de: Messages = {
  locale,
  list,
  or,
  n,
  labels: {
    expected: 'erwartet:',
    received: 'erhalten:',
    hint: 'Hinweis: ',
    rule: 'Regel:   ',
    sheet: 'Blatt:   ',
    more: 'mehr:    ',
  },
  level: { must: 'MUSS', should: 'SOLL', info: 'INFO' },
  role: { wire: 'Leitung', server: 'Server', client: 'Client' },
  outcome: {
    passed: 'bestanden',
    failed: 'nicht bestanden',
    observed: 'beobachtet',
    blocked: 'blockiert',
    skipped: 'übersprungen',
    inconclusive: 'nicht entscheidbar',
    'not-checked': 'nicht geprüft',
  },
  verdict: { conformant: 'KONFORM', 'non-conformant': 'NICHT KONFORM', inconclusive: 'NICHT ENTSCHEIDBAR' },
  prefix: {
    blocked: 'Blockiert durch ',
    inconclusive: 'Nicht entscheidbar: ',
    skipped: 'Übersprungen: ',
  },
  observed: (id: string) => `Beobachtet (${id}): `,
  client: (name: string) =>
    ({ 'the client': 'der Client', default: 'Standardport', assigned: 'zugewiesen' })[name] ??
    name.replace(/^client\b/, 'Client'),
  scenario: scenarioDe,
  feature: (name: string) => FEATURES_DE[name] ?? name,
  sentence: (text: string) => text.charAt(0).toUpperCase() + text.slice(1),
  explainCommand: (id: string) => `npx mpp-conformance explain ${id} --lang de`,

  judge: {
    releasedByOther:
      'ein anderes Programm hört nicht mehr auf dem Port, er ist also wieder verfügbar: bei jeder Anfrage prüfen, welche Ports verfügbar sind (sie zu binden versuchen), nicht einmal für immer',
    heldEnded:
      'der Server hat die Verbindung eines Clients beendet, der seinen Port noch hält: pro Verbindung festhalten, welcher Socket zu welchem Port gehört, und nur die Verbindung schliessen und den Port freigeben, deren Client Quit gesagt oder sich getrennt hat',
    flush:
      'falls das Programm über einen gepufferten Stream schreibt, ihn nach jeder Nachricht leeren (Java: new PrintWriter(out, true) oder out.flush(); Python: sendall)',
    concurrency:
      'der Server scheint mit dem Client auf dessen zugewiesenem Port beschäftigt und kehrt nicht zum Standardport zurück: jeden Client in einem eigenen Thread bedienen oder mit select()/poll() auf alle Sockets zugleich warten',
    nextClient:
      'der Standardport muss jeden Client bedienen, einen nach dem anderen: seinen Server-Socket offen lassen (oder sofort wieder öffnen) und nach jedem Client zu accept() zurückkehren',
    quitAfterAnswer: 'nach FreePort oder NoPorts "Quit\\n" senden und dann die Verbindung schliessen',
    noPorts: 'wenn kein Port des Portbereichs frei ist, "NoPorts\\n" und dann "Quit\\n" antworten',
    waitsForGetPort:
      'der Server hat die Verbindung beendet, bevor der Client etwas gesagt hat: gleich beim Verbinden oder erst nach "GetPort" zu antworten ist beides in Ordnung, aber die Verbindung muss offen bleiben, bis der Server geantwortet hat',
    crlfGetPort: 'der Server muss "GetPort\\r\\n" als GetPort lesen (das \\r vor dem Vergleich entfernen)',
    taken:
      'ein Port, den ein Client belegt oder auf dem ein anderes Programm lauscht, ist nicht verfügbar: ihn vor dem Anbieten probeweise binden und die von Clients belegten Ports überspringen',
    freedByQuit:
      'der Port wurde durch das Quit des Clients frei: nicht mehr auf ihm lauschen und ihn in den Portbereich zurückgeben (ein Server-Socket, der auf einem Port mit einer letzten Verbindung in TIME_WAIT neu geöffnet wird, braucht SO_REUSEADDR)',
    freedByDrop:
      'der Client hat die Verbindung ohne Quit abgebrochen: ein Server sollte den Port ebenso freigeben',
    passedOver:
      'der Server hat auf dem freigegebenen Port nicht mehr gelauscht und trotzdem grössere angeboten: entweder kann er auf ihm nicht wieder lauschen (ein Server-Socket, der auf einem Port mit einer letzten Verbindung in TIME_WAIT neu geöffnet wird, braucht SO_REUSEADDR), oder er vergibt die Ports der Reihe nach (Round-Robin) oder hält freigegebene Ports zurück. Jedes Mal den kleinsten freien Port anbieten, gezählt ab dem ersten Port des Portbereichs',
    smallest: 'die Antwort muss der kleinste freie Port des Portbereichs sein, gezählt ab seinem ersten Port',
    shared:
      'zwei Clients, die sich fast gleichzeitig melden, dürfen nicht denselben Port erhalten: den Port reservieren, bevor der nächste Client eine Antwort erhält',
    wrongInput:
      'Fehler einer einzelnen Verbindung (Parsen, Dekodieren, ein geschlossener Socket) abfangen, damit sie nie den Server beenden',
    stopped: 'das Programm hat aufgehört: es muss einen Client nach dem anderen bedienen',
    endedEarly: 'das Programm hat sich beendet, bevor es einen Client bedient hat: seine Ausgabe unten lesen',
    listenBeforeOffer: 'den Server-Socket auf dem Port starten, bevor FreePort gesendet wird',
    keepListening: 'auf dem angebotenen Port lauschen, bis sein Client sich verbunden hat',
    defaultPort:
      'der Server muss auf dem Standardport lauschen, den er erhalten hat (MPP_PORT oder {port}), solange er läuft',
    secondConnection:
      'eine zweite Verbindung zu einem belegten Port darf die Sitzung des Clients, der ihn belegt, nicht beenden',
    noReplyToAssigned:
      'das Aufgabenblatt sieht keine Antwort auf Assigned vor: die Verbindung offen lassen, bis der Client Quit sagt',
    reset:
      'ein Socket, der geschlossen wird, während das "GetPort" des Clients noch ungelesen im Puffer liegt, sendet statt eines Abschlusses einen Reset (TCP RST), und ein Client, der einen Moment später liest, verliert die Antwort: die GetPort-Zeile (oder wenigstens das Angekommene) vor dem Schliessen lesen',
    listenerGone:
      'den Server-Socket des Standardports für den nächsten Client offen lassen; sein Schliessen setzt die Clients in seiner Warteschlange zurück',
    sendGetPort: 'gleich nach dem Verbinden mit dem Standardport "GetPort\\n" senden',
    sendAssigned:
      'nach FreePort:<p> und Quit die Verbindung schliessen, sich mit <p> verbinden und als Erstes "Assigned: <p>\\n" senden',
    sendQuit:
      'wenn der Benutzer gehen will, "Quit\\n" auf der Verbindung zum zugewiesenen Port senden und sie dann schliessen',
  },
  crash: {
    signal: (signal: string) => `beendet durch das Signal ${signal}`,
    signalStatus: (code: number) =>
      `der Exit-Status ${code} ist der eines Abbruchs durch das Signal ${code - 128}`,
    output: (what: string) => `die Ausgabe zeigt ${what}, einen Fehler, den das Programm nicht behandelt hat`,
    python: 'einen Python-Traceback',
    java: 'eine Java-Exception',
    rust: 'eine Rust-Panic',
    node: 'einen Node.js-Bericht über einen nicht abgefangenen Fehler',
    uncaught: 'einen nicht abgefangenen Fehler',
    cpp: 'eine nicht abgefangene C++-Exception',
    segfault: 'einen Speicherzugriffsfehler (Segmentation fault)',
  },

  protocol: {
    spelling: (line: string, sheet: string) => `"${line}" sollte "${sheet}" lauten (W4)`,
    glued: (line: string, kinds: readonly string[]) =>
      `"${line}" enthält ${list(kinds)} in einer Zeile: jede Nachricht braucht ihr eigenes Zeilenende \\n`,
    empty: 'eine leere Zeile ist keine Nachricht',
    parentheses: (shown: string) =>
      `${shown} schreibt den Port in Klammern: (PORT) ist auf dem Aufgabenblatt ein Platzhalter, nur die Zahl senden`,
    nearly: (shown: string, nearly: string) =>
      `${shown} ist nicht so geschrieben wie ${nearly} auf dem Aufgabenblatt (Gross-/Kleinschreibung und Satzzeichen zählen)`,
    notAscii: (shown: string) => `${shown} enthält Bytes, die kein druckbares ASCII sind`,
    unknown: (shown: string) =>
      `${shown} ist keine der Nachrichten GetPort, FreePort:<port>, NoPorts, Assigned: <port>, Quit`,
  },

  expect: {
    or: (shown: readonly string[]) => or(shown),
    notAMessage: (who: TargetRole, port: number) =>
      `${subject(who)} hat auf Port ${port} eine Zeile gesendet, die keine Protokollnachricht ist`,
    strictSpelling: (who: TargetRole) =>
      `${subject(who)} hat eine Nachricht anders geschrieben als das Aufgabenblatt (strenger Lauf)`,
    spellingNote: (text: string) => `Schreibweise: ${text}`,
    wrongMessage: (who: TargetRole, got: string, due: string) =>
      `${subject(who)} hat ${got} gesendet, wo ${due} fällig war`,
    notClosed: (who: TargetRole, port: number, ms: number, what: After) =>
      `${subject(who)} hat die Verbindung auf Port ${port} nicht innerhalb von ${n(ms)} ms nach ${after(who, what)} geschlossen`,
    moreInsteadOfClose: (who: TargetRole, what: After) =>
      `${subject(who)} hat nach ${after(who, what)} weiter gesendet, statt die Verbindung zu schliessen`,
    closes: '[die Verbindung wird geschlossen]',
    closeHint: (who: TargetRole, what: After) =>
      `die Verbindung nach ${after(who, what)} schliessen (Python: conn.close(), Java: socket.close(), Node: socket.end())`,
    overflow: (who: TargetRole, length: number, port: number) =>
      `${subject(who)} hat auf Port ${port} ${n(length)} Zeichen ohne Zeilenende gesendet`,
    overflowReceived: (length: number) => `${n(length)} Zeichen und kein ⏎`,
    overflowShort: (length: number) => `${n(length)} Zeichen ohne Zeilenende`,
    endLines: 'jede Nachricht mit \\n abschliessen',
    noLineEnd: (who: TargetRole, rest: string, port: number, ms: number) =>
      `${subject(who)} hat auf Port ${port} "${rest}" gesendet, aber innerhalb von ${n(ms)} ms kein Zeilenende`,
    noLineEndReceived: (rest: string) => `"${rest}" (kein ⏎)`,
    noLineEndHint:
      'jede Nachricht mit \\n abschliessen (Python: sendall(b"FreePort:10002\\n"), Java: println auf einem PrintWriter); war der Rest noch unterwegs, sendet das Programm zu langsam (die Grenze ist MPP_TIMEOUT_MS)',
    nothing: (who: TargetRole, port: number, ms: number) =>
      `${subject(who)} hat auf Port ${port} innerhalb von ${n(ms)} ms nichts gesendet`,
    nothingReceived: '[nichts]',
    flush:
      'falls das Programm über einen gepufferten Stream schreibt, ihn nach jeder Nachricht leeren (Java: new PrintWriter(out, true); Python: sendall, nicht makefile ohne flush)',
    restThenEnd: (who: TargetRole, rest: string, port: number, reset: boolean) =>
      `${subject(who)} hat auf Port ${port} "${rest}" ohne Zeilenende gesendet und die Verbindung dann ${reset ? 'zurückgesetzt' : 'geschlossen'}`,
    restThenEndReceived: (rest: string, reset: boolean) =>
      `"${rest}" (kein ⏎), dann ${reset ? 'ein Reset' : 'der Abschluss'}`,
    restHint: 'jede Nachricht mit \\n abschliessen; eine Zeile ohne ihr Ende ist keine Nachricht',
    programEnded: (due: string, port: number) =>
      `das Programm hat sich beendet, während ${due} auf Port ${port} fällig war`,
    programEndedReceived: (reset: boolean) =>
      `[Verbindung ${reset ? 'zurückgesetzt' : 'geschlossen'}; das Programm hat sich beendet]`,
    listenerGone: (port: number) =>
      `der Server lauscht nicht mehr auf Port ${port} und hat diesen wartenden Client zurückgesetzt`,
    listenerGoneReceived: (port: number) => `[Verbindung zurückgesetzt; auf ${port} lauscht nichts mehr]`,
    resetBefore: (who: TargetRole, port: number, due: string) =>
      `${subject(who)} hat die Verbindung auf Port ${port} zurückgesetzt (TCP RST), bevor ${due} ankam`,
    resetReceived: '[Verbindung zurückgesetzt]',
    closedReceived: '[Verbindung geschlossen]',
    endedWithout: (who: TargetRole, reset: boolean, port: number, due: string) =>
      `${subject(who)} hat die Verbindung auf Port ${port} ${reset ? 'zurückgesetzt' : 'geschlossen'}, ohne ${due} zu senden`,
    once: (kind: string) => `${kind} darf nur einmal kommen, gefolgt von Quit`,
    quitFirst: (kind: string) => `Quit kam vor ${kind}: zuerst ${kind} senden, dann Quit`,
    otherEvent: (kind: string) =>
      `[${{ closed: 'geschlossen', reset: 'zurückgesetzt', timeout: 'Zeitlimit' }[kind] ?? kind}]`,
    spelledDifferently: (who: TargetRole) =>
      `${subject(who)} hat Nachrichten anders geschrieben als das Aufgabenblatt`,
    spellingHint:
      '"FreePort:<port>" ohne Leerzeichen schreiben, "Assigned: <port>" mit einem, und nach einer Nachricht nichts als ihr Zeilenende',
  },

  clients: {
    wrongOfferAmong: (name: string, offered: number | undefined, expected: string) =>
      `${name} erhielt ${offered === undefined ? 'NoPorts' : `FreePort:${offered}`}, nicht ${expected}`,
    offeredNoneFree: (name: string, offered: number | undefined) =>
      `${name} erhielt Port ${offered}, obwohl kein Port des Pools verfügbar ist`,
    heldEnded: (name: string, port: number) =>
      `Der Server hat die Verbindung von ${name} auf Port ${port} beendet, obwohl dieser den Port noch hält (er sagte "Assigned: ${port}" und weder Quit noch trennte er sich)`,
    togetherOffered: (names: string, answers: string) =>
      `${names}, die gleichzeitig fragten, erhielten ${answers}`,
    released: (port: number) => `das andere Programm hört nicht mehr auf ${port}`,
    noPortsOnRunningServer:
      'der laufende Server hat NoPorts geantwortet. Sein Portbereich kann noch von früheren Läufen oder anderen Clients belegt sein (ein Server muss ein nie abgeholtes Angebot nicht zurücknehmen): den Server neu starten und die Prüfung wiederholen, oder ihn mit MPP_SERVER_CMD prüfen',
    noPortsWhileFree: (name: string) =>
      `${name} hat NoPorts erhalten, obwohl Ports des Portbereichs frei sind`,
    noPortsHint:
      'ein Port ist verfügbar, solange kein Client ihn belegt und kein anderes Programm auf ihm lauscht: prüfen, wie der Server entscheidet, dass ein Port frei ist',
    secondRefused: (port: number, why: string) =>
      `die zweite Verbindung zu ${port} kam nicht zustande (${why}): konform, der Server darf aufhören zu lauschen, sobald sein Client da ist`,
    answeredOnConnect:
      'der Server hat geantwortet, sobald sich der Client verbunden hatte, noch vor einem GetPort.',
    answeredOnGetPort: (ms: number) =>
      `der Server hat nach dem Verbinden ${n(ms)} ms lang nichts gesagt und geantwortet, sobald der Client GetPort gesendet hatte (das Aufgabenblatt erlaubt beides).`,
    closedSilentThenAnswered: (ms: number) =>
      `der Server hat die Verbindung, auf der der Client nichts sagte, innerhalb von ${n(ms)} ms geschlossen und auf einer neuen Verbindung geantwortet, sobald der Client GetPort gesendet hatte (das Aufgabenblatt erlaubt es, auf GetPort zu warten).`,
    quitReply:
      'der Server hat Quit vor dem Schliessen mit Quit beantwortet (erlaubt: das Aufgabenblatt führt Quit für beide Seiten auf)',
    applicationData: (text: string) =>
      `der Server hat auf der Verbindung zum zugewiesenen Port "${text}" gesendet, bevor er sie schloss (Anwendungsdaten, die das Aufgabenblatt dem Programm überlässt; sie können vor dem Quit abgeschickt worden sein)`,
    sharedPorts: (count: number, distinct: number) =>
      `${n(count)} Clients, die sich gleichzeitig verbunden haben, wurden ${n(distinct)} verschiedene Ports angeboten`,
    differentPorts: (count: number) => `${n(count)} verschiedene Ports`,
    reclaimed: (port: number, ms: number) =>
      `niemand hat sich mit ${port} verbunden; der Server hat nach ${n(ms)} ms aufgehört, auf ihm zu lauschen, der Port kehrt also in den Portbereich zurück.`,
    notReclaimed: (port: number, ms: number) =>
      `niemand hat sich mit ${port} verbunden; der Server hat nach ${n(ms)} ms noch auf ihm gelauscht. Ein nie abgeholtes Angebot kann den Port für immer belegen.`,
    times: (answer: string, count: number) => `${answer} (${n(count)}-mal)`,
    inTurn: (parts: readonly string[]) => parts.join(', dann '),
    notBackInTime: (name: string, answers: string, expected: number, ms: number) =>
      `${name} erhielt in den ${n(ms)} ms, nachdem Port ${expected} zurückgegeben war, ${answers} statt FreePort:${expected}`,
    wrongOffer: (name: string, offered: number | undefined, expected: number) =>
      `${name} wurde Port ${offered} angeboten, nicht ${expected}`,
    probe: 'der Prüf-Client',
    unreadOffer: (index: number) => `Client des ungelesenen Angebots ${n(index)}`,
    passedOver: (name: string, answers: string, expected: number) =>
      `${name} erhielt ${answers} statt FreePort:${expected}, obwohl auf Port ${expected} niemand mehr lauschte und die Frist für seine Freigabe bei der letzten Anfrage abgelaufen war`,
    heldPortOffered: (name: string, port: number, holder: string) =>
      `${name} wurde Port ${port} angeboten, den ${holder} belegt: er ist mit ihm verbunden und hat "Assigned: ${port}" gesagt`,
    anotherPort: (port: number) => `[FreePort mit einem anderen Port als ${port}, oder NoPorts]`,
    freedAgainHint:
      'einen Port nur einmal freigeben, für die Verbindung, die ihn belegt: endet die Verbindung eines früheren Clients erst nach seinem Quit, kann der Port schon dem nächsten Client gehören',
    crlfAssigned: '"Assigned: <p>\\r\\n" als Assigned lesen (das \\r vor dem Vergleich entfernen)',
    endedAfterAssigned: (port: number) =>
      `der Server hat die Verbindung auf Port ${port} nach "Assigned: ${port}" beendet`,
    staysOpen: '[die Verbindung bleibt offen, bis der Client Quit sagt]',
    lineThenClose: (line: string) => `${line}, dann der Abschluss`,
    connectionEvent: (kind: string) =>
      `[Verbindung ${{ closed: 'geschlossen', reset: 'zurückgesetzt', timeout: 'offen, nichts geschah' }[kind] ?? kind}]`,
    stillListens: (port: number, ms: number) =>
      `der Server lauscht ${n(ms)} ms, nachdem der Client gegangen ist, noch auf Port ${port}`,
    nothingListens: (port: number) => `[auf ${port} lauscht nichts]`,
    listens: (port: number) => `[auf Port ${port} wird gelauscht]`,
    closeListener:
      'den Server-Socket des zugewiesenen Ports schliessen, wenn sein Client geht, damit der Port in den Portbereich zurückkehrt',
    resetInsteadOfClose: (port: number) =>
      `der Server hat die Verbindung auf Port ${port} zurückgesetzt (TCP RST), statt sie zu schliessen`,
    resetHint:
      'ein Socket, der geschlossen wird, während das "GetPort" des Clients noch ungelesen im Puffer liegt, sendet einen Reset, und ein Client, der einen Moment später liest, verliert die Antwort: die GetPort-Zeile vor dem Schliessen lesen',
    stoppedAfterWrong: 'der Server hat nach einer falschen Nachricht aufgehört',
    keepsRunning: '[der Server läuft weiter]',
    programEnded: '[das Programm hat sich beendet]',
    occupied: (port: number) => `ein anderes Programm lauscht auf ${port}`,
    notGivenBack: (port: number) =>
      `Port ${port} konnte nicht zurückgegeben werden: der laufende Server behält ihn womöglich`,
    connectReason: {
      refused: 'Verbindung abgelehnt',
      reset: 'die Verbindung wurde beim Aufbau zurückgesetzt',
      timeout: 'keine Antwort auf den Verbindungsaufbau',
    } as Record<ConnectReason, string>,
    defaultRefused: (name: string, port: number, reason: string) =>
      `${name} konnte sich nicht mit dem Standardport ${port} verbinden: ${reason}`,
    accepts: (port: number) => `[der Server nimmt Verbindungen auf ${port} an]`,
    offeredRefused: (port: number, reason: string, rightAfterOffer: boolean) =>
      `Port ${port}: ${reason}${rightAfterOffer ? ` gleich nach FreePort:${port}` : ''}`,
  },

  server: {
    crlf: 'die Testumgebung hat ihre Zeilen hier mit CR LF beendet: ein abschliessendes \\r vor dem Parsen entfernen (W2)',
    portTaken: (port: number, code: string) =>
      `ein anderes Programm hat Port ${port} dieses Szenarios belegt, die Testumgebung kann dort nicht den Server spielen (${code}); die Prüfung wiederholen`,
    endedBeforeConnect: (port: number) =>
      `der Client hat sich beendet, bevor er sich mit Port ${port} verbunden hat`,
    noConnect: (port: number, ms: number) =>
      `der Client hat sich nicht innerhalb von ${n(ms)} ms mit Port ${port} verbunden`,
    connectionTo: (ports: readonly number[]) => `[eine Verbindung zu ${list(ports)}]`,
    noConnection: '[keine Verbindung]',
    defaultPortHint: (port: number) =>
      `mit dem Port verbinden, der als {port} übergeben wird (hier ${port}); ohne Platzhalter lauscht die Testumgebung auf MPP_PORT (Standard 10001)`,
    offeredPortHint: (port: number) =>
      `mit dem Port verbinden, den FreePort nennt (hier ${port}), nicht mit einem festen`,
    notWaitedAgain: (count: number) =>
      `auf den Client wurde nicht mehr gewartet: er hat sich auch in den ${n(count)} Szenarien davor nicht verbunden`,
    seeFirst: 'siehe das erste fehlgeschlagene Szenario für seine Ausgabe',
    crashedAfterNoPorts: (crash: string) => `der Client ist nach NoPorts abgestürzt: ${crash}`,
    stillRunning: (ms: number) => `der Client lief ${n(ms)} ms nach NoPorts und Quit noch`,
    cleanEnd: '[der Client endet ohne Absturz; mit beliebigem Exit-Status]',
    stillRunningReceived: '[läuft noch]',
    exitReceived: (exit: string) => `[${exit}]`,
    crashHint:
      'NoPorts ist eine normale Antwort: sie behandeln (dem Benutzer sagen, dass kein Port frei ist) und das Programm beenden, mit einem beliebigen Exit-Status',
    hangHint:
      'NoPorts heisst, dass nichts mehr zu tun ist: die Verbindung schliessen und das Programm beenden',
    exitObserved: (exit: string, told: boolean) =>
      `der Client ${exit} nach NoPorts ${told ? 'und hat seinen Benutzer informiert' : 'ohne ein Wort an seinen Benutzer'}; das Aufgabenblatt legt keinen Exit-Status fest.`,
    connectedAfterNoPorts: (ports: readonly number[]) =>
      `der Client hat sich mit Port ${list(ports)} verbunden, obwohl der Server NoPorts geantwortet hat`,
    noOtherConnection: '[keine Verbindung zu einem anderen Port]',
    noPortsHint: 'NoPorts heisst, dass es keinen Port gibt: sich nirgendwo sonst verbinden',
  },

  program: {
    notStartedAgain: (count: number) =>
      `das Programm wurde nicht noch einmal gestartet: es ist auch in den ${n(count)} Szenarien davor nicht angelaufen`,
    lastTime: (what: string) => `letztes Mal: ${what}`,
    notRestartedSilent: (count: number) =>
      `der Server wurde nicht noch einmal gestartet: er hat auch in den ${n(count)} Szenarien davor keinem Client geantwortet`,
    seeFirstStory: 'siehe das erste fehlgeschlagene Szenario für den ganzen Hergang',
    gone: (exit: string) => `das Programm ${exit}`,
    goneWithOutput: (exit: string, output: string) => `das Programm ${exit}; ${output}`,
    clientGone: (exit: string, output?: string) => `der Client ${exit}${output ? `; ${output}` : ''}`,
    exitedBeforeListening: (exit: string, port: number) =>
      `das Programm ${exit}, bevor es auf ${port} gelauscht hat`,
    notListening: (port: number, ms: number) =>
      `das Programm hat nicht innerhalb von ${n(ms)} ms auf ${port} gelauscht`,
    listener: (port: number) => `[ein Server-Socket auf ${port}]`,
    listensElsewhere: (ports: readonly number[]) => `[es lauscht stattdessen auf ${list(ports)}]`,
    noListener: '[kein Server-Socket]',
    runByHand: 'den Befehl von Hand ausführen, um zu sehen, warum es endet',
    portHint: (port: number, pool: string) =>
      `es muss auf dem als {port} übergebenen Port lauschen (hier ${port}), mit dem Portbereich {first}-{last} (hier ${pool}); ohne Platzhalter auf MPP_PORT (Standard 10001). Ein langsamer Start braucht MPP_START_TIMEOUT_MS`,
    command: (command: string) => `Befehl: ${command}`,
    running: 'läuft noch',
    signal: (signal: string) => `wurde durch das Signal ${signal} beendet`,
    status: (code: number | null | undefined) => `endete mit dem Status ${code}`,
    notExecutable:
      ' (die Shell hat das Programm gefunden, konnte es aber nicht ausführen: ist es ausführbar?)',
    notFound: ' (die Shell hat das Programm nicht gefunden: den Befehl und das Arbeitsverzeichnis prüfen)',
    stderr: 'seine Fehlerausgabe (stderr, letzte Zeilen):',
    stdout: 'seine Ausgabe (stdout, letzte Zeilen):',
    output: 'seine Ausgabe:',
    silent: 'es hat nichts ausgegeben',
    couldNotStart: (why: string) => `das Programm konnte nicht gestartet werden: ${why}`,
    cut: (count: number) => `… ${n(count)} Zeichen ausgelassen …`,
  },

  sandbox: {
    program: 'das Programm',
    build: 'der Build',
    server: 'der Server',
    client: 'der Client',
    write: (who: string, where?: string) =>
      `${who} wollte ${where ?? 'eine Datei'} schreiben: ausserhalb des Ordners der Studentin oder des Studenten, von der Sandbox verweigert`,
    hidden: (who: string, where: string) =>
      `${who} wollte auf ${where} zugreifen: ausserhalb des Ordners der Studentin oder des Studenten, von der Sandbox verborgen`,
    cpu: (who: string, seconds: number) =>
      `${who} wurde von der Rechenzeitgrenze der Sandbox beendet (${n(seconds)} s je Prozess, MPP_SANDBOX_CPU_S)`,
    fileSize: (who: string, mb: number) =>
      `${who} stiess an die Dateigrössengrenze der Sandbox (${n(mb)} MiB je Datei, MPP_SANDBOX_FILE_MB)`,
    memory: (who: string, mb: number) =>
      `${who} bekam an der Speichergrenze der Sandbox keinen Speicher mehr (${n(mb)} MiB je Prozess, MPP_SANDBOX_MEMORY_MB)`,
    processes: (who: string, count: number) =>
      `${who} konnte an der Prozessgrenze der Sandbox keine weiteren Prozesse starten (${n(count)}, MPP_SANDBOX_PROCESSES)`,
    missing: 'bubblewrap (bwrap) ist nicht installiert (Debian, Ubuntu: apt-get install bubblewrap)',
    failed: (why: string) => `bubblewrap konnte hier keine Sandbox anlegen (${why})`,
    on: (limits: string, user: string) =>
      `Sandbox: Jeder Build, jede Prüfung und jede Matrixzelle führt die Programme in bubblewrap aus (${user}; das übrige Dateisystem nur lesbar, das Home-Verzeichnis, der Klassenordner und die Berichte verborgen, nur der eigene Ordner beschreibbar, ein eigenes /tmp und ein eigener Prozessnamensraum; ${limits}).`,
    limits: (processes: number, memoryMb: number, fileMb: number, cpuSeconds: number) =>
      `höchstens ${n(processes)} Prozesse, ${n(memoryMb)} MiB Speicher und ${n(cpuSeconds)} s Rechenzeit je Prozess, Dateien bis ${n(fileMb)} MiB`,
    ownUser: 'ein eigener Benutzer für jedes Programm, nie root',
    callersUser: 'als der eigene Benutzer der Lehrkraft, den die Sandbox ohne root nicht wechseln kann',
    off: 'Sandbox: aus (--sandbox off): die Programme laufen mit den Rechten dieses Benutzers.',
    unavailable: (why: string) =>
      `Sandbox: keine, denn ${why}: die Programme laufen mit den Rechten dieses Benutzers (--sandbox required verweigert dann den Lauf).`,
    required: (why: string) => `--sandbox required, aber ${why}.`,
  },
  classRun: {
    unreadable: (folder: string, why: string) => `der Klassenordner ${folder} ist nicht lesbar: ${why}`,
    unknownOnly: (names: readonly string[]) =>
      `--only nennt ${names.length === 1 ? 'eine Person' : 'Personen'}, die es in der Klasse nicht gibt: ${list(names)}`,
    empty: (folder: string) => `${folder} enthält keine Ordner von Studierenden`,
    start: (
      folder: string,
      shard: { index: number; count: number; students: number } | undefined,
      students: number,
      matrix: string,
      parallel: number,
    ) =>
      `Klasse ${folder}: ${shard ? `Teil ${shard.index}/${shard.count}: ${n(shard.students)} von ` : ''}${n(students)} Studierenden, ${matrix}, ${n(parallel)} gleichzeitig.`,
    noMatrix: 'keine Matrix',
    matrix: (mode: string, cells: number) => `Matrix ${mode}: ${n(cells)} Zellen`,
    isolation: (description: string) => `Trennung: ${description}.`,
    grades: (policy: string) => `Bewertung: ${policy}`,
    build: { failed: 'Build fehlgeschlagen', 'timed out': 'Build nicht rechtzeitig fertig' },
    verdict: {
      conformant: 'konform',
      'non-conformant': 'nicht konform',
      inconclusive: 'nicht entscheidbar',
      error: 'Fehler',
    },
    role: (role: TargetRole, verdict: string) => `${role === 'server' ? 'Server' : 'Client'} ${verdict}`,
    nothing: 'nichts zu prüfen',
    seconds: (seconds: number) =>
      `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(seconds)} s`,
    stopping: (signal: string) => `class: ${signal}: jede laufende Prüfung wird beendet …`,
    stopped: 'class: beendet; keine Prüfung läuft mehr.',
    done: (seconds: string, students: number, passed: number, cells: number) =>
      `Fertig nach ${seconds}: ${n(students)} ${students === 1 ? 'Person' : 'Studierende'}${cells ? `, Interop ${n(passed)}/${n(cells)} Zellen bestanden` : ''}.`,
    shardRecord: (file: string) =>
      `Ergebnis des Teils: ${file} (die Teile zusammenführen mit: class merge <ihre Berichte…> --reports <Ordner>)`,
    reports: (index: string) => `Berichte: ${index}, matrix.html, grades.csv, class.json`,
    progress: (
      students: number,
      studentsTotal: number,
      cells: number,
      cellsTotal: number,
      soFar: string,
      left?: string,
    ) =>
      `Studierende ${students}/${studentsTotal} · Zellen ${cells}/${cellsTotal} · bisher ${soFar}${left === undefined ? '' : ` · noch etwa ${left}`}`,
    noRecord: (dir: string, why: string) => `class merge: ${dir} enthält kein class.json eines Teils: ${why}`,
    mergeFailed: (why: string) => `class merge: ${why}`,
    noShard: 'kein Teil angegeben',
    shardsGiven: (seen: readonly number[], count: number) =>
      `angegeben sind die Teile ${list(seen)} von ${count}; zum Zusammenführen braucht es jeden von 1 bis ${count} genau einmal`,
    otherRun: (index: number, first: number) =>
      `Teil ${index} stammt aus einem anderen Lauf (andere Klasse, --only, --matrix oder Anzahl Teile) als Teil ${first}`,
    unheld: (names: readonly string[]) => `kein Teil enthält ${list(names)}`,
    merged: (shards: number, students: number, cells: number, passed: number, where: string) =>
      `${n(shards)} ${shards === 1 ? 'Teil' : 'Teile'} zusammengeführt: ${n(students)} Studierende, ${n(cells)} Zellen (${n(passed)} bestanden); Berichte in ${where}`,
    matrixTitle: 'Interop-Matrix',
    classReport: 'Klassenbericht',
    corner: 'Client ↓ · Server →',
    reference: (role: TargetRole) => (role === 'server' ? 'Referenzserver' : 'Referenzclient'),
    cell: { passed: 'bestanden', failed: 'nicht bestanden', 'not-run': 'nicht gelaufen' },
    pair: (client: string, server: string, outcome: string) =>
      `Client ${client} × Server ${server}: ${outcome}`,
    blame: (side: TargetRole, name: string, requirement: string, other: string) =>
      `${side === 'client' ? 'Client' : 'Server'} ${name} verletzt ${requirement} mit ${side === 'client' ? 'Server' : 'Client'} ${other}`,
    about: (passed: number, cells: number) =>
      `Jedes Paar läuft über die Testumgebung als Relais, das mitschreibt, was über die Leitung geht. Eine Zelle ist bestanden, wenn der Client einen Port bekommt, ihn mit "Assigned: <p>" belegt, mit "Quit" geht, wenn sein Benutzer es verlangt, und der Server den Port freigibt. ${n(passed)} von ${n(cells)} Zellen bestanden. Eine nicht bestandene Zelle nennt die Seite, die das Protokoll verletzt hat, und die Anforderung, nach den Regeln der Bewertung auf dem Protokoll der Leitung (c: der Client, s: der Server). Ein Klick auf eine Zelle zeigt ihr Protokoll.`,
    whoBroke: 'Wer das Protokoll verletzt hat',
    rule: {
      none: 'Es lief keine Interop-Matrix.',
      all: 'Jeder Client (Zeilen) gegen jeden Server (Spalten).',
      reference: 'jeder Client gegen den Referenzserver und der Referenzclient gegen jeden Server',
      only: (reference: string) => `Nur die Referenzimplementierungen: ${reference}.`,
      partners: (k: number, reference: string) =>
        `${n(k)} Partner je Programm: ${reference}; dazu trifft jeder Client ${n(k)} Server anderer Studierender, reihum gewählt (ein lateinisches Quadrat: der i-te Client trifft die Server ab dem i-ten, ohne seinen eigenen), so dass auch jeder Server etwa ${n(k)} Clients trifft. Mit --previous stehen die Clients, die im vorigen Lauf konform waren, zuerst und die konformen Server zuletzt, so dass ein fehlerhaftes Programm auf bestehende Partner trifft und eine nicht bestandene Zelle auf eine Seite zeigt.`,
    },
  },

  world: {
    timing: (id: string) =>
      `der Befund (${id}) hängt von einem zeitlichen Ablauf ab, den nur das Szenario von ${id} erzwingt`,
    incidental: (id: string, failure: string) =>
      `${id}, zufällig beobachtet: das Szenario konnte nicht weitergehen, aber nur das Szenario von ${id}, das diesen Ablauf erzwingt, beurteilt ${id}; hier schlägt nichts fehl. Was geschah:\n${failure}`,
    rerun: (why: string) => `das Szenario wurde noch einmal ausgeführt: ${why}`,
    lfReplay: (id: string) =>
      `das Szenario wurde mit LF als Zeilenende wiederholt, um ein ${id}-Problem (CR LF) von einem grundlegenderen zu unterscheiden: es schlug ebenso fehl, und dieser Bericht zeigt jenen Durchlauf`,
    stalled: (ms: number) =>
      `die Ereignisschleife der Testumgebung selbst stand während einer zeitlich begrenzten Wartezeit ${n(ms)} ms still (der Rechner ist überlastet)`,
    stranger: (ports: readonly (number | string)[]) =>
      `ein anderes Programm hat Port ${list(ports)} der Ports dieses Szenarios belegt`,
    disturbedTwice: (why: string, failure: string) =>
      `${why}, in beiden Durchläufen des Szenarios. Was fehlschlug:\n${failure}`,
    harnessFailed: (text: string) =>
      `hier hat die Testumgebung selbst versagt, nicht das geprüfte Programm: ${text}. Bitte melden, mit den Berichten des Laufs.`,
    transcript: (mapping: string) => `Mitschnitt der Leitung (⏎ = LF, \\r = CR; ${mapping}):`,
    mapping: (defaultPort: number, last: number, pool: string) =>
      `der Port 10001 des Szenarios ist hier Port ${defaultPort}, sein Portbereich 10002-${last} ist ${pool}`,
    notes: 'Anmerkungen:',
    needsFreshServer:
      'dieses Szenario braucht einen frisch gestarteten Server, der noch nichts vergeben hat, und MPP_SERVER_ADDR nennt einen Server, der schon läuft. Ihn mit MPP_SERVER_CMD prüfen.',
    resultFile: 'das Ergebnis des Szenarios, als Daten.json',
    anotherProgram: (port: number) => `ein anderes Programm lauscht auf ${port}`,
  },

  transcript: {
    harness: 'Testumgebung',
    harnessClient: 'Testumgebung (Client)',
    harnessServer: 'Testumgebung (Server)',
    server: 'Server',
    client: 'Client',
    dropped: (count: number, kept: number) =>
      `… ${n(count)} weitere Ereignisse nicht aufbewahrt (der Mitschnitt behält ${n(kept)})`,
    cut: (shown: string, length: number) => `${shown} … (${n(length)} Zeichen, gekürzt)`,
    connect: '[verbindet sich]',
    close: '[schliesst die Verbindung]',
    reset: '[setzt die Verbindung zurück (TCP RST)]',
    refused: '[Verbindung abgelehnt: niemand lauscht]',
  },
  diagram: {
    title: 'Sequenzdiagramm',
    client: 'Client',
    programUnderTest: 'das geprüfte Programm',
    port: (port: number) => `Port ${port}`,
    notScenarioPort: 'kein Port des Szenarios',
    actual: (port: number) => `tatsächlich ${port}`,
    connect: 'verbinden',
    closeFin: 'schliessen (FIN)',
    resetRst: 'Reset (RST)',
    refused: 'verbinden: abgelehnt, niemand lauscht',
    gap: (count: number, from: string, to: string) =>
      `… ${n(count)} weitere Ereignisse nicht gezeichnet (${from} bis ${to})`,
    expected: (text: string) => `erwartet: ${text}`,
    failedHere: 'hier schlug die Prüfung fehl',
    bytes: (count: number) => `(${n(count)} Bytes)`,
    empty: '(leer)',
    moreLines: (count: number) => `… ${n(count)} weitere Zeilen in diesem Paket`,
    dropped: (count: number) =>
      `… ${n(count)} weitere Ereignisse nicht gezeichnet: der Mitschnitt hat sie nicht aufbewahrt`,
    harnessClients: 'Testumgebung (die Clients)',
    serverUnderTest: 'geprüfter Server',
    clientUnderTest: 'geprüfter Client',
    harnessServer: 'Testumgebung (der Server)',
    lineEnds: '⏎ = LF  \\r = CR  · = Leerzeichen',
    legend: {
      bytes: 'Bytes',
      connect: 'verbinden',
      close: 'schliessen',
      reset: 'Reset',
      refused: 'abgelehnt',
      expected: 'erwartet',
    },
  },

  terminal: {
    checks: (targets: readonly string[]) => `mpp-conformance prüft ${targets.join('; ')}`,
    serverTarget: (description: string) => `Server: ${description}`,
    clientTarget: (description: string) => `Client: ${description}`,
    blockedBy: (id: string | undefined) =>
      id
        ? `blockiert durch ${id}: nicht geprüft (siehe den Fehler bei ${id})`
        : 'blockiert durch einen früheren Fehler: nicht geprüft',
    failures: 'Fehler',
    sameFailure: (count: number) =>
      `Derselbe Fehler in ${n(count)} weiteren ${count > 1 ? 'Szenarien' : 'Szenario'}:`,
    requirements: 'Anforderungen',
    failedCaps: 'NICHT BESTANDEN',
    makesNonConformant: 'macht das Programm nicht konform',
    reportedOnly: 'gemeldet; beeinflusst das Urteil nicht',
    onLines: (count: number) =>
      `belegt durch ${n(count)} ${count === 1 ? 'Protokollzeile' : 'Protokollzeilen'}, die das Programm in irgendeinem Szenario gesendet hat`,
    blockedByList: (ids: readonly string[]) => `blockiert durch ${list(ids)}`,
    verdictFor: (description: string, verdict: string) => `Urteil über ${description}: ${verdict}`,
    inconclusive:
      'Nicht entscheidbar: einige MUSS-Szenarien liessen sich nicht beurteilen (ihr Grund steht oben); die Prüfung auf einem weniger belasteten Rechner wiederholen oder tun, was ihr Grund empfiehlt.',
    reports: (dir: string) =>
      `Berichte: ${dir}/cucumber-report.html (mit Mitschnitten der Leitung), ${dir}/junit.xml, ${dir}/summary.json`,
    exitStatus: (code: number, verdict: string) => `Exit-Status ${code} (${verdict.toLowerCase()})`,
    scenarios: (counts: readonly string[]) => `Szenarien: ${counts.join(', ')}`,
    count: (count: number, outcome: string) => `${n(count)} ${outcome}`,
    noScenario: 'kein Szenario lief: die Feature-Dateien und die Zielvariablen prüfen.',
    sequential: (why: string) => `die Szenarien laufen eines nach dem anderen: ${why}.`,
    failedWithoutMessage: 'ohne Meldung fehlgeschlagen',
  },
  targets: {
    reference: 'den Referenzserver (im selben Prozess)',
    serverCommand: (command: string) => `den Serverbefehl "${command}"`,
    address: (host: string, port: number) => `den laufenden Server unter ${host}:${port}`,
    referenceClient: 'den Referenzclient',
    clientCommand: (command: string) => `den Clientbefehl "${command}"`,
    oneServer: 'MPP_SERVER_ADDR nennt einen einzigen laufenden Server, den alle Szenarien teilen',
    noPlaceholders: (command: string, port: number, pool: string) =>
      `"${command}" hat keine Platzhalter, also braucht jedes Szenario dieselben Ports (${port} und ${pool})`,
  },

  config: {
    whichExplore:
      'welcher Server? z. B. mpp-conformance explore -- python3 server.py {port} {first} {last} (die Erkundung startet den Server für jede Folge neu und braucht daher einen Befehl)',
    duration: (name: string, text: string) =>
      `${name}="${text}" ist keine Zeit von 1s bis 60m: z. B. 30s, 2m oder 1500ms schreiben`,
    bothServers:
      'MPP_SERVER_CMD und MPP_SERVER_ADDR sind beide gesetzt: nur eine davon setzen (einen Befehl zum Starten oder host:port eines laufenden Servers)',
    portInPool: (port: number, first: number, last: number) =>
      `MPP_PORT=${port} liegt in MPP_POOL=${first}-${last}: der Standardport kann nicht vergeben werden`,
    address: (text: string) =>
      `MPP_SERVER_ADDR="${text}" hat nicht die Form host:port (z. B. MPP_SERVER_ADDR=127.0.0.1:10001)`,
    integer: (name: string, text: string, min: number, max: number) =>
      `${name}="${text}" ist keine ganze Zahl von ${min} bis ${max}`,
    pool: (text: string) => `MPP_POOL="${text}" ist kein Portbereich wie 10002-10011`,
    smallPool: (text: string) =>
      `MPP_POOL="${text}" hat weniger als 3 Ports: die Szenarien brauchen mindestens 3 (z. B. 10002-10011)`,
    portBase: (text: string) => `MPP_PORT_BASE="${text}" ist keine Portnummer von 1024 bis 65000`,
    ephemeralBase: (base: number, first: number, last: number) =>
      `MPP_PORT_BASE=${base} liegt in den flüchtigen Ports des Kernels (${first}-${last}), die ausgehende Verbindungen belegen: eine Basis unter ${first} wählen, z. B. 20000`,
    oneOf: (name: string, text: string, values: readonly string[]) =>
      `${name}="${text}" ist keiner der Werte ${values.join(', ')}`,
    language: (text: string) => `MPP_LANG="${text}" ist keine Sprache der Testumgebung: en oder de`,
    blocked: (name: string, text: string) =>
      `${name}="${text}" ist keine Bewertungsregel für blockierte Anforderungen: left-out oder not-earned`,
    seeReadme: 'Die Variablen sind in README.md erklärt.',
    seeHelp: '(mpp-conformance --help --lang de listet die Optionen auf.)',
    explainWhich: (ids: readonly string[]) => `eine Anforderung nennen: ${ids.join(', ')}`,
    badArguments: (problem: string) =>
      `${problem}. Den Befehl des Programms nach "--" angeben, z. B. mpp-conformance server -- python3 server.py {port} {first} {last}`,
    unknownOption: (option: string) => `${option} ist keine Option von mpp-conformance`,
    optionValue: (option: string) =>
      `${option} ist falsch angegeben (eine Option mit Wert in --help braucht einen, die anderen keinen)`,
    badRole: (role: string, roles: readonly string[]) => `"${role}" ist keines von ${roles.join(', ')}`,
    bothFlags: 'bei "both" die Programme als --server "…" und --client "…" angeben',
    referenceNoCommand: '"reference" prüft die mitgelieferten Implementierungen und nimmt keinen Befehl',
    whichServer:
      'welcher Server? z. B. mpp-conformance server -- python3 server.py {port} {first} {last}, oder --addr 127.0.0.1:10001',
    whichClient: 'welcher Client? z. B. mpp-conformance client -- java -cp out Client {host} {port}',
    bothNeeds: '"both" braucht --server "…" (oder --addr) und --client "…"',
    harnessError: (what: string) =>
      `${what}: ein Fehler der Testumgebung selbst, nicht des geprüften Programms:`,
  },
  settings: {
    feature:
      'nur diese Feature-Datei ausführen (z. B. eine, die explore in reports/explore/ geschrieben hat)',
    exploreBudget:
      'explore: wie lange nach einer fehlschlagenden Folge gesucht wird (30s, 2m); das Verkürzen darf noch einmal so lange dauern',
    exploreSeed:
      'explore: der Startwert der Folgen (derselbe Startwert, dieselben Folgen); ohne Angabe zufällig',
    explorePool: 'explore: die Poolgrösse jeder Folge (3-15); ohne Angabe erhält jede Folge 3 bis 5 Ports',
    classExplore:
      'Klassenmodus: den Server jedes Studierenden nach seiner Prüfung so lange erkunden (30s, 2m); wird gezeigt, nie bewertet; ohne Angabe aus',
    serverCmd: 'Befehl, der den eigenen Server startet; {port} {first} {last} werden eingesetzt',
    serverAddr: 'ein Server, der schon läuft',
    clientCmd: 'Befehl, der den eigenen Client startet; {host} {port} werden eingesetzt',
    port: 'Standardport eines Befehls ohne Platzhalter',
    pool: 'Portbereich eines Befehls ohne Platzhalter',
    timeoutMs: 'Grenze jeder einzelnen Wartezeit auf das Programm (eine Nachricht, ein Abschluss)',
    startTimeoutMs: 'Grenze, bis ein gestartetes Programm lauscht (Server) oder sich verbindet (Client)',
    strict: 'die Schreibweise (W4) ist ein MUSS, und jede Abweichung schlägt fehl',
    clientQuitInput: 'die Zeile auf stdin, mit der der Client zum Gehen aufgefordert wird',
    tags: 'nur einige Szenarien, z. B. "@S4 or @A2" oder "@must"',
    parallel: 'Szenarien gleichzeitig (Standard: eines pro Kern; 1: eines nach dem anderen)',
    repeat: 'die ganze Prüfung N-mal nacheinander ausführen und die Läufe vergleichen',
    reportsDir: 'wohin die Berichte kommen',
    lang: 'Sprache der Meldungen: en oder de',
    blocked:
      'Klassenmodus und Gradescope: eine durch einen anderen Fehler blockierte Anforderung zählt weder bei Punkten noch beim Maximum (left-out, Standard) oder als nicht erreicht (not-earned)',
    sandbox:
      'die geprüften Programme in einer Sandbox (bubblewrap) ausführen: off, on, required (Standard: off; Klassenmodus: on)',
    sandboxProcesses: 'Sandbox: Prozesse und Threads gleichzeitig',
    sandboxMemoryMb: 'Sandbox: beschreibbarer Speicher je Prozess, in MiB',
    sandboxFileMb: 'Sandbox: die grösste Datei, die ein Prozess schreiben darf, in MiB',
    sandboxCpuSeconds: 'Sandbox: Rechenzeit je Prozess, in Sekunden',
  },
  usage: {
    explore: '(Folgen von Zügen gegen den Server, die kürzeste fehlschlagende als Szenario)',
    intro: 'Prüft ein Programm gegen das Multiple-Ports-Protokoll.',
    reference: '(der mitgelieferte Referenzserver und Referenzclient)',
    explain: '(eine Anforderung, wie sie geprüft wird, die üblichen Fehler)',
    classMode: '(alle Studierenden eines Klassenordners, mit der Interop-Matrix; class --help)',
    shell:
      'Der Befehl läuft in einer Shell im Ordner dieser Arbeitskopie, wie bei npm test. Zu jeder Option gibt es\neine Variable (für npm test); die Option hat Vorrang vor ihrer Variable.',
    json: 'summary.json (mit --repeat: stability.json) auf stdout ausgeben; der Bericht geht auf stderr',
    help: 'dieser Text',
    exit: 'Exit-Status: 0 konform, 1 nicht konform, 2 falsche Befehlszeile oder Einstellung, 3 nicht entscheidbar,\n4 die Läufe von --repeat unterscheiden sich im Urteil oder in den nicht bestandenen Anforderungen.',
  },

  explain: {
    heading: (id: string, level: string, role: string, text: string) => `${id} (${level}, ${role}): ${text}`,
    sheet: (sentence: string) => `Das Aufgabenblatt: „${sentence}“`,
    sheetSilent: 'Das Aufgabenblatt sagt dazu nichts; dies ist die Auslegung von docs/protocol/reading.md.',
    checks: (text: string) => `Wie die Testumgebung es prüft: ${text}`,
    mistakes: 'Häufige Fehler und ihre Behebung:',
  },
  explore: {
    nothingExplored: (sequences: number) =>
      `NICHT ENTSCHEIDBAR: keine von ${n(sequences)} Folgen lief bis zu ihrem Ende (siehe unten warum): es wurde nichts erkundet.`,
    featureComment: (seed: number, command: string) =>
      `Gefunden mit: npx mpp-conformance explore --seed ${seed} -- ${command}`,
    featureTitle: (id: string) => `Eine Folge von Zügen, die bei der Erkundung ${id} verletzte`,
    scenarioTitle: (moves: number, seed: number) =>
      `Verkürzte Folge von ${n(moves)} Zügen (Startwert ${seed})`,
    start: (command: string, budget: number, seed: number, pool: string) =>
      `mpp-conformance erkundet ${command} während ${n(budget / 1000)} s (Startwert ${seed}, ${pool})`,
    poolGiven: (size: number) => `ein Pool von ${n(size)} Ports`,
    poolGenerated: (min: number, max: number) => `Pools von ${n(min)} bis ${n(max)} Ports`,
    nothingFound: (sequences: number, moves: number, seconds: number) =>
      `Kein Befund: ${n(sequences)} Folgen, ${n(moves)} Züge in ${n(seconds)} s.`,
    shouldSearch: (ids: readonly string[]) =>
      `Kein MUSS-Fehler gefunden, aber Folgen verletzten ${ids.join(', ')} (SOLL): dieselben Folgen noch einmal, mit einem SOLL-Fehler als Befund.`,
    stoppedEarly: (reasons: readonly string[]) =>
      `Folgen, die ohne Befund früher endeten (ein Fehler, den nur eine bestimmte Zeitfolge erzwingt, eine Störung oder ein Lauf, der nicht beurteilt werden konnte): ${reasons.join('; ')}`,
    found: (
      id: string,
      at: number,
      original: number,
      moves: number,
      shrinks: number,
      sequences: number,
      seconds: number,
    ) =>
      `Befund: ${id}, in Folge ${n(at)} (${n(original)} Züge), verkürzt auf ${n(moves)} Züge in ${n(shrinks)} Schritten (${n(sequences)} Folgen, ${n(seconds)} s).`,
    written: (file: string) => `Das Szenario steht in ${file}:`,
    confirming: (command: string) => `Beurteilt von einem eigenen Lauf der festen Testsuite: ${command}`,
    confirmed: (id: string, reports: string) =>
      `Das Szenario schlägt für sich allein mit ${id} fehl: Bericht, Protokoll und Sequenzdiagramm sind in ${reports}/.`,
    notReproduced: (status: string) =>
      `NICHT ENTSCHEIDBAR: für sich allein ausgeführt war das Szenario ${status}, nicht fehlgeschlagen: die Folge schlug einmal wegen des Zeitverhaltens fehl und ist kein Befund. explore noch einmal ausführen (anderer Startwert).`,
    rerun: (command: string) => `Noch einmal ausführen (es bleibt ein Regressionstest): ${command}`,
    noSummary: (output: string) => `der Lauf des Szenarios schrieb keine summary.json:\n${output}`,
  },

  // ---- class --explore: each server explored after its check (support/class/explore*.ts)
  classExplore: {
    heading: 'Erkundung',
    column: 'Erkundung',
    announce: (seconds: number) =>
      `Erkundung: jeder Server ${n(seconds)} s lang nach seiner Prüfung (--explore), mit einem Startwert aus dem Namen der Studentin oder des Studenten; ein Befund wird gezeigt, nie bewertet.`,
    notGraded: (seconds: number) =>
      `Jeder Server wurde nach seiner Prüfung ${n(seconds)} s lang erkundet (--explore): Folgen von Zügen mehrerer Clients, jede Antwort am Modell der Lesart geprüft, die kürzeste fehlschlagende Folge als Szenario geschrieben. Die Suche ist zeitlich begrenzt, zwei Läufe können also Verschiedenes finden: ein Befund wird hier gezeigt, ändert aber kein Urteil, keine Punkte und nicht grades.csv.`,
    seed: (seed: number, name: string) =>
      `Startwert ${seed}, aus dem Namen «${name}» abgeleitet: ein neuer Lauf erkundet dieselben Folgen`,
    found: (id: string, level: string, before: number, after: number) =>
      `${id} (${level}) gefunden: ${n(before)} Züge, verkürzt auf ${n(after)}`,
    none: (sequences: number) => `kein Befund in ${n(sequences)} Folgen`,
    disturbed: (sequences: number) =>
      `nicht entscheidbar nach ${n(sequences)} Folgen: der Rechner störte die Erkundung, oder ihr Befund schlug für sich allein nicht wieder fehl`,
    timedOut: (seconds: number) => `nicht entscheidbar: die Erkundung endete nicht innert ${n(seconds)} s`,
    noSummary: (code: number | null) =>
      `nicht entscheidbar: die Erkundung endete ohne Zusammenfassung (${code === null ? 'durch ein Signal beendet' : `Exit-Status ${code}`})`,
    status: (status: string) => `ihr Szenario für sich allein: ${status}`,
    feature: 'das Szenario',
    report: 'sein Bericht',
    output: 'die Ausgabe',
    rerun: 'Im Ordner des Prüfprogramms noch einmal ausführen, mit REPORTS dem Ordner der Klassenseite:',
    back: 'Klassenbericht',
    title: (name: string) => `Erkundung des Servers von ${name}`,
  },

  ports: {
    fixedPoolSize: (size: number, pool: string) =>
      `das Szenario braucht einen Pool von ${n(size)} Ports, aber der Befehl hat keine Platzhalter und sein Pool ist ${pool} (MPP_POOL): dem Befehl {port} {first} {last} geben oder MPP_POOL auf ${n(size)} Ports setzen`,
    notInPool: (port: number, size: number, pool: string) =>
      `das Szenario nennt Port ${port}, der nicht im Portbereich dieses Laufs mit ${n(size)} Ports liegt (${pool})`,
    noFreeBlock: (size: number, base: number, first: number, last: number) =>
      `kein freier Block von ${n(size)} Ports ab ${base} ausserhalb der flüchtigen Ports des Kernels (${first}-${last}): MPP_PORT_BASE auf einen anderen Bereich setzen, z. B. 20000`,
  },
  summary: {
    notCheckedA6:
      'die Testumgebung kann einen Server nicht zum Herunterfahren bringen; ein Quit des Servers auf der Verbindung zum zugewiesenen Port prüfen die Client-Szenarien (C6), die es senden',
  },

  stability: {
    start: (runs: number, reports: string) =>
      `mpp-conformance prüft dasselbe Programm ${n(runs)}-mal, einen Lauf nach dem anderen; die Berichte von Lauf <i> liegen in ${reports}/repeat-<i>/, seine Terminalausgabe dort in output.log`,
    run: (index: number, total: number, result: string, seconds: number) =>
      `Lauf ${n(index)} von ${n(total)}: ${result} (${n(seconds)} s)`,
    failed: (ids: readonly string[]) => `nicht bestanden: ${ids.join(' ')}`,
    noSummary: (why: string, log: string) => `keine summary.json (${why}); siehe ${log}`,
    timedOut: (seconds: number) => `der Lauf endete nicht innerhalb von ${n(seconds)} s`,
    exited: (code: number | null) => (code === null ? 'durch ein Signal beendet' : `Exit-Status ${code}`),
    scenarios: (runs: number) =>
      `Ergebnisse jedes Szenarios in ${n(runs)} Läufen (=: in jedem Lauf gleich, ≠: nicht):`,
    times: (count: number, what: string) => `${what} ${n(count)}×`,
    verdicts: (tally: readonly string[], same: string) => `Urteil: ${tally.join(', ')} (${same})`,
    failedSets: (tally: readonly string[], same: string) =>
      `nicht bestandene Anforderungen: ${tally.join(', ')} (${same})`,
    none: 'keine',
    noVerdict: 'kein Urteil',
    same: (runs: number) => `in allen ${n(runs)} Läufen gleich`,
    differs: 'UNTERSCHIEDLICH je nach Lauf',
    reproducible: (runs: number, code: number) =>
      `Reproduzierbar: dasselbe Urteil und dieselben nicht bestandenen Anforderungen in allen ${n(runs)} Läufen (Exit-Status ${code}).`,
    notReproducible: (code: number) =>
      `NICHT reproduzierbar: das Urteil oder die nicht bestandenen Anforderungen unterscheiden sich zwischen den Läufen (Exit-Status ${code}).`,
  },
};
