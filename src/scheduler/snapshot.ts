// The cluster as one scheduling pass sees it, after kube-scheduler's NodeInfo snapshot: per node, what it offers
// (computed once) and running totals of what its pods request (updated on every placement).
import type { Namespace, Node, Taint } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { HostPortInfo } from './hostports';
import { PlacedPods } from './placed';
import { PodGroups, type PodInfo } from './podinfo';
import { PriorityClasses } from './priority';
import { bytes, cpuMillis } from '../manifest';
import { quantityOr, type Resources } from './resources';
import { Topology } from './topology';
import { NodeTotals } from './totals';

export interface ImageStateSummary {
  size: number;
  /** How many nodes have the image. */
  numNodes: number;
}

export interface Allocatable extends Resources {
  allowedPodNumber: number;
}

const NO_TAINTS: readonly Taint[] = Object.freeze([]);

export class NodeInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly usedPorts = new HostPortInfo();
  readonly pods: PodInfo[] = [];
  imageStates: ReadonlyMap<string, ImageStateSummary> = new Map();

  constructor(
    readonly node: Node,
    readonly index: number,
    /** The snapshot's numbers of every node (see NodeTotals); this node's are at `index`. */
    readonly totals: NodeTotals = new NodeTotals(index + 1),
  ) {
    this.name = node.metadata?.name ?? '';
    this.labels = node.metadata?.labels ?? {};
    this.unschedulable = node.spec?.unschedulable === true;
    // One shared empty list: the common untainted node costs the taint filter nothing to look at.
    this.taints = node.spec?.taints?.length ? node.spec.taints : NO_TAINTS;
    const a = node.status?.allocatable ?? node.status?.capacity ?? {};
    // An unreadable value counts as undeclared.
    const known = (q: string | undefined, convert: (q: string | number) => number) =>
      q === undefined ? Infinity : quantityOr(q, convert, Infinity);
    totals.allocatableMilliCPU[index] = known(a.cpu, cpuMillis);
    totals.allocatableMemory[index] = known(a.memory, bytes);
    totals.allocatableEphemeralStorage[index] = known(a['ephemeral-storage'], bytes);
    totals.allowedPodNumber[index] = known(a.pods, bytes);
  }

  get allocatableMilliCPU(): number {
    return this.totals.allocatableMilliCPU[this.index];
  }
  get allocatableMemory(): number {
    return this.totals.allocatableMemory[this.index];
  }
  get allocatableEphemeralStorage(): number {
    return this.totals.allocatableEphemeralStorage[this.index];
  }
  get allowedPodNumber(): number {
    return this.totals.allowedPodNumber[this.index];
  }
  get requestedMilliCPU(): number {
    return this.totals.requestedMilliCPU[this.index];
  }
  get requestedMemory(): number {
    return this.totals.requestedMemory[this.index];
  }
  get requestedEphemeralStorage(): number {
    return this.totals.requestedEphemeralStorage[this.index];
  }
  get nonZeroMilliCPU(): number {
    return this.totals.nonZeroMilliCPU[this.index];
  }
  get nonZeroMemory(): number {
    return this.totals.nonZeroMemory[this.index];
  }
  get numPods(): number {
    return this.totals.numPods[this.index];
  }

  get allocatable(): Allocatable {
    return {
      milliCPU: this.allocatableMilliCPU,
      memory: this.allocatableMemory,
      ephemeralStorage: this.allocatableEphemeralStorage,
      allowedPodNumber: this.allowedPodNumber,
    };
  }

  get requested(): Resources {
    return { milliCPU: this.requestedMilliCPU, memory: this.requestedMemory, ephemeralStorage: this.requestedEphemeralStorage };
  }

  get nonZeroRequested(): Resources {
    return { milliCPU: this.nonZeroMilliCPU, memory: this.nonZeroMemory, ephemeralStorage: this.requestedEphemeralStorage };
  }

  addPod(pod: PodInfo): void {
    this.pods.push(pod);
    this.count(pod, 1);
    for (const p of pod.group.hostPorts) this.usedPorts.add(p);
  }

  removePod(pod: PodInfo): void {
    const i = this.pods.indexOf(pod);
    if (i < 0) return;
    const g = pod.group;
    this.pods.splice(i, 1);
    this.count(pod, -1);
    // Two pods may hold the same port (assigned pods are taken as they are): recount from those left.
    if (g.hostPorts.length) {
      this.usedPorts.clear();
      for (const p of this.pods) for (const hp of p.group.hostPorts) this.usedPorts.add(hp);
    }
  }

  private count(pod: PodInfo, sign: 1 | -1): void {
    const { requests, nonZeroRequests } = pod.group;
    const t = this.totals;
    const i = this.index;
    t.numPods[i] += sign;
    t.requestedMilliCPU[i] += sign * requests.milliCPU;
    t.requestedMemory[i] += sign * requests.memory;
    t.requestedEphemeralStorage[i] += sign * requests.ephemeralStorage;
    t.nonZeroMilliCPU[i] += sign * nonZeroRequests.milliCPU;
    t.nonZeroMemory[i] += sign * nonZeroRequests.memory;
  }
}

export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export class Snapshot {
  /** Sorted by name, so that ties and the order of evaluation never depend on input order. */
  readonly nodes: readonly NodeInfo[];
  readonly nodesByName: ReadonlyMap<string, NodeInfo>;
  readonly topology: Topology;
  /** The numbers of every node, by index (NodeInfo reads its own from here). */
  readonly totals: NodeTotals;
  readonly placed = new PlacedPods();
  readonly groups: PodGroups;
  /** Every image name any node has, with its size and how many nodes have it. */
  readonly imageStates = new Map<string, ImageStateSummary>();
  private readonly nsLabels = new Map<string, Record<string, string>>();

  constructor(nodes: readonly Node[], namespaces: readonly Namespace[] = [], priorityClasses: readonly PriorityClass[] = []) {
    const classes = new PriorityClasses(priorityClasses);
    this.groups = new PodGroups((spec) => classes.resolve(spec));
    const sorted = [...nodes].sort((a, b) => byName({ name: a.metadata?.name ?? '' }, { name: b.metadata?.name ?? '' }));
    this.totals = new NodeTotals(sorted.length);
    this.nodes = sorted.map((n, i) => new NodeInfo(n, i, this.totals));
    this.nodesByName = new Map(this.nodes.map((n) => [n.name, n]));
    this.topology = new Topology(sorted);
    this.indexImages();
    for (const ns of namespaces) {
      const name = ns.metadata?.name ?? '';
      this.nsLabels.set(name, { ...(ns.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': name });
    }
  }

  /** A namespace's labels; the API server always sets kubernetes.io/metadata.name, even for unlisted ones. */
  namespaceLabels(ns: string): Record<string, string> {
    let l = this.nsLabels.get(ns);
    if (!l) this.nsLabels.set(ns, (l = { 'kubernetes.io/metadata.name': ns }));
    return l;
  }

  /** Records a pod on a node: the node's totals, and the placed-pod index. Plugins are told by the framework. */
  assume(pod: PodInfo, node: NodeInfo): void {
    node.addPod(pod);
    if (pod.placement?.removed && pod.placement.node === node.index) this.placed.restore(pod.placement);
    else pod.placement = this.placed.add(pod.group, node.index);
  }

  /** Takes a pod off its node (preemption); `assume` on the same node puts it back. */
  forget(pod: PodInfo): void {
    const p = pod.placement;
    if (!p || p.removed) return;
    this.nodes[p.node].removePod(pod);
    this.placed.remove(p);
  }

  /** The node a pod is on, if it is on one. */
  nodeOf(pod: PodInfo): NodeInfo | undefined {
    const p = pod.placement;
    return p && !p.removed ? this.nodes[p.node] : undefined;
  }

  // Like kube-scheduler's cache: one summary per image name with the number of nodes holding it.
  private indexImages(): void {
    const states = this.imageStates;
    for (const n of this.nodes) {
      const seen = new Set<string>();
      for (const img of n.node.status?.images ?? []) {
        for (const name of img.names ?? []) {
          if (seen.has(name)) continue;
          seen.add(name);
          const s = states.get(name);
          if (s) s.numNodes++;
          else states.set(name, { size: img.sizeBytes ?? 0, numNodes: 1 });
        }
      }
    }
    for (const n of this.nodes) {
      const mine = new Map<string, ImageStateSummary>();
      for (const img of n.node.status?.images ?? []) for (const name of img.names ?? []) mine.set(name, states.get(name)!);
      n.imageStates = mine;
    }
  }
}
