// The cluster as one scheduling pass sees it, after kube-scheduler's NodeInfo snapshot: per node, what it offers
// (computed once) and running totals of what its pods request (updated on every placement).
import type { Namespace, Node, Taint } from 'kubernetes-types/core/v1';
import { HostPortInfo } from './hostports';
import { PlacedPods } from './placed';
import { PodGroups, type PodInfo } from './podinfo';
import { bytes, cpuMillis } from '../manifest';
import { quantityOr, type Resources } from './resources';
import { Topology } from './topology';

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
  // The numbers every filter and score reads live on the NodeInfo itself (no nested objects to chase).
  // Berth: a resource the node does not declare is not yet known (the host has not reported), so it is Infinity
  // here: it limits nothing and is left out of scoring. Kubernetes nodes always declare them.
  readonly allocatableMilliCPU: number;
  readonly allocatableMemory: number;
  readonly allocatableEphemeralStorage: number;
  readonly allowedPodNumber: number;
  requestedMilliCPU = 0;
  requestedMemory = 0;
  requestedEphemeralStorage = 0;
  /** With kube-scheduler's non-zero defaults for pods that request no cpu or memory (for scoring). */
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  numPods = 0;
  readonly usedPorts = new HostPortInfo();
  readonly pods: PodInfo[] = [];
  imageStates: ReadonlyMap<string, ImageStateSummary> = new Map();

  constructor(
    readonly node: Node,
    readonly index: number,
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
    this.allocatableMilliCPU = known(a.cpu, cpuMillis);
    this.allocatableMemory = known(a.memory, bytes);
    this.allocatableEphemeralStorage = known(a['ephemeral-storage'], bytes);
    this.allowedPodNumber = known(a.pods, bytes);
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
    const g = pod.group;
    this.pods.push(pod);
    this.numPods++;
    this.requestedMilliCPU += g.requests.milliCPU;
    this.requestedMemory += g.requests.memory;
    this.requestedEphemeralStorage += g.requests.ephemeralStorage;
    this.nonZeroMilliCPU += g.nonZeroRequests.milliCPU;
    this.nonZeroMemory += g.nonZeroRequests.memory;
    for (const p of g.hostPorts) this.usedPorts.add(p);
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
  readonly placed = new PlacedPods();
  readonly groups = new PodGroups();
  /** Every image name any node has, with its size and how many nodes have it. */
  readonly imageStates = new Map<string, ImageStateSummary>();
  private readonly nsLabels = new Map<string, Record<string, string>>();

  constructor(nodes: readonly Node[], namespaces: readonly Namespace[] = []) {
    const sorted = [...nodes].sort((a, b) => byName({ name: a.metadata?.name ?? '' }, { name: b.metadata?.name ?? '' }));
    this.nodes = sorted.map((n, i) => new NodeInfo(n, i));
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
    this.placed.add(pod.group, node.index);
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
