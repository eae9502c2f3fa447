// The sheet's ports and a run's: the features are written in the sheet's ports (10001 and its pool
// from 10002); a run may move them to a block of its own, and every text a student reads is mapped back.

import { t } from '../messages';

/** The sheet's ports, in which the feature files are written. */
export const SHEET_DEFAULT_PORT = 10001;
export const SHEET_POOL_FIRST = 10002;

/** The ports of one scenario: the server's default port and its pool. */
export interface PortPlan {
  defaultPort: number;
  pool: number[];
}

export function planFrom(defaultPort: number, first: number, last: number): PortPlan {
  const pool: number[] = [];
  for (let port = first; port <= last; port++) pool.push(port);
  return { defaultPort, pool };
}

/**
 * Maps a port named in a feature file (the sheet's 10001, 10002, …) to the port of this run, so that
 * scenarios read as the sheet does while runs use ports of their own.
 */
export function actualPort(plan: PortPlan, sheetPort: number): number {
  if (sheetPort === SHEET_DEFAULT_PORT) return plan.defaultPort;
  const index = sheetPort - SHEET_POOL_FIRST;
  const port = plan.pool[index];
  if (index < 0 || port === undefined) {
    throw new Error(t().ports.notInPool(sheetPort, plan.pool.length, describePool(plan)));
  }
  return port;
}

/** A text of a feature file with the sheet's port numbers replaced by this run's. */
export function sheetText(plan: PortPlan, text: string): string {
  const last = SHEET_POOL_FIRST + plan.pool.length - 1;
  return text.replace(/\b\d{5}\b/g, (digits) => {
    const port = Number(digits);
    return port === SHEET_DEFAULT_PORT || (port >= SHEET_POOL_FIRST && port <= last)
      ? String(actualPort(plan, port))
      : digits;
  });
}

export function describePool(plan: PortPlan): string {
  return `${plan.pool[0]}-${plan.pool[plan.pool.length - 1]}`;
}
