import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod, PodSpec, Toleration } from 'kubernetes-types/core/v1';
import { LABEL_CONTROLLER_REVISION_HASH } from '../manifest';
import { onDelete, rollingUpdate, type DaemonNode } from './daemonset-rolling';
import { daemonSetStatus } from './daemonset-status';
import { scaledValue } from './deployment-util';
import { computeHash, generateName, nameSuffix } from './hash';
import { controllerRef } from './owner';
import { comparePods, newPod, podShape, type DesiredPod } from './pod';
import { findUntoleratedTaint, nodeMatchesNodeSelector, nodeMatchesRequiredAffinity, nodeTaints, toleratesTaints } from './predicates';
import { isPodActive, isPodAvailable } from './rollout-pods';

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

/** What the controller knows of a DaemonSet beyond git. */
export interface DaemonSetLive {
  /** The DaemonSet's pods as agents report them, on any host: spec.nodeName, the controller-revision-hash label,
   * status.conditions Ready (with lastTransitionTime, for minReadySeconds). */
  pods?: ReadonlyArray<Pod>;
}

export interface DaemonSetSync {
  /** The DaemonSet with its status. */
  daemonSet: DaemonSet;
  /** Sorted by name. */
  pods: DesiredPod[];
}

/**
 * DaemonSet → one pod on every eligible node, named `<ds>-<suffix hashed from the node name>`, with spec.nodeName set
 * (Kubernetes ≥ 1.12 leaves binding to the scheduler through node affinity; Berth places daemons itself). Sorted by
 * name. With live pods: see syncDaemonSet.
 */
export function reconcileDaemonSet(ds: DaemonSet, nodes: ReadonlyArray<Node>, live?: DaemonSetLive, now?: Date): DesiredPod[] {
  return syncDaemonSet(ds, nodes, live, now ?? new Date(0)).pods;
}

/**
 * One step of the DaemonSet controller: a pod on every node where one belongs (new hosts included), none on hosts
 * gone from the inventory or whose taints now evict it; old-template pods replaced as the update strategy allows
 * (RollingUpdate: maxUnavailable, maxSurge; OnDelete: kept until gone). A kept old pod is passed through as it runs.
 */
export function syncDaemonSet(ds: DaemonSet, nodes: ReadonlyArray<Node>, live: DaemonSetLive = {}, now: Date): DaemonSetSync {
  const name = ds.metadata!.name!;
  const namespace = ds.metadata!.namespace ?? 'default';
  const template = ds.spec!.template;
  const hash = computeHash(template, ds.status?.collisionCount);
  const shape = podShape(template, namespace, controllerRef(ds), {
    labels: { [LABEL_CONTROLLER_REVISION_HASH]: hash },
    spec: { tolerations: withDaemonTolerations(template.spec!) },
  });
  const minReadySeconds = ds.spec!.minReadySeconds ?? 0;
  const nowMs = now.getTime();
  const available = (pod: Pod) => isPodAvailable(pod, minReadySeconds, nowMs);
  const podsByNode = groupByNode(live.pods ?? []);

  const daemonNodes: DaemonNode[] = [];
  const names = new Map<string, string[]>();
  const taken = new Set<string>();
  const sorted = [...nodes].sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
  let desired = 0;
  let misscheduled = 0;
  for (const node of sorted) {
    const nodeName = node.metadata!.name!;
    const [shouldRun, shouldContinueRunning] = daemonPodPredicates(node, shape.spec);
    const pods = podsByNode.get(nodeName) ?? [];
    if (shouldRun) desired++;
    else if (pods.length) misscheduled++;
    if (!shouldRun && !(shouldContinueRunning && pods.length)) continue;
    const newPods = pods.filter((p) => p.metadata?.labels?.[LABEL_CONTROLLER_REVISION_HASH] === hash);
    const oldPods = pods.filter((p) => p.metadata?.labels?.[LABEL_CONTROLLER_REVISION_HASH] !== hash);
    daemonNodes.push({ name: nodeName, shouldRun, newPod: best(newPods, available), oldPod: best(oldPods, available) });
    // 5,000 nodes in 27^5 suffixes collide now and then: rehash, in node-name order, so the result stays stable.
    names.set(nodeName, [freeSuffix(nodeName, taken)]);
  }
  // A second name per host, for a new pod beside an old one that holds the first (maxSurge).
  for (const node of daemonNodes) names.get(node.name)!.push(freeSuffix(node.name, taken));

  const strategy = ds.spec!.updateStrategy;
  const placements =
    strategy?.type === 'OnDelete'
      ? onDelete(daemonNodes)
      : rollingUpdate(daemonNodes, { ...rollingBounds(ds, desired), available });
  const pods: DesiredPod[] = [];
  for (const { node, runNew, keepOld } of placements) {
    const [first, second] = names.get(node.name)!;
    const oldName = node.oldPod?.metadata?.name;
    if (keepOld) pods.push(keptPod(node.oldPod!, namespace));
    if (!runNew) continue;
    // In place of the old pod when it goes (the agent replaces it), beside it under the other name when it stays.
    let podName = node.newPod?.metadata?.name ?? (oldName && !keepOld ? oldName : undefined);
    if (!podName) podName = generateName(`${name}-`, keepOld && oldName === generateName(`${name}-`, first) ? second : first);
    pods.push(newPod({ ...shape, spec: { ...shape.spec, nodeName: node.name } }, podName));
  }
  pods.sort(comparePods);
  const status = daemonSetStatus(ds, daemonNodes, { desired, misscheduled }, hash, available);
  return { daemonSet: { ...ds, status }, pods };
}

/** daemon.NodeShouldRunDaemonPod's predicates: node name, node selector and required affinity, taints. */
export function nodeShouldRunDaemonPod(node: Node, spec: PodSpec): boolean {
  return daemonPodPredicates(node, spec)[0];
}

/**
 * NodeShouldRunDaemonPod's two answers: should a daemon pod run here, and should one that runs here keep running (yes
 * unless a NoExecute taint it does not tolerate, or the node no longer matches its selector or affinity).
 */
export function daemonPodPredicates(node: Node, spec: PodSpec): [shouldRun: boolean, shouldContinueRunning: boolean] {
  if (spec.nodeName && spec.nodeName !== node.metadata?.name) return [false, false];
  if (!nodeMatchesNodeSelector(node, spec.nodeSelector) || !nodeMatchesRequiredAffinity(node, spec.affinity)) return [false, false];
  const taints = nodeTaints(node);
  if (toleratesTaints(taints, spec.tolerations)) return [true, true];
  return [false, findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoExecute') === undefined];
}

function groupByNode(pods: ReadonlyArray<Pod>): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || !isPodActive(pod)) continue;
    const list = byNode.get(nodeName);
    if (list) list.push(pod);
    else byNode.set(nodeName, [pod]);
  }
  return byNode;
}

/** Of several pods of one kind on a host (a leftover the step drops), the available one, then the first by name. */
function best(pods: Pod[], available: (pod: Pod) => boolean): Pod | undefined {
  if (pods.length <= 1) return pods[0];
  return [...pods].sort((a, b) => Number(available(b)) - Number(available(a)) || (a.metadata!.name! < b.metadata!.name! ? -1 : 1))[0];
}

function freeSuffix(nodeName: string, taken: Set<string>): string {
  let suffix = nameSuffix(nodeName);
  for (let attempt = 1; taken.has(suffix); attempt++) suffix = nameSuffix(`${nodeName}/${attempt}`);
  taken.add(suffix);
  return suffix;
}

/** An old pod kept on its host: the pod as it runs (its spec and spec hash), without the status. */
function keptPod(pod: Pod, namespace: string): DesiredPod {
  const m = pod.metadata!;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: m.name!,
      namespace: m.namespace ?? namespace,
      ...(m.labels ? { labels: m.labels } : {}),
      ...(m.annotations ? { annotations: m.annotations } : {}),
      ...(m.ownerReferences ? { ownerReferences: m.ownerReferences } : {}),
    },
    spec: pod.spec!,
  };
}

/** util.UnavailableCount and SurgeCount: both rounded up against the hosts that should run the daemon; never both 0. */
function rollingBounds(ds: DaemonSet, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru = ds.spec!.updateStrategy?.rollingUpdate;
  const maxUnavailable = scaledValue(ru?.maxUnavailable ?? 1, desired, true);
  const maxSurge = scaledValue(ru?.maxSurge ?? 0, desired, true);
  return desired > 0 && maxUnavailable === 0 && maxSurge === 0 ? { maxSurge, maxUnavailable: 1 } : { maxSurge, maxUnavailable };
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
