// What the relay's transcript of an interop cell shows about the step where the exchange stopped:
// typed facts for the judge (judge.interopBlame), which alone names the side and the requirement.

import { type Blame, type InteropFailure, interopBlame } from '../judging/judge';
import type { WireEntry } from './relay';

/** The step of a cell's exchange, in the order they happen. */
export type CellStep = InteropFailure['step'];

/** A connection of the default port: the relay names connections "<client port>#<n>". */
function onDefault(entry: WireEntry, defaultPort: number): boolean {
  return entry.connection.startsWith(`${defaultPort}#`);
}

/** The facts of the step `step` in the transcript `wire` (the client's default port is `defaultPort`). */
export function failureAt(
  step: CellStep,
  wire: readonly WireEntry[],
  defaultPort: number,
  noPorts = false,
): InteropFailure {
  switch (step) {
    case 'offer': {
      const asked = wire.filter(
        (entry) =>
          entry.direction === 'client→server' && onDefault(entry, defaultPort) && /getport/i.test(entry.text),
      );
      return {
        step,
        sentGetPort: asked.length > 0,
        crlf: asked.some((entry) => entry.text.includes('\r')),
        noPorts,
      };
    }
    case 'claim':
      return {
        step,
        refused: wire.some((entry) => entry.event === 'server-error' && !onDefault(entry, defaultPort)),
      };
    case 'leave': {
      const user = wire.findIndex((entry) => entry.event === 'user');
      const before = user < 0 ? wire : wire.slice(0, user);
      return {
        step,
        serverClosedFirst: before.some(
          (entry) =>
            (entry.event === 'server-closed' || entry.event === 'server-error') &&
            !onDefault(entry, defaultPort),
        ),
      };
    }
    default:
      return { step };
  }
}

/** Which side broke the protocol where the cell stopped at `step`. */
export function blameAt(
  step: CellStep,
  wire: readonly WireEntry[],
  defaultPort: number,
  noPorts = false,
): Blame {
  return interopBlame(failureAt(step, wire, defaultPort, noPorts));
}
