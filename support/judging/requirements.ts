// The one table of the protocol's requirements. Tags, failure messages, summary.json and docs/spec.md
// all read it; the IDs and levels are those of docs/protocol/reading.md. The rule's words, in each
// language, are in support/messages/requirements.*.ts.

import { requirementText, t } from '../messages';
import type { RequirementId } from '../messages/requirements.en';

export type Level = 'must' | 'should' | 'info';
export type Role = 'wire' | 'server' | 'client';

export interface Requirement {
  id: RequirementId;
  level: Level;
  role: Role;
  /** The requirement in one sentence, as the reading states it, in the run's language. */
  readonly text: string;
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

const TABLE: readonly Omit<Requirement, 'text'>[] = [
  {
    id: 'W1',
    level: 'must',
    role: 'wire',
    sheet: '',
  },
  {
    id: 'W2',
    level: 'must',
    role: 'wire',
    sheet: '',
  },
  {
    id: 'W3',
    level: 'must',
    role: 'wire',
    sheet: COMMAND_TABLE,
  },
  {
    id: 'W4',
    level: 'should',
    role: 'wire',
    sheet: COMMAND_TABLE,
  },
  {
    id: 'W5',
    level: 'must',
    role: 'wire',
    sheet: '',
  },
  {
    id: 'S1',
    level: 'must',
    role: 'server',
    sheet: DEFAULT_PORT_SENTENCE,
  },
  {
    id: 'S2',
    level: 'must',
    role: 'server',
    sheet: DEFAULT_PORT_SENTENCE,
  },
  {
    id: 'S3',
    level: 'should',
    role: 'server',
    sheet: DEFAULT_PORT_SENTENCE,
  },
  {
    id: 'S4',
    level: 'must',
    role: 'server',
    sheet: QUIT_SENTENCE,
  },
  {
    id: 'S5',
    level: 'must',
    role: 'server',
    sheet: 'Der Server auf dem designated Port (hier 10003) muss vorher gestartet sein',
  },
  {
    id: 'S6',
    level: 'must',
    role: 'server',
    sheet:
      'Falls kein freier Port existiert, wird "NoPorts" an den Client gesendet. Anschliessend wird die Verbindung getrennt "Quit" und der Server neugestartet.',
  },
  {
    id: 'S7',
    level: 'must',
    role: 'server',
    sheet: 'Der Server startet den, dem Client übermittelten, Port damit der Client darauf connecten kann.',
  },
  {
    id: 'S8',
    level: 'must',
    role: 'server',
    sheet: RESTART_SENTENCE,
  },
  {
    id: 'S9',
    level: 'must',
    role: 'server',
    sheet: '',
  },
  {
    id: 'A1',
    level: 'must',
    role: 'server',
    sheet: ASSIGNED_SENTENCE,
  },
  {
    id: 'A2',
    level: 'must',
    role: 'server',
    sheet: CLIENT_QUIT_SENTENCE,
  },
  {
    id: 'A3',
    level: 'should',
    role: 'server',
    sheet: '',
  },
  {
    id: 'A4',
    level: 'should',
    role: 'server',
    sheet: '',
  },
  {
    id: 'A5',
    level: 'info',
    role: 'server',
    sheet: '',
  },
  {
    id: 'A6',
    level: 'info',
    role: 'server',
    sheet: 'Der Client/Server teilt dem Server, dass er die Verbindung trennt.',
  },
  {
    id: 'C1',
    level: 'must',
    role: 'client',
    sheet: DEFAULT_PORT_SENTENCE,
  },
  {
    id: 'C2',
    level: 'should',
    role: 'client',
    sheet: COMMAND_TABLE,
  },
  {
    id: 'C3',
    level: 'must',
    role: 'client',
    sheet: ASSIGNED_SENTENCE,
  },
  {
    id: 'C4',
    level: 'must',
    role: 'client',
    sheet: 'Falls kein freier Port existiert, wird "NoPorts" an den Client gesendet.',
  },
  {
    id: 'C5',
    level: 'must',
    role: 'client',
    sheet: CLIENT_QUIT_SENTENCE,
  },
  {
    id: 'C6',
    level: 'must',
    role: 'client',
    sheet: 'Der Client/Server teilt dem Server, dass er die Verbindung trennt.',
  },
  { id: 'C7', level: 'must', role: 'client', sheet: '' },
];

export const REQUIREMENTS: readonly Requirement[] = TABLE.map((entry) => ({
  ...entry,
  get text() {
    return requirementText(entry.id).text;
  },
}));

const byId = new Map<string, Requirement>(REQUIREMENTS.map((r) => [r.id, r]));

export function requirement(id: string): Requirement {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown requirement ID ${id}: see support/judging/requirements.ts`);
  return found;
}

export function isRequirementId(id: string): id is RequirementId {
  return byId.has(id);
}

/** The level a requirement counts with in this run: a strict run makes spelling (W4) a MUST. */
export function effectiveLevel(id: string, strict: boolean): Level {
  return id === 'W4' && strict ? 'must' : requirement(id).level;
}

/** Requirements no scenario can check, with the reason the spec page gives. */
export function notCheckedNotes(): Record<string, string> {
  return { A6: t().summary.notCheckedA6 };
}
