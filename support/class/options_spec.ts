// The command line of class mode: what a run and a merge accept, and what they refuse.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseMergeOptions, parseRunOptions, type RunOptions, USAGE } from './options';

describe('the class command line', () => {
  it('takes a shard, a matrix of k partners and the sandbox setting', () => {
    const options = parseRunOptions(
      ['class', '--shard', '3/8', '--matrix', '3', '--sandbox', 'off'],
      {},
    ) as RunOptions;
    assert.deepEqual(options.shard, { index: 3, count: 8 });
    assert.equal(options.matrix, 3);
    assert.equal(options.sandbox, 'off');
  });
  it('leaves the matrix to the class size unless told, and reads --no-matrix as none', () => {
    assert.equal((parseRunOptions(['class'], {}) as RunOptions).matrix, undefined);
    assert.equal((parseRunOptions(['class', '--no-matrix'], {}) as RunOptions).matrix, 'none');
  });
  it('refuses a shard or a matrix it cannot read', () => {
    assert.match(parseRunOptions(['class', '--shard', '9/8'], {}) as string, /--shard 9\/8/);
    assert.match(parseRunOptions(['class', '--matrix', 'most'], {}) as string, /--matrix most/);
  });
  it('explores no server unless told, by --explore or MPP_CLASS_EXPLORE (the flag wins)', () => {
    assert.equal((parseRunOptions(['class'], {}) as RunOptions).explore, undefined);
    assert.equal((parseRunOptions(['class', '--explore', '10s'], {}) as RunOptions).explore, 10_000);
    const both = parseRunOptions(['class', '--explore', '2m'], { MPP_CLASS_EXPLORE: '5s' }) as RunOptions;
    assert.equal(both.explore, 120_000);
    assert.equal((parseRunOptions(['class'], { MPP_CLASS_EXPLORE: '5s' }) as RunOptions).explore, 5000);
    assert.match(parseRunOptions(['class', '--explore', 'soon'], {}) as string, /--explore="soon"/);
  });
  it('refuses reports inside the class folder', () => {
    assert.match(parseRunOptions(['class', '--reports', 'class/out'], {}) as string, /would overwrite/);
  });
  it('runs two checks per CPU unless told, and refuses a --parallel that is not a whole number from 1 to 64', () => {
    assert.equal((parseRunOptions(['class'], {}) as RunOptions).parallel, 2 * os.availableParallelism());
    assert.equal((parseRunOptions(['class', '--parallel', '64'], {}) as RunOptions).parallel, 64);
    for (const wrong of ['0', '65', '1.5', 'many'])
      assert.equal(
        parseRunOptions(['class', '--parallel', wrong], {}),
        `--parallel ${wrong} is not a whole number from 1 to 64`,
      );
  });
  it('reads --no-matrix as none even beside a --matrix it cannot read', () => {
    assert.equal(
      (parseRunOptions(['class', '--matrix', 'most', '--no-matrix'], {}) as RunOptions).matrix,
      'none',
    );
  });
  it('names the first wrong flag in the order parallel, matrix, shard, weights', () => {
    const all = ['--parallel', '0', '--matrix', 'most', '--shard', '9/8', '--weights', '/nowhere.json'];
    assert.match(parseRunOptions(['class', ...all], {}) as string, /^--parallel 0/);
    assert.match(parseRunOptions(['class', ...all.slice(2)], {}) as string, /^--matrix most/);
    assert.match(parseRunOptions(['class', ...all.slice(4)], {}) as string, /^--shard 9\/8/);
    assert.match(parseRunOptions(['class', ...all.slice(6)], {}) as string, /^--weights \/nowhere.json/);
  });
  it('takes the blocked policy from --blocked over MPP_BLOCKED over the weights file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mpp-options-'));
    try {
      const weights = path.join(dir, 'weights.json');
      writeFileSync(weights, JSON.stringify({ must: 3, blocked: 'not-earned' }));
      const policy = (argv: string[], env: NodeJS.ProcessEnv) =>
        (parseRunOptions(['class', '--weights', weights, ...argv], env) as RunOptions).policy;
      assert.equal(policy([], {}).blocked, 'not-earned');
      assert.equal(policy([], {}).weights.must, 3);
      assert.equal(policy([], { MPP_BLOCKED: 'left-out' }).blocked, 'left-out');
      assert.equal(policy(['--blocked', 'not-earned'], { MPP_BLOCKED: 'left-out' }).blocked, 'not-earned');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("names a previous run's class.json it cannot read", () => {
    assert.match(
      parseRunOptions(['class', '--previous', '/nowhere/class.json'], {}) as string,
      /^--previous \/nowhere\/class.json: /,
    );
  });
  it("refuses a class folder inside the reports' students/ or matrix/, and takes one beside them", () => {
    assert.match(
      parseRunOptions(['out/students/class', '--reports', 'out'], {}) as string,
      /would overwrite/,
    );
    assert.match(parseRunOptions(['out/matrix', '--reports', 'out'], {}) as string, /would overwrite/);
    assert.equal(
      (parseRunOptions(['out/class', '--reports', 'out'], {}) as RunOptions).reports,
      path.resolve('out'),
    );
  });
  it('checks only the students named by --only, without the spaces around the names', () => {
    assert.deepEqual((parseRunOptions(['class', '--only', 'anna, ben'], {}) as RunOptions).only, [
      'anna',
      'ben',
    ]);
  });
  it('needs exactly one class folder', () => {
    assert.match(parseRunOptions([], {}) as string, /^give exactly one class folder/);
    assert.match(parseRunOptions(['a', 'b'], {}) as string, /^give exactly one class folder/);
  });
  it('needs the shards and --reports to merge', () => {
    assert.match(parseMergeOptions(['a', 'b'], {}) as string, /--reports/);
    assert.match(parseMergeOptions(['--reports', 'out'], {}) as string, /shards/);
    assert.equal(parseMergeOptions(['--help'], {}), USAGE);
  });
});
