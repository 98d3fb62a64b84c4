// The scheduling framework, after kube-scheduler's: plugins implement only the extension points they need, and one
// pod's scheduling cycle runs PreFilter → Filter (over a sample of nodes) → PreScore → Score → NormalizeScore, then
// picks the node with the highest weighted sum. Pure and deterministic: ties go to the node whose name sorts first.
import { CycleState, PreFilterResult, type Diagnosis, type FrameworkHandle, type Plugin, type WeightedPlugin } from './plugin';
import type { PodInfo } from './podinfo';
import type { NodeInfo, Snapshot } from './snapshot';
import { Code, fitErrorMessage, NO_NODES_AVAILABLE, reasonHistogram, Status } from './status';

export { Code, Status, fitErrorMessage } from './status';

export {
  MAX_NODE_SCORE,
  CycleState,
  PreFilterResult,
  type Plugin,
  type Diagnosis,
  type PostFilterResult,
  type FrameworkHandle,
  type Handle,
  type PluginFactory,
  type WeightedPlugin,
} from './plugin';

export type ScheduleOutcome =
  /** `victims`: pods to take off `node` first (preemption). */
  | { node: NodeInfo; victims?: PodInfo[] }
  | { node?: undefined; message: string; reasons: Record<string, number> };

type CycleOutcome = { node: NodeInfo } | { node?: undefined; message: string; reasons: Record<string, number>; diagnosis: Diagnosis };

const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** Filtering batches: at least this many nodes, sized as if at least this share of them passed. */
const MIN_BATCH = 64;
const MIN_PASS_RATE = 0.05;
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

export class Framework implements FrameworkHandle {
  private readonly filterPlugins: Plugin[];
  private readonly preFilterPlugins: Plugin[];
  private readonly postFilterPlugins: Plugin[];
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
    this.postFilterPlugins = plugins.map((p) => p.plugin).filter((p) => p.postFilter);
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

  /** Takes a pod off its node, in the snapshot and in every plugin's indexes. */
  removePod(pod: PodInfo): void {
    const node = this.snapshot.nodeOf(pod);
    if (!node) return;
    this.snapshot.forget(pod);
    for (const { plugin } of this.plugins) plugin.removePod?.(pod, node);
  }

  /**
   * One scheduling cycle, then PostFilter when no node fits: the outcome names the node, and the pods to take off it
   * first when PostFilter preempted. A thrown plugin error fails only this pod, with its message.
   */
  schedulePod(pod: PodInfo): ScheduleOutcome {
    const all = this.snapshot.nodes;
    if (all.length === 0) return { message: NO_NODES_AVAILABLE, reasons: {} };
    try {
      const out = this.cycle(pod, new CycleState());
      if (out.node || !this.postFilterPlugins.length) return out.node ? out : { message: out.message, reasons: out.reasons };
      // kube-scheduler's RunPostFilterPlugins: the first that finds a node wins; else their messages follow the reasons.
      const messages: string[] = [];
      for (const p of this.postFilterPlugins) {
        const r = p.postFilter!(pod, out.diagnosis, this);
        if (r.node) return r;
        if (r.message) messages.push(r.message);
      }
      return { message: messages.length ? `${out.message} ${messages.join(', ')}` : out.message, reasons: out.reasons };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { message: `scheduler error: ${message}`, reasons: {} };
    }
  }

  runFiltersOnNode(pod: PodInfo, node: NodeInfo): Status | null {
    const state = new CycleState();
    const skipped = new Set<Plugin>();
    for (const p of this.preFilterPlugins) {
      const r = p.preFilter!(state, pod);
      if (r instanceof PreFilterResult) {
        if (!r.nodeNames.has(node.name)) return new Status(Code.UnschedulableAndUnresolvable, [`node(s) didn't satisfy plugin ${p.name}`]);
      } else if (r && r.code === Code.Skip) skipped.add(p);
      else if (r && r.code !== Code.Success) return r;
    }
    const one = [node];
    const out = this.filterStatuses;
    for (const f of this.filterPlugins) {
      if (skipped.has(f)) continue;
      f.filter!(state, pod, one, out);
      const s = out[0];
      out[0] = null;
      if (s && s.code !== Code.Success) {
        if (s.code === Code.Error) throw new Error(`${f.name}: ${s.message}`);
        return s;
      }
    }
    return null;
  }

  private cycle(pod: PodInfo, state: CycleState): CycleOutcome {
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
        const diagnosis = { statuses: this.statuses, preFilterStatus: r };
        return { message: fitErrorMessage(all.length, {}, r.message), reasons: { [r.message]: all.length }, diagnosis };
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

  // Filters the nodes from the rotating start until `want` pass, with the result of a one-by-one scan: the first
  // `want` feasible nodes in rotation order, and the next start just after the last of them. Nodes are taken in
  // batches sized from the pass rate so far, since few large batches cost less than many small ones; feasible nodes
  // found beyond `want` are dropped, as a one-by-one scan would never have looked at them.
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
      const need = want - feasible.length;
      const rate = processed ? Math.max(feasible.length / processed, MIN_PASS_RATE) : 1;
      const m = Math.min(n - processed, Math.max(need, MIN_BATCH, Math.ceil((need / rate) * 1.1)));
      const chunk = new Array<NodeInfo>(m);
      const from = (start + processed) % n;
      const wrap = Math.min(m, n - from);
      for (let i = 0; i < wrap; i++) chunk[i] = nodes[from + i];
      for (let i = wrap; i < m; i++) chunk[i] = nodes[i - wrap];
      processed += m;
      const passed = this.runFilterPlugins(state, pod, filters, chunk);
      if (passed.length > need) {
        // Where the scan would have stopped. Only rotation needs it, and then `nodes` are all nodes, by index.
        if (rotate) processed -= m - (((passed[need - 1].index - from + n) % n) + 1);
        passed.length = need;
      }
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
    const statuses = this.statuses;
    for (let j = 0; j < filters.length && nodes.length > 0; j++) {
      if (filters[j].filter!(state, pod, nodes, out) === 0) continue;
      let kept = 0;
      for (let i = 0; i < nodes.length; i++) {
        const s = out[i];
        if (s === null) {
          if (kept !== i) nodes[kept] = nodes[i];
          kept++;
          continue;
        }
        out[i] = null;
        if (s.code === Code.Success) nodes[kept++] = nodes[i];
        else if (s.code === Code.Error) throw new Error(`${filters[j].name}: ${s.message}`);
        else statuses[nodes[i].index] = s;
      }
      if (kept !== nodes.length) nodes.length = kept;
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
  ): CycleOutcome {
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
    return { message: fitErrorMessage(all.length, reasons), reasons, diagnosis: { statuses: this.statuses } };
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
    // kube-scheduler picks at random among the best (selectHost), which spreads ties in expectation; Berth stays
    // deterministic: the one with the fewest pods, then the first by name. Scores that cannot tell hosts apart (no
    // declared capacity, truncated to whole points) so still balance pods by count.
    const pods = this.snapshot.totals.numPods;
    let best = 0;
    for (let i = 1; i < n; i++) {
      const t = totals[i];
      const b = totals[best];
      if (t > b || (t === b && (pods[nodes[i].index] < pods[nodes[best].index] || (pods[nodes[i].index] === pods[nodes[best].index] && nodes[i].index < nodes[best].index)))) best = i;
    }
    return nodes[best];
  }
}
