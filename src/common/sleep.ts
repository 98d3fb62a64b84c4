// Waiting with an abort signal. Not node:timers/promises' setTimeout: that one rejects with a bare AbortError rather
// than the signal's reason (a HostTimeoutError must reach the caller as itself), and test fake timers (vitest's) do
// not reach it, so tests of back-offs could not run on a fake clock.

/** Resolves after ms, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
