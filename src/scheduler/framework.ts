// The scheduling framework, after kube-scheduler's: plugins implement only the extension points they need, and one
// pod's scheduling cycle runs PreFilter → Filter (over a sample of nodes) → PreScore → Score → NormalizeScore, then
// picks the node with the highest weighted sum. Pure and deterministic: ties go to the node whose name sorts first.
import type { PodInfo } from './podinfo';
import type { NodeInfo, Snapshot } from './snapshot';
import { Code, fitErrorMessage, NO_NODES_AVAILABLE, reasonHistogram, Status } from './status';

export { Code, Status, fitErrorMessage } from './status';

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
   * null). Like Score, one call per batch of nodes rather than per node, so the loop stays inside the plugin.
   */
  filter?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], statuses: (Status | null)[]): void;
  /** Once per pod, with the feasible nodes. Skip: this plugin's Score does not run for the pod. */
  preScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null;
  /**
   * Scores every feasible node: scores[i] for nodes[i]. One call per pod rather than per node (as kube-scheduler's
   * Score is) keeps the per-node loop inside the plugin, where the engine can inline it.
   */
  score?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): void;
  /** Rescales `scores` (parallel to `nodes`) into [0, MAX_NODE_SCORE]. */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): void;
}

/** What factories get: the pass's snapshot. */
export interface Handle {
  readonly snapshot: Snapshot;
}

export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

export interface WeightedPlugin {
  plugin: Plugin;
  weight: number;
}

export type ScheduleOutcome =
  | { node: NodeInfo }
  | { node?: undefined; message: string; reasons: Record<string, number> };

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes to find before scoring (kube-scheduler's numFeasibleNodesToFind): all of them under 100
 * nodes; otherwise `percentage` of them, where 0 means adaptive (50% − nodes/125, at least 5%); at least 100.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
  if (pct >= 100) return numAllNodes;
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((numAllNodes * pct) / 100));
}

export class Framework {
  private readonly filterPlugins: Plugin[];
  private readonly preFilterPlugins: Plugin[];
  private readonly scorePlugins: WeightedPlugin[];
  /** Where the next pod's filtering starts, so successive pods look at different nodes (kube-scheduler's
   *  nextStartNodeIndex). */
  private nextStartNodeIndex = 0;
  /** Per node index: its rejection in the current cycle. */
  private readonly statuses: (Status | null)[];
  /** What a filter plugin writes, parallel to the nodes it is given. */
  private readonly filterStatuses: (Status | null)[];
  private readonly scoreBuffers: Float64Array[];
  private readonly totals: Float64Array;

  constructor(
    readonly snapshot: Snapshot,
    readonly plugins: readonly WeightedPlugin[],
    private readonly percentageOfNodesToScore = 0,
  ) {
    this.filterPlugins = plugins.map((p) => p.plugin).filter((p) => p.filter);
    this.preFilterPlugins = plugins.map((p) => p.plugin).filter((p) => p.preFilter);
    this.scorePlugins = plugins.filter((p) => p.plugin.score && p.weight > 0);
    const n = snapshot.nodes.length;
    this.statuses = new Array(n).fill(null);
    this.filterStatuses = new Array(n).fill(null);
    this.scoreBuffers = this.scorePlugins.map(() => new Float64Array(n));
    this.totals = new Float64Array(n);
  }

  /** Records a pod on a node, in the snapshot and in every plugin's indexes. */
  addPod(pod: PodInfo, node: NodeInfo): void {
    this.snapshot.assume(pod, node);
    for (const { plugin } of this.plugins) plugin.addPod?.(pod, node);
  }

  /** One scheduling cycle. A thrown plugin error fails only this pod, with its message. */
  schedulePod(pod: PodInfo): ScheduleOutcome {
    const all = this.snapshot.nodes;
    if (all.length === 0) return { message: NO_NODES_AVAILABLE, reasons: {} };
    try {
      return this.cycle(pod, new CycleState());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { message: `scheduler error: ${message}`, reasons: {} };
    }
  }

  private cycle(pod: PodInfo, state: CycleState): ScheduleOutcome {
    const all = this.snapshot.nodes;
    // PreFilter: plugins that Skip take no part in Filter; a rejection here rejects every node.
    const skipped = new Set<Plugin>();
    let restrict: Set<string> | undefined;
    for (const p of this.preFilterPlugins) {
      const r = p.preFilter!(state, pod);
      if (r instanceof PreFilterResult) {
        restrict = restrict ? new Set([...restrict].filter((n) => r.nodeNames.has(n))) : new Set(r.nodeNames);
      } else if (r && r.code === Code.Skip) skipped.add(p);
      else if (r && r.code !== Code.Success) {
        if (r.code === Code.Error) throw new Error(`${p.name}: ${r.message}`);
        return { message: fitErrorMessage(all.length, {}, r.message), reasons: { [r.message]: all.length } };
      }
    }
    const filters = this.filterPlugins.filter((p) => !skipped.has(p));

    const candidates = restrict ? this.nodesNamed(restrict) : all;
    const feasible = this.findNodesThatPassFilters(state, pod, filters, candidates, !restrict);
    if (feasible.length === 0) return this.diagnose(state, pod, filters, candidates, !!restrict);
    if (feasible.length === 1) return { node: feasible[0] };
    return { node: this.prioritize(state, pod, feasible) };
  }

  /** The nodes with these names, in node order; names of unknown nodes are dropped. */
  private nodesNamed(names: ReadonlySet<string>): NodeInfo[] {
    const out: NodeInfo[] = [];
    for (const name of names) {
      const n = this.snapshot.nodesByName.get(name);
      if (n) out.push(n);
    }
    return out.sort((a, b) => a.index - b.index);
  }

  // Filters the nodes from the rotating start until `want` pass. Nodes are taken in chunks of exactly as many as are
  // still wanted: the filters can never find more than wanted, so exactly the nodes a one-by-one scan would look at
  // are filtered.
  private findNodesThatPassFilters(
    state: CycleState,
    pod: PodInfo,
    filters: readonly Plugin[],
    nodes: readonly NodeInfo[],
    rotate: boolean,
  ): NodeInfo[] {
    const n = nodes.length;
    const want = numFeasibleNodesToFind(n, this.percentageOfNodesToScore);
    const start = rotate ? this.nextStartNodeIndex % n : 0;
    let feasible: NodeInfo[] = [];
    let processed = 0;
    while (feasible.length < want && processed < n) {
      const m = Math.min(want - feasible.length, n - processed);
      const chunk: NodeInfo[] = [];
      const from = (start + processed) % n;
      const wrap = Math.min(m, n - from);
      for (let i = 0; i < wrap; i++) chunk.push(nodes[from + i]);
      for (let i = 0; i < m - wrap; i++) chunk.push(nodes[i]);
      processed += m;
      const passed = this.runFilterPlugins(state, pod, filters, chunk);
      if (feasible.length === 0) feasible = passed;
      else for (const node of passed) feasible.push(node);
    }
    if (rotate) this.nextStartNodeIndex = (start + processed) % n;
    return feasible;
  }

  /**
   * Runs the filters in order over the nodes, each node only until its first rejection (kube-scheduler's
   * RunFilterPlugins), recording that rejection. Keeps in `nodes` those that passed them all, in order.
   */
  private runFilterPlugins(state: CycleState, pod: PodInfo, filters: readonly Plugin[], nodes: NodeInfo[]): NodeInfo[] {
    const out = this.filterStatuses;
    for (let j = 0; j < filters.length && nodes.length > 0; j++) {
      filters[j].filter!(state, pod, nodes, out);
      let kept = 0;
      for (let i = 0; i < nodes.length; i++) {
        const s = out[i];
        if (s === null || s.code === Code.Success) nodes[kept++] = nodes[i];
        else if (s.code === Code.Error) throw new Error(`${filters[j].name}: ${s.message}`);
        else this.statuses[nodes[i].index] = s;
        out[i] = null;
      }
      nodes.length = kept;
    }
    return nodes;
  }

  // Every candidate was filtered (none passed), its rejection recorded in this cycle. Nodes a PreFilter excluded are
  // run through the filters now, so the message reads as if every node had been filtered: the plugin that excluded
  // them names its reason.
  private diagnose(
    state: CycleState,
    pod: PodInfo,
    filters: readonly Plugin[],
    candidates: readonly NodeInfo[],
    restricted: boolean,
  ): ScheduleOutcome {
    const all = this.snapshot.nodes;
    if (restricted) {
      const inCandidates = new Set(candidates);
      const excluded = all.filter((n) => !inCandidates.has(n));
      for (const n of excluded) this.statuses[n.index] = null;
      this.runFilterPlugins(state, pod, filters, excluded);
    }
    const statuses: Status[] = [];
    for (const node of all) {
      const s = this.statuses[node.index];
      if (s) statuses.push(s);
    }
    const reasons = reasonHistogram(statuses);
    return { message: fitErrorMessage(all.length, reasons), reasons };
  }

  private prioritize(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): NodeInfo {
    const n = nodes.length;
    const totals = this.totals;
    totals.fill(0, 0, n);
    for (let k = 0; k < this.scorePlugins.length; k++) {
      const { plugin, weight } = this.scorePlugins[k];
      if (plugin.preScore) {
        const s = plugin.preScore(state, pod, nodes);
        if (s && s.code === Code.Skip) continue;
        if (s && s.code !== Code.Success) throw new Error(`${plugin.name}: ${s.message}`);
      }
      const buf = this.scoreBuffers[k].subarray(0, n);
      plugin.score!(state, pod, nodes, buf);
      plugin.normalizeScore?.(state, pod, nodes, buf);
      for (let i = 0; i < n; i++) totals[i] += buf[i] * weight;
    }
    let best = 0;
    for (let i = 1; i < n; i++) {
      if (totals[i] > totals[best] || (totals[i] === totals[best] && nodes[i].index < nodes[best].index)) best = i;
    }
    return nodes[best];
  }
}
