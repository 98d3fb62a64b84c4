// A time limit on a call that takes an AbortSignal: on expiry the caller gets `expired()`'s error at once and the
// call's signal aborts (with that error as its reason), so the work it started is let go. The SSH calls to hosts and
// the agent's calls to its Docker Engine both go through it.

export async function withDeadline<T>(ms: number, expired: () => Error, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = expired();
      // Rejected first: a call that rejects as its signal aborts must not win the race with its own error.
      reject(err);
      controller.abort(err);
    }, ms);
  });
  try {
    // The race handles the call's own rejection after the deadline too: it is nobody's then.
    return await Promise.race([call(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
