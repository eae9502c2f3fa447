// One cell of the interop matrix, run as a child process inside the pair's own network namespace:
// `node -r ts-node/register support/class/cell.ts <plan.json>`. It starts the server, puts the relay
// between it and the client, starts the client, plays the user (the stdin line "Quit" once the client
// has claimed its port), and writes the transcript and the outcome. The cell passes when the whole
// exchange happens: the client gets a port, claims it with "Assigned: <p>", leaves with "Quit" on its
// user's request, and the server closes that connection and stops listening on the port.

import { type EventEmitter, once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { Launched } from '../process/launcher';
import { socketInodesOf, untilListening, untilNotListening } from '../process/sockets';
import { within } from '../process/wait';
import { fillPlaceholders } from '../settings/target';
import { blameAt, type CellStep } from './blame';
import { formatWire, type PortRange, Relay, type RelayEvents } from './relay';

export interface CellPlan {
  title: string;
  server: { command: string; cwd: string; ports: PortRange };
  client: { command: string; cwd: string; ports: PortRange };
  transcript: string;
  result: string;
  timeoutMs: number;
  startTimeoutMs: number;
  quitInput: string;
}

export interface CellResult {
  outcome: 'passed' | 'failed';
  /** Why the cell failed, in one sentence. */
  reason?: string;
  /** Which side broke the protocol, by the judge's rules on the transcript. */
  blame?: { side: 'client' | 'server'; requirement: string };
  ms: number;
}

/** How long an event may still arrive after a program ended. */
const EXIT_GRACE_MS = 300;

async function runCell(plan: CellPlan): Promise<CellResult> {
  const started = Date.now();
  const { server, client } = plan;
  const serverCommand = fillPlaceholders(server.command, {
    port: server.ports.port,
    first: server.ports.first,
    last: server.ports.last,
  });
  const clientCommand = fillPlaceholders(client.command, { host: '127.0.0.1', port: client.ports.port });
  const relay = new Relay(server.ports, client.ports);
  const programs: Launched[] = [];
  let reason: string | undefined;
  let decided = false;
  const seconds = (ms: number) => `${ms / 1000} s`;
  let blame: CellResult['blame'];
  const blamed = (step: CellStep, noPorts = false) => {
    const { side, requirement } = blameAt(step, relay.wire, client.ports.port, noPorts);
    blame = { side, requirement };
    return blame;
  };
  // Each event's first occurrence, awaited from the start so that none is missed between two steps.
  const first = {
    clientConnected: once(relay as EventEmitter, 'clientConnected'),
    freePort: once(relay as EventEmitter, 'freePort'),
    noPorts: once(relay as EventEmitter, 'noPorts'),
    defaultClosed: once(relay as EventEmitter, 'defaultClosed'),
    assigned: once(relay as EventEmitter, 'assigned'),
    clientQuit: once(relay as EventEmitter, 'clientQuit'),
    serverClosed: once(relay as EventEmitter, 'serverClosed'),
  };
  /**
   * The event's arguments, or undefined after `ms`. A program that ends cuts the wait short, but what
   * it sent just before may still be on its way: the event then gets a short grace.
   */
  const next = <K extends keyof RelayEvents>(event: K, ms: number, watched = programs) => {
    const event_ = first[event].then((args) => args as RelayEvents[K]);
    // Once the cell is decided, the programs' ends start no grace timers (they would keep the process).
    const ended = watched.map((program) =>
      program.exited.then(() => (decided ? undefined : within(event_, EXIT_GRACE_MS, () => undefined))),
    );
    return within(Promise.race([event_, ...ended]), ms, () => undefined);
  };
  try {
    const serverProgram = new Launched(serverCommand, { cwd: server.cwd, stdin: 'ignore' });
    programs.push(serverProgram);
    // The sockets the server holds change when it starts to listen: the socket tables are read then.
    const sockets = () => [...new Set(socketInodesOf(serverProgram.descendants()))].sort().join(',');
    const up = await untilListening(
      server.ports.port,
      plan.startTimeoutMs,
      () => (serverProgram.exit ? `the server ${serverProgram.describeExit()}` : undefined),
      sockets,
    );
    if (!up.ok) {
      reason = serverProgram.exit
        ? `the server ${serverProgram.describeExit()} before it listened on ${server.ports.port}`
        : `the server did not listen on ${server.ports.port} within ${seconds(plan.startTimeoutMs)}`;
      return { outcome: 'failed', reason, blame: blamed('listen'), ms: Date.now() - started };
    }
    await relay.start();
    const clientProgram = new Launched(clientCommand, { cwd: client.cwd, stdin: 'pipe' });
    programs.push(clientProgram);
    let noPorts = false;
    const steps: [CellStep, () => Promise<string | undefined>][] = [
      [
        'connect',
        async () =>
          (await next('clientConnected', plan.startTimeoutMs))
            ? undefined
            : clientProgram.exit
              ? `the client ${clientProgram.describeExit()} without connecting to ${client.ports.port}`
              : `the client did not connect to ${client.ports.port} within ${seconds(plan.startTimeoutMs)}`,
      ],
      [
        'offer',
        async () => {
          const offer = await Promise.race([
            next('freePort', plan.timeoutMs),
            next('noPorts', plan.timeoutMs),
            next('defaultClosed', plan.timeoutMs),
          ]);
          noPorts = offer?.length === 0;
          if (noPorts) return 'the server answered NoPorts although its whole pool was free';
          // An offer and the close may arrive together; the wire says which came first.
          const offered = relay.wire.some((entry) => /freeport:\s*\d/i.test(entry.text));
          if (offer?.[0] === 'closed' && !offered)
            return 'the server closed the connection without sending FreePort:<p>';
          return offer
            ? undefined
            : `no FreePort:<p> went from the server to the client within ${seconds(plan.timeoutMs)} (did the client send GetPort, did the server answer?)`;
        },
      ],
      [
        'claim',
        async () => {
          const claim = await next('assigned', plan.timeoutMs);
          if (!claim)
            return `the client did not connect to its port and send "Assigned: <p>" within ${seconds(plan.timeoutMs)}`;
          const [port, claimed] = claim;
          return port === claimed
            ? undefined
            : `the client connected to ${port} but sent "Assigned: ${claimed}"`;
        },
      ],
      [
        'leave',
        async () => {
          relay.note(`the user types "${plan.quitInput}" into the client`);
          clientProgram.stdin?.write(`${plan.quitInput}\n`);
          return (await next('clientQuit', plan.timeoutMs))
            ? undefined
            : `after the user's "${plan.quitInput}" the client did not send Quit on its port within ${seconds(plan.timeoutMs)}`;
        },
      ],
      [
        'free',
        async () => {
          // The client may end once it has said Quit; only the server's end matters now.
          if (!(await next('serverClosed', plan.timeoutMs, [serverProgram])))
            return `after the client's Quit the server did not close the connection within ${seconds(plan.timeoutMs)}`;
          const [offered] = await first.freePort;
          const freed = await untilNotListening(offered, plan.timeoutMs);
          return freed.ok ? undefined : `after the client's Quit the server still listens on ${offered}`;
        },
      ],
    ];
    let stopped: CellStep | undefined;
    for (const [name, step] of steps) {
      reason = await step();
      if (reason) {
        stopped = name;
        break;
      }
    }
    if (reason && clientProgram.exit) reason += `; the client ${clientProgram.describeExit()}`;
    else if (reason && serverProgram.exit) reason += `; the server ${serverProgram.describeExit()}`;
    return reason && stopped
      ? { outcome: 'failed', reason, blame: blamed(stopped, noPorts), ms: Date.now() - started }
      : { outcome: 'passed', ms: Date.now() - started };
  } finally {
    decided = true;
    await Promise.all(programs.map((program) => program.stop()));
    relay.close();
    const outputs = programs.map((program, index) => {
      const who = index === 0 ? 'server' : 'client';
      return `--- ${who} ${program.exit ? program.describeExit() : 'was stopped'}; ${program.describeOutput(30)}`;
    });
    writeFileSync(
      plan.transcript,
      [
        plan.title,
        `server: ${serverCommand}   (in ${server.cwd}; listens on ${server.ports.port}, pool ${server.ports.first}-${server.ports.last})`,
        `client: ${clientCommand}   (in ${client.cwd}; sees ${client.ports.port}, pool ${client.ports.first}-${client.ports.last}: the relay maps them to the server's)`,
        '',
        formatWire(relay.wire) || '(nothing was sent)',
        '',
        reason
          ? `FAILED${blame ? ` (the ${blame.side} breaks ${blame.requirement})` : ''}: ${reason}`
          : "PASSED: the client got a port, claimed it, left on its user's Quit, and the server freed the port",
        '',
        ...outputs,
        '',
      ].join('\n'),
    );
  }
}

if (require.main === module) {
  const plan = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as CellPlan;
  runCell(plan).then(
    (result) => {
      writeFileSync(plan.result, JSON.stringify(result));
      process.exitCode = 0;
    },
    (error: Error) => {
      writeFileSync(
        plan.result,
        JSON.stringify({ outcome: 'failed', reason: `the cell could not run: ${error.message}`, ms: 0 }),
      );
      process.exitCode = 1;
    },
  );
}
