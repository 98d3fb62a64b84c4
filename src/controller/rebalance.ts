// The rebalancer, after Kubernetes' descheduler (RemovePodsViolatingTopologySpreadConstraint and
// RemovePodsViolatingInterPodAntiAffinity): a pod that breaks its spread or required anti-affinity where it runs is
// evicted — taken out of what runs, so the scheduler places it anew, as the taint manager and drains do — once a better
// host exists (a host joined or recovered). One pod at a time (the next waits until the last one moved runs Ready),
// never beyond its PodDisruptionBudget or its Deployment's maxUnavailable. On by default; off per cluster
// (cluster.yaml spec.scheduling.rebalance: false) or per workload (the annotation berth.dev/rebalance: "false" on the
// Deployment, its ReplicaSet or the pod template). Pure.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { canEvict, disruptionBudgetStatus, isPodReady, maxUnavailable, scaleFinder } from '../controllers';
import type { KubeObject } from '../manifest';
import type { LiveSnapshot } from '../plan';
import { schedule } from '../scheduler';
import type { Decision } from './events';
import { Placement, type PlacedPod, type Violation } from './rebalance-violations';

export const ANNOTATION_REBALANCE = 'berth.dev/rebalance';
/** A look that found moves blocked by budgets is tried again this much later (or at once when the hosts change). */
export const BLOCKED_RETRY_MS = 30_000;
export const REASON_DESCHEDULED = 'Descheduled';

/** What the rebalancer keeps between passes (in memory: after a restart it looks once more, which is harmless). */
export interface RebalanceMemory {
  /** The hosts as the last look saw them (names, labels, taints, cordons): a change means a look again. */
  nodesKey: string;
  /** The last look found nothing to move: nothing is looked at again until the hosts change. */
  settled: boolean;
  /** The pod moved last ("namespace/name"): nothing else moves until it runs Ready, or is no longer wanted. */
  moving?: string;
  /** The last look found moves that budgets blocked: the next look is not before then (ISO time). */
  retryAt?: string;
}

export interface RebalanceInput {
  /** cluster.yaml spec.scheduling.rebalance. */
  enabled: boolean;
  nodes: readonly Node[];
  live: LiveSnapshot;
  /** The pods as the last pass wanted them: a pod is judged by its desired spec (constraints, labels). */
  desired: readonly Pod[];
  /** The last pass's objects: Deployments and ReplicaSets (maxUnavailable, opt-outs), PodDisruptionBudgets. */
  objects: readonly KubeObject[];
  memory: RebalanceMemory | undefined;
  now: Date;
  decisions: Decision[];
}

export function rebalance({ enabled, nodes, live, desired, objects, memory, now, decisions }: RebalanceInput): { live: LiveSnapshot; memory?: RebalanceMemory } {
  if (!enabled) return { live };
  const nodesKey = keyOfNodes(nodes);
  if (memory?.nodesKey === nodesKey && (memory.settled || (memory.retryAt && now < new Date(memory.retryAt)))) return { live, memory };

  const wanted = new Map<string, Pod>();
  for (const p of desired) if (!p.metadata?.deletionTimestamp) wanted.set(podKey(p), p);
  const placed: PlacedPod[] = [];
  for (const h of live.hosts) {
    for (const p of h.pods) {
      if (p.metadata?.deletionTimestamp || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      const key = podKey(p);
      const spec = wanted.get(key);
      // A copy where the pod is no longer wanted (moved or evicted, its host not done stopping it) counts for nothing.
      if (spec?.spec?.nodeName && spec.spec.nodeName !== h.name) continue;
      placed.push({ key, node: h.name, pod: { ...(spec ?? p), status: p.status, spec: { ...(spec ?? p).spec!, nodeName: h.name } } });
    }
  }
  if (memory?.moving && wanted.has(memory.moving)) {
    // Still wanted and not Ready where it went (or not reported there yet): the one move under way.
    const moved = placed.find((p) => p.key === memory.moving);
    if (!moved || !isPodReady(moved.pod)) return { live, memory: { nodesKey, settled: false, moving: memory.moving } };
  }

  const placement = new Placement(nodes, placed);
  const budgets = new Budgets(objects, placed, now);
  let blocked = false;
  for (const p of [...placed].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (!budgets.rebalances(p.pod)) continue;
    const violation = placement.violation(p);
    if (!violation) continue;
    if (!budgets.allows(p.pod)) {
      blocked = true;
      continue;
    }
    const target = betterHost(p, nodes, placed);
    if (!target) continue;
    decisions.push(descheduled(p, violation, target));
    const hosts = live.hosts.map((h) => (h.name === p.node ? { ...h, pods: h.pods.filter((q) => podKey(q) !== p.key) } : h));
    return { live: { ...live, hosts }, memory: { nodesKey, settled: false, moving: p.key } };
  }
  // Blocked by a budget: look again a little later, as the budget may allow it then (not every pass: a look reads
  // every pod). Otherwise nothing has a better host until the hosts change.
  return { live, memory: blocked ? { nodesKey, settled: false, retryAt: new Date(now.getTime() + BLOCKED_RETRY_MS).toISOString() } : { nodesKey, settled: true } };
}

/**
 * A host the scheduler would place the pod on, were it not where it runs: its filters (spread, anti-affinity, taints,
 * resources…) over the other hosts with every other pod where it is; no preemption (a move never evicts others).
 */
function betterHost(p: PlacedPod, nodes: readonly Node[], placed: readonly PlacedPod[]): string | undefined {
  const { nodeName: _, ...spec } = p.pod.spec!;
  const others = nodes.map((n) => (n.metadata?.name === p.node ? { ...n, spec: { ...n.spec, unschedulable: true } } : n));
  const result = schedule({
    pods: [{ ...p.pod, spec }],
    nodes: others,
    assigned: placed.filter((q) => q !== p).map((q) => q.pod),
    config: { plugins: { disabled: ['DefaultPreemption'] } },
  });
  return result.bindings[0]?.node;
}

/** PodDisruptionBudgets and Deployments' maxUnavailable, and who opted out, over the pods where they run. */
class Budgets {
  readonly #objects = new Map<string, KubeObject>();
  readonly #pdbs: PodDisruptionBudget[];
  #statuses?: Map<string, PodDisruptionBudgetStatus>;

  constructor(
    private readonly objects: readonly KubeObject[],
    private readonly placed: readonly PlacedPod[],
    private readonly now: Date,
  ) {
    for (const o of objects) this.#objects.set(`${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`, o);
    this.#pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget') as unknown as PodDisruptionBudget[];
  }

  /** A ReplicaSet's pod (a Deployment's, usually) that has not opted out. Bare pods and Jobs' are left alone. */
  rebalances(pod: Pod): boolean {
    const rs = this.#replicaSet(pod);
    if (!rs) return false;
    const optedOut = (o: { metadata?: { annotations?: Record<string, string> } } | undefined) => o?.metadata?.annotations?.[ANNOTATION_REBALANCE] === 'false';
    return !optedOut(pod) && !optedOut(rs) && !optedOut(this.#deployment(rs));
  }

  /** Evicting the pod keeps its Deployment within maxUnavailable and its budget (the eviction API's check). */
  allows(pod: Pod): boolean {
    const rs = this.#replicaSet(pod)!;
    const d = this.#deployment(rs);
    if (d && isPodReady(pod)) {
      const ns = d.metadata?.namespace ?? 'default';
      const ready = this.placed.filter((q) => {
        const owner = this.#replicaSet(q.pod);
        return owner && isPodReady(q.pod) && this.#deployment(owner) === d && (q.pod.metadata?.namespace ?? 'default') === ns;
      }).length;
      const unavailable = Math.max(0, (d.spec?.replicas ?? 1) - ready);
      if (unavailable + 1 > maxUnavailable(d)) return false;
    }
    return canEvict(pod, this.#pdbs, this.#budgetStatuses(), this.now).allowed;
  }

  #budgetStatuses(): Map<string, PodDisruptionBudgetStatus> {
    if (this.#statuses) return this.#statuses;
    const pods = this.placed.map((p) => p.pod);
    const scaleOf = scaleFinder(this.objects);
    this.#statuses = new Map(this.#pdbs.map((pdb) => [`${pdb.metadata!.namespace ?? 'default'}/${pdb.metadata!.name}`, disruptionBudgetStatus(pdb, pods, scaleOf, undefined, this.now).status]));
    return this.#statuses;
  }

  #replicaSet(pod: Pod): ReplicaSet | undefined {
    const ref = pod.metadata?.ownerReferences?.find((r) => r.controller);
    if (ref?.kind !== 'ReplicaSet') return undefined;
    return this.#objects.get(`ReplicaSet/${pod.metadata?.namespace ?? 'default'}/${ref.name}`) as unknown as ReplicaSet | undefined;
  }

  #deployment(rs: ReplicaSet | undefined): Deployment | undefined {
    const ref = rs?.metadata?.ownerReferences?.find((r) => r.controller);
    if (ref?.kind !== 'Deployment') return undefined;
    return this.#objects.get(`Deployment/${rs!.metadata?.namespace ?? 'default'}/${ref.name}`) as unknown as Deployment | undefined;
  }
}

function descheduled(p: PlacedPod, v: Violation, target: string): Decision {
  const at = p.key.indexOf('/');
  return {
    object: { kind: 'Pod', namespace: p.key.slice(0, at), name: p.key.slice(at + 1) },
    host: p.node,
    reason: REASON_DESCHEDULED,
    message: `evicted from ${p.node} by the rebalancer (${v.strategy}): ${v.message}; ${target} can take it`,
  };
}

/** What decides where pods may go: names, labels, taints, cordons. Ready hosts differ from NotReady ones by taints. */
function keyOfNodes(nodes: readonly Node[]): string {
  return JSON.stringify(nodes.map((n) => [n.metadata?.name, n.metadata?.labels ?? {}, n.spec?.unschedulable ?? false, (n.spec?.taints ?? []).map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`)]));
}

function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`;
}
