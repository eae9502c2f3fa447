// Who sent what, when, on which port: the record a student reads to see what happened on the wire.
// Its size is capped so that a program that floods cannot exhaust the harness's memory.

import { t } from '../messages';

import { visible } from './protocol';

export type Party = 'harness' | 'target';

export interface TranscriptEntry {
  at: number;
  port: number;
  connection: string;
  from: Party;
  /** 'data' is bytes on the wire; the others are connection events. */
  event: 'connect' | 'data' | 'close' | 'reset' | 'refused' | 'note';
  text: string;
}

const MAX_TEXT_PER_ENTRY = 300;
const MAX_ENTRIES = 400;

export class Transcript {
  private readonly entries: TranscriptEntry[] = [];
  private readonly started = Date.now();
  private dropped = 0;

  constructor(
    private readonly harnessRole: string,
    private readonly targetRole: string,
  ) {}

  record(entry: Omit<TranscriptEntry, 'at'>): void {
    if (this.entries.length >= MAX_ENTRIES) {
      this.dropped++;
      return;
    }
    this.entries.push({ ...entry, at: Date.now() });
  }

  note(text: string): void {
    this.record({ port: 0, connection: '', from: 'harness', event: 'note', text });
  }

  /** What the sequence diagram draws (support/report/diagram.ts): the entries, the start, and how many were not kept. */
  forDiagram(): { entries: readonly TranscriptEntry[]; startedAt: number; dropped: number } {
    return { entries: this.entries, startedAt: this.started, dropped: this.dropped };
  }

  /**
   * The complete lines the program under test sent, each connection's bytes put back together and
   * cut at LF (a CR before it removed): what the evidence rule judges (support/judging/judge.ts). A line
   * still without its end when the scenario ended is left out; so are entries past the cap.
   */
  linesSent(): string[] {
    const pending = new Map<string, string>();
    const lines: string[] = [];
    for (const entry of this.entries) {
      const key = `${entry.connection}:${entry.port}`;
      // A new connection under the same name starts afresh: bytes never join across connections.
      if (entry.event === 'connect') pending.delete(key);
      if (entry.from !== 'target' || entry.event !== 'data') continue;
      const parts = `${pending.get(key) ?? ''}${entry.text}`.split('\n');
      pending.set(key, parts.pop() ?? '');
      lines.push(...parts.map((line) => line.replace(/\r$/, '')));
    }
    return lines;
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** A fixed-width text: time since the scenario began, port, direction, and the bytes made visible. */
  render(): string {
    const names: Record<Party, string> = { harness: this.harnessRole, target: this.targetRole };
    const width = Math.max(names.harness.length, names.target.length);
    const lines = this.entries.map((entry) => {
      const time = `+${String(entry.at - this.started).padStart(5)} ms`;
      const port = entry.port ? `:${entry.port}` : '';
      const where = `${t().client(entry.connection)}${port}`.padEnd(14);
      const who = names[entry.from].padEnd(width);
      const arrow = entry.from === 'harness' ? '→' : '←';
      return `${time}  ${where} ${who} ${arrow} ${describe(entry)}`;
    });
    if (this.dropped > 0) lines.push(t().transcript.dropped(this.dropped, MAX_ENTRIES));
    return lines.join('\n');
  }
}

function describe(entry: TranscriptEntry): string {
  switch (entry.event) {
    case 'data': {
      const cut = entry.text.length > MAX_TEXT_PER_ENTRY;
      const shown = visible(cut ? entry.text.slice(0, MAX_TEXT_PER_ENTRY) : entry.text);
      return cut ? t().transcript.cut(shown, entry.text.length) : shown;
    }
    case 'connect':
      return t().transcript.connect;
    case 'close':
      return t().transcript.close;
    case 'reset':
      return t().transcript.reset;
    case 'refused':
      return t().transcript.refused;
    case 'note':
      return `(${entry.text})`;
  }
}
