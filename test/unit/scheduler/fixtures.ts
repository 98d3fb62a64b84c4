// Builders for scheduler tests: nodes and pods in Kubernetes' shapes, and a way to run one plugin on one node.
import type { Container, Node, NodeSpec, Pod, PodSpec } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { CycleState, PreFilterResult, type Plugin } from '../../../src/scheduler/framework';
import type { PodInfo } from '../../../src/scheduler/podinfo';
import { registry, type PluginName } from '../../../src/scheduler/registry';
import { Snapshot, type NodeInfo } from '../../../src/scheduler/snapshot';
import { Code, type Status } from '../../../src/scheduler/status';

export interface NodeOptions {
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeral?: string;
  spec?: NodeSpec;
  images?: { names: string[]; sizeBytes: number }[];
}

export function node(name: string, o: NodeOptions = {}): Node {
  const allocatable: Record<string, string> = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' };
  if (o.ephemeral) allocatable['ephemeral-storage'] = o.ephemeral;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: o.spec ?? {},
    status: { allocatable, capacity: allocatable, images: o.images },
  };
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  /** The first container's requests. */
  requests?: Record<string, string>;
  limits?: Record<string, string>;
  image?: string;
  nodeName?: string;
  spec?: Partial<PodSpec>;
  ownerReferences?: OwnerReference[];
}

export function pod(name: string, o: PodOptions = {}): Pod {
  const c: Container = { name: 'app', image: o.image ?? 'registry.local/app:1' };
  if (o.requests || o.limits) c.resources = { ...(o.requests && { requests: o.requests }), ...(o.limits && { limits: o.limits }) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      labels: o.labels ?? { app: name },
      ...(o.ownerReferences && { ownerReferences: o.ownerReferences }),
    },
    spec: { containers: [c], ...(o.nodeName && { nodeName: o.nodeName }), ...o.spec },
  };
}

/** `n` replicas named app-0… with the same labels and spec, like a ReplicaSet's pods. */
export function replicas(app: string, n: number, o: PodOptions = {}): Pod[] {
  return Array.from({ length: n }, (_, i) => pod(`${app}-${i}`, { labels: { app }, ...o }));
}

/**
 * A controller ownerReference, as the ReplicaSet (or Job…) controller sets it; uid `uid-<name>` unless given, none
 * when '' (the type requires one; a hand-written manifest may lack it).
 */
export function controllerRef(kind: string, name: string, uid = `uid-${name}`): OwnerReference {
  const ref = { apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, name, controller: true };
  return (uid ? { ...ref, uid } : ref) as OwnerReference;
}

/** `n` pods of ReplicaSet `rs` (app-0…, labels {app}), with its controller ref. */
export function replicaSet(rs: string, n: number, o: PodOptions = {}): Pod[] {
  return replicas(rs, n, { ownerReferences: [controllerRef('ReplicaSet', rs)], ...o });
}

/** A pod already running on a node. */
export function running(p: Pod, nodeName: string): Pod {
  return { ...p, spec: { ...p.spec!, nodeName } };
}

/** One plugin over a snapshot of `nodes` with `assigned` pods placed. */
export function setup(name: PluginName, nodes: Node[], assigned: Pod[] = [], args?: unknown) {
  const snapshot = new Snapshot(nodes);
  const plugin: Plugin = registry[name](args, { snapshot });
  for (const p of assigned) {
    const info = snapshot.groups.info(p, true);
    const n = snapshot.nodesByName.get(p.spec!.nodeName!)!;
    snapshot.assume(info, n);
    plugin.addPod?.(info, n);
  }
  return { snapshot, plugin, info: (p: Pod): PodInfo => snapshot.groups.info(p), node: (n: string): NodeInfo => snapshot.nodesByName.get(n)! };
}

export interface Outcome {
  code: Code;
  reasons: readonly string[];
}

const SUCCESS: Outcome = { code: Code.Success, reasons: [] };

function outcome(s: Status | null | undefined): Outcome {
  return s ? { code: s.code, reasons: s.reasons } : SUCCESS;
}

/**
 * PreFilter then Filter of one plugin for one pod on one node, as the framework runs them: a PreFilter Skip means
 * Success; a PreFilter rejection is the outcome; a node outside a PreFilterResult is still filtered (as diagnosis
 * does).
 */
export function filter(name: PluginName, p: Pod, on: string, nodes: Node[], assigned: Pod[] = [], args?: unknown): Outcome {
  const { plugin, info, node } = setup(name, nodes, assigned, args);
  const state = new CycleState();
  const pre = plugin.preFilter?.(state, info(p));
  if (pre && !(pre instanceof PreFilterResult)) {
    if (pre.code === Code.Skip) return SUCCESS;
    if (pre.code !== Code.Success) return outcome(pre);
  }
  const out: (Status | null)[] = [null];
  plugin.filter!(state, info(p), [node(on)], out);
  return outcome(out[0]);
}

/** PreScore, Score and NormalizeScore of one plugin for one pod over `nodes`; null when PreScore skips. */
export function scores(name: PluginName, p: Pod, nodes: Node[], assigned: Pod[] = [], args?: unknown): Record<string, number> | null {
  const { plugin, info, snapshot } = setup(name, nodes, assigned, args);
  const state = new CycleState();
  const pi = info(p);
  plugin.preFilter?.(state, pi);
  const feasible = snapshot.nodes;
  const pre = plugin.preScore?.(state, pi, feasible);
  if (pre?.code === Code.Skip) return null;
  const buf = new Float64Array(feasible.length);
  plugin.score!(state, pi, feasible, buf);
  plugin.normalizeScore?.(state, pi, feasible, buf);
  return Object.fromEntries(feasible.map((n, i) => [n.name, buf[i]]));
}

export const GI = 1024 ** 3;
export const MI = 1024 ** 2;
