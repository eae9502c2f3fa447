// Only the judge picks a requirement: the modules that observe (the harness's clients and server,
// expect.ts, the programs under test, the World) hand it facts. This spec keeps it so: no requirement
// ID stands as a literal in the code outside the judge, the requirement table and the message
// catalogues (the feature files' tags and the specs name them, as they must).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const SCANNED = ['support', 'steps', 'bin', 'scripts', 'reference'];
const OWNERS = ['support/judging/judge.ts', 'support/judging/requirements.ts', 'support/messages/'];

const ID = '(?:S[1-9]|A[1-6]|C[1-7]|W[1-5])';
/**
 * A requirement ID as a string of its own ('S2', `S2`) or as an object key ({ A6: … }). Code strings
 * are single-quoted (Biome), so a double-quoted "S4" is text inside a string (a usage example).
 */
const LITERAL = new RegExp(`'${ID}'|\`${ID}\`|[{,]\\s*${ID}\\s*:`);

/** The code of a line without its comment (a line comment, or a line of a block comment). */
function code(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return '';
  return line.replace(/\s\/\/ .*$/, '');
}

function sources(): string[] {
  return SCANNED.flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('_spec.ts'))
      .map((file) => path.join(dir, file).split(path.sep).join('/')),
  );
}

/** Every line of the scanned code that names a requirement ID, as "file:line: text". */
function literalsOutsideTheJudge(): string[] {
  return sources()
    .filter((file) => !OWNERS.some((owner) => file === owner || file.startsWith(owner)))
    .flatMap((file) =>
      fs
        .readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (LITERAL.test(code(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
}

describe('who names a requirement', () => {
  it('finds no requirement ID literal outside the judge, the requirement table and the message catalogues', () => {
    assert.deepEqual(literalsOutsideTheJudge(), []);
  });

  it('recognises a requirement ID as a string or a key, and not in a comment or in text', () => {
    assert.ok(LITERAL.test(code("    requirement: 'S2',")));
    assert.ok(LITERAL.test(code('  return { A6: note };')));
    assert.ok(LITERAL.test(code('  const id = `W4`;')));
    assert.ok(!LITERAL.test(code("  // a wrong port is 'S2' unless taken")));
    assert.ok(!LITERAL.test(code('   * the sheet: S5 and S6')));
    assert.ok(!LITERAL.test(code('  const usage = \'{"must": 2, "S4": 4}\';')));
    assert.ok(!LITERAL.test(code("  text: 'S10 is no requirement',")));
  });
});
