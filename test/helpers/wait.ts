// The one way tests wait for something to happen: poll a condition with a bound, never sleep "long enough".
import { vi } from 'vitest';

export interface WaitForOptions {
  /** The bound: past it the wait fails with the last error, or with "<describe>: not within <timeoutMs> ms". */
  timeoutMs?: number;
  /** The poll interval. */
  intervalMs?: number;
  /** What is awaited, for the failure message. */
  describe?: string;
}

/**
 * Calls `condition` every `intervalMs` until it neither throws nor returns `false`, and resolves to what it returned;
 * so it takes both a predicate (`() => ready(h) === 'True'`) and an assertion (`() => expect(x).toBe(1)`).
 */
export function waitFor<T>(condition: () => T | Promise<T>, { timeoutMs = 15_000, intervalMs = 200, describe = 'the condition' }: WaitForOptions = {}): Promise<Exclude<T, false>> {
  return vi.waitFor(
    async () => {
      const value = await condition();
      if (value === false) throw new Error(`${describe}: not within ${timeoutMs} ms`);
      return value as Exclude<T, false>;
    },
    { timeout: timeoutMs, interval: intervalMs },
  );
}
