// Starts the client under test for one scenario: the reference client in-process, or a launched
// command with {host} and {port} filled in. Gives its user's input, its output and its exit.

import { PassThrough } from 'node:stream';
import { runReferenceClient } from '../../reference/client';
import { t } from '../messages';
import { type Exit, launchSandboxed } from '../process/launcher';
import { within } from '../process/wait';
import { type ClientTarget, fillPlaceholders, type Settings } from '../settings/target';

export interface ClientUnderTest {
  /** Types a line into the client's standard input, as its user would. */
  type(line: string): void;
  /** Resolves with the exit, or undefined if it has not exited within `timeoutMs`. */
  exitWithin(timeoutMs: number): Promise<Exit | undefined>;
  /** A sentence when the program has exited, with its output. */
  gone(): string | undefined;
  describeExit(exit: Exit): string;
  describeOutput(): string;
  output(): { stdout: string; stderr: string };
  stop(): Promise<void>;
}

export function startClient(
  target: ClientTarget,
  settings: Settings,
  host: string,
  port: number,
): ClientUnderTest {
  return target.kind === 'reference'
    ? startReference(settings, host, port)
    : launchClient(target.command, host, port, target.placeholders, settings);
}

function startReference(settings: Settings, host: string, port: number): ClientUnderTest {
  const input = new PassThrough();
  const stdout: string[] = [];
  let exit: Exit | undefined;
  const exited = runReferenceClient({
    host,
    port,
    input,
    quitInput: settings.clientQuitInput,
    timeoutMs: settings.timeoutMs,
    log: (line) => stdout.push(`[client] ${line}`),
    say: (line) => stdout.push(line),
  }).then((code) => {
    exit = { code, signal: undefined };
    return exit;
  });
  return {
    type: (line) => input.write(`${line}\n`),
    exitWithin: (timeoutMs) => within<Exit | undefined>(exited, timeoutMs, () => undefined),
    gone: () => (exit ? t().program.clientGone(t().program.status(exit.code)) : undefined),
    describeExit: (done) => t().program.status(done.code),
    describeOutput: () =>
      stdout.length ? `${t().program.output}\n${stdout.join('\n')}` : t().program.silent,
    output: () => ({ stdout: stdout.join('\n'), stderr: '' }),
    stop: async () => {
      input.end();
      await within(exited, settings.timeoutMs, () => undefined);
    },
  };
}

function launchClient(
  command: string,
  host: string,
  port: number,
  placeholders: boolean,
  settings: Settings,
): ClientUnderTest {
  const filled = placeholders ? fillPlaceholders(command, { host, port }) : command;
  const program = launchSandboxed(filled, 'pipe', settings.sandbox);
  return {
    type: (line) => program.stdin?.write(`${line}\n`),
    exitWithin: (timeoutMs) => within<Exit | undefined>(program.exited, timeoutMs, () => undefined),
    gone: () =>
      program.exit ? t().program.clientGone(program.describeExit(), program.describeOutput()) : undefined,
    describeExit: () => program.describeExit(),
    describeOutput: () => program.describeOutput(),
    output: () => program.output,
    stop: () => program.stop(),
  };
}
