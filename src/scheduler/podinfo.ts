// A pod as the scheduler sees it. Pods stamped from one template (a ReplicaSet's replicas, a Job's pods) share a
// PodGroup, so what plugins derive from the spec (requests, parsed affinity, tolerations) is computed once per group.
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { podHostPorts, type HostPort } from './hostports';
import type { PodPriority, PreemptionPolicy } from './priority';
import { podRequests, type Resources } from './resources';

export interface PodInfo {
  /** "namespace/name" */
  readonly key: string;
  readonly pod: Pod;
  readonly group: PodGroup;
  /** Where the pod is, while it is on a node (set by Snapshot.assume, cleared by Snapshot.forget). */
  placement?: Placement;
}

/** A pod on a node, as PlacedPods indexes it. */
export interface Placement {
  readonly group: PodGroup;
  readonly node: number;
  /** Taken off its node (preempted, or for a preemption dry run); its counters no longer count it. */
  removed: boolean;
}

const NO_PRIORITY: PodPriority = { priority: 0, preemptionPolicy: 'PreemptLowerPriority' };

export class PodGroup {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** "key=value" of each label. */
  readonly labelPairs: readonly string[];
  /** The controller ownerReference as a key (see controllerKey); '' for a pod without one. */
  readonly controller: string;
  /** How placed pods are indexed: labelPairs, plus controllerHint(controller) for a pod with a controller. */
  readonly indexKeys: readonly string[];
  /** The first pod's spec. Its nodeName says nothing about the group: read `nodeName`. */
  readonly spec: PodSpec;
  /** The node the group's pods ask for (spec.nodeName of pods to place); '' for none, and for placed pods. */
  readonly nodeName: string;
  /** Requests as the Fit filter counts them. */
  readonly requests: Resources;
  /** Requests with kube-scheduler's non-zero defaults (100m, 200Mi), as scoring and NonZeroRequested count them. */
  readonly nonZeroRequests: Resources;
  readonly hostPorts: readonly HostPort[];
  /** Resolved from spec.priority or spec.priorityClassName (see PriorityClasses). */
  readonly priority: number;
  readonly preemptionPolicy: PreemptionPolicy;
  /** The last time a pod of this group fit nowhere: reused while nothing was placed since (see schedule). */
  lastFailure?: { version: number; message: string; reasons: Record<string, number> };
  private readonly memo = new Map<string, unknown>();

  constructor(pod: Pod, nodeName: string, controller: string, priority: PodPriority = NO_PRIORITY) {
    this.nodeName = nodeName;
    this.namespace = pod.metadata?.namespace || 'default';
    this.labels = pod.metadata?.labels ?? {};
    this.labelPairs = Object.entries(this.labels).map(([k, v]) => `${k}=${v}`);
    this.controller = controller;
    this.indexKeys = controller ? [...this.labelPairs, controllerHint(controller)] : this.labelPairs;
    this.spec = pod.spec ?? { containers: [] };
    this.requests = podRequests(this.spec);
    this.nonZeroRequests = podRequests(this.spec, true);
    this.hostPorts = podHostPorts(this.spec);
    this.priority = priority.priority;
    this.preemptionPolicy = priority.preemptionPolicy;
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
 * about one pod at a time, many times per cycle, so this turns a map lookup per call into a pointer comparison.
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

/**
 * Who controls the pod, as a key: its controller ownerReference's uid, or its kind and name when the reference has
 * no uid; '' for none. Pods with the same key (in one namespace) are siblings: one ReplicaSet's or Job's pods.
 */
export function controllerKey(refs: readonly OwnerReference[] | undefined): string {
  if (refs) for (const r of refs) if (r.controller) return r.uid ? `uid:${r.uid}` : `ref:${r.kind}/${r.name}`;
  return '';
}

/** The index key under which PlacedPods finds a controller's pods; no label pair can look like it (NUL). */
export function controllerHint(controller: string): string {
  return `\0controller\0${controller}`;
}

// Every field a plugin reads must be in the signature, or two pods that schedule differently would share a group.
// Built by hand rather than with one JSON.stringify: it runs for every pod, running ones included, and the common
// fields (images, requests, ports) are flat; the rarer structured ones are stringified only when present.
function specSignature(spec: PodSpec, json: (o: object) => string): string {
  let sig = '';
  for (const c of spec.containers ?? []) sig += containerSignature(c);
  sig += '\u0002';
  for (const c of spec.initContainers ?? []) sig += `${containerSignature(c)}${c.restartPolicy ?? ''}`;
  if (spec.nodeSelector) sig += `\u0003${json(spec.nodeSelector)}`;
  if (spec.affinity) sig += `\u0004${json(spec.affinity)}`;
  if (spec.tolerations) sig += `\u0005${json(spec.tolerations)}`;
  if (spec.topologySpreadConstraints) sig += `\u0006${json(spec.topologySpreadConstraints)}`;
  if (spec.overhead) sig += `\u0007${json(spec.overhead)}`;
  if (spec.priority !== undefined) sig += `\u0008${spec.priority}`;
  if (spec.priorityClassName) sig += `\u000e${spec.priorityClassName}`;
  if (spec.preemptionPolicy) sig += `\u000f${spec.preemptionPolicy}`;
  return sig;
}

function containerSignature(c: Container): string {
  let sig = `\u0001${c.image ?? ''}|`;
  const r = c.resources;
  if (r?.requests) for (const k in r.requests) sig += `${k}=${r.requests[k]},`;
  sig += '|';
  if (r?.limits) for (const k in r.limits) sig += `${k}=${r.limits[k]},`;
  sig += '|';
  for (const p of c.ports ?? []) if (p.hostPort) sig += `${p.hostIP ?? ''}:${p.hostPort}/${p.protocol ?? ''},`;
  return sig;
}

/** Builds PodInfos, sharing one PodGroup among pods with the same scheduling signature. */
export class PodGroups {
  private readonly groups = new Map<string, PodGroup>();
  private last?: { spec: PodSpec; labels: unknown; owners: unknown; ns: string; placed: boolean; group: PodGroup };

  /** `priorityOf` resolves a group's priority from its spec (see PriorityClasses.resolve). */
  constructor(private readonly priorityOf: (spec: PodSpec) => PodPriority = () => NO_PRIORITY) {}

  // Controllers often stamp pods from one template object: remember a spec's (or its parts') signature by identity,
  // for this pass only (objects may change between passes).
  private readonly specSigs = new WeakMap<PodSpec, string>();
  private readonly jsonOf = new WeakMap<object, string>();
  private readonly json = (o: object): string => {
    let j = this.jsonOf.get(o);
    if (j === undefined) this.jsonOf.set(o, (j = JSON.stringify(o)));
    return j;
  };

  /**
   * The pod with its group. A pod to place that names its node (spec.nodeName) groups only with pods naming the same
   * node; a placed pod's nodeName is where it is, not what it asks for, so it groups with its replicas everywhere.
   */
  info(pod: Pod, placed = false): PodInfo {
    const ns = pod.metadata?.namespace || 'default';
    const key = `${ns}/${pod.metadata?.name ?? ''}`;
    // Siblings come one after another and share their spec, labels and owner objects: same group as the last pod.
    const last = this.last;
    const m = pod.metadata;
    if (
      last &&
      last.spec === pod.spec &&
      last.labels === m?.labels &&
      last.owners === m?.ownerReferences &&
      last.ns === ns &&
      last.placed === placed
    ) {
      return { key, pod, group: last.group };
    }
    const group = this.groupOf(pod, ns, placed);
    this.last = pod.spec ? { spec: pod.spec, labels: m?.labels, owners: m?.ownerReferences, ns, placed, group } : undefined;
    return { key, pod, group };
  }

  private groupOf(pod: Pod, ns: string, placed: boolean): PodGroup {
    const spec = pod.spec ?? { containers: [] };
    let specSig = this.specSigs.get(spec);
    if (specSig === undefined) this.specSigs.set(spec, (specSig = specSignature(spec, this.json)));
    const nodeName = placed ? '' : (spec.nodeName ?? '');
    // The controller is part of the signature: default spread constraints count a pod's siblings by it.
    const controller = controllerKey(pod.metadata?.ownerReferences);
    const labels = pod.metadata?.labels;
    const sig = `${ns}\0${nodeName}\0${controller}\0${labels ? this.json(labels) : '{}'}\0${specSig}`;
    let group = this.groups.get(sig);
    if (!group) this.groups.set(sig, (group = new PodGroup(pod, nodeName, controller, this.priorityOf(spec))));
    return group;
  }

  get size(): number {
    return this.groups.size;
  }
}
