// What a scheduler plugin is, after kube-scheduler's framework interfaces: the extension points a plugin may
// implement, what it is given (the cycle state, the handle) and what PostFilter returns.
import type { DisruptionBudget } from './budgets';
import type { PodInfo } from './podinfo';
import type { NodeInfo, Snapshot } from './snapshot';
import type { Status } from './status';

/** kube-scheduler's MaxNodeScore: every plugin's normalized score is in [0, 100]. */
export const MAX_NODE_SCORE = 100;

/** Per-pod scratch space: what a plugin's PreFilter/PreScore computed for its Filter/Score, under a private key. */
export class CycleState {
  private readonly data = new Map<string, unknown>();

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
}

/** A PreFilter may narrow the pod to some nodes (nodeName, affinity to metadata.name): only they are filtered. */
export class PreFilterResult {
  constructor(readonly nodeNames: ReadonlySet<string>) {}
}

export interface Plugin {
  readonly name: string;
  /** A pod is on a node: given as assigned when the pass starts, or bound by it. Keeps per-pass indexes current. */
  addPod?(pod: PodInfo, node: NodeInfo): void;
  /** Once per pod, before Filter. Skip: this plugin's Filter does not run for the pod. */
  preFilter?(state: CycleState, pod: PodInfo): Status | PreFilterResult | null;
  /**
   * Filters nodes: statuses[i] for nodes[i], where null or Success means the pod may run there (statuses come in
   * null). Like Score, one call per batch of nodes rather than per node, so the loop stays inside the plugin. May
   * return how many statuses it wrote: 0 spares the framework a look at them.
   */
  filter?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], statuses: (Status | null)[]): number | void;
  /** Once per pod, with the feasible nodes. Skip: this plugin's Score does not run for the pod. */
  preScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null;
  /**
   * Scores every feasible node: scores[i] for nodes[i]. One call per pod rather than per node (as kube-scheduler's
   * Score is) keeps the per-node loop inside the plugin, where the engine can inline it.
   */
  score?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): void;
  /** Rescales `scores` (parallel to `nodes`) into [0, MAX_NODE_SCORE]. */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): void;
  /** A pod left a node (preemption, or one of its dry runs): undoes what addPod recorded. */
  removePod?(pod: PodInfo, node: NodeInfo): void;
  /**
   * Runs when the pod fits no node: may find a node where it would fit once some pods leave (preemption). The
   * framework then takes the victims off and binds the pod there; otherwise `message` joins the pod's failure.
   */
  postFilter?(pod: PodInfo, diagnosis: Diagnosis, fw: FrameworkHandle): PostFilterResult;
}

/** Why a cycle found no node: what PostFilter plugins are given. */
export interface Diagnosis {
  /** Per node index, its rejection in this cycle; set for every node unless a PreFilter rejected the pod outright. */
  readonly statuses: readonly (Status | null)[];
  /** A PreFilter's rejection of every node. */
  readonly preFilterStatus?: Status;
}

export type PostFilterResult = { node: NodeInfo; victims: PodInfo[] } | { node?: undefined; message: string };

/** What a PostFilter plugin may do with the framework: filter one node, take pods off nodes and put them back. */
export interface FrameworkHandle {
  readonly snapshot: Snapshot;
  /** PreFilter and Filter for the pod on one node, as things stand: null when it fits. */
  runFiltersOnNode(pod: PodInfo, node: NodeInfo): Status | null;
  addPod(pod: PodInfo, node: NodeInfo): void;
  removePod(pod: PodInfo): void;
}

/** What factories get: the pass's snapshot, and the disruption budgets preemption must weigh. */
export interface Handle {
  readonly snapshot: Snapshot;
  readonly disruptionBudgets?: readonly DisruptionBudget[];
}

export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

export interface WeightedPlugin {
  plugin: Plugin;
  weight: number;
}
