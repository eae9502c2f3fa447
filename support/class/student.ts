// A class folder: one folder per student, each with an optional mpp.json that says how to build and
// start the student's server and client. Without mpp.json the programs are guessed from the usual
// file names, and the guess is said in the output. A broken mpp.json becomes the student's row with a
// sentence that says what is wrong, never a crash of the class run.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Student {
  name: string;
  /** Absolute path of the student's folder, where the commands run. */
  dir: string;
  server?: string;
  client?: string;
  build?: string;
  /** How the commands were found: "mpp.json", or what was guessed from which file. */
  source: string;
  /** Why the student cannot be checked at all (a broken mpp.json); the row shows it. */
  problem?: string;
}

const KEYS = ['server', 'client', 'build'] as const;

/** The students of a class folder, sorted by name; hidden folders and plain files are left out. */
export function readClass(folder: string): Student[] {
  const root = path.resolve(folder);
  return readdirSync(root)
    .filter((name) => !name.startsWith('.') && statSync(path.join(root, name)).isDirectory())
    .sort((a, b) => a.localeCompare(b))
    .map((name) => readStudent(path.join(root, name)));
}

export function readStudent(dir: string): Student {
  const name = path.basename(dir);
  const file = path.join(dir, 'mpp.json');
  if (!existsSync(file)) return { name, dir, ...guess(readdirSync(dir)) };
  const parsed = parseMppJson(readFileSync(file, 'utf8'));
  if ('problem' in parsed) return { name, dir, source: 'mpp.json', problem: `mpp.json: ${parsed.problem}` };
  return { name, dir, source: 'mpp.json', ...parsed.commands };
}

type Commands = Partial<Record<(typeof KEYS)[number], string>>;

/** The commands of an mpp.json text, or a sentence that says what is wrong with it. */
export function parseMppJson(text: string): { commands: Commands } | { problem: string } {
  if (!text.trim()) return { problem: 'the file is empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `the file is not valid JSON ${where(text, (error as Error).message)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      problem:
        'the file must hold one object like {"server": "python3 server.py {port} {first} {last}", "client": "python3 client.py {host} {port}"}',
    };
  }
  const commands: Commands = {};
  for (const [key, command] of Object.entries(value)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      return { problem: `unknown key "${key}": the keys are ${KEYS.map((k) => `"${k}"`).join(', ')}` };
    }
    if (typeof command !== 'string' || !command.trim()) {
      return { problem: `"${key}" must be a command in a string, e.g. "python3 ${key}.py …"` };
    }
    commands[key as (typeof KEYS)[number]] = command.trim();
  }
  if (!commands.server && !commands.client) {
    return { problem: 'neither "server" nor "client" is given: nothing to check' };
  }
  return { commands };
}

/**
 * "at line 3, column 7 (expected ',' or '}' after property value)" from a JSON.parse message: Node 20
 * says "… in JSON at position N", Node 22 "… (line L column C)".
 */
function where(text: string, message: string): string {
  const why = /^(.*?)(?: in JSON|,? "|$)/.exec(message)?.[1]?.trim() ?? '';
  const reason = why ? ` (${why.charAt(0).toLowerCase()}${why.slice(1)})` : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `at line ${lineColumn[1]}, column ${lineColumn[2]}${reason}`;
  const position = /at position (\d+)/.exec(message);
  if (position) {
    const before = text.slice(0, Number(position[1])).split('\n');
    return `at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}${reason}`;
  }
  // Node 20 says only "Unexpected token '}', "…" is not valid JSON": the token's first place outside a string.
  const token = /^Unexpected token '(.)'/.exec(message)?.[1];
  const offset = token === undefined ? -1 : outsideStrings(text, token);
  if (offset < 0) return 'at its end: a brace, bracket or quote is not closed';
  return `near line ${text.slice(0, offset).split('\n').length} (unexpected "${token}")`;
}

/** The offset of the first `char` that is not inside a string literal, or -1. */
function outsideStrings(text: string, char: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    if (inString && text[i] === '\\') i++;
    else if (text[i] === '"') inString = !inString;
    else if (!inString && text[i] === char) return i;
  }
  return -1;
}

interface Convention {
  file: string;
  build?: string;
  command: string;
}

const SERVER_CONVENTIONS: Convention[] = [
  { file: 'server.py', command: 'python3 server.py {port} {first} {last}' },
  { file: 'Server.java', build: 'javac -d out *.java', command: 'java -cp out Server {port} {first} {last}' },
  { file: 'server.js', command: 'node server.js {port} {first} {last}' },
  { file: 'server.c', build: 'gcc -O2 -o server server.c', command: './server {port} {first} {last}' },
];

const CLIENT_CONVENTIONS: Convention[] = [
  { file: 'client.py', command: 'python3 client.py {host} {port}' },
  { file: 'Client.java', build: 'javac -d out *.java', command: 'java -cp out Client {host} {port}' },
  { file: 'client.js', command: 'node client.js {host} {port}' },
  { file: 'client.c', build: 'gcc -O2 -o client client.c', command: './client {host} {port}' },
];

/** The commands guessed from a folder's file names, and a sentence that says what was guessed. */
export function guess(files: string[]): Omit<Student, 'name' | 'dir'> {
  const server = SERVER_CONVENTIONS.find((convention) => files.includes(convention.file));
  const client = CLIENT_CONVENTIONS.find((convention) => files.includes(convention.file));
  if (!server && !client) {
    return {
      source: 'no mpp.json',
      problem: `no mpp.json, and none of ${[...SERVER_CONVENTIONS, ...CLIENT_CONVENTIONS].map((c) => c.file).join(', ')} to guess from`,
    };
  }
  const builds = [...new Set([server?.build, client?.build].filter((build) => build !== undefined))];
  const guessed = [server, client]
    .filter((convention) => convention !== undefined)
    .map((convention) => `${convention.file} → ${convention.command}`);
  return {
    source: `no mpp.json; guessed ${guessed.join('; ')}${builds.length ? `; build: ${builds.join(' && ')}` : ''}`,
    ...(server ? { server: server.command } : {}),
    ...(client ? { client: client.command } : {}),
    ...(builds.length ? { build: builds.join(' && ') } : {}),
  };
}
