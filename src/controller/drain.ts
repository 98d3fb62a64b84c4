import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { canEvict, disruptionBudgetStatus, isPodReady, scaleFinder } from '../controllers';
import type { KubeObject } from '../manifest';
import type { LiveSnapshot } from '../plan';
import type { Decision } from './events';
import type { StoreRecords } from './store';
import type { DrainStatus } from './view';

/** What the controller keeps about one drain: when it began, and the pods evicted so far (pod key → time). */
interface DrainRecord {
  since: string;
  /** git has said the host is unschedulable since the drain began: once it says schedulable again, the drain ends. */
  cordonSeen?: boolean;
  evicted: Record<string, string>;
  blocked?: Array<{ pod: string; budget: string }>;
  remaining?: string[];
}

const PREFIX = 'drain/';
const BUDGET_PREFIX = 'pdb/';

/**
 * `berth drain`: the host takes no new pods, and its pods are evicted — placed elsewhere by the scheduler — as fast as
 * their PodDisruptionBudgets allow, like the eviction API that `kubectl drain` calls. DaemonSet pods stay, as with
 * `kubectl drain --ignore-daemonsets`. An evicted pod keeps its name and moves; while its new copy is not Ready it
 * counts as disrupted, so a budget of one lets one pod move at a time.
 */
export class Drains {
  constructor(private readonly store: StoreRecords) {}

  request(host: string, now: Date): void {
    if (!this.store.get<DrainRecord>(PREFIX + host)) this.store.put(PREFIX + host, { since: now.toISOString(), evicted: {} } satisfies DrainRecord);
  }

  status(host: string): DrainStatus {
    const record = this.store.get<DrainRecord>(PREFIX + host);
    const remaining = record?.remaining ?? [];
    return { host, remaining, blocked: record?.blocked ?? [], done: record !== undefined && record.remaining !== undefined && remaining.length === 0 };
  }

  /**
   * One pass: evicts what the budgets allow from every draining host; returns the live snapshot without the evicted
   * pods' old copies (so they are placed anew) and the nodes with draining hosts unschedulable. A drain ends when git
   * says the host is schedulable again (uncordon).
   */
  evict(nodes: Node[], live: LiveSnapshot, objects: readonly KubeObject[], now: Date, decisions: Decision[]): { live: LiveSnapshot; nodes: Node[] } {
    const drains = new Map(this.store.list<DrainRecord>(PREFIX).map(([k, v]) => [k.slice(PREFIX.length), structuredClone(v)]));
    for (const [host, record] of drains) {
      const node = nodes.find((n) => n.metadata?.name === host);
      // Uncordoned in git after the cordon commit was seen, or gone from the inventory: the drain is over.
      if (!node || (record.cordonSeen && !node.spec?.unschedulable)) {
        this.store.delete(PREFIX + host);
        drains.delete(host);
      } else if (node.spec?.unschedulable) record.cordonSeen = true;
    }
    if (drains.size === 0) return { live, nodes };

    const evictedAt = (host: string, key: string) => drains.get(host)?.evicted[key] !== undefined;
    const filtered: LiveSnapshot = {
      ...live,
      hosts: live.hosts.map((h) => (drains.has(h.name) ? { ...h, pods: h.pods.filter((p) => !evictedAt(h.name, podKey(p))) } : h)),
    };
    const allPods = filtered.hosts.flatMap((h) => h.pods.map((p) => ({ ...p, spec: { ...p.spec!, nodeName: h.name } })));
    const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget') as unknown as PodDisruptionBudget[];
    const scaleOf = scaleFinder(objects);
    const statuses = new Map<string, PodDisruptionBudgetStatus>();
    for (const pdb of budgets) {
      const key = `${pdb.metadata!.namespace ?? 'default'}/${pdb.metadata!.name}`;
      const stored = this.#forgetMoved(this.store.get<PodDisruptionBudgetStatus>(BUDGET_PREFIX + key), allPods, drains);
      statuses.set(key, disruptionBudgetStatus(pdb, allPods, scaleOf, stored, now).status);
    }

    for (const [host, record] of drains) {
      const onHost = (filtered.hosts.find((h) => h.name === host)?.pods ?? []).filter((p) => !isDaemonPod(p) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
      record.blocked = [];
      for (const pod of onHost) {
        const key = podKey(pod);
        const decision = canEvict({ ...pod, spec: { ...pod.spec!, nodeName: host } }, budgets, statuses, now);
        if (!decision.allowed) {
          record.blocked.push({ pod: key, budget: decision.budget });
          continue;
        }
        if (decision.budget && decision.status) statuses.set(`${pod.metadata?.namespace ?? 'default'}/${decision.budget}`, decision.status);
        record.evicted[key] = now.toISOString();
        decisions.push({ object: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata!.name! }, host, reason: 'Evicted', message: `evicted from ${host} (drain)${decision.budget ? `, allowed by PodDisruptionBudget ${decision.budget}` : ''}` });
      }
      record.remaining = onHost.filter((p) => !record.evicted[podKey(p)]).map(podKey);
      this.store.put(PREFIX + host, record);
    }
    for (const [key, status] of statuses) this.store.put(BUDGET_PREFIX + key, status);

    const evictedNow = new Set([...drains].flatMap(([host, r]) => Object.keys(r.evicted).map((k) => `${host}/${k}`)));
    return {
      live: { ...live, hosts: live.hosts.map((h) => (drains.has(h.name) ? { ...h, pods: h.pods.filter((p) => !evictedNow.has(`${h.name}/${podKey(p)}`)) } : h)) },
      nodes: nodes.map((n) => (drains.has(n.metadata!.name!) ? { ...n, spec: { ...n.spec, unschedulable: true } } : n)),
    };
  }

  /** A moved pod Ready on its new host is no longer disrupted (Kubernetes forgets it when the evicted pod is deleted). */
  #forgetMoved(stored: PodDisruptionBudgetStatus | undefined, pods: Pod[], drains: Map<string, DrainRecord>): PodDisruptionBudgetStatus | undefined {
    if (!stored?.disruptedPods) return stored;
    const disruptedPods = { ...stored.disruptedPods };
    for (const name of Object.keys(disruptedPods)) {
      const moved = pods.find((p) => p.metadata?.name === name && !drains.has(p.spec?.nodeName ?? '') && isPodReady(p));
      if (moved) delete disruptedPods[name];
    }
    return { ...stored, disruptedPods };
  }
}

function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`;
}

function isDaemonPod(pod: Pod): boolean {
  return pod.metadata?.ownerReferences?.some((r) => r.kind === 'DaemonSet') ?? false;
}
