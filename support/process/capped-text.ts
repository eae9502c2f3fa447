// A program's output, kept within a bound: its beginning and its end, and how much was cut between
// (support/process/child.ts keeps every child's output so).

import { t } from '../messages';

/** Keeps the start and the end of a long output, and says how much it cut. */
export class CappedText {
  private head = '';
  private tail = '';
  private total = 0;

  constructor(private readonly limit: number) {}

  add(chunk: string): void {
    this.total += chunk.length;
    if (this.head.length < this.limit / 2) {
      const room = this.limit / 2 - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    this.tail = (this.tail + chunk).slice(-this.limit / 2);
  }

  toString(): string {
    const kept = this.head.length + this.tail.length;
    if (kept >= this.total) return this.head + this.tail;
    return `${this.head}\n${t().program.cut(this.total - kept)}\n${this.tail}`;
  }
}
