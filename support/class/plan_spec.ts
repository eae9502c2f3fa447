// What a class run plans before it runs: the cells of the matrix and the share of each shard.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALL_UP_TO,
  assignShards,
  cellOwner,
  defaultMatrix,
  matrixPairs,
  parseMatrix,
  parseShard,
  studentCost,
  units,
} from './plan';
import { REFERENCE } from './results';
import type { Student } from './student';

const names = (n: number) => Array.from({ length: n }, (_, i) => `s${String(i).padStart(3, '0')}`);
const withReference = (list: string[]) => [...list, REFERENCE];

describe('the cells of the matrix', () => {
  it('is every client against every server with all', () => {
    const pairs = matrixPairs(withReference(['a', 'b']), withReference(['a', 'b', 'c']), 'all');
    assert.equal(pairs.length, 3 * 4);
  });
  it('is only the reference implementations with reference', () => {
    const pairs = matrixPairs(withReference(['a', 'b']), withReference(['a', 'b']), 'reference');
    assert.deepEqual(
      pairs.map((pair) => pair.join('×')),
      [`a×${REFERENCE}`, `b×${REFERENCE}`, `${REFERENCE}×a`, `${REFERENCE}×b`, `${REFERENCE}×${REFERENCE}`],
    );
  });
  it('gives each client k other servers and each server k other clients, never its own, growing linearly', () => {
    const students = names(200);
    const pairs = matrixPairs(withReference(students), withReference(students), 3);
    const own = pairs.filter(([client, server]) => client !== REFERENCE && server !== REFERENCE);
    assert.equal(own.length, 600);
    assert.ok(pairs.length <= 8 * students.length);
    assert.ok(own.every(([client, server]) => client !== server));
    for (const student of students) {
      assert.equal(own.filter(([client]) => client === student).length, 3);
      assert.equal(own.filter(([, server]) => server === student).length, 3);
    }
  });
  it('pairs failing programs with passing partners when a previous run says which passed', () => {
    const students = names(20);
    const passing = (role: string, name: string) => Number(name.slice(1)) % 2 === (role === 'client' ? 0 : 1);
    const pairs = matrixPairs(withReference(students), withReference(students), 2, passing);
    const mixed = pairs.filter(
      ([client, server]) =>
        client !== REFERENCE &&
        server !== REFERENCE &&
        passing('client', client) !== passing('server', server),
    );
    const own = pairs.filter(([client, server]) => client !== REFERENCE && server !== REFERENCE);
    assert.ok(
      mixed.length >= own.length * 0.8,
      `${mixed.length} of ${own.length} pairs mix a passing and a failing side`,
    );
  });
  it('is the same whatever order the lists came in', () => {
    const students = names(30);
    const once = matrixPairs(withReference(students), withReference(students), 3);
    assert.deepEqual(matrixPairs(withReference(students), withReference(students), 3), once);
  });
  it(`is all up to ${ALL_UP_TO} students, then 3 partners`, () => {
    assert.equal(defaultMatrix(ALL_UP_TO), 'all');
    assert.equal(defaultMatrix(ALL_UP_TO + 1), 3);
  });
  it('reads all, reference, none and a number of partners, nothing else', () => {
    assert.equal(parseMatrix('all'), 'all');
    assert.equal(parseMatrix('3'), 3);
    assert.equal(parseMatrix('0'), undefined);
    assert.equal(parseMatrix('three'), undefined);
  });
});

describe('the shards', () => {
  const student = (name: string, extra: Partial<Student> = {}): Student => ({
    name,
    dir: `/class/${name}`,
    source: 'mpp.json',
    server: 'python3 server.py {port} {first} {last}',
    client: 'python3 client.py {host} {port}',
    ...extra,
  });
  it('reads i/n with 1 ≤ i ≤ n', () => {
    assert.deepEqual(parseShard('3/8'), { index: 3, count: 8 });
    assert.equal(parseShard('0/8'), undefined);
    assert.equal(parseShard('9/8'), undefined);
  });
  it('expects a compiled Java student to cost more than a Python one, and a previous run to know better', () => {
    const java = student('j', {
      build: 'javac *.java',
      server: 'java Server {port}',
      client: 'java Client {port}',
    });
    assert.ok(studentCost(java) > studentCost(student('p')));
    const previous = {
      students: [{ name: 'p', server: { ms: 5 }, client: { ms: 7 } }],
      matrix: { cells: [] },
    };
    assert.equal(studentCost(student('p'), previous as never), 500 + 12);
  });
  it('gives every unit to one shard and balances their expected times', () => {
    const students = names(50).map((name, i) => student(name, i % 5 === 0 ? { build: 'javac *.java' } : {}));
    const list = units(students, [], undefined);
    const shard = assignShards(list, 8);
    assert.equal(shard.size, 50);
    const loads = Array.from({ length: 8 }, (_, i) =>
      list.filter((unit) => shard.get(unit.name) === i + 1).reduce((sum, unit) => sum + unit.cost, 0),
    );
    const biggest = Math.max(...list.map((unit) => unit.cost));
    assert.ok(Math.max(...loads) - Math.min(...loads) <= biggest, `loads ${loads.join(', ')}`);
  });
  it('puts a cell with its client, a cell of the reference client with its server', () => {
    assert.equal(cellOwner(['anna', 'ben']), 'anna');
    assert.equal(cellOwner([REFERENCE, 'ben']), 'ben');
    assert.equal(cellOwner([REFERENCE, REFERENCE]), REFERENCE);
  });
});
