// `npm run reference-client -- --host 127.0.0.1 --port 10001`: the reference client by itself. It
// sends each line typed on stdin; "Quit" (or MPP_CLIENT_QUIT_INPUT) or the end of stdin leaves.

import { runReferenceClient } from './client';

function parseArguments(argv: string[]): { host: string; port: number } {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i] ?? '', argv[i + 1] ?? '');
  const port = Number(args.get('--port') ?? 10001);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error('usage: reference-client [--host 127.0.0.1] [--port 10001]');
  }
  return { host: args.get('--host') ?? '127.0.0.1', port };
}

const { host, port } = parseArguments(process.argv.slice(2));
runReferenceClient({
  host,
  port,
  input: process.stdin,
  quitInput: process.env.MPP_CLIENT_QUIT_INPUT ?? 'Quit',
  timeoutMs: 5000,
  log: (line) => console.log(`[client] ${line}`),
  say: (line) => console.log(line),
}).then((status) => {
  process.exitCode = status;
  process.stdin.destroy();
});
