// Builders for plan tests: pods as expansion produces them (desired) and as agents report them (live).
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { ANNOTATION_SPEC_HASH } from '../../../src/manifest';
import { podSpecHash, type LiveSnapshot } from '../../../src/plan';

export interface PodOptions {
  namespace?: string;
  host?: string;
  image?: string;
  env?: Record<string, string>;
  phase?: NonNullable<Pod['status']>['phase'];
  job?: string;
  labels?: Record<string, string>;
}

/** A desired pod: one container `web`, no status, no spec-hash annotation (the plan computes it). */
export function desiredPod(name: string, o: PodOptions = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      labels: { ...(o.job ? { 'job-name': o.job } : {}), ...(o.labels ?? { app: name }) },
      ...(o.job ? { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: o.job, uid: `uid-${o.job}`, controller: true }] } : {}),
    },
    spec: {
      ...(o.host ? { nodeName: o.host } : {}),
      containers: [
        {
          name: 'web',
          image: o.image ?? 'web:1.0',
          ...(o.env ? { env: Object.entries(o.env).map(([n, value]) => ({ name: n, value })) } : {}),
        },
      ],
      restartPolicy: o.job ? 'Never' : 'Always',
    },
  };
}

/** A live pod as the agent reports it: nodeName set, status filled, spec hash in the annotation, server fields. */
export function livePod(name: string, host: string, o: PodOptions = {}): Pod {
  const pod = desiredPod(name, { ...o, host });
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      uid: `uid-${name}-${host}`,
      resourceVersion: '7',
      creationTimestamp: '2024-05-01T12:00:00Z',
      annotations: { [ANNOTATION_SPEC_HASH]: podSpecHash(pod) },
    },
    status: {
      phase: o.phase ?? 'Running',
      hostIP: '10.77.0.11',
      podIP: '10.88.0.5',
      conditions: [{ type: 'Ready', status: o.phase && o.phase !== 'Running' ? 'False' : 'True' }],
    },
  };
}

export function node(name: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } };
}

export function nodes(...names: string[]): Node[] {
  return names.map(node);
}

/** `{ h1: [pods], h2: [pods] }` → a snapshot, hosts in the given order. */
export function snapshot(hosts: Record<string, Pod[]>): LiveSnapshot {
  return { hosts: Object.entries(hosts).map(([name, pods]) => ({ name, generation: 1, pods })) };
}

/** A deterministic permutation (no randomness in tests either): reverse, then interleave halves. */
export function shuffled<T>(xs: readonly T[]): T[] {
  const r = [...xs].reverse();
  const half = Math.ceil(r.length / 2);
  const out: T[] = [];
  for (let i = 0; i < half; i++) {
    out.push(r[i]);
    if (i + half < r.length) out.push(r[i + half]);
  }
  return out;
}
