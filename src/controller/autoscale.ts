import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { reconcileHorizontalPodAutoscaler, type HorizontalPodAutoscalerRecord, type PodMetrics } from '../controllers';
import { keyString, labelSelectorMatches, type DesiredState, type KubeObject } from '../manifest';
import type { Decision } from './events';
import type { StoreRecords } from './store';

const PREFIX = 'hpa/';
/** Kubernetes' --horizontal-pod-autoscaler-sync-period. */
export const AUTOSCALE_PERIOD_MS = 15_000;

interface StoredAutoscaler {
  record: HorizontalPodAutoscalerRecord;
  /** The target's replicas as last decided: kept on top of git's between syncs and across restarts. */
  replicas: number;
  /** git's spec.replicas when decided: a commit changing it is the user's word and starts over from it. */
  gitReplicas: number;
  at: string;
}

/** What an HPA scales, found in the desired state: a Deployment of its namespace. */
export interface AutoscalerTarget {
  hpa: HorizontalPodAutoscaler;
  target: Deployment;
  key: string;
}

export interface AutoscaleInput {
  targets: readonly AutoscalerTarget[];
  /** The pods as the last pass showed them. */
  pods: readonly Pod[];
  /** Their usage, when a sync is due (else the stored sizes stand). */
  metrics: ReadonlyMap<string, PodMetrics> | undefined;
  now: Date;
  decisions: Decision[];
}

export function autoscalerTargets(desired: DesiredState): AutoscalerTarget[] {
  const out: AutoscalerTarget[] = [];
  for (const { object } of desired.objects) {
    if (object.kind !== 'HorizontalPodAutoscaler') continue;
    const hpa = object as unknown as HorizontalPodAutoscaler;
    const ref = hpa.spec!.scaleTargetRef;
    const namespace = hpa.metadata?.namespace ?? 'default';
    const target = desired.objects.find((o) => o.object.kind === ref.kind && o.object.metadata.name === ref.name && (o.object.metadata.namespace ?? 'default') === namespace)?.object;
    if (target?.kind === 'Deployment') out.push({ hpa, target: target as unknown as Deployment, key: keyString({ kind: 'HorizontalPodAutoscaler', namespace, name: hpa.metadata!.name! }) });
  }
  return out;
}

/**
 * The HorizontalPodAutoscalers of the desired state: every AUTOSCALE_PERIOD_MS each computes its target's size from
 * the pods' usage (`metrics`, when given), and the desired state comes back with those sizes in place of git's
 * spec.replicas — the HPA owns the count, as in Kubernetes. HPA objects come back with their status.
 */
export class Autoscalers {
  constructor(private readonly store: StoreRecords) {}

  /** Whether a sync is due (metrics must then be collected). */
  due(targets: readonly AutoscalerTarget[], now: Date): boolean {
    return targets.some(({ key }) => {
      const stored = this.store.get<StoredAutoscaler>(PREFIX + key);
      return !stored || now.getTime() - Date.parse(stored.at) >= AUTOSCALE_PERIOD_MS;
    });
  }

  apply(desired: DesiredState, { targets, pods, metrics, now, decisions }: AutoscaleInput): { desired: DesiredState; statuses: Map<string, KubeObject> } {
    const overrides = new Map<Deployment, number>();
    const statuses = new Map<string, KubeObject>();
    for (const { hpa, target, key } of targets) {
      let stored = this.store.get<StoredAutoscaler>(PREFIX + key);
      const gitReplicas = target.spec?.replicas ?? 1;
      if (stored && stored.gitReplicas !== gitReplicas) stored = undefined;
      const current = stored?.replicas ?? gitReplicas;
      if (metrics && (!stored || now.getTime() - Date.parse(stored.at) >= AUTOSCALE_PERIOD_MS)) {
        const namespace = hpa.metadata?.namespace ?? 'default';
        const selector = target.spec!.selector;
        const own = pods.filter((p) => (p.metadata?.namespace ?? 'default') === namespace && labelSelectorMatches(selector, p.metadata?.labels) && !p.metadata?.deletionTimestamp);
        const result = reconcileHorizontalPodAutoscaler(hpa, { target: { replicas: current, selector }, pods: own, metrics, stored: stored?.record }, now);
        for (const e of result.events) decisions.push({ object: { kind: 'HorizontalPodAutoscaler', namespace, name: hpa.metadata!.name! }, reason: e.reason, message: e.message, type: e.type });
        stored = { record: result.record, replicas: result.desiredReplicas, gitReplicas, at: now.toISOString() };
        this.store.put(PREFIX + key, stored);
      }
      if (stored) {
        overrides.set(target, stored.replicas);
        statuses.set(key, { ...(hpa as unknown as KubeObject), status: stored.record.status } as KubeObject);
      }
    }
    for (const [key] of this.store.list(PREFIX)) if (!targets.some((t) => PREFIX + t.key === key)) this.store.delete(key);
    if (overrides.size === 0) return { desired, statuses };
    const objects = desired.objects.map((loaded) => {
      const replicas = overrides.get(loaded.object as unknown as Deployment);
      if (replicas === undefined) return loaded;
      const d = loaded.object as unknown as Deployment;
      return { ...loaded, object: { ...loaded.object, spec: { ...d.spec!, replicas } } as unknown as KubeObject };
    });
    return { desired: { ...desired, objects }, statuses };
  }
}
