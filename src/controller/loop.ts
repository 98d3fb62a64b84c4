import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { SerialRunner } from '../common';
import { Fleet, ImageShipper, type AgentBundle } from '../fleet';
import { ANNOTATION_SPEC_HASH, type DesiredState, type KubeObject } from '../manifest';
import { stableStringify } from '../controllers';
import { openRepo, resolveCommit, type Repo } from '../source';
import type { LiveHost, LiveSnapshot } from '../plan';
import { Bootstrapper } from './bootstrap-new';
import { hostShares } from './desired-sets';
import { recordEvents, type Decision } from './events';
import { nodeLifecycle, DEFAULT_EVICTION_MS, type NodeLifecycle } from './node-lifecycle';
import { observeHosts, type HostObservation, type HostRecord, type PodReport } from './observe';
import { ReportWatch } from './report-watch';
import { planPass } from './pass';
import { planDecisions } from './decisions';
import type { Store } from './store';
import { podsWithStatus } from './view-state';
import { silentHost } from './silent-host';
import type { DrainStatus, RolloutRevision, SyncStatus } from './view';
import { BerthError } from '../errors';
import { WorkloadMemory } from './workloads';
import { Drains } from './drain';
import { FirstSeen } from './first-seen';
import { Autoscalers, autoscalerTargets } from './autoscale';
import { ServiceAllocator } from './service-allocations';
import { applyShares } from './apply';
import { WorkQueue, queueKey } from './workqueue';
import { collectPodMetrics } from './metrics';
import { recordCommit, type CommitStatus } from './commits';
import { loadCommit, type LoadedCommit } from './load-commit';
import { taintEvictions } from '../scheduler';

export interface ControllerOptions {
  repoDir: string;
  /** The ref to follow. Default `main`. */
  ref?: string;
  store: Store;
  /** How often a pass runs when nothing triggers one sooner. Default 2 s. */
  intervalMs?: number;
  /** How often the ref is checked for a new commit. Default 500 ms. */
  refPollMs?: number;
  /** Each host's agent call. Default 30 s. */
  callTimeoutMs?: number;
  /** Each host's status call in a pass: short, so a silent host does not hold up the pass for the others. Default 5 s. */
  observeTimeoutMs?: number;
  /** Silence before a host is NotReady. Default 40 s. */
  gracePeriodMs?: number;
  /** NotReady before its pods are placed elsewhere. Default 5 minutes, as Kubernetes. */
  evictionTimeoutMs?: number;
  /** The agent bundle to install on hosts that lack an agent or run another version; none: no automatic bootstrap. */
  bundle?: AgentBundle;
  /** Ships images the controller's Docker Engine has to hosts that lack them; none: hosts must have or pull them. */
  images?: ImageShipper;
  clock?: () => Date;
  log?: (line: string) => void;
}

/** What the last pass saw and decided, for the view. */
export interface Snapshot {
  pods: Pod[];
  objects: KubeObject[];
  nodes: Node[];
  events: Event[];
  sync: SyncStatus;
}

const EVENTS_KEY = 'events';
const COMMITS_KEY = 'commits';
const hostKey = (name: string) => `host/${name}`;

/**
 * `berth controller`: one pass = source → load → expand → schedule → plan → apply → observe (DESIGN.md), level
 * triggered: each pass compares what git wants with what the agents report and sends every host whose share changed
 * its new share. Nothing is remembered from events; a pass after a restart decides the same as one before.
 */
export class Controller {
  readonly ref: string;
  readonly #repo: Repo;
  readonly #store: Store;
  readonly #opts: Required<Pick<ControllerOptions, 'intervalMs' | 'refPollMs' | 'callTimeoutMs' | 'observeTimeoutMs' | 'gracePeriodMs' | 'evictionTimeoutMs' | 'clock' | 'log'>> & ControllerOptions;
  readonly #workloads: WorkloadMemory;
  readonly #drains: Drains;
  readonly #firstSeen: FirstSeen;
  readonly #autoscalers: Autoscalers;
  readonly #services: ServiceAllocator;
  /** Hosts whose apply failed, backed off (apply.ts). In memory: a restart retries every host at once, as client-go. */
  readonly #applyQueue = new WorkQueue();
  #bootstrapper?: Bootstrapper;
  #state?: LoadedCommit;
  #fleet?: { key: string; inventory: object; fleet: Fleet };
  #snapshot: Snapshot;
  /** Each host's report as it last answered: its pods for the passes it is silent, its ETag for If-None-Match. */
  readonly #lastReported = new Map<string, PodReport>();
  /** Long-polls of the agents' reports: a change triggers a pass (DESIGN.md step 7). One per fleet. */
  #reports?: ReportWatch;
  #timer?: NodeJS.Timeout;
  #refTimer?: NodeJS.Timeout;
  readonly #passes = new SerialRunner(
    () => this.pass(),
    async (err) => {
      // A bug or an unexpected failure: reported like any other decision, and the next pass tries again.
      const message = `the controller's pass failed: ${(err as Error).message}; it retries every ${this.#opts.intervalMs / 1000} s (set BERTH_DEBUG=1 for the stack)`;
      if (process.env.BERTH_DEBUG) this.#opts.log(String((err as Error).stack));
      const sync: SyncStatus = { ...this.#snapshot.sync, status: 'Failed', message };
      await this.#finish([{ object: { kind: 'Cluster', name: this.ref }, reason: 'PassFailed', type: 'Warning', message }], sync, this.#opts.clock()).catch(() => undefined);
    },
  );
  /** Decisions made between passes (a bootstrap that ended): recorded with the next pass's. */
  #pendingDecisions: Decision[] = [];
  #stopped = false;

  constructor(options: ControllerOptions) {
    this.ref = options.ref ?? 'main';
    this.#repo = openRepo(options.repoDir);
    this.#store = options.store;
    this.#opts = { intervalMs: 2000, refPollMs: 500, callTimeoutMs: 30_000, observeTimeoutMs: 5_000, gracePeriodMs: 40_000, evictionTimeoutMs: DEFAULT_EVICTION_MS, clock: () => new Date(), log: () => {}, ...options };
    this.#workloads = new WorkloadMemory(this.#store);
    this.#drains = new Drains(this.#store);
    this.#firstSeen = new FirstSeen(this.#store);
    this.#autoscalers = new Autoscalers(this.#store);
    this.#services = new ServiceAllocator(this.#store);
    if (options.bundle) this.#bootstrapper = new Bootstrapper(options.bundle, () => this.#state?.desired.cluster.object.metadata.name ?? 'default', { clock: this.#opts.clock });
    this.#snapshot = { pods: [], objects: [], nodes: [], events: this.#store.get<Event[]>(EVENTS_KEY) ?? [], sync: this.#store.get<SyncStatus>('sync') ?? { ref: this.ref, status: 'Unknown' } };
  }

  get snapshot(): Snapshot {
    return this.#snapshot;
  }

  get fleet(): Fleet | undefined {
    return this.#fleet?.fleet;
  }

  get workloads(): WorkloadMemory {
    return this.#workloads;
  }

  /** Runs passes until stop(): one now, then every intervalMs, and at once when the ref moves. */
  start(): void {
    const tick = () => {
      if (this.#stopped) return;
      void this.trigger().finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(tick, this.#untilNextPass());
      });
    };
    tick();
    const pollRef = async () => {
      if (this.#stopped) return;
      try {
        const commit = await resolveCommit(this.#repo, this.ref);
        if (commit !== this.#state?.commit) void this.trigger();
      } catch {
        // The pass reports a ref that does not resolve.
      }
      if (!this.#stopped) this.#refTimer = setTimeout(pollRef, this.#opts.refPollMs);
    };
    this.#refTimer = setTimeout(pollRef, this.#opts.refPollMs);
  }

  /** intervalMs, or less when a backed-off host is due again sooner. */
  #untilNextPass(): number {
    const now = this.#opts.clock();
    const due = this.#applyQueue.nextDue(now);
    return due ? Math.min(this.#opts.intervalMs, due.getTime() - now.getTime()) : this.#opts.intervalMs;
  }

  /** Starts draining a host (see Drains) and runs a pass; the status as it stands after that pass. */
  async drain(host: string): Promise<DrainStatus> {
    if (this.#state && !this.#state.desired.nodes.some((n) => n.metadata?.name === host)) {
      throw new BerthError('HostNotFound', `host ${host} is not in hosts.yaml at ${this.#state.commit.slice(0, 7)}`, { host });
    }
    this.#drains.request(host, this.#opts.clock());
    await this.trigger();
    return this.#drains.status(host);
  }

  /** `berth rollout undo`: recorded now, rolled out by the next passes. */
  async undo(namespace: string, name: string, toRevision?: number): Promise<RolloutRevision> {
    const revision = this.#workloads.undo(namespace, name, toRevision, this.#opts.clock());
    await this.#store.commit();
    void this.trigger();
    return revision;
  }

  /** A pass now, or right after the one running (never two at once). */
  trigger(): Promise<void> {
    return this.#passes.run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#refTimer);
    await this.#passes.close();
    await this.#reports?.close();
    await this.#bootstrapper?.idle();
    await this.#store.close();
    await this.#fleet?.fleet.close();
  }

  /** One pass of the loop. */
  async pass(): Promise<void> {
    const now = this.#opts.clock();
    const decisions: Decision[] = [];
    const loaded = await loadCommit(this.#repo, this.ref, this.#state, this.#store, decisions);
    const sync = loaded.sync;
    const state = (this.#state = loaded.state);
    if (!state) return this.#finish(decisions, sync, now);
    const { desired } = state;
    const fleet = this.#ensureFleet(desired);
    const hosts = desired.nodes.map((n) => n.metadata!.name!);
    const observations = await observeHosts(fleet, hosts, this.#opts.observeTimeoutMs, this.#lastReported);

    const lifecycles = new Map<string, NodeLifecycle>();
    const live: LiveHost[] = [];
    // observeHosts answers in the order it was asked: observations[i] is hosts[i].
    for (const [i, declared] of desired.nodes.entries()) {
      const name = declared.metadata!.name!;
      const observation = observations[i];
      const record = this.#observe(name, observation, now, decisions);
      const { lifecycle, conditions } = nodeLifecycle(declared, record, observation.ok ? observation.facts : undefined, now, this.#opts.gracePeriodMs, this.#opts.evictionTimeoutMs);
      record.conditions = conditions;
      lifecycles.set(name, lifecycle);
      this.#maybeBootstrap(fleet, observation, record, now, decisions);
      this.#store.put(hostKey(name), record);
      if (observation.ok) {
        this.#lastReported.set(name, { etag: observation.etag, generation: observation.generation, pods: observation.pods });
        live.push({ name, generation: observation.generation, pods: observation.pods });
      } else live.push(silentHost(name, this.#lastReported.get(name)?.pods, record, lifecycle.ready, now));
      if (!observation.ok && lifecycle.evict && Object.keys(record.pods ?? {}).length) decisions.push({ object: { kind: 'Node', name }, host: name, reason: 'NodeNotReady', type: 'Warning', message: `host ${name} has not answered for ${Math.round(this.#opts.evictionTimeoutMs / 1000)} s: pods that do not tolerate it are placed on other hosts` });
    }
    for (const name of this.#lastReported.keys()) if (!lifecycles.has(name)) this.#lastReported.delete(name);
    const nodes = desired.nodes.map((n) => lifecycles.get(n.metadata!.name!)!.node);
    const snapshot = this.#evictTainted(nodes, { hosts: live }, now, decisions);
    const objectsKnown = this.#snapshot.objects.length ? this.#snapshot.objects : desired.objects.map((o) => o.object);
    const drained = this.#drains.evict(nodes, snapshot, objectsKnown, now, decisions);
    const scaled = await this.#autoscale(fleet, desired, now, decisions);
    const workloads = this.#workloads.liveState(scaled.desired, snapshot, now, decisions);
    const result = planPass(scaled.desired, drained.live, now, { workloads, nodes: drained.nodes, serviceAllocations: this.#services.previous() });
    if (result.services) this.#services.record(result.services, decisions);
    this.#workloads.remember(result.expansion, scaled.desired, workloads, state.commit, result.pods, decisions);
    decisions.push(...planDecisions(result.plan, result.unschedulable, result.preemptions));

    // Durable before anything is sent: a CronJob's slot is recorded before its Job can start.
    await this.#store.commit();
    const accepted = await applyShares({
      fleet,
      observations,
      shares: hostShares(result.pods, result.expansion.objects, hosts),
      records: (host) => this.#store.get<HostRecord>(hostKey(host)) ?? {},
      // With a registry in cluster.yaml, hosts pull: nothing is shipped.
      images: desired.cluster.object.spec.registry ? undefined : this.#opts.images,
      callTimeoutMs: this.#opts.callTimeoutMs,
      decisions,
      queue: this.#applyQueue,
      clock: this.#opts.clock,
    });
    for (const [host, record] of accepted) this.#store.put(hostKey(host), record);
    this.#applyQueue.retain(hosts.map((name) => queueKey({ kind: 'Node', name })));
    const unschedulable = new Map(result.unschedulable.map((u) => [u.pod, u.message]));
    const progressing = result.plan.summary.create + result.plan.summary.replace + result.plan.summary.delete > 0 || this.#workloads.progressing();
    const rolledBack = this.#workloads.rolledBack();
    const finalSync: SyncStatus =
      sync.status === 'Failed'
        ? sync
        : rolledBack
          ? { ...sync, status: 'Failed', message: `commit ${state.commit.slice(0, 7)} failed: ${rolledBack}; fix it in git (or git revert it)` }
          : { ...sync, status: progressing ? 'Progressing' : 'Synced', message: progressing ? 'rolling out' : undefined };
    const pods = this.#firstSeen.pods(podsWithStatus(result.pods, snapshot, unschedulable, now), now);
    const withStatus = result.expansion.objects.map((o) => scaled.statuses.get(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`) ?? o);
    // One call for objects and hosts: FirstSeen forgets what a call leaves out.
    const stamped = this.#firstSeen.objects([...withStatus, ...(nodes as unknown as KubeObject[])], now);
    this.#snapshot = { ...this.#snapshot, pods, objects: stamped.filter((o) => o.kind !== 'Node'), nodes: stamped.filter((o) => o.kind === 'Node') as unknown as Node[] };
    await this.#finish(decisions, finalSync, now);
  }

  #ensureFleet(desired: DesiredState): Fleet {
    const inventory = desired.inventory.object;
    // The same commit's inventory is the same object: no need to compare it whole each pass.
    if (this.#fleet?.inventory === inventory) return this.#fleet.fleet;
    const key = stableStringify(inventory);
    if (this.#fleet?.key === key) {
      this.#fleet.inventory = inventory;
      return this.#fleet.fleet;
    }
    void this.#reports?.close(); // its long-polls end at once, before their fleet's connections do
    void this.#fleet?.fleet.close();
    const fleet = new Fleet(inventory, { repoRoot: this.#repo.dir });
    this.#fleet = { key, inventory, fleet };
    const onChange = () => {
      if (!this.#stopped) void this.trigger(); // as a new commit does
    };
    this.#reports = this.#stopped ? undefined : ReportWatch.overFleet(fleet, { hosts: fleet.hosts, onChange, lastSeen: (host) => this.#lastReported.get(host)?.etag });
    return fleet;
  }

  #observe(name: string, observation: HostObservation, now: Date, decisions: Decision[]): HostRecord {
    const before = this.#store.get<HostRecord>(hostKey(name)) ?? {};
    if (!observation.ok) {
      if (before.lastError !== observation.error.message) decisions.push({ object: { kind: 'Node', name }, host: name, reason: 'HostUnreachable', type: 'Warning', message: observation.error.message });
      return { ...before, lastError: observation.error.message };
    }
    if (before.lastError) decisions.push({ object: { kind: 'Node', name }, host: name, reason: 'HostReachable', message: `host ${name} answers again` });
    const pods: Record<string, string> = {};
    for (const p of observation.pods) pods[`${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`] = p.metadata?.annotations?.[ANNOTATION_SPEC_HASH] ?? '';
    const { lastError: _, ...rest } = before;
    return { ...rest, lastHeartbeat: now.toISOString(), pods };
  }

  #maybeBootstrap(fleet: Fleet, observation: HostObservation, record: HostRecord, now: Date, decisions: Decision[]): void {
    const bootstrapper = this.#bootstrapper;
    if (!bootstrapper) return;
    const why = bootstrapper.reason(observation, now);
    if (!why) return;
    const host = observation.host;
    record.bootstrappedAt = now.toISOString();
    decisions.push({ object: { kind: 'Node', name: host }, host, reason: 'Bootstrapping', message: `installing agent ${bootstrapper.version} on ${host}: ${why}` });
    bootstrapper.start(fleet, host, (decision, bootstrapError) => {
      const current = this.#store.get<HostRecord>(hostKey(host)) ?? {};
      this.#store.put(hostKey(host), { ...current, bootstrappedAt: now.toISOString(), bootstrapError });
      this.#pendingDecisions.push(decision);
      void this.trigger();
    });
  }

  /**
   * The taint manager: pods on hosts with NoExecute taints they do not tolerate (a host NotReady past the eviction
   * timeout — Kubernetes' default toleration — or a taint in hosts.yaml) leave them: their copies there are taken out
   * of what runs, so the scheduler places them elsewhere and the host, when it answers, stops them.
   */
  #evictTainted(nodes: Node[], live: LiveSnapshot, now: Date, decisions: Decision[]): LiveSnapshot {
    // Only a NoExecute taint evicts: a healthy fleet has none, and its pass copies nothing here.
    const tainted = new Set(nodes.filter((n) => n.spec?.taints?.some((t) => t.effect === 'NoExecute')).map((n) => n.metadata!.name!));
    if (tainted.size === 0) return live;
    // Every copy on a tainted host, stale ones of a silent host included, judged by its desired spec (its tolerations).
    const desired = new Map<string, Pod>();
    for (const p of this.#snapshot.pods) if (!p.metadata?.deletionTimestamp) desired.set(`${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`, p);
    const placed = live.hosts.filter((h) => tainted.has(h.name)).flatMap((h) =>
      h.pods.map((p) => {
        const spec = desired.get(`${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`)?.spec ?? p.spec;
        return { ...p, spec: { ...spec!, nodeName: h.name } };
      }),
    );
    const seconds = this.#opts.evictionTimeoutMs / 1000;
    const { evict } = taintEvictions({ nodes, pods: placed, now, defaultTolerationSeconds: { notReady: seconds, unreachable: seconds } });
    if (evict.length === 0) return live;
    const gone = new Set(evict.map((e) => `${e.node}/${e.pod}`));
    for (const e of evict) {
      const at = e.pod.indexOf('/');
      decisions.push({ object: { kind: 'Pod', namespace: e.pod.slice(0, at), name: e.pod.slice(at + 1) }, host: e.node, reason: 'TaintManagerEviction', type: 'Warning', message: e.message });
    }
    // Only the hosts that lost pods get a new list: the plan re-indexes what changed.
    const touched = new Set(evict.map((e) => e.node));
    return { ...live, hosts: live.hosts.map((h) => (touched.has(h.name) ? { ...h, pods: h.pods.filter((p) => !gone.has(`${h.name}/${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`)) } : h)) };
  }

  /** HorizontalPodAutoscalers: metrics asked of the agents when a sync is due, the targets' sizes put in place. */
  async #autoscale(fleet: Fleet, desired: DesiredState, now: Date, decisions: Decision[]) {
    const pods = this.#snapshot.pods;
    const targets = autoscalerTargets(desired);
    const metrics = this.#autoscalers.due(targets, now) ? await collectPodMetrics(fleet, pods, this.#opts.observeTimeoutMs) : undefined;
    return this.#autoscalers.apply(desired, targets, pods, metrics, now, decisions);
  }

  async #finish(decisions: Decision[], sync: SyncStatus, now: Date): Promise<void> {
    const all = [...this.#pendingDecisions.splice(0), ...decisions];
    const events = recordEvents(this.#snapshot.events, all, now);
    for (const d of all) this.#opts.log(`${d.type === 'Warning' ? 'warning' : 'event'} ${d.object.kind}/${d.object.namespace ? `${d.object.namespace}/` : ''}${d.object.name}${d.host ? ` on ${d.host}` : ''}: ${d.reason}: ${d.message}`);
    const full: SyncStatus = { ...sync, lastPass: now.toISOString() };
    if (sync.status === 'Unknown') full.status = 'Synced';
    this.#snapshot = { ...this.#snapshot, events, sync: full };
    if (all.length) this.#store.put(EVENTS_KEY, events);
    this.#store.put('sync', full);
    const commit = full.refusedCommit ?? full.commit;
    if (commit) {
      const history = this.#store.get<CommitStatus[]>(COMMITS_KEY) ?? [];
      const next = recordCommit(history, commit, full, full.lastPass!);
      if (next !== history) this.#store.put(COMMITS_KEY, next);
    }
    await this.#store.commit();
  }
}

/** A pod of a silent host as last reported: enough to keep it where it is and to compare its spec hash. */
