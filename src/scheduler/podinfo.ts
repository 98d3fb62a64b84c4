// A pod as the scheduler sees it. Pods stamped from one template (a ReplicaSet's replicas, a Job's pods) share a
// PodGroup, so what plugins derive from the spec (requests, parsed affinity, tolerations) is computed once per group.
import type { Pod, PodSpec } from 'kubernetes-types/core/v1';
import { podHostPorts, type HostPort } from './hostports';
import { podRequests, type Resources } from './resources';

export interface PodInfo {
  /** "namespace/name" */
  readonly key: string;
  readonly pod: Pod;
  readonly group: PodGroup;
}

export class PodGroup {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** "key=value" of each label: how placed pods are indexed. */
  readonly labelPairs: readonly string[];
  readonly spec: PodSpec;
  /** Requests as the Fit filter counts them. */
  readonly requests: Resources;
  /** Requests with kube-scheduler's non-zero defaults (100m, 200Mi), as scoring and NonZeroRequested count them. */
  readonly nonZeroRequests: Resources;
  readonly hostPorts: readonly HostPort[];
  /** The last time a pod of this group fit nowhere: reused while nothing was placed since (see schedule). */
  lastFailure?: { version: number; message: string; reasons: Record<string, number> };
  private readonly memo = new Map<string, unknown>();

  constructor(pod: Pod) {
    this.namespace = pod.metadata?.namespace || 'default';
    this.labels = pod.metadata?.labels ?? {};
    this.labelPairs = Object.entries(this.labels).map(([k, v]) => `${k}=${v}`);
    this.spec = pod.spec ?? { containers: [] };
    this.requests = podRequests(this.spec);
    this.nonZeroRequests = podRequests(this.spec, true);
    this.hostPorts = podHostPorts(this.spec);
  }

  /** Per-group data a plugin derives from the spec, computed on first use under a plugin-private key. */
  derived<T>(key: string, compute: (group: PodGroup) => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = compute(this);
    this.memo.set(key, v);
    return v;
  }
}

/**
 * `group.derived(key, compute)` as a function that remembers the last group it was asked about: the framework asks
 * about one pod at a time, once per node, so this turns a map lookup per node into a pointer comparison.
 */
export function derivedOf<T>(key: string, compute: (group: PodGroup) => T): (group: PodGroup) => T {
  let last: PodGroup | undefined;
  let value: T;
  return (g) => {
    if (g !== last) {
      value = g.derived(key, compute);
      last = g;
    }
    return value;
  };
}

// Every field a plugin reads must be in the signature, or two pods that schedule differently would share a group.
function specSignature(spec: PodSpec): string {
  return JSON.stringify([
    spec.nodeName,
    spec.nodeSelector,
    spec.affinity,
    spec.tolerations,
    spec.topologySpreadConstraints,
    spec.overhead,
    spec.priority,
    (spec.containers ?? []).map((c) => [c.image, c.resources, c.ports]),
    (spec.initContainers ?? []).map((c) => [c.image, c.resources, c.ports, c.restartPolicy]),
  ]);
}

/** Builds PodInfos, sharing one PodGroup among pods with the same scheduling signature. */
export class PodGroups {
  private readonly groups = new Map<string, PodGroup>();
  // Controllers often stamp pods from one template object: remember a spec object's signature by identity.
  private readonly specSigs = new WeakMap<PodSpec, string>();

  info(pod: Pod): PodInfo {
    const ns = pod.metadata?.namespace || 'default';
    const spec = pod.spec ?? { containers: [] };
    let specSig = this.specSigs.get(spec);
    if (specSig === undefined) this.specSigs.set(spec, (specSig = specSignature(spec)));
    const sig = `${ns}\0${JSON.stringify(pod.metadata?.labels ?? {})}\0${specSig}`;
    let group = this.groups.get(sig);
    if (!group) this.groups.set(sig, (group = new PodGroup(pod)));
    return { key: `${ns}/${pod.metadata?.name ?? ''}`, pod, group };
  }

  get size(): number {
    return this.groups.size;
  }
}
