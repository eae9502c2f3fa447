import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { guess, parseMppJson, readClass } from './student';

describe('parseMppJson', () => {
  it('reads the three keys, each optional', () => {
    assert.deepEqual(
      parseMppJson('{"server": "python3 server.py {port} {first} {last}", "build": " make "}'),
      {
        commands: { server: 'python3 server.py {port} {first} {last}', build: 'make' },
      },
    );
  });

  it('names the line and column of a syntax error, and what the parser expected', () => {
    const text = '{\n  "server": "python3 server.py",\n  "client": "python3 client.py",\n}\n';
    assert.deepEqual(parseMppJson(text), {
      problem: 'the file is not valid JSON at line 4, column 1 (expected double-quoted property name)',
    });
  });

  it('says that something is not closed when the file ends early', () => {
    assert.deepEqual(parseMppJson('{"server": '), {
      problem: 'the file is not valid JSON at its end: a brace, bracket or quote is not closed',
    });
  });

  it('refuses an empty file, a list, a non-string command, an unknown key and a file without programs', () => {
    assert.deepEqual(parseMppJson('  \n'), { problem: 'the file is empty' });
    assert.match((parseMppJson('["server.py"]') as { problem: string }).problem, /one object/);
    assert.match(
      (parseMppJson('{"server": 3}') as { problem: string }).problem,
      /"server" must be a command/,
    );
    assert.deepEqual(parseMppJson('{"sever": "python3 server.py"}'), {
      problem: 'unknown key "sever": the keys are "server", "client", "build"',
    });
    assert.match((parseMppJson('{"build": "make"}') as { problem: string }).problem, /nothing to check/);
  });
});

describe('guess', () => {
  it('guesses Python without a build and says what it guessed', () => {
    const guessed = guess(['server.py', 'client.py', 'notes.txt']);
    assert.equal(guessed.server, 'python3 server.py {port} {first} {last}');
    assert.equal(guessed.client, 'python3 client.py {host} {port}');
    assert.equal(guessed.build, undefined);
    assert.match(guessed.source, /^no mpp\.json; guessed server\.py → python3 server\.py/);
  });

  it('builds Java once for both programs and C per program', () => {
    assert.equal(guess(['Server.java', 'Client.java']).build, 'javac -d out *.java');
    assert.equal(
      guess(['server.c', 'client.c']).build,
      'gcc -O2 -o server server.c && gcc -O2 -o client client.c',
    );
  });

  it('is a problem, not a crash, when nothing fits', () => {
    assert.match(guess(['README.md']).problem ?? '', /no mpp\.json, and none of server\.py/);
  });
});

describe('readClass', () => {
  it('lists student folders by name, reads each, and keeps a broken one as a row', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'class-spec-'));
    for (const name of ['bob', 'alice', '.git']) mkdirSync(path.join(root, name));
    writeFileSync(path.join(root, 'grades.txt'), '');
    writeFileSync(path.join(root, 'alice', 'mpp.json'), '{"client": "./client {host} {port}"}');
    writeFileSync(path.join(root, 'bob', 'mpp.json'), '{"server": }');
    mkdirSync(path.join(root, 'carol'));
    writeFileSync(path.join(root, 'carol', 'Server.java'), '');
    const students = readClass(root);
    assert.deepEqual(
      students.map((student) => student.name),
      ['alice', 'bob', 'carol'],
    );
    assert.equal(students[2]?.server, 'java -cp out Server {port} {first} {last}');
    assert.equal(students[0]?.client, './client {host} {port}');
    assert.equal(students[1]?.problem, 'mpp.json: the file is not valid JSON near line 1 (unexpected "}")');
  });
});
