import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves after ms, or rejects with the signal's own reason when it aborts first (node:timers/promises rejects with a
 * bare AbortError; a HostTimeoutError must reach the caller as itself).
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (err) {
    throw signal?.aborted ? signal.reason : err;
  }
}
