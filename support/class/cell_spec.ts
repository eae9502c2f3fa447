// One interop cell: what each step's answer means, how long a wait lasts around a program's end, and
// that a cell whose step throws still stops its programs and writes its transcript.

import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { within } from '../process/wait';
import {
  type CellPlan,
  claimProblem,
  commandsOf,
  EventWaits,
  firstEvents,
  offerProblem,
  runCell,
  withProgramEnd,
} from './cell';
import type { WireEntry } from './relay';

const SERVER = { port: 31541, first: 31542, last: 31543 };
const CLIENT = { port: 31551, first: 31552, last: 31553 };

function plan(dir: string, serverCommand: string): CellPlan {
  return {
    title: 'anna (client) × ben (server)',
    server: { command: serverCommand, cwd: dir, ports: SERVER },
    client: { command: 'python3 client.py {host} {port}', cwd: dir, ports: CLIENT },
    transcript: path.join(dir, 'transcript.txt'),
    result: path.join(dir, 'result.json'),
    timeoutMs: 2000,
    startTimeoutMs: 30_000,
    quitInput: 'Quit',
  };
}

/** A program that has ended (or not yet: `exited` never settles). */
function program(ended: boolean) {
  return {
    exited: ended ? Promise.resolve({ code: 0, signal: undefined }) : new Promise<never>(() => undefined),
  };
}

function offer(text: string): WireEntry {
  return { ms: 1, connection: `${CLIENT.port}#1`, direction: 'server→client', text };
}

/** Whether the process runs (a zombie has ended). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('an interop cell', () => {
  it("fills the server's ports into its command, and the relay's host and port into the client's", () => {
    assert.deepEqual(commandsOf(plan('/class/ben', 'python3 server.py {port} {first} {last}')), {
      server: 'python3 server.py 31541 31542 31543',
      client: 'python3 client.py 127.0.0.1 31551',
    });
  });

  it('fails the offer step on NoPorts, on a close before any FreePort, and on silence, naming the bound', () => {
    assert.equal(offerProblem([], [], 2000), 'the server answered NoPorts although its whole pool was free');
    assert.equal(
      offerProblem(['closed'], [offer('Hello\n')], 2000),
      'the server closed the connection without sending FreePort:<p>',
    );
    assert.match(offerProblem(undefined, [], 2500) ?? '', /^no FreePort:<p> went .* within 2.5 s/);
  });

  it('passes an offer, also one that came with the close in the same piece', () => {
    assert.equal(offerProblem([SERVER.first], [offer(`FreePort:${SERVER.first}\n`)], 2000), undefined);
    assert.equal(offerProblem(['closed'], [offer(`FreePort: ${SERVER.first}\n`)], 2000), undefined);
  });

  it('passes a claim of the port the client connected to, and fails another port or none', () => {
    assert.equal(claimProblem([CLIENT.first, CLIENT.first], 2000), undefined);
    assert.equal(
      claimProblem([CLIENT.first, CLIENT.last], 2000),
      `the client connected to ${CLIENT.first} but sent "Assigned: ${CLIENT.last}"`,
    );
    assert.match(claimProblem(undefined, 2000) ?? '', /did not connect to its port .* within 2 s$/);
  });

  it("adds the client's end to a failure, else the server's, else nothing", () => {
    const exited = { exit: { code: 1, signal: undefined }, describeExit: () => 'exited with status 1' };
    const running = { exit: undefined, describeExit: () => 'runs' };
    assert.equal(withProgramEnd('no offer', exited, exited), 'no offer; the client exited with status 1');
    assert.equal(withProgramEnd('no offer', running, exited), 'no offer; the server exited with status 1');
    assert.equal(withProgramEnd('no offer', running, running), 'no offer');
  });

  it('takes an event that came before the wait began, and gives up after its bound when none comes', async () => {
    const relay = new EventEmitter();
    const waits = new EventWaits(firstEvents(relay), [program(false)]);
    relay.emit('freePort', SERVER.first);
    assert.deepEqual(await waits.next('freePort', 1000), [SERVER.first]);
    assert.equal(await waits.next('assigned', 50), undefined);
  });

  it('after a watched program ended, waits only a short grace for the event instead of the whole bound', async () => {
    const waits = new EventWaits(firstEvents(new EventEmitter()), [program(true)]);
    assert.equal(
      await within<unknown>(waits.next('clientQuit', 60_000), 10_000, () => 'the whole bound'),
      undefined,
    );
  });

  it('takes an event that arrives within the grace after the program ended', async () => {
    const relay = new EventEmitter();
    const waits = new EventWaits(firstEvents(relay), [program(true)]);
    const quit = waits.next('clientQuit', 60_000);
    setTimeout(() => relay.emit('clientQuit', CLIENT.first), 20);
    assert.deepEqual(await quit, [CLIENT.first]);
  });

  it("watches only the programs it is told: the client's end does not cut short the wait for the server", async () => {
    const relay = new EventEmitter();
    const server = program(false);
    const waits = new EventWaits(firstEvents(relay), [server, program(true)]);
    const closed = waits.next('serverClosed', 10_000, [server]);
    setTimeout(() => relay.emit('serverClosed', CLIENT.first), 600);
    assert.deepEqual(await closed, [CLIENT.first]);
  });

  it('starts no grace once the cell is decided', async () => {
    const relay = new EventEmitter();
    const waits = new EventWaits(firstEvents(relay), [program(true)]);
    waits.decided = true;
    const quit = waits.next('clientQuit', 60_000);
    setTimeout(() => relay.emit('clientQuit', CLIENT.first), 20);
    assert.equal(await quit, undefined);
  });

  it('stops the server and writes a transcript that says the cell could not run when a step throws (the relay cannot listen)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mpp-cell-'));
    const taken = net.createServer();
    const pidFile = path.join(dir, 'pid');
    try {
      await once(taken.listen(CLIENT.port), 'listening');
      writeFileSync(
        path.join(dir, 'server.js'),
        `require('fs').writeFileSync('pid', String(process.pid)); require('net').createServer().listen(${SERVER.port}, '127.0.0.1');`,
      );
      const cell = plan(dir, 'node server.js');
      await assert.rejects(runCell(cell), /EADDRINUSE/);
      assert.equal(alive(Number(readFileSync(pidFile, 'utf8'))), false);
      assert.match(
        readFileSync(cell.transcript, 'utf8'),
        /^anna \(client\) × ben \(server\)\nserver: node server.js /,
      );
      assert.match(readFileSync(cell.transcript, 'utf8'), /\nFAILED: the cell could not run: .*EADDRINUSE/);
    } finally {
      // A cell that failed to stop its server must not keep this spec's process.
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      taken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
