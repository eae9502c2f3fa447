// How the harness's own event loop kept time during a step: a long stall makes a timed wait unfair,
// and the judge calls such a failure disturbed (judge.ts, disturbanceOf), not the program's.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

const LOOP_RESOLUTION_MS = 10;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loopDelay.enable();

/** Starts watching afresh: at the start of a step, or of a step replayed. */
export function watchStalls(): void {
  loopDelay.reset();
}

/** One turn of the loop lets the delay monitor record a stall that ended just now. */
export async function letStallsShow(): Promise<void> {
  await delay(2 * LOOP_RESOLUTION_MS);
}

/** The longest stall since the watch began, in whole milliseconds. */
export function longestStallMs(): number {
  return Math.round(loopDelay.max / 1e6);
}
