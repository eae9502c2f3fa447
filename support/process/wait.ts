// Bounded waits. Where the kernel offers no event to await (a socket starting to listen), the harness
// polls at a short interval, always under a bound.

import { setTimeout as delay } from 'node:timers/promises';

export type WaitResult = { ok: true; afterMs: number } | { ok: false; afterMs: number; reason: string };

export interface WaitOptions {
  timeoutMs: number;
  everyMs: number;
  /** Returns a reason to stop waiting early (the program exited), or undefined to go on. */
  abandon?: () => string | undefined;
}

export async function waitFor(condition: () => boolean, options: WaitOptions): Promise<WaitResult> {
  const started = Date.now();
  for (;;) {
    const afterMs = Date.now() - started;
    if (condition()) return { ok: true, afterMs };
    const reason = options.abandon?.();
    if (reason) return { ok: false, afterMs, reason };
    if (afterMs >= options.timeoutMs)
      return { ok: false, afterMs, reason: `not within ${options.timeoutMs} ms` };
    await delay(options.everyMs);
  }
}

/** Settles with the promise's value, or with `onTimeout()` after `timeoutMs`. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}
