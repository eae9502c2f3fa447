// The executable model of the reading for exploration (`mpp-conformance explore`): what the server's
// pool looks like after a sequence of moves, and therefore which answers to a GetPort are allowed.
// Pure data, no I/O: the explorer (support/explore/explore.ts) keeps one per sequence and updates it with
// what the server really answered. Ports are the sheet's (10002 is the pool's first), as in the
// feature files the explorer writes.
//
// Where the reading leaves a choice open, the model allows every choice: an offer nobody claims
// (A5) may be kept for good or given back at any time, so such a port may be skipped or offered.
// A port given back (Quit, a drop without Quit, another program that stops listening) must be
// available again, within MPP_TIMEOUT_MS: the harness asks again while it is not (expectOffered).

import { SHEET_POOL_FIRST } from '../wire/port-plan';

/** What a pool port is, as far as the harness knows. */
export type PortState =
  | { kind: 'free' }
  /** A client said "Assigned:" on it and has not left. */
  | { kind: 'held'; client: string }
  /** Offered to a client that will never claim it: the server may keep it or give it back. */
  | { kind: 'abandoned'; client: string }
  /** Another program listens on it. */
  | { kind: 'occupied' }
  /** Given back in this sequence, not offered since: it must be available again within the bound. */
  | { kind: 'released'; by: 'quit' | 'drop' | 'release' };

/** The answers to one GetPort that the reading allows: any of these ports, or NoPorts when `noPorts`. */
export interface AllowedOffers {
  ports: number[];
  noPorts: boolean;
}

export class PoolModel {
  private readonly states: PortState[];

  constructor(readonly size: number) {
    this.states = Array.from({ length: size }, () => ({ kind: 'free' }));
  }

  /** The sheet's number of the pool's i-th port. */
  static sheetPort(index: number): number {
    return SHEET_POOL_FIRST + index;
  }

  get ports(): number[] {
    return this.states.map((_, index) => PoolModel.sheetPort(index));
  }

  state(port: number): PortState {
    const state = this.states[port - SHEET_POOL_FIRST];
    if (!state) throw new Error(`port ${port} is not in the model's pool of ${this.size}`);
    return state;
  }

  private set(port: number, state: PortState): void {
    this.state(port);
    this.states[port - SHEET_POOL_FIRST] = state;
  }

  /**
   * The smallest available port, with the choices the reading leaves open: going up from the pool's
   * first port, a held or occupied port is skipped, an abandoned one may be offered or skipped, and
   * the first port that is surely available ends the list. NoPorts is allowed only when no port is
   * surely available.
   */
  allowed(): AllowedOffers {
    const ports: number[] = [];
    for (const [index, state] of this.states.entries()) {
      if (state.kind === 'held' || state.kind === 'occupied') continue;
      ports.push(PoolModel.sheetPort(index));
      if (state.kind !== 'abandoned') return { ports, noPorts: false };
    }
    return { ports, noPorts: true };
  }

  /** Whether every answer to a GetPort is known before it is asked: no port is given back or abandoned. */
  get settled(): boolean {
    return this.states.every((state) => state.kind !== 'abandoned' && state.kind !== 'released');
  }

  /** The answers that `count` clients asking at once get, in some order, from a settled pool. */
  answersTogether(count: number): (number | undefined)[] {
    if (!this.settled) throw new Error('the answers of clients at once are known only for a settled pool');
    const free = this.ports.filter((port) => this.state(port).kind === 'free');
    return Array.from({ length: count }, (_, i) => free[i]);
  }

  /** Whether `answer` (a port, or undefined for NoPorts) is allowed now. */
  allows(answer: number | undefined): boolean {
    const allowed = this.allowed();
    return answer === undefined ? allowed.noPorts : allowed.ports.includes(answer);
  }

  /** `client` was offered `port` (it is offered to nobody else from now on) and claims it, or abandons it. */
  offer(client: string, port: number, claim: boolean): void {
    this.set(port, claim ? { kind: 'held', client } : { kind: 'abandoned', client });
  }

  /** The client that holds `port` left, with Quit or by dropping the connection. */
  leave(port: number, by: 'quit' | 'drop'): void {
    const state = this.state(port);
    if (state.kind !== 'held') throw new Error(`port ${port} is not held`);
    this.set(port, { kind: 'released', by });
  }

  occupy(port: number): void {
    if (this.state(port).kind !== 'free') throw new Error(`port ${port} is not free`);
    this.set(port, { kind: 'occupied' });
  }

  release(port: number): void {
    if (this.state(port).kind !== 'occupied') throw new Error(`port ${port} is not occupied`);
    this.set(port, { kind: 'released', by: 'release' });
  }

  /** The ports in a state of `kind`, smallest first. */
  inState(kind: PortState['kind']): number[] {
    return this.ports.filter((port) => this.state(port).kind === kind);
  }

  /** The port `client` holds, if it holds one. */
  heldBy(client: string): number | undefined {
    return this.ports.find((port) => {
      const state = this.state(port);
      return state.kind === 'held' && state.client === client;
    });
  }
}
