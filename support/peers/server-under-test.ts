// Starts the server under test for one scenario and knows how to describe its state: the reference
// server in-process, a launched command, or a server that already runs at an address.

import { startReferenceServer } from '../../reference/server';
import { startFailure } from '../judging/judge';
import { Violation } from '../judging/violation';
import { t } from '../messages';
import { type Launched, launchSandboxed } from '../process/launcher';
import {
  freshBlock,
  listeningPortsIn,
  listeningPortsOf,
  socketInodesOf,
  untilListening,
} from '../process/sockets';
import { Bound, onExpiry } from '../process/starvation';
import { within } from '../process/wait';
import { fillPlaceholders, type ServerTarget, type Settings } from '../settings/target';
import { LOOPBACK_HOST } from '../wire/connection';
import { describePool, type PortPlan, planFrom } from '../wire/port-plan';
import { serverSilence, serverStarts } from './streaks';

export interface ServerUnderTest {
  host: string;
  plan: PortPlan;
  /** False for a server that already ran before the scenario: its state is unknown. */
  fresh: boolean;
  /** A sentence when the program is no longer running, with its output. */
  gone(): string | undefined;
  /** Like gone(), after giving a program that is going down a moment to be seen exiting. */
  settleGone(): Promise<string | undefined>;
  /** What the server printed during the scenario. */
  output(): { stdout: string; stderr: string };
  /** Ports of the scenario that a program other than the server (and the harness's own) listens on. */
  strangers(harnessPorts: readonly number[]): number[];
  stop(): Promise<void>;
}

/** How long a connection that broke may take to show up as the program's exit. */
const EXIT_SETTLE_MS = 300;

/**
 * How long the in-process reference server keeps an unclaimed offer: longer than any single wait of
 * the harness, so that a reclaim never hides a port that was not freed (A2, A3), and short enough
 * for A5 to be observed within its watch.
 */
const claimTimeoutMs = (settings: Settings) => settings.timeoutMs + 1000;

/** Starts the server; `poolSize` gives a pool of that many ports instead of MPP_POOL's size (exploration). */
export async function startServer(
  target: ServerTarget,
  settings: Settings,
  poolSize?: number,
): Promise<ServerUnderTest> {
  switch (target.kind) {
    case 'reference':
      return startReference(
        planForRun(settings, true, poolSize),
        claimTimeoutMs(settings),
        settings.startTimeoutMs,
      );
    case 'command':
      return launchServer(target.command, planForRun(settings, target.placeholders, poolSize), settings);
    case 'address':
      return {
        host: target.host,
        plan: { ...settings.fixedPlan, defaultPort: target.port },
        fresh: false,
        gone: () => undefined,
        settleGone: async () => undefined,
        output: () => ({ stdout: '', stderr: '' }),
        strangers: () => [],
        stop: async () => undefined,
      };
  }
}

/** Ports of the run's own (so that scenarios and parallel runs never collide), or MPP_PORT/MPP_POOL. */
function planForRun(settings: Settings, ownPorts: boolean, poolSize?: number): PortPlan {
  if (!ownPorts) {
    // A program fixed to MPP_POOL has that pool, whatever the scenario would like.
    if (poolSize !== undefined && poolSize !== settings.fixedPlan.pool.length)
      throw new Error(t().ports.fixedPoolSize(poolSize, describePool(settings.fixedPlan)));
    return settings.fixedPlan;
  }
  const [defaultPort = 0, ...pool] = freshBlock(
    1 + (poolSize ?? Math.min(settings.fixedPlan.pool.length, 15)),
  );
  return planFrom(defaultPort, pool[0] ?? 0, pool[pool.length - 1] ?? 0);
}

async function startReference(
  plan: PortPlan,
  claimTimeout: number,
  startTimeout: number,
): Promise<ServerUnderTest> {
  const log: string[] = [];
  // Bounded like a launched program's start, so that a reference that never listens (a mutant of
  // `npm run mutation`) fails S1 instead of holding the scenario until StrykerJS's time-out.
  const server = await within(
    startReferenceServer({
      port: plan.defaultPort,
      pool: plan.pool,
      claimTimeoutMs: claimTimeout,
      log: (line) => log.push(`[server] ${line}`),
    }),
    startTimeout,
    () => undefined,
  );
  if (!server) {
    const m = t().program;
    throw new Violation({
      ...startFailure({ kind: 'not-listening' }),
      what: m.notListening(plan.defaultPort, startTimeout),
      waitedMs: startTimeout,
      expected: m.listener(plan.defaultPort),
      received: m.noListener,
      program: log.join('\n'),
    });
  }
  return {
    host: LOOPBACK_HOST,
    plan,
    fresh: true,
    gone: () => undefined,
    settleGone: async () => undefined,
    output: () => ({ stdout: log.join('\n'), stderr: '' }),
    strangers: () => [],
    stop: () => server.close(),
  };
}

async function launchServer(command: string, plan: PortPlan, settings: Settings): Promise<ServerUnderTest> {
  const first = plan.pool[0] ?? 0;
  const last = plan.pool[plan.pool.length - 1] ?? 0;
  const filled = fillPlaceholders(command, { port: plan.defaultPort, first, last });
  if (serverStarts.givenUp) {
    throw new Violation({
      ...startFailure({ kind: 'not-started-again' }),
      what: t().program.notStartedAgain(serverStarts.count),
      program: t().program.lastTime(serverStarts.last),
    });
  }
  if (serverSilence.givenUp) {
    throw new Violation({
      ...startFailure({ kind: 'silent-again' }),
      what: t().program.notRestartedSilent(serverSilence.count),
    });
  }
  const program = launchSandboxed(filled, 'ignore', settings.sandbox);
  const gone = () => (program.exit ? t().program.gone(program.describeExit()) : undefined);
  // The sockets the program holds change when it starts to listen: the sign to read the socket tables.
  const sockets = () => [...new Set(socketInodesOf(program.descendants()))].sort().join(',');
  const ready = await untilListening(plan.defaultPort, settings.startTimeoutMs, gone, sockets);
  if (!ready.ok) throw await notListening(program, plan, settings, filled);
  serverStarts.hit();
  const goneNow = () =>
    program.exit ? t().program.goneWithOutput(program.describeExit(), program.describeOutput()) : undefined;
  return {
    host: LOOPBACK_HOST,
    plan,
    fresh: true,
    gone: goneNow,
    settleGone: async () => {
      // A bound like every wait: on a busy machine the exit shows later than the broken connection.
      const bound = new Bound(EXIT_SETTLE_MS);
      let cancel = () => {};
      await Promise.race([
        program.exited,
        new Promise<void>((resolve) => (cancel = onExpiry(bound, resolve))),
      ]);
      cancel();
      return goneNow();
    },
    output: () => program.output,
    strangers: (harnessPorts) => {
      const own = new Set([...listeningPortsOf(program.family()), ...harnessPorts]);
      const ports = [plan.defaultPort, ...plan.pool];
      return listeningPortsIn(Math.min(...ports), Math.max(...ports) + 1).filter(
        (port) => ports.includes(port) && !own.has(port),
      );
    },
    stop: () => program.stop(),
  };
}

/** A launched server that did not listen on its default port in time: stopped, and the failure that says where it listens instead. */
async function notListening(
  program: Launched,
  plan: PortPlan,
  settings: Settings,
  filled: string,
): Promise<Violation> {
  const elsewhere = listeningPortsOf(program.family());
  const exitedByItself = program.exit !== undefined;
  await program.stop();
  const m = t().program;
  const what = exitedByItself
    ? m.exitedBeforeListening(program.describeExit(), plan.defaultPort)
    : m.notListening(plan.defaultPort, settings.startTimeoutMs);
  serverStarts.miss(what);
  return new Violation({
    ...startFailure({
      kind: 'not-listening',
      launched: { exitedByItself, port: plan.defaultPort, pool: describePool(plan) },
    }),
    what,
    ...(exitedByItself ? {} : { waitedMs: settings.startTimeoutMs }),
    expected: m.listener(plan.defaultPort),
    received: elsewhere.length ? m.listensElsewhere(elsewhere) : m.noListener,
    program: `${m.command(filled)}\n${program.describeOutput()}`,
  });
}
