// Every call to a host has a time limit. On expiry the caller gets HostTimeoutError at once, and the call's signal
// aborts so the work it started (a channel, an SFTP session, a wait) is let go.
import { HostTimeoutError } from './errors';

export interface Deadline {
  signal: AbortSignal;
  /** Epoch ms when the call's time runs out. */
  at: number;
}

export async function withTimeout<T>(host: string, what: string, timeoutMs: number, fn: (deadline: Deadline) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new HostTimeoutError(host, what, timeoutMs);
      controller.abort(err);
      reject(err);
    }, timeoutMs);
  });
  try {
    return await Promise.race([fn({ signal: controller.signal, at: Date.now() + timeoutMs }), expired]);
  } finally {
    clearTimeout(timer);
  }
}
