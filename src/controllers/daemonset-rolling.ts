// Kubernetes' daemon/update.go rollingUpdate, one step: which hosts get the DaemonSet's current template now, given
// the live pods' availability. Hosts are visited in name order (Kubernetes visits a Go map: any order).
import type { Pod } from 'kubernetes-types/core/v1';

/** One host as the rolling update sees it. */
export interface DaemonNode {
  name: string;
  /** NodeShouldRunDaemonPod's first answer: a daemon pod belongs here. */
  shouldRun: boolean;
  /** The live pod of the current template, if any (the best one when there are several). */
  newPod?: Pod;
  /** The live pod of an older template, if any. */
  oldPod?: Pod;
}

/** What a host should run after this step: the current template, the old pod kept as it runs, or both (surge). */
export interface DaemonPlacement {
  node: DaemonNode;
  runNew: boolean;
  keepOld: boolean;
}

export interface RollingBounds {
  maxSurge: number;
  maxUnavailable: number;
  available: (pod: Pod) => boolean;
}

/** OnDelete: a host keeps whatever pod it runs; a host without one gets the current template. */
export function onDelete(nodes: DaemonNode[]): DaemonPlacement[] {
  return nodes.map((node) => {
    const keepOld = !node.newPod && !!node.oldPod;
    return { node, runNew: !keepOld && (node.shouldRun || !!node.newPod), keepOld };
  });
}

/**
 * RollingUpdate without surge: old pods are replaced in place, as many at a time as keeps unavailable hosts (missing
 * pods, new pods not yet available) within maxUnavailable; an old pod that is not available is replaced at once.
 */
export function rollingUpdate(nodes: DaemonNode[], bounds: RollingBounds): DaemonPlacement[] {
  if (bounds.maxSurge > 0) return surgingUpdate(nodes, bounds);
  let unavailable = 0;
  const replace = new Set<DaemonNode>();
  const candidates: DaemonNode[] = [];
  for (const node of nodes) {
    const { newPod, oldPod } = node;
    if ((!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
    else if (newPod) {
      if (!bounds.available(newPod)) unavailable++;
    } else if (!bounds.available(oldPod!)) replace.add(node);
    else if (unavailable < bounds.maxUnavailable) candidates.push(node);
  }
  const remaining = Math.min(Math.max(0, bounds.maxUnavailable - unavailable), candidates.length);
  for (const node of candidates.slice(0, remaining)) replace.add(node);
  return nodes.map((node) => {
    const keepOld = !!node.oldPod && !node.newPod && !replace.has(node);
    return { node, runNew: !keepOld && (node.shouldRun || !!node.newPod), keepOld };
  });
}

/**
 * RollingUpdate with maxSurge: a new pod starts beside the old one (at once where the old one is unavailable, else
 * up to maxSurge hosts at a time), and the old one goes when the new one is available. Old pods on hosts where the
 * daemon no longer belongs go only as far as the available pods stay at the desired number.
 */
function surgingUpdate(nodes: DaemonNode[], bounds: RollingBounds): DaemonPlacement[] {
  let surge = 0;
  let available = 0;
  let desired = 0;
  const start = new Set<DaemonNode>();
  const drop = new Set<DaemonNode>();
  const candidates: DaemonNode[] = [];
  const notRunning: DaemonNode[] = [];
  for (const node of nodes) {
    const { newPod, oldPod } = node;
    if (node.shouldRun) desired++;
    const counted = oldPod ?? newPod;
    if (counted && bounds.available(counted)) available++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!bounds.available(oldPod)) {
        if (!node.shouldRun) drop.add(node);
        else start.add(node);
      } else if (!node.shouldRun) notRunning.push(node);
      else if (surge < bounds.maxSurge) candidates.push(node);
    } else if (!bounds.available(newPod)) surge++;
    else drop.add(node);
  }
  const deletable = Math.min(Math.max(0, available - desired), notRunning.length);
  for (const node of notRunning.slice(0, deletable)) drop.add(node);
  const remaining = Math.min(Math.max(0, bounds.maxSurge - surge), candidates.length);
  for (const node of candidates.slice(0, remaining)) start.add(node);
  return nodes.map((node) => {
    const { newPod, oldPod } = node;
    const keepOld = !!oldPod && !drop.has(node);
    const runNew = !!newPod || start.has(node) || (!oldPod && node.shouldRun);
    return { node, runNew, keepOld };
  });
}
