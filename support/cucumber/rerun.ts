// The steps of a scenario, kept to run them again: once more when a disturbance or a finding by chance
// may have caused a failure, and with LF line ends when a CR LF finding may be another bug's shadow.
// The rules (which failure earns a second run, which LF finding is the cause) are the functions below;
// the class replays the steps on a new scene (scene.ts) of the World.

import { disturbanceOf, failureOutcome, isLineEndFinding } from '../judging/judge';
import { requirement } from '../judging/requirements';
import { Violation } from '../judging/violation';
import { t } from '../messages';
import { CRLF, LF } from '../wire/protocol';
import type { Scene } from './scene';
import { letStallsShow, longestStallMs, watchStalls } from './stalls';

/** What a rerun needs of the World: its scene (which a replay replaces) and its requirements. */
export interface Stage {
  scene: Scene;
  readonly requirements: readonly string[];
}

export type StepCode<W> = (this: W, ...args: unknown[]) => unknown;

/** How a step ended after any run again: with its value, or with the error that ends the scenario. */
export type StepEnd = { value: unknown } | { error: unknown; disturbance: string | undefined };

/**
 * Why a failed step earns the scenario one run more, or undefined: a disturbance of the machine, or a
 * finding that depends on timing in a scenario that does not force that timing (only its own scenario
 * may fail its requirement: same program, same failed set).
 */
export function rerunReason(
  error: unknown,
  disturbance: string | undefined,
  requirements: readonly string[],
): string | undefined {
  if (disturbance) return disturbance;
  const incidental =
    error instanceof Violation &&
    failureOutcome(error.requirement, requirements, error.timing) === 'incidental';
  return incidental ? t().world.timing(error.requirement) : undefined;
}

/** Whether a finding is a CR LF one (W2, C7) made by steps that sent CR LF: the LF replay decides whether it stands. */
export function wantsLfReplay(error: Violation, steps: readonly { args: readonly unknown[] }[]): boolean {
  return isLineEndFinding(error.requirement) && steps.some(({ args }) => args.includes(CRLF));
}

/**
 * Whether the LF run's failure is the cause of a CR LF finding: a MUST violation, at the step that
 * failed or before it, in a run nothing disturbed. Then it blocks the scenario: one bug, one blame.
 */
export function lfRunIsTheCause(
  lf: unknown,
  reachedNoFurther: boolean,
  disturbance: string | undefined,
): lf is Violation {
  return (
    lf instanceof Violation &&
    reachedNoFurther &&
    !disturbance &&
    requirement(lf.requirement).level === 'must'
  );
}

export class Reruns<W extends Stage> {
  private readonly steps: { code: StepCode<W>; args: unknown[] }[] = [];
  private ranAgain = false;
  /** The step a replay has come to (the failing one, when it throws). */
  private replayedStep = 0;

  constructor(
    private readonly world: W,
    private readonly timeoutMs: number,
  ) {}

  /** Runs one step; a failure that a disturbance or chance may explain runs the scenario once more. */
  async run(code: StepCode<W>, args: unknown[]): Promise<StepEnd> {
    this.steps.push({ code, args });
    watchStalls();
    try {
      return { value: await code.apply(this.world, args) };
    } catch (error) {
      return this.afterFailure(error);
    }
  }

  private async afterFailure(error: unknown): Promise<StepEnd> {
    this.world.scene.noteFailure(error);
    await letStallsShow();
    const disturbance = this.disturbance(error);
    const why = rerunReason(error, disturbance, this.world.requirements);
    if (!why || this.ranAgain) return this.withLfInstead(error, disturbance);
    this.ranAgain = true;
    this.world.scene.notes.push(t().world.rerun(why));
    try {
      await this.replay(this.world.scene.again());
      return { value: undefined };
    } catch (again) {
      this.world.scene.failure = undefined;
      this.world.scene.noteFailure(again);
      await letStallsShow();
      return this.withLfInstead(again, this.disturbance(again));
    }
  }

  /** What disturbed the run during the last step, if anything: the failure may not be the program's. */
  private disturbance(error: unknown): string | undefined {
    if (!(error instanceof Violation)) return undefined;
    const scene = this.world.scene;
    return disturbanceOf(error, {
      stalledMs: longestStallMs(),
      timeoutMs: this.timeoutMs,
      strangers: () => scene.strangers(),
    });
  }

  /**
   * A CR LF finding (W2, C7) stands only when the same steps with LF line ends get past the step that
   * failed; when the LF run fails there or earlier, its finding (A1, A2, S2, C3, C6, …) is the cause.
   * An LF finding that is no MUST, or that a disturbance may explain, changes nothing: the scene of
   * the CR LF run is put back.
   */
  private async withLfInstead(error: unknown, disturbance: string | undefined): Promise<StepEnd> {
    if (!(error instanceof Violation) || disturbance || !wantsLfReplay(error, this.steps))
      return { error, disturbance };
    const failedAt = this.steps.length - 1;
    const kept = this.world.scene;
    try {
      await this.replay(kept.blank(), LF);
    } catch (lf) {
      await letStallsShow();
      if (lfRunIsTheCause(lf, this.replayedStep <= failedAt, this.disturbance(lf))) {
        this.world.scene.noteFailure(lf);
        this.world.scene.notes.unshift(t().world.lfReplay(error.requirement));
        return { error: lf, disturbance };
      }
    }
    await this.world.scene.cleanUp();
    this.world.scene = kept;
    return { error, disturbance };
  }

  /** Runs the scenario's steps again from the start on `scene`; with `lineEnd`, every CR LF the harness sends becomes it. */
  private async replay(scene: Scene, lineEnd?: string): Promise<void> {
    await this.world.scene.cleanUp();
    this.world.scene = scene;
    for (const [index, { code, args }] of this.steps.entries()) {
      this.replayedStep = index;
      watchStalls();
      await code.apply(
        this.world,
        args.map((arg) => (lineEnd && arg === CRLF ? lineEnd : arg)),
      );
    }
  }
}
