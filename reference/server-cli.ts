// `npm run reference-server -- --port 10001 --pool 10002-10011 [--claim-timeout-ms 5000]`: the
// reference server by itself, logging every message it sends and receives, for students who try
// their clients against it.

import { type ServerOptions, startReferenceServer } from './server';

function parseArguments(argv: string[]): ServerOptions {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i] ?? '', argv[i + 1] ?? '');
  const port = Number(args.get('--port') ?? 10001);
  const [first, last] = (args.get('--pool') ?? '10002-10011').split('-').map(Number);
  if (!Number.isInteger(port) || first === undefined || last === undefined || !(first <= last)) {
    throw new Error('usage: reference-server [--port 10001] [--pool 10002-10011] [--claim-timeout-ms 5000]');
  }
  const pool = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return {
    port,
    pool,
    claimTimeoutMs: Number(args.get('--claim-timeout-ms') ?? 5000),
    log: (line) => console.log(`[server] ${line}`),
  };
}

startReferenceServer(parseArguments(process.argv.slice(2))).then(
  (server) => {
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: Error) => {
    console.error(`[server] ${error.message}`);
    process.exit(1);
  },
);
