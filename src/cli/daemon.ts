// What the long-running commands (`berth agent`, `berth controller`) share: running until told to stop, and leaving.

/** Resolves with the signal when SIGTERM or SIGINT arrives. */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

const EXIT_GRACE_MS = 500;

/**
 * Exits once everything has been closed: a request left in flight (a graceful Docker stop close() did not wait for)
 * would keep the process alive; the timer is unref'd, so it only fires when something does.
 */
export function exitSoon(): void {
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}
