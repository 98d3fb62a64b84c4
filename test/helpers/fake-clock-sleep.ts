/**
 * A sleep on the global timers, which vitest's fake timers drive (node:timers/promises, which the product's sleep
 * uses, is out of their reach): for code that takes its sleep as an option. Resolves early when the signal aborts.
 */
export function fakeClockSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
