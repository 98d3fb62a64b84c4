import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { ANNOTATION_DEPLOYMENT_REVISION, LABEL_POD_TEMPLATE_HASH, ANNOTATION_DESIRED_REPLICAS, ANNOTATION_MAX_REPLICAS } from '../manifest';
import { computeHash } from './hash';
import { controllerRef } from './owner';


// Deployment annotations that are not copied to its ReplicaSets (deployment/util: annotationsToSkip).
const ANNOTATIONS_NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  ANNOTATION_DEPLOYMENT_REVISION,
  'deployment.kubernetes.io/revision-history',
  ANNOTATION_DESIRED_REPLICAS,
  ANNOTATION_MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

/** What the controller knows of a Deployment beyond git. Empty for a Deployment that has never been applied. */
export interface DeploymentLive {
  /** The ReplicaSets the Deployment owns now: their revisions continue, and rollouts (later) scale them. */
  replicaSets?: ReplicaSet[];
  /** status.collisionCount: bumped when a ReplicaSet name is taken by a different template. */
  collisionCount?: number;
}

/**
 * Deployment → its desired ReplicaSets. For now only the current one, `<deployment>-<pod-template-hash>`, at full
 * scale; rollout history and RollingUpdate arithmetic over `live.replicaSets` arrive with the controller.
 * A paused Deployment creates no new ReplicaSet, as in Kubernetes: it keeps the current one if it exists.
 */
export function reconcileDeployment(deployment: Deployment, live: DeploymentLive = {}): ReplicaSet[] {
  const spec = deployment.spec!;
  const hash = computeHash(spec.template, live.collisionCount);
  const name = `${deployment.metadata!.name}-${hash}`;
  const existing = live.replicaSets?.find((rs) => rs.metadata?.name === name);
  if (spec.paused) return existing ? [existing] : [];

  const replicas = spec.replicas ?? 1;
  const labels = { ...spec.template.metadata?.labels, [LABEL_POD_TEMPLATE_HASH]: hash };
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(deployment.metadata?.annotations ?? {})) {
    if (!ANNOTATIONS_NOT_COPIED.has(key)) annotations[key] = value;
  }
  annotations[ANNOTATION_DESIRED_REPLICAS] = String(replicas);
  annotations[ANNOTATION_MAX_REPLICAS] = String(replicas + maxSurge(deployment));
  annotations[ANNOTATION_DEPLOYMENT_REVISION] = String(nextRevision(name, existing, live.replicaSets ?? []));

  return [
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: deployment.metadata!.namespace,
        labels,
        annotations,
        ownerReferences: [controllerRef(deployment)],
      },
      spec: {
        replicas,
        ...(spec.minReadySeconds ? { minReadySeconds: spec.minReadySeconds } : {}),
        selector: { ...spec.selector, matchLabels: { ...spec.selector.matchLabels, [LABEL_POD_TEMPLATE_HASH]: hash } },
        template: { ...spec.template, metadata: { ...spec.template.metadata, labels } },
      },
    },
  ];
}

/** Revision of the current ReplicaSet: one more than any other's, and never lower than its own. */
function nextRevision(name: string, current: ReplicaSet | undefined, all: ReplicaSet[]): number {
  let maxOld = 0;
  for (const rs of all) if (rs.metadata?.name !== name) maxOld = Math.max(maxOld, revisionOf(rs));
  return Math.max(maxOld + 1, current ? revisionOf(current) : 0);
}

function revisionOf(rs: ReplicaSet): number {
  const n = Number(rs.metadata?.annotations?.[ANNOTATION_DEPLOYMENT_REVISION]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** deploymentutil.MaxSurge: maxSurge of RollingUpdate scaled to replicas, rounded up (0 for Recreate). */
export function maxSurge(deployment: Deployment): number {
  const strategy = deployment.spec?.strategy;
  if (strategy?.type === 'Recreate') return 0;
  const replicas = deployment.spec?.replicas ?? 1;
  const surge = scaledValue(strategy?.rollingUpdate?.maxSurge ?? '25%', replicas, true);
  const unavailable = scaledValue(strategy?.rollingUpdate?.maxUnavailable ?? '25%', replicas, false);
  // ResolveFenceposts: both zero would block a rollout, so maxUnavailable becomes 1; maxSurge stays 0.
  return surge === 0 && unavailable === 0 ? 0 : surge;
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number.parseInt(value.replace(/%$/, ''), 10);
  const scaled = (percent * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
