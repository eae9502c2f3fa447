// The command line of class mode: what a run and a merge accept, and what they refuse.

import assert from 'node:assert/strict';
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
  it('needs the shards and --reports to merge', () => {
    assert.match(parseMergeOptions(['a', 'b'], {}) as string, /--reports/);
    assert.match(parseMergeOptions(['--reports', 'out'], {}) as string, /shards/);
    assert.equal(parseMergeOptions(['--help'], {}), USAGE);
  });
});
