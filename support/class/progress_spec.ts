// The progress of a class run: the live line, its estimate, and what a log without a terminal gets.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clock, estimateLeft, Progress, progressLine } from './progress';

describe('the progress of a class run', () => {
  it('estimates the rest from the time so far and the expected time of what is left', () => {
    assert.equal(estimateLeft(60_000, { cost: 1000, costTotal: 4000 }), 180_000);
    assert.equal(estimateLeft(60_000, { cost: 0, costTotal: 4000 }), undefined);
  });
  it('says students and cells done of all, the time so far and the estimate', () => {
    const line = progressLine(
      { students: 12, studentsTotal: 200, cells: 340, cellsTotal: 1000, cost: 1, costTotal: 3 },
      65_000,
    );
    assert.equal(line, 'students 12/200 · cells 340/1000 · 1:05 so far · about 2:10 to go');
  });
  it('writes hours when the run is long', () => {
    assert.equal(clock(3_723_000), '1:02:03');
  });
  it('writes only the finished students without a terminal, no cell and no live line', () => {
    let text = '';
    const out = { write: (chunk: string) => (text += chunk) } as unknown as NodeJS.WriteStream;
    const progress = new Progress({ studentsTotal: 2, cellsTotal: 3, costTotal: 10 }, out, false);
    progress.cell(1);
    progress.student('✓ anna: server conformant');
    progress.clear();
    assert.equal(text, '✓ anna: server conformant\n');
  });
});
