import type { ReplicaSet, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { generateName, siblingSuffixes, sortedSiblingSuffixes } from './hash';
import { controllerRef } from './owner';
import { newPod, podShape, type DesiredPod, type PodShape } from './pod';
import { isPodActive, isPodAvailable, isPodReady, maxContainerRestarts, podReadyTime } from './rollout-pods';

// Kubernetes' pod-deletion-cost annotation (controller.kubernetes.io/pod-deletion-cost, on by default since 1.22).
const ANNOTATION_POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * ReplicaSet → `replicas` pods named `<rs>-<suffix>`. Where Kubernetes' API server picks a random suffix, the suffix
 * here is hashed from (ReplicaSet, ordinal), so the same ReplicaSet always wants the same pod names. All the pods share
 * one spec object and one set of labels and annotations. Sorted by name.
 *
 * Given the ReplicaSet's live pods, the pods it keeps come first: when there are more than `replicas`, the ones to go
 * are chosen as Kubernetes' getPodsToDelete chooses them (see keptPods); when there are fewer, the missing ones take
 * the lowest ordinals whose names are free. Without live pods (or when they are exactly the first ordinals) the
 * result is the ordinals [0, replicas).
 */
export function reconcileReplicaSet(rs: ReplicaSet, livePods?: ReadonlyArray<Pod>): DesiredPod[] {
  const name = rs.metadata!.name!;
  const namespace = rs.metadata!.namespace ?? 'default';
  const replicas = rs.spec!.replicas ?? 1;
  if (replicas <= 0) return [];
  const shape = replicaSetPodShape(rs, namespace);
  const prefix = `${name}-`;
  const key = `${namespace}/${name}`;
  const ordinal = ordinalNames(key, prefix, replicas);
  const kept: ReadonlyArray<Pod> = livePods?.length ? keptPods(livePods, replicas) : [];
  if (kept.length && !allOrdinal(kept, prefix, ordinal.suffixes)) {
    const names = namesAround(kept, prefix, key, replicas);
    return names.map((podName) => newPod(shape, podName));
  }
  // The ordinal pods of the same shape are the same objects as last pass (a new array: callers may reorder theirs).
  if (ordinal.shape !== shape) {
    ordinal.shape = shape;
    ordinal.pods = ordinal.names.map((podName) => newPod(shape, podName));
  }
  return ordinal.pods!.slice();
}

// The pod shape per template object, held weakly (see computeHash: templates are not mutated once expanded). The
// owner's identity and the template's parts are checked, so a template reused for another owner gets its own shape.
const shapes = new WeakMap<PodTemplateSpec, { rs: ReplicaSet; metadata?: ObjectMeta; labels?: unknown; annotations?: unknown; spec?: PodSpec; shape: PodShape }>();

function replicaSetPodShape(rs: ReplicaSet, namespace: string): PodShape {
  const template = rs.spec!.template!;
  const last = shapes.get(template);
  if (
    last &&
    last.metadata === template.metadata &&
    last.labels === template.metadata?.labels &&
    last.annotations === template.metadata?.annotations &&
    last.spec === template.spec &&
    sameOwner(last.rs, rs)
  ) {
    return last.shape;
  }
  const shape = podShape(template, namespace, controllerRef(rs));
  shapes.set(template, { rs, metadata: template.metadata, labels: template.metadata?.labels, annotations: template.metadata?.annotations, spec: template.spec, shape });
  return shape;
}

/** What controllerRef and the pods' namespace take from the ReplicaSet. */
function sameOwner(a: ReplicaSet, b: ReplicaSet): boolean {
  return a === b || (a.apiVersion === b.apiVersion && a.kind === b.kind && a.metadata?.name === b.metadata?.name && a.metadata?.namespace === b.metadata?.namespace);
}

interface OrdinalNames {
  replicas: number;
  prefix: string;
  /** Sorted, as sortedSiblingSuffixes returns them. */
  suffixes: string[];
  names: string[];
  /** The pods of `names` made from `shape`, built on first use. */
  shape?: PodShape;
  pods?: DesiredPod[];
}

// The names of ordinals [0, replicas) by ReplicaSet key, kept between passes: the same string objects every pass, so
// everything downstream that keys maps by pod name finds their hash already computed. Bounded: past the limit the
// oldest entry goes (a cluster with more ReplicaSets only recomputes names, as without the cache).
const MAX_CACHED_REPLICASETS = 50_000;
const ordinalNamesCache = new Map<string, OrdinalNames>();

function ordinalNames(key: string, prefix: string, replicas: number): OrdinalNames {
  const cached = ordinalNamesCache.get(key);
  if (cached && cached.replicas === replicas && cached.prefix === prefix) return cached;
  const suffixes = sortedSiblingSuffixes(key, replicas);
  const entry: OrdinalNames = { replicas, prefix, suffixes, names: suffixes.map((suffix) => generateName(prefix, suffix)) };
  if (cached) ordinalNamesCache.delete(key);
  else if (ordinalNamesCache.size >= MAX_CACHED_REPLICASETS) ordinalNamesCache.delete(ordinalNamesCache.keys().next().value!);
  ordinalNamesCache.set(key, entry);
  return entry;
}

/**
 * The live pods a ReplicaSet of `replicas` keeps, in their given order: every active pod when there are not more, else
 * all but the first
 * (count − replicas) in Kubernetes' deletion order (ActivePodsWithRanks): unscheduled before scheduled; Pending before
 * Unknown before Running; not ready before ready; lower pod-deletion-cost first; doubled up (more sibling pods on the
 * same host) first; ready for less time first; more container restarts first; newer first. Ties go by name, the
 * greater first, so the choice is the same on every pass. Siblings are this ReplicaSet's own pods (Kubernetes also
 * counts the pods of the owner's other ReplicaSets).
 */
export function keptPods(livePods: ReadonlyArray<Pod>, replicas: number): ReadonlyArray<Pod> {
  let count = 0;
  for (let i = 0; i < livePods.length; i++) if (isPodActive(livePods[i])) count++;
  // The usual case, every pod active and none too many, costs no copy.
  if (count <= replicas) return count === livePods.length ? livePods : livePods.filter(isPodActive);
  if (replicas <= 0) return [];
  const active = livePods.filter(isPodActive);
  const perHost = new Map<string, number>();
  for (const p of active) {
    const host = p.spec?.nodeName ?? '';
    perHost.set(host, (perHost.get(host) ?? 0) + 1);
  }
  const ranked = active.map((pod) => rankOf(pod, perHost.get(pod.spec?.nodeName ?? '') ?? 0));
  ranked.sort(compareForDeletion);
  const kept = new Set(ranked.slice(active.length - replicas).map((r) => r.pod));
  return active.filter((p) => kept.has(p));
}

interface Ranked {
  pod: Pod;
  name: string;
  scheduled: boolean;
  phase: number;
  ready: boolean;
  cost: number;
  colocated: number;
  readySince: number;
  restarts: number;
  created: number;
}

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function rankOf(pod: Pod, colocated: number): Ranked {
  const cost = Number(pod.metadata?.annotations?.[ANNOTATION_POD_DELETION_COST] ?? 0);
  const created = pod.metadata?.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : 0;
  return {
    pod,
    name: pod.metadata?.name ?? '',
    scheduled: !!pod.spec?.nodeName,
    phase: PHASE_ORDER[pod.status?.phase ?? 'Pending'] ?? 0,
    ready: isPodReady(pod),
    cost: Number.isFinite(cost) ? cost : 0,
    colocated,
    readySince: podReadyTime(pod) ?? 0,
    restarts: maxContainerRestarts(pod),
    created: Number.isNaN(created) ? 0 : created,
  };
}

/** Negative when `a` is deleted before `b` (ActivePodsWithRanks.Less), with the name as the last word. */
export function compareForDeletion(a: Ranked, b: Ranked): number {
  if (a.scheduled !== b.scheduled) return a.scheduled ? 1 : -1;
  if (a.phase !== b.phase) return a.phase - b.phase;
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.colocated !== b.colocated) return b.colocated - a.colocated;
  // afterOrZero: an unknown time (0) counts as the latest.
  if (a.ready && a.readySince !== b.readySince) return afterOrZero(a.readySince, b.readySince) ? -1 : 1;
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  if (a.created !== b.created) return afterOrZero(a.created, b.created) ? -1 : 1;
  return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
}

function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === 0 || t2 === 0) return t1 === 0;
  return t1 > t2;
}

/**
 * Whether every kept pod bears one of the names of ordinals [0, replicas): then those ordinals are the answer (the
 * free ones among them are the lowest free ordinals), and the usual case costs no set of names.
 */
function allOrdinal(kept: ReadonlyArray<Pod>, prefix: string, sortedSuffixes: string[]): boolean {
  const cutPrefix = generateName(prefix, '');
  const cut = cutPrefix.length;
  for (const pod of kept) {
    const name = pod.metadata?.name ?? '';
    if (name.length !== cut + 5 || !name.startsWith(cutPrefix)) return false;
    if (!binaryHas(sortedSuffixes, name.slice(cut))) return false;
  }
  return true;
}

function binaryHas(sorted: string[], value: string): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The kept pods' names plus the lowest free ordinals up to `replicas`, sorted. */
function namesAround(kept: ReadonlyArray<Pod>, prefix: string, key: string, replicas: number): string[] {
  const names = kept.map((p) => p.metadata!.name!);
  const taken = new Set(names);
  for (const suffix of siblingSuffixes(key, replicas + kept.length)) {
    if (names.length >= replicas) break;
    const name = generateName(prefix, suffix);
    if (!taken.has(name)) names.push(name);
  }
  return names.sort();
}

/** ReplicaSet status from its live pods: those it keeps (see keptPods), ready, and available for minReadySeconds. */
export function replicaSetStatus(rs: ReplicaSet, livePods: ReadonlyArray<Pod> | undefined, now: Date): ReplicaSetStatus {
  const kept = livePods?.length ? keptPods(livePods, rs.spec?.replicas ?? 0) : [];
  return statusOfPods(kept, rs.spec?.minReadySeconds ?? 0, now.getTime(), rs.metadata?.generation);
}

export function statusOfPods(pods: ReadonlyArray<Pod>, minReadySeconds: number, nowMs: number, generation?: number): ReplicaSetStatus {
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (!isPodReady(pod)) continue;
    ready++;
    if (isPodAvailable(pod, minReadySeconds, nowMs)) available++;
  }
  return {
    replicas: pods.length,
    fullyLabeledReplicas: pods.length,
    readyReplicas: ready,
    availableReplicas: available,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
}
