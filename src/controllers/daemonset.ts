import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, PodSpec, Toleration } from 'kubernetes-types/core/v1';
import { LABEL_CONTROLLER_REVISION_HASH } from '../manifest';
import { computeHash, generateName, nameSuffix } from './hash';
import { controllerRef } from './owner';
import { newPod, podShape, type DesiredPod } from './pod';
import { nodeMatchesNodeSelector, nodeMatchesRequiredAffinity, nodeTaints, toleratesTaints } from './predicates';

/**
 * Tolerations the DaemonSet controller adds to every daemon pod (daemon/util.AddOrUpdateDaemonPodTolerations), so
 * that daemons keep running on nodes that are not ready, under pressure or cordoned.
 */
const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
const HOST_NETWORK_TOLERATION: Toleration = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

/**
 * DaemonSet → one pod on every eligible node, named `<ds>-<suffix hashed from the node name>`, with spec.nodeName set
 * (Kubernetes ≥ 1.12 leaves binding to the scheduler through node affinity; Berth places daemons itself).
 * Sorted by name.
 */
export function reconcileDaemonSet(ds: DaemonSet, nodes: ReadonlyArray<Node>): DesiredPod[] {
  const name = ds.metadata!.name!;
  const namespace = ds.metadata!.namespace ?? 'default';
  const template = ds.spec!.template;
  const hash = computeHash(template, ds.status?.collisionCount);
  const spec = template.spec!;
  const tolerations = withDaemonTolerations(spec);
  const shape = podShape(template, namespace, controllerRef(ds), {
    labels: { [LABEL_CONTROLLER_REVISION_HASH]: hash },
    spec: { tolerations },
  });

  const placements: Array<{ suffix: string; nodeName: string }> = [];
  const taken = new Set<string>();
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, shape.spec)) continue;
    const nodeName = node.metadata!.name!;
    // 5,000 nodes in 27^5 suffixes collide now and then: rehash, in node-name order, so the result stays stable.
    let suffix = nameSuffix(nodeName);
    for (let attempt = 1; taken.has(suffix); attempt++) suffix = nameSuffix(`${nodeName}/${attempt}`);
    taken.add(suffix);
    placements.push({ suffix, nodeName });
  }
  // Sorted by suffix, which sorts the pods by name: they share the prefix.
  placements.sort((a, b) => (a.suffix < b.suffix ? -1 : 1));
  return placements.map(({ suffix, nodeName }) => newPod({ ...shape, spec: { ...shape.spec, nodeName } }, generateName(`${name}-`, suffix)));
}

/** daemon.NodeShouldRunDaemonPod's predicates: node name, node selector and required affinity, taints. */
export function nodeShouldRunDaemonPod(node: Node, spec: PodSpec): boolean {
  if (spec.nodeName && spec.nodeName !== node.metadata?.name) return false;
  return (
    nodeMatchesNodeSelector(node, spec.nodeSelector) &&
    nodeMatchesRequiredAffinity(node, spec.affinity) &&
    toleratesTaints(nodeTaints(node), spec.tolerations)
  );
}

/** v1helper.AddOrUpdateTolerationInPodSpec for each daemon toleration: an identical one replaces, else appends. */
function withDaemonTolerations(spec: PodSpec): Toleration[] {
  const result = [...(spec.tolerations ?? [])];
  const wanted = spec.hostNetwork ? [...DAEMON_TOLERATIONS, HOST_NETWORK_TOLERATION] : DAEMON_TOLERATIONS;
  for (const t of wanted) {
    const same = result.findIndex(
      (o) => o.key === t.key && o.effect === t.effect && (o.operator ?? 'Equal') === t.operator && (o.value ?? '') === '',
    );
    if (same === -1) result.push(t);
    else result[same] = t;
  }
  return result;
}
