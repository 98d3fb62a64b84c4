// Whether and when a container that exited starts again: the pod's restartPolicy (kubecontainer's
// ShouldContainerBeRestarted), init containers' rules (kuberuntime's computeInitContainerActions) and
// CrashLoopBackOff (backoff.ts). Pure: the back-off's memory is passed in, time is passed in.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { podUid } from '../labels';
import { backoffKey, type CrashLoopBackOff } from './backoff';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export const REASON_CRASH_LOOP_BACK_OFF = 'CrashLoopBackOff';

/** The instance that exited. Times are ISO 8601, as the runtime reports them. */
export interface ExitedContainer {
  exitCode: number;
  startedAt?: string;
  finishedAt?: string;
}

export type RestartDecision =
  /** Start a new instance now. */
  | { action: 'restart' }
  /** Start a new instance at `at` (ms); until then the container is waiting in CrashLoopBackOff with this message. */
  | { action: 'backoff'; at: number; reason: typeof REASON_CRASH_LOOP_BACK_OFF; message: string }
  /** Leave it terminated: its work is done, or the policy says never. */
  | { action: 'none' }
  /** An init container failed under restartPolicy Never: the pod has failed. */
  | { action: 'podFailed' };

export function restartPolicyOf(pod: Pod): RestartPolicy {
  return (pod.spec?.restartPolicy as RestartPolicy | undefined) ?? 'Always';
}

/** The restart policy's answer for an app container that exited with `exitCode`. */
export function shouldRestart(policy: RestartPolicy, exitCode: number): boolean {
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return exitCode !== 0;
  return true;
}

/**
 * An init container runs to success once: a success is never rerun; a failure is retried (with back-off) under
 * Always and OnFailure alike, and fails the pod under Never.
 */
export function initContainerOutcome(policy: RestartPolicy, exitCode: number): 'done' | 'restart' | 'podFailed' {
  if (exitCode === 0) return 'done';
  return policy === 'Never' ? 'podFailed' : 'restart';
}

/** A container whose liveness or startup probe failed is killed, then started again unless the policy is Never. */
export function restartOnProbeFailure(policy: RestartPolicy): boolean {
  return policy !== 'Never';
}

export function isInitContainer(pod: Pod, name: string): boolean {
  return (pod.spec?.initContainers ?? []).some((c) => c.name === name);
}

/**
 * Decides for the last instance of `container` in `pod`, which exited. Records the exit in `backoff` (idempotent),
 * so calling it on every pass of the pod loop is right.
 */
export function decideRestart(pod: Pod, container: Container, exited: ExitedContainer, backoff: CrashLoopBackOff, now: number): RestartDecision {
  const policy = restartPolicyOf(pod);
  if (pod.metadata?.deletionTimestamp) return { action: 'none' };
  if (isInitContainer(pod, container.name)) {
    const outcome = initContainerOutcome(policy, exited.exitCode);
    if (outcome === 'done') return { action: 'none' };
    if (outcome === 'podFailed') return { action: 'podFailed' };
  } else if (!shouldRestart(policy, exited.exitCode)) {
    return { action: 'none' };
  }
  const key = backoffKey(podUid(pod), container.name);
  const finishedAt = timeOf(exited.finishedAt) ?? now;
  const startedAt = timeOf(exited.startedAt) ?? finishedAt;
  backoff.recordExit(key, finishedAt, finishedAt - startedAt);
  const wait = backoff.delay(key, now);
  if (wait === 0) return { action: 'restart' };
  return { action: 'backoff', at: now + wait, reason: REASON_CRASH_LOOP_BACK_OFF, message: backoffMessage(pod, container.name, backoff.window(key)) };
}

/** The kubelet's message: "back-off 40s restarting failed container=app pod=web-0_default(uid)". */
export function backoffMessage(pod: Pod, container: string, windowMs: number): string {
  const m = pod.metadata ?? {};
  return `back-off ${goDuration(windowMs)} restarting failed container=${container} pod=${m.name}_${m.namespace ?? 'default'}(${m.uid ?? ''})`;
}

/** Go's time.Duration.String for whole seconds: 10s, 1m20s, 5m0s. */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${s % 60}s`;
}

/** ms since the epoch; undefined for a missing time or Docker's zero time (0001-01-01). */
export function timeOf(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) || t <= 0 ? undefined : t;
}

/**
 * The restart decision as the pod loop's RestartDecider (pods/sync.ts) wants it: true to start a new instance now.
 * `onDecision` hears every decision, e.g. to report CrashLoopBackOff as the container's waiting reason and to wake the
 * loop at `at`, or to fail the pod.
 */
export function restartDecider(
  pod: Pod,
  backoff: CrashLoopBackOff,
  onDecision?: (container: Container, decision: RestartDecision) => void,
): (container: Container, last: ExitedContainer, now: Date) => boolean {
  return (container, last, now) => {
    const decision = decideRestart(pod, container, last, backoff, now.getTime());
    onDecision?.(container, decision);
    return decision.action === 'restart';
  };
}
