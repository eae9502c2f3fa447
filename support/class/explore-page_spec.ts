// What class --explore shows: the sentence of each outcome, the rerun command, the class page's cell
// and section, the student's page; in English and German; and pages without explorations unchanged.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { exploreCell, explorePage, exploreSection, exploreText, rerunCommand } from './explore-page';
import { indexHtml } from './html';
import { type ClassResult, DEFAULT_POLICY, type ExploreResult, type StudentResult } from './results';

const found: ExploreResult = {
  budgetMs: 10_000,
  seed: 123,
  outcome: 'found',
  sequences: 4,
  movesRun: 50,
  finding: {
    requirement: 'S5',
    level: 'must',
    status: 'failed',
    movesBefore: 9,
    moves: 4,
    feature: 'students/anna/explore/S5-seed-123.feature',
  },
  exitCode: 1,
  ms: 20_000,
  reports: 'students/anna/explore',
};
const none: ExploreResult = {
  budgetMs: 10_000,
  seed: 456,
  outcome: 'none',
  sequences: 12,
  movesRun: 140,
  exitCode: 0,
  ms: 11_000,
  reports: 'students/ben/explore',
};

function student(name: string, explore?: ExploreResult): StudentResult {
  return {
    name,
    source: 'mpp.json',
    commands: { server: "python3 it's.py {port} {first} {last}" },
    ...(explore ? { explore } : {}),
  };
}

function classOf(students: StudentResult[]): ClassResult {
  return {
    folder: '/class',
    started: '2026-12-05T10:00:00.000Z',
    wallMs: 1,
    isolation: 'namespaces',
    parallel: 2,
    students,
    matrix: { mode: 'none', clients: [], servers: [], cells: [] },
  };
}

afterEach(() => {
  delete process.env.MPP_LANG;
});

describe('what class --explore shows', () => {
  it('says the finding with its requirement, level and moves before and after shrinking', () => {
    assert.equal(exploreText(found), 'S5 (MUST) found: 9 moves, shrunk to 4');
    assert.equal(exploreText(none), 'no finding in 12 sequences');
  });
  it('calls a disturbed, timed-out or silent exploration inconclusive', () => {
    const inconclusive = { ...none, outcome: 'inconclusive' as const };
    assert.match(exploreText(inconclusive), /^inconclusive after 12 sequences: the machine disturbed/);
    assert.match(exploreText({ ...inconclusive, problem: 'timed-out', ms: 90_000 }), /within 90 s/);
    assert.match(exploreText({ ...inconclusive, problem: 'no-summary', exitCode: 2 }), /exit status 2/);
  });
  it('reruns the scenario on the student command in the student folder, quoted for the shell', () => {
    assert.equal(
      rerunCommand('/class', student('anna'), 'students/anna/explore/S5-seed-123.feature'),
      `npx mpp-conformance server --feature "$REPORTS/students/anna/explore/S5-seed-123.feature" -- sh -c 'cd /class/anna && python3 it'\\''s.py {port} {first} {last}'`,
    );
    assert.match(
      rerunCommand('/my class', student('anna'), 'f.feature'),
      /-- sh -c 'cd '\\''\/my class\/anna'\\'' && /,
    );
  });
  it('links the cell to the student page, a finding first when sorted', () => {
    const cell = exploreCell(student('anna', found));
    assert.match(cell, /class="failed" data-sort="0"/);
    assert.match(cell, /href="students\/anna\/explore\/index.html">S5 9→4</);
    assert.match(cell, /seed 123, derived from the name &quot;anna&quot;/);
    assert.match(exploreCell(student('ben', none)), /class="passed" data-sort="2"/);
    assert.match(exploreCell(student('cem')), /class="none"/);
  });
  it('shows on the class page what exploration is, and that it changes no grade', () => {
    const result = classOf([student('anna', found), student('ben', none)]);
    const page = indexHtml(result, DEFAULT_POLICY);
    assert.match(page, /<th data-col="6">explore<\/th>/);
    assert.match(page, /explored for 10 s after its check/);
    assert.match(page, /changes no verdict, no points and not grades.csv/);
    assert.match(page, /<li id="explore-anna">anna: <b>S5 \(MUST\) found: 9 moves, shrunk to 4<\/b>/);
    assert.match(page, /href="students\/anna\/explore\/S5-seed-123.feature"/);
    assert.match(page, /href="students\/anna\/explore\/S5-seed-123\/cucumber-report.html"/);
    assert.match(page, /npx mpp-conformance server --feature &quot;\$REPORTS\/students\/anna/);
    assert.match(page, /<li id="explore-ben">ben: <b>no finding in 12 sequences<\/b>/);
  });
  it('leaves the class page of a run without --explore as it was', () => {
    const page = indexHtml(classOf([student('anna')]), DEFAULT_POLICY);
    assert.doesNotMatch(page, /explore/i);
    assert.equal(exploreSection(classOf([student('anna')])), '');
  });
  it("gives the student's page links from its own folder", () => {
    const result = classOf([student('anna', found)]);
    const page = explorePage(result, result.students[0] as StudentResult);
    assert.match(page, /<h1>Exploration of anna&apos;s server<\/h1>/);
    assert.match(page, /href="\.\.\/\.\.\/\.\.\/students\/anna\/explore\/S5-seed-123.feature"/);
    assert.match(page, /href="\.\.\/\.\.\/\.\.\/index.html"/);
  });
  it('speaks German with MPP_LANG=de', () => {
    process.env.MPP_LANG = 'de';
    assert.equal(exploreText(found), 'S5 (MUSS) gefunden: 9 Züge, verkürzt auf 4');
    assert.equal(exploreText(none), 'kein Befund in 12 Folgen');
    assert.match(exploreSection(classOf([student('anna', found)])), /ändert aber kein Urteil, keine Punkte/);
  });
});
