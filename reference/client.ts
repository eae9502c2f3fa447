// The reference client of the Multiple-Ports protocol: every MUST and SHOULD of the reading. It asks
// for a port, moves to it, says "Assigned: <p>", then sends each line its user types; the line "Quit"
// or the end of the input ends the session. The harness runs it in-process when no MPP_CLIENT_CMD is
// given; client-cli.ts runs it by itself.

import net from 'node:net';
import type { Readable } from 'node:stream';
import { readLines, readMessage, type Said, shown } from './lines';

export interface ClientOptions {
  host: string;
  port: number;
  /** What the user types: one message per line. */
  input: Readable;
  /** The user's request to leave (C5). */
  quitInput: string;
  /** Bound of each wait for the server. */
  timeoutMs: number;
  /** Protocol log (what was sent and received). */
  log: (line: string) => void;
  /** Messages for the user. */
  say: (line: string) => void;
}

/** Runs one session; resolves with the exit status: 0 for a clean end (also NoPorts), 1 for an error. */
export async function runReferenceClient(options: ClientOptions): Promise<number> {
  const answer = await askForPort(options);
  if (answer.kind === 'NoPorts') {
    options.say('The server has no free port left (NoPorts). Try again later.');
    return 0;
  }
  if (answer.kind !== 'FreePort') {
    const problem = answer.kind === 'error' ? answer.problem : `it sent ${answer.kind}`;
    options.say(`The server did not answer with FreePort or NoPorts (${problem}).`);
    return 1;
  }
  return holdPort(answer.port, options);
}

type Answer = Said | { kind: 'error'; problem: string };

/** C1, C2, C3: connect to the default port, say GetPort, read FreePort or NoPorts and the Quit. */
function askForPort(options: ClientOptions): Promise<Answer> {
  return new Promise((resolve) => {
    const where = `${options.port}`;
    const socket = net.connect({ host: options.host, port: options.port });
    let answer: Answer | undefined;
    const finish = (result: Answer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer ?? result);
    };
    const timer = setTimeout(
      () => finish({ kind: 'error', problem: `no answer within ${options.timeoutMs} ms` }),
      options.timeoutMs,
    );
    socket.on('error', (error) => finish({ kind: 'error', problem: error.message }));
    socket.on('connect', () => sendText(socket, where, 'GetPort', options));
    readLines(socket, {
      overlong: () => finish({ kind: 'error', problem: 'an over-long line' }),
      line: (text) => {
        options.log(`${where} ← ${shown(`${text}\n`)}`);
        const message = readMessage(text);
        if (message?.kind === 'FreePort' || message?.kind === 'NoPorts') answer ??= message;
        // The server's Quit ends this connection; the client closes it too (C3, C4).
        if (message?.kind === 'Quit' && answer) finish(answer);
      },
    });
    socket.on('end', () =>
      finish({ kind: 'error', problem: 'the server closed the connection without an answer' }),
    );
  });
}

/** C3, C5, C6: connect to the port, say Assigned, forward the user's lines, leave with Quit. */
function holdPort(port: number, options: ClientOptions): Promise<number> {
  return new Promise((resolve) => {
    const where = `${port}`;
    const socket = net.connect({ host: options.host, port });
    let done = false;
    const finish = (status: number, message: string) => {
      if (done) return;
      done = true;
      options.input.off('data', onInput);
      options.input.off('end', onEnd);
      options.say(message);
      socket.end();
      resolve(status);
    };
    const leave = () => {
      sendText(socket, where, 'Quit', options);
      finish(0, `Left port ${port}.`);
    };
    let pending = '';
    const onInput = (chunk: Buffer | string) => {
      pending += chunk.toString();
      let end = pending.indexOf('\n');
      while (end >= 0 && !done) {
        const line = pending.slice(0, end).replace(/\r$/, '');
        pending = pending.slice(end + 1);
        if (line === options.quitInput) leave();
        else if (line) sendText(socket, where, line, options);
        end = pending.indexOf('\n');
      }
    };
    const onEnd = () => leave();
    socket.on('error', (error) => finish(1, `Connection to port ${port} failed: ${error.message}`));
    socket.on('connect', () => {
      sendText(socket, where, `Assigned: ${port}`, options);
      options.say(`Connected to port ${port}. Type a line to send it, "${options.quitInput}" to leave.`);
      options.input.on('data', onInput);
      options.input.on('end', onEnd);
    });
    readLines(socket, {
      overlong: () => options.log(`${where} ← an over-long line, ignored`),
      line: (text) => {
        options.log(`${where} ← ${shown(`${text}\n`)}`);
        if (readMessage(text)?.kind === 'Quit') finish(0, `The server ended the session on port ${port}.`);
      },
    });
    socket.on('end', () => finish(0, `The server closed port ${port}.`));
  });
}

function sendText(socket: net.Socket, where: string, text: string, options: ClientOptions): void {
  options.log(`${where} → ${shown(`${text}\n`)}`);
  socket.write(`${text}\n`);
}
