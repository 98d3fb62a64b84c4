import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { LiveSnapshot } from '../plan';
import { taintEvictions } from '../scheduler';
import type { Decision } from './events';

export interface TaintManagerInput {
  nodes: readonly Node[];
  live: LiveSnapshot;
  /** The pods as the last pass wanted them: a copy is judged by its desired spec (its tolerations). */
  desired: readonly Pod[];
  now: Date;
  /** Kubernetes' default toleration of not-ready and unreachable hosts. */
  evictionTimeoutMs: number;
  decisions: Decision[];
}

/**
 * The taint manager: pods on hosts with NoExecute taints they do not tolerate (a host NotReady past the eviction
 * timeout — Kubernetes' default toleration — or a taint in hosts.yaml) leave them: their copies there are taken out
 * of what runs, so the scheduler places them elsewhere and the host, when it answers, stops them. Pure.
 */
export function evictTainted({ nodes, live, desired, now, evictionTimeoutMs, decisions }: TaintManagerInput): LiveSnapshot {
  // Only a NoExecute taint evicts: a healthy fleet has none, and its pass copies nothing here.
  const tainted = new Set(nodes.filter((n) => n.spec?.taints?.some((t) => t.effect === 'NoExecute')).map((n) => n.metadata!.name!));
  if (tainted.size === 0) return live;
  // Every copy on a tainted host, stale ones of a silent host included, judged by its desired spec (its tolerations).
  const wanted = new Map<string, Pod>();
  for (const p of desired) if (!p.metadata?.deletionTimestamp) wanted.set(`${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`, p);
  const placed = live.hosts
    .filter((h) => tainted.has(h.name))
    .flatMap((h) =>
      h.pods.map((p) => {
        const spec = wanted.get(`${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`)?.spec ?? p.spec;
        return { ...p, spec: { ...spec!, nodeName: h.name } };
      }),
    );
  const seconds = evictionTimeoutMs / 1000;
  const { evict } = taintEvictions({ nodes, pods: placed, now, defaultTolerationSeconds: { notReady: seconds, unreachable: seconds } });
  if (evict.length === 0) return live;
  const gone = new Set(evict.map((e) => `${e.node}/${e.pod}`));
  for (const e of evict) {
    const at = e.pod.indexOf('/');
    decisions.push({ object: { kind: 'Pod', namespace: e.pod.slice(0, at), name: e.pod.slice(at + 1) }, host: e.node, reason: 'TaintManagerEviction', type: 'Warning', message: e.message });
  }
  // Only the hosts that lost pods get a new list: the plan re-indexes what changed.
  const touched = new Set(evict.map((e) => e.node));
  return { ...live, hosts: live.hosts.map((h) => (touched.has(h.name) ? { ...h, pods: h.pods.filter((p) => !gone.has(`${h.name}/${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`)) } : h)) };
}
