// Exploration (`mpp-conformance explore`): sequences of protocol moves by several clients against a
// freshly started server, each answer checked against the model of the reading (support/explore/pool-model.ts).
// fast-check generates the sequences and shrinks a failing one; the shortest failing sequence becomes
// a Gherkin scenario of the project's own steps (steps/server.steps.ts), so that a Cucumber run of it
// judges it as every fixed scenario is judged (support/judging/judge.ts), and a student can keep it.
//
// Every move is a list of steps, each a step text of the feature files and the very call its step
// definition makes: what the explorer runs and what the written scenario runs are one thing.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import fc from 'fast-check';
import { answersText, clientsText } from '../cucumber/step-text';
import { disturbanceOf } from '../judging/judge';
import { effectiveLevel, type Level, requirement } from '../judging/requirements';
import { Violation } from '../judging/violation';
import { t } from '../messages';
import type { Context } from '../peers/expect';
import { HarnessClients } from '../peers/harness-clients';
import { type ServerUnderTest, startServer } from '../peers/server-under-test';
import { describeListeners } from '../process/sockets';
import { Bound, machinePressure } from '../process/starvation';
import type { ServerTarget, Settings } from '../settings/target';
import { SHEET_POOL_FIRST } from '../wire/port-plan';
import { Transcript } from '../wire/transcript';
import { PoolModel } from './pool-model';
import { harnessProblem, reasonToStop, sequenceEnd } from './sequence-end';

/** A step of a written scenario: an action or a check, its text, and what its step definition does. */
export interface Step {
  kind: 'given' | 'action' | 'check';
  text: string;
  run: (clients: HarnessClients) => Promise<void> | void;
}

/** The longest sequence generated (moves that do not apply in their state are left out); shrinking makes the failing one short. */
const MAX_MOVES = 20;
/**
 * Clients that take a port before the generated moves: at least two (bookkeeping breaks with several
 * holders), at most the pool (a full pool) or this many. A port freed among them is then the smallest
 * free one, so the next ask shows at once whether the server knows it is free.
 */
const FIRST_HOLDERS = { min: 2, max: 5 } as const;
/** Pool sizes a sequence may get when the pool size is not given: small pools run out, which finds exhaustion bugs. */
const POOL_SIZES = { min: 3, max: 5 } as const;
/** More clients than this in one sequence is no new state, only a longer scenario. */
const MAX_CLIENTS = 20;
/** How long shrinking may take beyond the budget of the search, at most. */
const SHRINK_SHARE = 1;
/** The wrong first message that a move sends on an offered port (A4). */
const WRONG_FIRST_MESSAGE = 'Hello';

/** The state of one sequence: the server, the harness's clients, the model, and the scenario so far. */
class Session {
  readonly model: PoolModel;
  readonly steps: Step[] = [];
  /** Clients that hold a port, in the order they took it. */
  readonly holders: string[] = [];
  /**
   * Holders whose port came from asking together: which of them got which port is the server's
   * choice, so a written scenario names them by their port (a rerun may hand them out in another order).
   */
  readonly together = new Set<string>();
  /** Pool ports (the sheet's) another program listens on, in the order it started. */
  readonly occupied: number[] = [];
  moves = 0;
  private named = 0;
  /** Set when the sequence cannot go on without a finding: a failure only timing forces, a disturbance. */
  stopped: string | undefined;

  constructor(
    readonly clients: HarnessClients,
    readonly server: ServerUnderTest,
    poolSize: number,
    private readonly judging: {
      /** Called before each move: a disturbance is judged by what happened during the move. */
      beforeMove: () => void;
      /** Whether a move's failure ends the sequence without a finding (it then says why). */
      absorbs: (error: unknown, session: Session) => boolean;
    },
  ) {
    this.model = new PoolModel(poolSize);
  }

  beforeMove(): void {
    this.judging.beforeMove();
  }

  absorbs(error: unknown): boolean {
    return this.judging.absorbs(error, this);
  }

  get clientCount(): number {
    return this.named;
  }

  newClient(): string {
    const index = this.named++;
    const letter = (i: number) => String.fromCharCode(65 + i);
    return `client ${index < 26 ? letter(index) : `${letter(Math.floor(index / 26) - 1)}${letter(index % 26)}`}`;
  }

  /** The sheet's number of a real port that `name` was offered, or undefined after NoPorts. */
  answerOf(name: string): number | undefined {
    const port = this.clients.answerOf(name);
    if (port === undefined) return undefined;
    const index = this.server.plan.pool.indexOf(port);
    // A port outside the pool has been judged already (wrong port); the model never sees it.
    return index < 0 ? undefined : SHEET_POOL_FIRST + index;
  }
}

/** The check after a GetPort: the step that states what the model allows. */
export function answerStep(name: string, allowed: { ports: number[]; noPorts: boolean }): Step {
  if (allowed.ports.length === 1 && !allowed.noPorts) {
    const [port = 0] = allowed.ports;
    return {
      kind: 'check',
      text: `${name} is offered port ${port}`,
      run: (clients) => clients.offers.expectOffered(name, port),
    };
  }
  if (allowed.ports.length === 0)
    return {
      kind: 'check',
      text: `${name} is answered NoPorts`,
      run: (clients) => clients.offers.expectOfferedAmong(name, [], true),
    };
  const answers = [...allowed.ports, ...(allowed.noPorts ? [undefined] : [])];
  return {
    kind: 'check',
    text: `${name} is answered one of ${answersText(answers, 'or')}`,
    run: (clients) => clients.offers.expectOfferedAmong(name, allowed.ports, allowed.noPorts),
  };
}

const askStep = (name: string): Step => ({
  kind: 'action',
  text: `${name} asks for a port`,
  run: async (clients) => {
    await clients.asks.askForPort(name);
  },
});

/** A move of a sequence: when it applies, the steps it takes now, and what the model learns after them. */
abstract class Move implements fc.AsyncCommand<Session, Session> {
  protected abstract applies(session: Readonly<Session>): boolean;
  protected abstract plan(session: Session): { steps: Step[]; after: () => void };
  abstract toString(): string;

  check(session: Readonly<Session>): boolean {
    return !session.stopped && this.applies(session);
  }

  async run(_model: Session, session: Session): Promise<void> {
    session.beforeMove();
    const { steps, after } = this.plan(session);
    session.moves++;
    session.steps.push(...steps);
    try {
      for (const step of steps) await step.run(session.clients);
    } catch (error) {
      if (session.absorbs(error)) return;
      throw error;
    }
    after();
  }
}

/** A new client asks for a port and claims it: it holds the port (or got NoPorts, when none is available). */
class Take extends Move {
  protected applies(session: Readonly<Session>): boolean {
    return session.clientCount < MAX_CLIENTS;
  }
  protected plan(session: Session) {
    const name = session.newClient();
    const allowed = session.model.allowed();
    const after = () => {
      const port = session.answerOf(name);
      if (port === undefined) return;
      session.model.offer(name, port, true);
      session.holders.push(name);
    };
    if (allowed.ports.length === 1 && !allowed.noPorts) {
      const [port = 0] = allowed.ports;
      const steps: Step[] = [
        {
          kind: 'action',
          text: `${name} holds port ${port}`,
          run: async (clients) => {
            await clients.asks.askForPort(name);
            await clients.offers.expectOffered(name, port);
            await clients.asks.claimOffered(name);
          },
        },
      ];
      return { steps, after };
    }
    const claim: Step[] = allowed.ports.length
      ? [
          {
            kind: 'action',
            text: `${name} claims the port it was offered`,
            run: (clients) => clients.asks.claimIfOffered(name),
          },
        ]
      : [];
    return { steps: [askStep(name), answerStep(name, allowed), ...claim], after };
  }
  toString(): string {
    return 'take';
  }
}

/** A new client asks for a port and never claims it: the server may keep the port or give it back (A5). */
class AskOnly extends Move {
  protected applies(session: Readonly<Session>): boolean {
    return session.clientCount < MAX_CLIENTS && session.model.inState('abandoned').length < 2;
  }
  protected plan(session: Session) {
    const name = session.newClient();
    const allowed = session.model.allowed();
    const steps: Step[] = [
      {
        kind: 'action',
        text: `${name} asks for a port and never claims it`,
        run: async (clients) => {
          await clients.asks.askForPort(name);
          clients.asks.abandon(name);
        },
      },
      answerStep(name, allowed),
    ];
    return { steps, after: () => offerUnclaimed(session, name) };
  }
  toString(): string {
    return 'ask-never-claim';
  }
}

/** `name` was offered a port it never claims: the model lets the server keep it or give it back. */
function offerUnclaimed(session: Session, name: string): void {
  const port = session.answerOf(name);
  if (port !== undefined) session.model.offer(name, port, false);
}

/** Several new clients ask at the same moment, get the smallest available ports in some order, and claim them. */
class Together extends Move {
  constructor(private readonly count: number) {
    super();
  }
  protected applies(session: Readonly<Session>): boolean {
    return session.clientCount + this.count <= MAX_CLIENTS && session.model.settled;
  }
  protected plan(session: Session) {
    const names = Array.from({ length: this.count }, () => session.newClient());
    const expected = session.model.answersTogether(this.count);
    const who = clientsText(names);
    const steps: Step[] = [
      {
        kind: 'action',
        text: `${who} ask for a port at the same time`,
        run: (clients) => clients.races.askAtOnce(names),
      },
      {
        kind: 'check',
        text: `${who} are answered ${answersText(expected, 'and')} in any order`,
        run: (clients) => clients.races.expectOfferedTogether(names, expected),
      },
      {
        kind: 'action',
        text: `${who} claim the ports they were offered`,
        run: (clients) => clients.asks.claimEachOffered(names),
      },
    ];
    return {
      steps,
      after: () => {
        for (const name of names) {
          const port = session.answerOf(name);
          if (port === undefined) continue;
          session.model.offer(name, port, true);
          session.holders.push(name);
          session.together.add(name);
        }
      },
    };
  }
  toString(): string {
    return `together(${this.count})`;
  }
}

/** The i-th holder (counted round) leaves: with Quit, or by closing the connection without it. */
class Leave extends Move {
  constructor(
    private readonly which: number,
    private readonly by: 'quit' | 'drop',
  ) {
    super();
  }
  protected applies(session: Readonly<Session>): boolean {
    return session.holders.length > 0;
  }
  protected plan(session: Session) {
    const name = session.holders[this.which % session.holders.length] ?? '';
    const who = session.together.has(name) ? `the client holding port ${session.model.heldBy(name)}` : name;
    const step: Step =
      this.by === 'quit'
        ? {
            kind: 'action',
            text: `${who} leaves with Quit`,
            run: (clients) => clients.leaving.leaveWithQuit(name),
          }
        : {
            kind: 'action',
            text: `${who} leaves without Quit`,
            run: (clients) => clients.leaving.leaveWithoutQuit(name),
          };
    return {
      steps: [step],
      after: () => {
        const port = session.model.heldBy(name);
        if (port !== undefined) session.model.leave(port, this.by);
        session.holders.splice(session.holders.indexOf(name), 1);
      },
    };
  }
  toString(): string {
    return `${this.by}(${this.which})`;
  }
}

/** Another program starts listening on a free pool port, or stops listening on one it took. */
class Occupy extends Move {
  constructor(private readonly which: number) {
    super();
  }
  protected applies(session: Readonly<Session>): boolean {
    return session.occupied.length < 2 && session.model.inState('free').length > 0;
  }
  protected plan(session: Session) {
    const free = session.model.inState('free');
    const port = free[this.which % free.length] ?? SHEET_POOL_FIRST;
    return {
      steps: [
        {
          kind: 'action' as const,
          text: `another program listens on port ${port}`,
          run: (clients: HarnessClients) => clients.occupy(clients.port(port)),
        },
      ],
      after: () => {
        session.model.occupy(port);
        session.occupied.push(port);
      },
    };
  }
  toString(): string {
    return `occupy(${this.which})`;
  }
}

class Release extends Move {
  constructor(private readonly which: number) {
    super();
  }
  protected applies(session: Readonly<Session>): boolean {
    return session.occupied.length > 0;
  }
  protected plan(session: Session) {
    const port = session.occupied[this.which % session.occupied.length] ?? SHEET_POOL_FIRST;
    return {
      steps: [
        {
          kind: 'action' as const,
          text: `the other program stops listening on port ${port}`,
          run: (clients: HarnessClients) => clients.release(clients.port(port)),
        },
      ],
      after: () => {
        session.model.release(port);
        session.occupied.splice(session.occupied.indexOf(port), 1);
      },
    };
  }
  toString(): string {
    return `release(${this.which})`;
  }
}

/** A new client takes its offered port with a wrong first message instead of Assigned, and leaves (A4). */
class WrongFirst extends Move {
  protected applies(session: Readonly<Session>): boolean {
    const allowed = session.model.allowed();
    return (
      session.clientCount < MAX_CLIENTS && !allowed.noPorts && session.model.inState('abandoned').length < 2
    );
  }
  protected plan(session: Session) {
    const name = session.newClient();
    const steps: Step[] = [
      askStep(name),
      answerStep(name, session.model.allowed()),
      {
        kind: 'action',
        text: `${name} connects to its offered port`,
        run: (clients) => clients.talk.connect(name, clients.offered(name)),
      },
      {
        kind: 'action',
        text: `${name} sends "${WRONG_FIRST_MESSAGE}" instead of Assigned`,
        run: (clients) => clients.talk.sendWrongInput(name, `${WRONG_FIRST_MESSAGE}\n`),
      },
      {
        kind: 'action',
        text: `${name} leaves without Quit`,
        run: (clients) => clients.leaving.leaveWithoutQuit(name),
      },
    ];
    return { steps, after: () => offerUnclaimed(session, name) };
  }
  toString(): string {
    return 'wrong-first-message';
  }
}

/** The moves a sequence is made of. */
export function moveArbitrary(): fc.Arbitrary<Move> {
  const which = fc.nat({ max: 7 });
  return fc.oneof(
    { arbitrary: fc.constant(new Take()), weight: 5 },
    { arbitrary: which.map((i) => new Leave(i, 'quit')), weight: 5 },
    { arbitrary: which.map((i) => new Leave(i, 'drop')), weight: 4 },
    { arbitrary: fc.constant(new AskOnly()), weight: 1 },
    { arbitrary: fc.integer({ min: 2, max: 3 }).map((count) => new Together(count)), weight: 1 },
    { arbitrary: which.map((i) => new Occupy(i)), weight: 1 },
    { arbitrary: which.map((i) => new Release(i)), weight: 1 },
    { arbitrary: fc.constant(new WrongFirst()), weight: 1 },
  );
}

export interface ExploreOptions {
  target: ServerTarget;
  settings: Settings;
  budgetMs: number;
  seed: number;
  /** A fixed pool size; otherwise each sequence gets one between POOL_SIZES.min and .max. */
  poolSize: number | undefined;
  /**
   * Whether a SHOULD failure is a finding. The first search looks for MUST failures only (a server's
   * bookkeeping mistake may show as a drop that frees nothing, A3, and as a Quit that frees nothing,
   * A2: the MUST is the one to name); a second, with the same seed, is made only when the first
   * found nothing but saw a SHOULD failure.
   */
  findShould: boolean;
}

/** The shortest failing sequence: its scenario's steps, the requirement it violates, and its failure. */
export interface Finding {
  requirement: string;
  level: Level;
  poolSize: number;
  moves: number;
  steps: { kind: Step['kind']; text: string }[];
  message: string;
}

export interface Exploration {
  seed: number;
  budgetMs: number;
  /** Sequences run in the search and in shrinking; moves run in all of them. */
  sequences: number;
  movesRun: number;
  shrinkSteps: number;
  /** Sequences that ended early without a finding: a failure only timing forces, or a disturbance of the machine. */
  stoppedEarly: Record<string, number>;
  finding: Finding | undefined;
  /** The moves of the first failing sequence, before shrinking, and how many sequences the search ran up to it. */
  originalMoves: number | undefined;
  sequencesToFinding: number | undefined;
  ms: number;
}

const LOOP_RESOLUTION_MS = 10;

/**
 * Runs sequences until one fails or the budget is spent, then shrinks the failing one (bounded too).
 * A failure counts only when it is a MUST requirement's and the machine did not disturb the run;
 * anything else ends that sequence and is counted, never reported as the program's failure.
 */
export async function explore(options: ExploreOptions): Promise<Exploration> {
  const started = Date.now();
  const search = new Search(options);
  await search.run();
  search.result.ms = Date.now() - started;
  return search.result;
}

/**
 * The starts of the sequences: the pool size (given, or between POOL_SIZES.min and .max), and how
 * many clients take a port first: states of several holders from the start (a budget of a few dozen
 * sequences leaves no room for sequences that wander in an empty pool).
 */
export function sequenceStarts(poolSize: number | undefined): fc.Arbitrary<[number, number]> {
  const poolSizes = poolSize === undefined ? fc.integer(POOL_SIZES) : fc.constant(poolSize);
  return poolSizes.chain((size) =>
    fc.tuple(
      fc.constant(size),
      fc.integer({ min: Math.min(FIRST_HOLDERS.min, size), max: Math.min(FIRST_HOLDERS.max, size) }),
    ),
  );
}

/**
 * Records a failing sequence: the first one is the finding as the search found it (its moves, and
 * how many sequences it took), each later one is a step of shrinking, shorter or as short. Returns
 * whether it was the first.
 */
export function recordFinding(result: Exploration, finding: Finding): boolean {
  const first = !result.finding;
  if (first) {
    result.originalMoves = finding.moves;
    result.sequencesToFinding = result.sequences;
  } else result.shrinkSteps++;
  result.finding = finding;
  return first;
}

/** One exploration: its bounds, the harness's event loop watched for stalls, and the tally of what ran. */
class Search {
  readonly result: Exploration;
  // The budget counts the machine's time like every bound of the harness: stretched by the time tasks
  // waited for a CPU or the disk meanwhile (at most 5x), so that a seed buys about as many sequences
  // on a busy machine as on an idle one.
  private readonly search: Bound;
  private shrink: Bound | undefined;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });

  constructor(private readonly options: ExploreOptions) {
    this.search = new Bound(options.budgetMs, machinePressure);
    this.result = {
      seed: options.seed,
      budgetMs: options.budgetMs,
      sequences: 0,
      movesRun: 0,
      shrinkSteps: 0,
      stoppedEarly: {},
      finding: undefined,
      originalMoves: undefined,
      sequencesToFinding: undefined,
      ms: 0,
    };
  }

  /** A sequence whose MUST failure is reported goes through shrinking; nothing else may fail the property. */
  async run(): Promise<void> {
    this.loopDelay.enable();
    const property = fc.asyncProperty(
      sequenceStarts(this.options.poolSize),
      fc.commands([moveArbitrary()], { maxCommands: MAX_MOVES }),
      ([poolSize, firstHolders], moves) => this.sequence(poolSize, firstHolders, moves),
    );
    await fc.check(property, {
      seed: this.options.seed,
      numRuns: Number.MAX_SAFE_INTEGER,
      maxSkipsPerRun: 0,
    });
    this.loopDelay.disable();
  }

  /** One sequence against a freshly started server: the first holders take their ports, then the moves. */
  private async sequence(
    poolSize: number,
    firstHolders: number,
    moves: Iterable<fc.AsyncCommand<Session, Session>>,
  ): Promise<void> {
    // Past the budget nothing more is run: a skipped run ends the search, and ends shrinking.
    fc.pre((this.shrink ?? this.search).remaining() > 0);
    this.result.sequences++;
    const transcript = new Transcript(t().transcript.harnessClient, t().transcript.server);
    const server = await this.startServer(poolSize);
    if (!server) return;
    const clients = new HarnessClients(server, transcript, this.context(server));
    const session = new Session(clients, server, poolSize, {
      beforeMove: () => this.loopDelay.reset(),
      absorbs: (error, failed) => this.absorbs(error, failed),
    });
    try {
      for (let i = 0; i < firstHolders; i++) await new Take().run(session, session);
      await fc.asyncModelRun(() => ({ model: session, real: session }), moves);
    } catch (error) {
      await delay(2 * LOOP_RESOLUTION_MS);
      const end = sequenceEnd(error, (violation) => this.disturbance(violation, session));
      if ('stop' in end) this.stop(session, end.stop);
      else {
        const steps = session.steps.map(({ kind, text }) => ({ kind, text }));
        this.record({ ...this.found(end.finding, poolSize), moves: session.moves, steps });
        throw error;
      }
    } finally {
      this.result.movesRun += session.moves;
      await clients.closeAll();
      await server.stop();
    }
  }

  /** The server of a sequence; one that does not start is a finding of no moves (its scenario is the Given alone). */
  private async startServer(poolSize: number): Promise<ServerUnderTest | undefined> {
    try {
      return await startServer(this.options.target, this.options.settings, poolSize);
    } catch (error) {
      if (!(error instanceof Violation)) {
        this.count(harnessProblem(error));
        return undefined;
      }
      this.record({ ...this.found(error, poolSize), moves: 0, steps: [] });
      throw error;
    }
  }

  private context(server: ServerUnderTest): Context {
    return {
      timeoutMs: this.options.settings.timeoutMs,
      strict: this.options.settings.strict,
      note: () => undefined,
      gone: () => server.gone(),
      settleGone: async () => server.settleGone(),
    };
  }

  /** A move's failure that cannot be a finding ends the sequence (sequence-end.ts says which). */
  private absorbs(error: unknown, session: Session): boolean {
    const reason = reasonToStop(error, {
      disturbance: (violation) => this.disturbance(violation, session),
      strict: this.options.settings.strict,
      findShould: this.options.findShould,
    });
    if (reason === undefined) return false;
    this.stop(session, reason);
    return true;
  }

  private stop(session: Session, reason: string): void {
    session.stopped = reason;
    this.count(reason);
  }

  private count(reason: string): void {
    this.result.stoppedEarly[reason] = (this.result.stoppedEarly[reason] ?? 0) + 1;
  }

  /** A failing sequence: the first one starts shrinking (bounded). */
  private record(finding: Finding): void {
    if (recordFinding(this.result, finding))
      this.shrink = new Bound(SHRINK_SHARE * this.options.budgetMs, machinePressure);
  }

  private found(
    error: Violation,
    poolSize: number,
  ): Pick<Finding, 'requirement' | 'level' | 'poolSize' | 'message'> {
    return {
      requirement: error.requirement,
      level: effectiveLevel(error.requirement, this.options.settings.strict),
      poolSize,
      message: error.message,
    };
  }

  /** What disturbed the run during the last move, if anything (the judge's rule, as for a step of a fixed run). */
  private disturbance(violation: Violation, session: Session): string | undefined {
    return disturbanceOf(violation, {
      stalledMs: Math.round(this.loopDelay.max / 1e6),
      timeoutMs: this.options.settings.timeoutMs,
      strangers: () => describeListeners(session.server.strangers(session.clients.occupied)),
    });
  }
}

/** The finding as a feature file that `mpp-conformance server --feature <file>` runs. */
export function featureText(finding: Finding, exploration: Exploration, command: string): string {
  const level = requirement(finding.requirement).level;
  // Feature files are the harness's specification and stay English, as the fixed ones do.
  const m = t('en').explore;
  const lines = [
    `# ${m.featureComment(exploration.seed, command)}`,
    '@server',
    `Feature: ${m.featureTitle(finding.requirement)}`,
    '',
    `  @explore @${finding.requirement} @${level} @fresh`,
    `  Scenario: ${m.scenarioTitle(finding.moves, exploration.seed)}`,
    `    Given the server under test is listening on its default port with a pool of ${finding.poolSize} ports`,
  ];
  let last: Step['kind'] = 'given';
  for (const step of finding.steps) {
    const keyword = step.kind === last ? 'And' : step.kind === 'check' ? 'Then' : 'When';
    lines.push(`    ${keyword} ${step.text}`);
    last = step.kind;
  }
  return `${lines.join('\n')}\n`;
}
