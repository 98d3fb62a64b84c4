// Whether the container runtime answers, as the kubelet's runtimeState tracks it: while Docker is down (an engine
// restart, a full disk that stops it) the pod loop skips its passes with an exponential back-off, as the kubelet's
// syncLoop does ("skipping pod synchronization"), instead of failing every second; pods and the host report the
// outage, and the first pass after it brings the pods back. Pure: time comes in (ms).

import { backOffDelay, withDeadline } from '../../common';

/** Back-off between attempts while the runtime is down: doubling from the first to the last, then staying there. */
export const RUNTIME_RETRY_INITIAL_MS = 1000;
/** The kubelet's syncLoop caps its back-off at 5 s. */
export const RUNTIME_RETRY_MAX_MS = 5000;

/**
 * A call that tells whether the engine is there (list containers, version, images) and has no answer by then counts
 * as the engine down: a wedged dockerd takes connections and answers none, and the agent must still report. Well
 * inside the controller's 40 s grace period, so the host is NotReady for its runtime, not Unknown for silence.
 */
export const RUNTIME_CALL_TIMEOUT_MS = 10_000;
/** While the engine is known down, a report asks it only this long before saying so (the controller waits 5 s). */
export const RUNTIME_CALL_WHILE_DOWN_MS = 1_000;

/** Thrown when the engine gives no answer in time; the call itself is abandoned through its signal. */
export class RuntimeTimeout extends Error {
  readonly code = 'RuntimeTimeout';
  constructor(ms: number) {
    super(`the Docker Engine did not answer within ${ms / 1000} s`);
  }
}

/** Runs `call` with a signal aborted after `ms`; rejects with RuntimeTimeout then, whatever the call does after. */
export function withinDeadline<T>(call: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  return withDeadline(ms, () => new RuntimeTimeout(ms), call);
}

/** As the Node's status shows it (Kubernetes' RuntimeReady condition): the reason when it is not ready. */
export const REASON_RUNTIME_DOWN = 'ContainerRuntimeDown';

export interface RuntimeStatus {
  ready: boolean;
  /** REASON_RUNTIME_DOWN when not ready. */
  reason?: string;
  message?: string;
  /** When it was first seen down (RFC 3339). */
  since?: string;
}

interface Outage {
  since: number;
  failures: number;
  retryAt: number;
  message: string;
}

export class RuntimeHealth {
  #outage: Outage | undefined;

  get ready(): boolean {
    return this.#outage === undefined;
  }

  status(): RuntimeStatus {
    const o = this.#outage;
    if (!o) return { ready: true };
    return { ready: false, reason: REASON_RUNTIME_DOWN, message: `container runtime is down: ${o.message}`, since: new Date(o.since).toISOString() };
  }

  /** Whether a pass may call the runtime now (false while backing off). */
  mayTry(now: number): boolean {
    return !this.#outage || now >= this.#outage.retryAt;
  }

  /** Records a failed attempt; returns a line to log, or undefined to stay quiet (logs thin out as the outage lasts). */
  failed(message: string, now: number): string | undefined {
    const o = this.#outage;
    const failures = (o?.failures ?? 0) + 1;
    const wait = backOffDelay({ initialMs: RUNTIME_RETRY_INITIAL_MS, capMs: RUNTIME_RETRY_MAX_MS }, failures);
    this.#outage = { since: o?.since ?? now, failures, retryAt: now + wait, message };
    // The first failure, a new error, and then the 2nd, 4th, 8th, … attempt: a long outage logs less and less.
    if (!o || o.message !== message || (failures & (failures - 1)) === 0) {
      return `container runtime unreachable (attempt ${failures}, next in ${wait / 1000}s): ${message}`;
    }
    return undefined;
  }

  /** Records a successful attempt; returns a line to log when it ends an outage. */
  succeeded(now: number): string | undefined {
    const o = this.#outage;
    this.#outage = undefined;
    if (!o) return undefined;
    return `container runtime reachable again after ${Math.round((now - o.since) / 1000)}s and ${o.failures} failed attempts`;
  }
}
