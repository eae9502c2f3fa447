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
import { formatWire, type PortRange, Relay, type RelayEvents, type WireEntry } from './relay';

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

const seconds = (ms: number) => `${ms / 1000} s`;

/** Both commands, their placeholders filled with the ports each side sees. */
export function commandsOf(plan: CellPlan): { server: string; client: string } {
  const { server, client } = plan;
  return {
    server: fillPlaceholders(server.command, {
      port: server.ports.port,
      first: server.ports.first,
      last: server.ports.last,
    }),
    client: fillPlaceholders(client.command, { host: '127.0.0.1', port: client.ports.port }),
  };
}

/** The first occurrence of each event the cell waits for. */
export type FirstEvents = { [K in keyof RelayEvents]: Promise<RelayEvents[K]> };

/** Each event's first occurrence, awaited from the start so that none is missed between two steps. */
export function firstEvents(relay: EventEmitter): FirstEvents {
  const first = <K extends keyof RelayEvents>(event: K) =>
    once(relay, event).then((args) => args as RelayEvents[K]);
  return {
    clientConnected: first('clientConnected'),
    freePort: first('freePort'),
    noPorts: first('noPorts'),
    defaultClosed: first('defaultClosed'),
    assigned: first('assigned'),
    clientQuit: first('clientQuit'),
    serverClosed: first('serverClosed'),
  };
}

/** A program whose end a wait watches. */
type Ending = Pick<Launched, 'exited'>;

/**
 * The cell's bounded waits for the relay's events. A program that ends cuts a wait short, but what
 * it sent just before may still be on its way: the event then gets a short grace.
 */
export class EventWaits {
  /** Once the cell is decided, the programs' ends start no grace timers (they would keep the process). */
  decided = false;

  constructor(
    readonly first: FirstEvents,
    private readonly programs: readonly Ending[],
  ) {}

  /** The event's arguments, or undefined after `ms` (or the grace after a watched program's end). */
  next<K extends keyof RelayEvents>(
    event: K,
    ms: number,
    watched: readonly Ending[] = this.programs,
  ): Promise<RelayEvents[K] | undefined> {
    const arrived = this.first[event];
    const ended = watched.map((program) =>
      program.exited.then(() =>
        this.decided
          ? undefined
          : within<RelayEvents[K] | undefined>(arrived, EXIT_GRACE_MS, () => undefined),
      ),
    );
    return within(Promise.race([arrived, ...ended]), ms, () => undefined);
  }
}

/** The first of FreePort, NoPorts and the server's close on the default port. */
type Offer = RelayEvents['freePort'] | RelayEvents['noPorts'] | RelayEvents['defaultClosed'];

/** Why the offer step failed, given the first answer (undefined: none within `timeoutMs`) and the wire. */
export function offerProblem(
  offer: Offer | undefined,
  wire: readonly WireEntry[],
  timeoutMs: number,
): string | undefined {
  if (offer?.length === 0) return 'the server answered NoPorts although its whole pool was free';
  // An offer and the close may arrive together; the wire says which came first.
  const offered = wire.some((entry) => /freeport:\s*\d/i.test(entry.text));
  if (offer?.[0] === 'closed' && !offered)
    return 'the server closed the connection without sending FreePort:<p>';
  return offer
    ? undefined
    : `no FreePort:<p> went from the server to the client within ${seconds(timeoutMs)} (did the client send GetPort, did the server answer?)`;
}

/** Why the claim step failed, given the claim (undefined: none within `timeoutMs`). */
export function claimProblem(
  claim: RelayEvents['assigned'] | undefined,
  timeoutMs: number,
): string | undefined {
  if (!claim)
    return `the client did not connect to its port and send "Assigned: <p>" within ${seconds(timeoutMs)}`;
  const [port, claimed] = claim;
  return port === claimed ? undefined : `the client connected to ${port} but sent "Assigned: ${claimed}"`;
}

/** A program's end, for a failure's sentence. */
type Ended = Pick<Launched, 'exit' | 'describeExit'>;

/** The failure's sentence with the client's end, or else the server's, where one has ended. */
export function withProgramEnd(reason: string, client: Ended, server: Ended): string {
  if (client.exit) return `${reason}; the client ${client.describeExit()}`;
  if (server.exit) return `${reason}; the server ${server.describeExit()}`;
  return reason;
}

/**
 * The exchange once both programs run, step by step: each step gives the reason it failed, and the
 * first failure ends the exchange.
 */
class Exchange {
  /** The server answered NoPorts: the judge reads the offer step by it. */
  noPorts = false;

  constructor(
    private readonly plan: CellPlan,
    private readonly relay: Relay,
    private readonly waits: EventWaits,
    private readonly server: Launched,
    private readonly client: Launched,
  ) {}

  /** The step where the exchange stopped and why, or undefined when it went through. */
  async run(): Promise<{ step: CellStep; reason: string } | undefined> {
    const steps: [CellStep, () => Promise<string | undefined>][] = [
      ['connect', () => this.connect()],
      ['offer', () => this.offer()],
      ['claim', () => this.claim()],
      ['leave', () => this.leave()],
      ['free', () => this.free()],
    ];
    for (const [step, run] of steps) {
      const reason = await run();
      if (reason) return { step, reason };
    }
    return undefined;
  }

  private async connect(): Promise<string | undefined> {
    const { startTimeoutMs, client } = this.plan;
    if (await this.waits.next('clientConnected', startTimeoutMs)) return undefined;
    return this.client.exit
      ? `the client ${this.client.describeExit()} without connecting to ${client.ports.port}`
      : `the client did not connect to ${client.ports.port} within ${seconds(startTimeoutMs)}`;
  }

  private async offer(): Promise<string | undefined> {
    const { timeoutMs } = this.plan;
    const offer = await Promise.race([
      this.waits.next('freePort', timeoutMs),
      this.waits.next('noPorts', timeoutMs),
      this.waits.next('defaultClosed', timeoutMs),
    ]);
    this.noPorts = offer?.length === 0;
    return offerProblem(offer, this.relay.wire, timeoutMs);
  }

  private async claim(): Promise<string | undefined> {
    return claimProblem(await this.waits.next('assigned', this.plan.timeoutMs), this.plan.timeoutMs);
  }

  private async leave(): Promise<string | undefined> {
    const { quitInput, timeoutMs } = this.plan;
    this.relay.note(`the user types "${quitInput}" into the client`);
    this.client.stdin?.write(`${quitInput}\n`);
    return (await this.waits.next('clientQuit', timeoutMs))
      ? undefined
      : `after the user's "${quitInput}" the client did not send Quit on its port within ${seconds(timeoutMs)}`;
  }

  private async free(): Promise<string | undefined> {
    const { timeoutMs } = this.plan;
    // The client may end once it has said Quit; only the server's end matters now.
    if (!(await this.waits.next('serverClosed', timeoutMs, [this.server])))
      return `after the client's Quit the server did not close the connection within ${seconds(timeoutMs)}`;
    // The offer step passed on this offer, so it has come.
    const [offered] = await this.waits.first.freePort;
    const freed = await untilNotListening(offered, timeoutMs);
    return freed.ok ? undefined : `after the client's Quit the server still listens on ${offered}`;
  }
}

/** The cell's transcript: both commands, the wire, the verdict and both programs' ends and output. */
export function transcriptText(
  plan: CellPlan,
  commands: { server: string; client: string },
  wire: WireEntry[],
  failure: { reason?: string; blame?: CellResult['blame'] },
  outputs: string[],
): string {
  const { server, client } = plan;
  const { reason, blame } = failure;
  return [
    plan.title,
    `server: ${commands.server}   (in ${server.cwd}; listens on ${server.ports.port}, pool ${server.ports.first}-${server.ports.last})`,
    `client: ${commands.client}   (in ${client.cwd}; sees ${client.ports.port}, pool ${client.ports.first}-${client.ports.last}: the relay maps them to the server's)`,
    '',
    formatWire(wire) || '(nothing was sent)',
    '',
    reason
      ? `FAILED${blame ? ` (the ${blame.side} breaks ${blame.requirement})` : ''}: ${reason}`
      : "PASSED: the client got a port, claimed it, left on its user's Quit, and the server freed the port",
    '',
    ...outputs,
    '',
  ].join('\n');
}

/** One run of a cell: the server, the relay, the client, the exchange, and the end of all three. */
class CellRun {
  private readonly started = Date.now();
  private readonly commands: { server: string; client: string };
  private readonly relay: Relay;
  private readonly programs: Launched[] = [];
  private readonly waits: EventWaits;
  private failure: { reason?: string; blame?: CellResult['blame'] } = {};

  constructor(private readonly plan: CellPlan) {
    this.commands = commandsOf(plan);
    this.relay = new Relay(plan.server.ports, plan.client.ports);
    this.waits = new EventWaits(firstEvents(this.relay), this.programs);
  }

  /** The cell's result; the programs are stopped and the transcript written also when a step throws. */
  async run(): Promise<CellResult> {
    try {
      return await this.exchange();
    } catch (error) {
      // The transcript must not read as passed when the cell could not run (the result file says so too).
      this.failure = { reason: couldNotRun(error as Error) };
      throw error;
    } finally {
      await this.end();
    }
  }

  private async exchange(): Promise<CellResult> {
    const server = this.launch(this.commands.server, this.plan.server.cwd, 'ignore');
    const notListening = await this.untilServerListens(server);
    if (notListening) return this.failed(notListening, 'listen');
    await this.relay.start();
    const client = this.launch(this.commands.client, this.plan.client.cwd, 'pipe');
    const exchange = new Exchange(this.plan, this.relay, this.waits, server, client);
    const stopped = await exchange.run();
    return stopped
      ? this.failed(withProgramEnd(stopped.reason, client, server), stopped.step, exchange.noPorts)
      : { outcome: 'passed', ms: Date.now() - this.started };
  }

  private launch(command: string, cwd: string, stdin: 'ignore' | 'pipe'): Launched {
    const program = new Launched(command, { cwd, stdin });
    this.programs.push(program);
    return program;
  }

  /** Why the server did not come to listen on its port within the start bound, or undefined once it does. */
  private async untilServerListens(server: Launched): Promise<string | undefined> {
    const { port } = this.plan.server.ports;
    // The sockets the server holds change when it starts to listen: the socket tables are read then.
    const sockets = () => [...new Set(socketInodesOf(server.descendants()))].sort().join(',');
    const up = await untilListening(
      port,
      this.plan.startTimeoutMs,
      () => (server.exit ? `the server ${server.describeExit()}` : undefined),
      sockets,
    );
    if (up.ok) return undefined;
    return server.exit
      ? `the server ${server.describeExit()} before it listened on ${port}`
      : `the server did not listen on ${port} within ${seconds(this.plan.startTimeoutMs)}`;
  }

  /** A failed cell, with the side the judge blames for the step where it stopped. */
  private failed(reason: string, step: CellStep, noPorts = false): CellResult {
    const { side, requirement } = blameAt(step, this.relay.wire, this.plan.client.ports.port, noPorts);
    this.failure = { reason, blame: { side, requirement } };
    return { outcome: 'failed', reason, blame: this.failure.blame, ms: Date.now() - this.started };
  }

  /** Stops both programs and the relay, and writes the transcript. */
  private async end(): Promise<void> {
    this.waits.decided = true;
    await Promise.all(this.programs.map((program) => program.stop()));
    this.relay.close();
    const outputs = this.programs.map((program, index) => {
      const who = index === 0 ? 'server' : 'client';
      return `--- ${who} ${program.exit ? program.describeExit() : 'was stopped'}; ${program.describeOutput(30)}`;
    });
    writeFileSync(
      this.plan.transcript,
      transcriptText(this.plan, this.commands, this.relay.wire, this.failure, outputs),
    );
  }
}

/** Runs one cell: see the top of the file. */
export function runCell(plan: CellPlan): Promise<CellResult> {
  return new CellRun(plan).run();
}

function couldNotRun(error: Error): string {
  return `the cell could not run: ${error.message}`;
}

if (require.main === module) {
  const plan = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as CellPlan;
  runCell(plan).then(
    (result) => {
      writeFileSync(plan.result, JSON.stringify(result));
      process.exitCode = 0;
    },
    (error: Error) => {
      writeFileSync(plan.result, JSON.stringify({ outcome: 'failed', reason: couldNotRun(error), ms: 0 }));
      process.exitCode = 1;
    },
  );
}
