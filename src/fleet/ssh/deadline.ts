// Every call to a host has a time limit. On expiry the caller gets HostTimeoutError at once, and the call's signal
// aborts so the work it started (a channel, an SFTP session, a wait) is let go.
import { withDeadline } from '../../common';
import { HostTimeoutError } from './errors';

export interface Deadline {
  signal: AbortSignal;
  /** Epoch ms when the call's time runs out. */
  at: number;
}

export function withTimeout<T>(host: string, what: string, timeoutMs: number, fn: (deadline: Deadline) => Promise<T>): Promise<T> {
  const at = Date.now() + timeoutMs;
  return withDeadline(timeoutMs, () => new HostTimeoutError(host, what, timeoutMs), (signal) => fn({ signal, at }));
}
