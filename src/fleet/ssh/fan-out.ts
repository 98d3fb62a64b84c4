// Bounded parallel calls over many hosts. Each host gets its own time limit and its own result; nothing throws,
// so one dead or slow host never delays the others beyond its own timeout.
import { performance } from 'node:perf_hooks';
import { withTimeout } from './deadline';

export type FanOutResult<T> = { host: string; ok: true; value: T; ms: number } | { host: string; ok: false; error: Error; ms: number };

export interface FanOutOptions {
  /** Hosts in flight at once. Default 32. */
  concurrency?: number;
  /** Per host, for the whole of fn. Default 30 s. */
  timeoutMs?: number;
  /** What the call does, for timeout messages: `host h3: status timed out after 5s`. Default "call". */
  what?: string;
}

/** Results in the order of `items`. fn's signal aborts when its host's time is up. */
export async function fanOut<S extends { host: string }, T>(
  items: readonly S[],
  fn: (item: S, signal: AbortSignal) => Promise<T>,
  { concurrency = 32, timeoutMs = 30_000, what = 'call' }: FanOutOptions = {},
): Promise<FanOutResult<T>[]> {
  const results: FanOutResult<T>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      const item = items[i];
      const start = performance.now();
      try {
        const value = await withTimeout(item.host, what, timeoutMs, ({ signal }) => fn(item, signal));
        results[i] = { host: item.host, ok: true, value, ms: Math.round(performance.now() - start) };
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        results[i] = { host: item.host, ok: false, error, ms: Math.round(performance.now() - start) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
