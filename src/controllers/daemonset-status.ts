// Kubernetes' daemon_controller.go updateDaemonSetStatus, from the live pods the step saw.
import type { DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { LABEL_CONTROLLER_REVISION_HASH } from '../manifest';
import type { DaemonNode } from './daemonset-rolling';
import { isPodReady } from './rollout-pods';

/**
 * Per host that should run the daemon: scheduled when it has a pod; ready, available and updated as that pod is (the
 * old one when a new one surges beside it, Kubernetes' oldest). Hosts with a pod that should not run one are
 * misscheduled.
 */
export function daemonSetStatus(
  ds: DaemonSet,
  nodes: ReadonlyArray<DaemonNode>,
  counts: { desired: number; misscheduled: number },
  hash: string,
  available: (pod: Pod) => boolean,
): DaemonSetStatus {
  let current = 0;
  let ready = 0;
  let numberAvailable = 0;
  let updated = 0;
  for (const node of nodes) {
    if (!node.shouldRun) continue;
    const pod = node.oldPod ?? node.newPod;
    if (!pod) continue;
    current++;
    if (isPodReady(pod)) {
      ready++;
      if (available(pod)) numberAvailable++;
    }
    if (pod.metadata?.labels?.[LABEL_CONTROLLER_REVISION_HASH] === hash) updated++;
  }
  return {
    currentNumberScheduled: current,
    desiredNumberScheduled: counts.desired,
    numberMisscheduled: counts.misscheduled,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable,
    numberUnavailable: counts.desired - numberAvailable,
    observedGeneration: ds.metadata?.generation ?? 1,
    ...(ds.status?.collisionCount !== undefined ? { collisionCount: ds.status.collisionCount } : {}),
  };
}
