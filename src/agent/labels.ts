// Docker labels on every container the agent creates: they are the agent's only memory of what it runs, so an agent
// restarted from nothing adopts its containers by reading them back (the kubelet does the same with its labels).
import type { Pod } from 'kubernetes-types/core/v1';

export const LABEL_MANAGED = 'berth.dev/managed';
export const LABEL_CLUSTER = 'berth.dev/cluster';
export const LABEL_NAMESPACE = 'berth.dev/namespace';
export const LABEL_POD = 'berth.dev/pod';
export const LABEL_POD_UID = 'berth.dev/pod-uid';
export const LABEL_CONTAINER = 'berth.dev/container';
export const LABEL_SPEC_HASH = 'berth.dev/spec-hash';
export const LABEL_RESTART_COUNT = 'berth.dev/restart-count';
export const LABEL_ATTEMPT = 'berth.dev/attempt';

/** The container name of a pod's sandbox, as the kubelet's dockershim called it. */
export const SANDBOX_CONTAINER = 'POD';

/** What the labels of a managed container say about it. */
export interface ContainerIdentity {
  cluster: string;
  namespace: string;
  pod: string;
  podUid: string;
  /** The container's name in the pod spec, or SANDBOX_CONTAINER. */
  container: string;
  specHash: string;
  restartCount: number;
  attempt: number;
}

export function identityLabels(id: ContainerIdentity): Record<string, string> {
  return {
    [LABEL_MANAGED]: 'true',
    [LABEL_CLUSTER]: id.cluster,
    [LABEL_NAMESPACE]: id.namespace,
    [LABEL_POD]: id.pod,
    [LABEL_POD_UID]: id.podUid,
    [LABEL_CONTAINER]: id.container,
    [LABEL_SPEC_HASH]: id.specHash,
    [LABEL_RESTART_COUNT]: String(id.restartCount),
    [LABEL_ATTEMPT]: String(id.attempt),
  };
}

/** The identity in a container's labels; undefined when the container is not one the agent made. */
export function parseIdentity(labels: Record<string, string> | undefined): ContainerIdentity | undefined {
  if (!labels || labels[LABEL_MANAGED] !== 'true') return undefined;
  const required = [LABEL_CLUSTER, LABEL_NAMESPACE, LABEL_POD, LABEL_POD_UID, LABEL_CONTAINER, LABEL_SPEC_HASH];
  if (required.some((k) => !labels[k])) return undefined;
  return {
    cluster: labels[LABEL_CLUSTER],
    namespace: labels[LABEL_NAMESPACE],
    pod: labels[LABEL_POD],
    podUid: labels[LABEL_POD_UID],
    container: labels[LABEL_CONTAINER],
    specHash: labels[LABEL_SPEC_HASH],
    restartCount: toCount(labels[LABEL_RESTART_COUNT]),
    attempt: toCount(labels[LABEL_ATTEMPT]),
  };
}

function toCount(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/**
 * A pod's uid; pods written without one (hand-written manifests before the controller stamps one) are known by key.
 */
export function podUid(pod: Pod): string {
  return pod.metadata?.uid || `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`;
}

/**
 * The Docker name of a container. Docker names are unique per engine, and one engine may hold several clusters (the
 * lab, tests) and, while a pod is replaced on its host, two spec versions of one pod: so both are in the name, beside
 * the `berth_<ns>_<pod>_<container>_<attempt>` of the design.
 */
export function containerName(id: ContainerIdentity): string {
  return `berth_${id.namespace}_${id.pod}_${id.container}_${id.attempt}_${id.cluster}_${id.specHash.slice(0, 8)}`;
}
