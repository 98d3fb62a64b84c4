// Whether a pod has finished for good on this host, read from Docker's record of its exited containers, so that an
// agent restarted from nothing (or after its state was lost) knows it as well as one that watched it finish. The
// kubelet keeps a terminal phase in the API server and never runs such a pod again (its pod workers only terminate
// it; computePodActions creates no new sandbox for a pod whose containers are done): Berth keeps the phase in the
// containers, which stay, stopped, until the pod is removed. Pure.
import type { Pod } from 'kubernetes-types/core/v1';
import { SANDBOX_CONTAINER } from '../labels';
import type { ObservedContainer } from '../runtime';
import { initContainerOutcome, restartPolicyOf, shouldRestart } from './restart';

export type FinishedPhase = 'Succeeded' | 'Failed';

/**
 * The terminal phase of one version of a pod (`observed`: its containers, any sandbox), or undefined while it may
 * still run: restartPolicy Always never finishes; Never finishes once every app container's last instance exited
 * (Succeeded when all exited 0), or an init container failed; OnFailure once every app container exited 0.
 */
export function finishedPhase(pod: Pod, observed: readonly ObservedContainer[]): FinishedPhase | undefined {
  const policy = restartPolicyOf(pod);
  if (policy === 'Always') return undefined;
  const last = newestByName(observed);
  for (const c of pod.spec?.initContainers ?? []) {
    const i = last.get(c.name);
    if (i?.state === 'exited' && initContainerOutcome(policy, i.exitCode) === 'podFailed') return 'Failed';
  }
  let failed = false;
  for (const c of pod.spec?.containers ?? []) {
    const i = last.get(c.name);
    if (i?.state !== 'exited' || shouldRestart(policy, i.exitCode)) return undefined;
    if (i.exitCode !== 0) failed = true;
  }
  return (pod.spec?.containers ?? []).length === 0 ? undefined : failed ? 'Failed' : 'Succeeded';
}

/**
 * Whether an app container whose last instance is `last` is done for good under the pod's restartPolicy: it is then
 * never created again, not even in a new sandbox (kuberuntime's computePodActions leaves out, under OnFailure, the
 * containers that succeeded, and under Never every container that ran).
 */
export function containerDone(pod: Pod, last: ObservedContainer | undefined): boolean {
  return last?.state === 'exited' && !shouldRestart(restartPolicyOf(pod), last.exitCode);
}

/** Each container's newest instance (the highest attempt), the sandbox left out. */
function newestByName(observed: readonly ObservedContainer[]): Map<string, ObservedContainer> {
  const newest = new Map<string, ObservedContainer>();
  for (const c of observed) {
    if (c.identity.container === SANDBOX_CONTAINER) continue;
    const seen = newest.get(c.identity.container);
    if (!seen || c.identity.attempt > seen.identity.attempt) newest.set(c.identity.container, c);
  }
  return newest;
}
