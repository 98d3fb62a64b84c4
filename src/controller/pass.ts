// One pass of the controller's loop as one pure function: the commit's desired state, the hosts' reports, the
// store's records and the time in; the sets to send each host, the events, the store's writes and the sync status
// out. The Controller (loop.ts) gathers the inputs and performs the effects; everything it decides is decided here.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PodMetrics } from '../controllers';
import type { KubeObject } from '../manifest';
import type { Plan } from '../plan';
import { Autoscalers, autoscalerTargets } from './autoscale';
import { planDecisions } from './decisions';
import { desiredSets, type HostDesired } from './desired-sets';
import { Drains } from './drain';
import type { Decision } from './events';
import { FirstSeen } from './first-seen';
import { hostKey, observedHosts, type HostTimeouts } from './host-reports';
import type { LoadedCommit } from './load-commit';
import type { HostObservation, HostRecord, HostReport } from './observe';
import { planPass } from './plan-pass';
import { ServiceAllocator } from './service-allocations';
import { rebalance, type RebalanceMemory } from './rebalance';
import { settle } from './settle';
import { StagedStore, type StoreReader, type StoreUpdate } from './store';
import { evictTainted } from './taint-manager';
import { podsWithStatus } from './view-state';
import type { SyncStatus } from './view';
import { WorkloadMemory, type WorkloadPass } from './workloads';

/** What the pass shows (`berth get`, `berth describe`): desired pods with their reported status, objects, hosts. */
export interface PassView {
  pods: Pod[];
  objects: KubeObject[];
  nodes: Node[];
}

/** What a pass leaves in memory for the next one. None of it is needed to decide correctly after a restart. */
export interface PassMemory {
  /** Each host's report as it last answered: its pods while it is silent, its ETags for If-None-Match. */
  reports: ReadonlyMap<string, HostReport>;
  /** What the last pass showed: its pods feed the taint manager and the autoscalers, its objects the drains. */
  view: PassView;
  workloads: WorkloadPass;
  /** When each pod was first seen, for its creationTimestamp. */
  podTimes: ReadonlyMap<string, string>;
  /** Since when placement has waited for each inventory host that has not reported yet (settle.ts). */
  settling?: ReadonlyMap<string, string>;
  rebalance?: RebalanceMemory;
}

export const FIRST_PASS: PassMemory = { reports: new Map(), view: { pods: [], objects: [], nodes: [] }, workloads: {}, podTimes: new Map(), settling: new Map() };

export interface PassInput {
  /** The commit to run: the last one that loaded. */
  commit: LoadedCommit;
  /** The sync status as loading left it (Failed for a refused newer commit or a ref that does not resolve). */
  sync: SyncStatus;
  /** Each inventory host's report this pass, in the inventory's order. */
  reports: readonly HostObservation[];
  /** The controller's bookkeeping, read only: the pass returns its writes. */
  store: StoreReader;
  memory: PassMemory;
  /** The pods' usage, when an autoscaler is due (autoscalingDue) and the agents answered. */
  metrics?: ReadonlyMap<string, PodMetrics>;
  now: Date;
  timeouts: HostTimeouts;
}

export interface PassOutcome {
  /** Each host that answered: the set the plan made for it, numbered, and whether its agent lacks it. */
  sets: HostDesired[];
  /** Every decision of the pass, as events. */
  decisions: Decision[];
  /** The store's writes: applied and made durable before any set is sent (a CronJob's slot before its Job runs). */
  store: StoreUpdate[];
  sync: SyncStatus;
  plan: Plan;
  view: PassView;
  memory: PassMemory;
}

/** The steps of DESIGN.md in order, each a pure function of what the steps before it gave. */
export function runPass(input: PassInput): PassOutcome {
  const { commit, now, memory, timeouts } = input;
  const { desired } = commit;
  const store = new StagedStore(input.store);
  const decisions: Decision[] = [];

  // 7 → the pass: what the hosts reported, their Nodes, and the evictions that follow (taints, drains).
  const observed = observedHosts({ declared: desired.nodes, reports: input.reports, previous: memory.reports, store, now, timeouts, decisions });
  const live = evictTainted({ nodes: observed.nodes, live: observed.live, desired: memory.view.pods, now, evictionTimeoutMs: timeouts.evictionTimeoutMs, decisions });
  const objectsKnown = memory.view.objects.length ? memory.view.objects : desired.objects.map((o) => o.object);
  const drained = new Drains(store).evict(observed.nodes, live, objectsKnown, now, decisions);
  const scaled = new Autoscalers(store).apply(desired, { targets: autoscalerTargets(desired), pods: memory.view.pods, metrics: input.metrics, now, decisions });

  // New pods wait a bounded settle time for inventory hosts that have not reported yet (starting, bootstrapping);
  // meanwhile nothing is rebalanced. Then pods that break their spread or anti-affinity move, one at a time.
  const hosts = desired.nodes.map((n) => n.metadata!.name!);
  const scheduling = desired.cluster.object.spec.scheduling;
  const settled = settle({ hosts, reports: input.reports, previous: memory.reports, waiting: memory.settling ?? new Map(), settleTime: scheduling?.settleTime, now });
  const rebalanced = settled.hold
    ? { live: drained.live, memory: memory.rebalance }
    : rebalance({ enabled: scheduling?.rebalance ?? true, nodes: drained.nodes, live: drained.live, desired: memory.view.pods, objects: objectsKnown, memory: memory.rebalance, now, decisions });

  // 3–5: expand (with what the workload controllers remember), schedule, plan.
  const workloads = new WorkloadMemory(store, memory.workloads);
  const workloadsLive = workloads.liveState(scaled.desired, live, now, decisions);
  const services = new ServiceAllocator(store);
  const result = planPass(scaled.desired, rebalanced.live, now, { workloads: workloadsLive, nodes: drained.nodes, serviceAllocations: services.previous(), patches: false, hold: settled.hold });
  if (result.services) services.record(result.services, decisions);
  workloads.remember({ expansion: result.expansion, desired: scaled.desired, live: workloadsLive, commit: commit.commit, bound: result.pods, decisions });
  decisions.push(...planDecisions(result.plan, result.unschedulable, result.preemptions));
  if (result.held.length) decisions.push({ object: { kind: 'Cluster', name: desired.cluster.object.metadata.name }, reason: 'WaitingForHosts', message: settled.hold! });

  // 6: the plan's sets, for the hosts that answered.
  const sets = desiredSets(input.reports, result.plan.sets, (host) => store.get<HostRecord>(hostKey(host)) ?? {});

  // What the pass shows, and how the commit fares.
  const unschedulable = new Map([...result.unschedulable, ...result.held].map((u) => [u.pod, u.message]));
  const firstSeen = new FirstSeen(store, memory.podTimes);
  const pods = firstSeen.pods(podsWithStatus(result.pods, live, unschedulable, now), now);
  const withStatus = result.expansion.objects.map((o) => scaled.statuses.get(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`) ?? o);
  // One call for objects and hosts: FirstSeen forgets what a call leaves out.
  const stamped = firstSeen.objects([...withStatus, ...(observed.nodes as unknown as KubeObject[])], now);
  const view: PassView = { pods, objects: stamped.filter((o) => o.kind !== 'Node'), nodes: stamped.filter((o) => o.kind === 'Node') as unknown as Node[] };
  const sync = commitStatus(input.sync, commit.commit, result.plan, workloads);

  return {
    sets,
    decisions,
    store: store.updates(),
    sync,
    plan: result.plan,
    view,
    memory: { reports: observed.reports, view, workloads: workloads.memory, podTimes: firstSeen.podTimes, settling: settled.waiting, rebalance: rebalanced.memory },
  };
}

/**
 * Whether the commit is synced: Failed when it did not load or a Deployment of it rolled back (git must change),
 * Progressing while pods are created, replaced or stopped or a rollout is under way, else Synced.
 */
function commitStatus(loaded: SyncStatus, commit: string, plan: Plan, workloads: WorkloadMemory): SyncStatus {
  if (loaded.status === 'Failed') return loaded;
  const rolledBack = workloads.rolledBack();
  if (rolledBack) return { ...loaded, status: 'Failed', message: `commit ${commit.slice(0, 7)} failed: ${rolledBack}; fix it in git (or git revert it)` };
  const { create, replace, delete: deleted } = plan.summary;
  const progressing = create + replace + deleted > 0 || workloads.progressing();
  return { ...loaded, status: progressing ? 'Progressing' : 'Synced', message: progressing ? 'rolling out' : undefined };
}
