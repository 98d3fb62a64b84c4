import type { Event } from 'kubernetes-types/core/v1';
import { SerialRunner } from '../common';
import { Fleet, ImageShipper, type AgentBundle } from '../fleet';
import { stableStringify, type DesiredState } from '../manifest';
import { openRepo, resolveCommit, type Repo } from '../source';
import { Bootstrapper } from './bootstrap-new';
import { mergeReportedEvents, recordEvents, type Decision } from './events';
import { DEFAULT_EVICTION_MS } from './node-lifecycle';
import { observeHosts, type HostObservation, type HostRecord, type HostReport } from './observe';
import { ReportWatch } from './report-watch';
import { FIRST_PASS, runPass, type PassMemory, type PassView } from './pass';
import { hostKey } from './host-reports';
import { applyStoreUpdates, type Store } from './store';
import type { DrainStatus, RolloutRevision, SyncStatus } from './view';
import { BerthError } from '../errors';
import { WorkloadMemory } from './workloads';
import { Drains } from './drain';
import { Autoscalers, autoscalerTargets } from './autoscale';
import { applySets } from './apply';
import { WorkQueue, queueKey } from './workqueue';
import { collectPodMetrics } from './metrics';
import { recordCommit, type CommitStatus } from './commits';
import { loadCommit, type LoadedCommit } from './load-commit';

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
  /** Decisions made before the first pass (the store recovered from a torn file): recorded as its events. */
  startupDecisions?: Decision[];
}

/** What the last pass saw and decided, for the view. */
export interface Snapshot extends PassView {
  events: Event[];
  sync: SyncStatus;
}

const EVENTS_KEY = 'events';
const COMMITS_KEY = 'commits';

/**
 * `berth controller`: one pass = source → load → expand → schedule → plan → apply → observe (DESIGN.md), level
 * triggered: each pass compares what git wants with what the agents report and sends every host whose desired set
 * changed its new set. Nothing is remembered from events; a pass after a restart decides the same as one before.
 */
export class Controller {
  readonly ref: string;
  readonly #repo: Repo;
  readonly #store: Store;
  readonly #opts: Required<Pick<ControllerOptions, 'intervalMs' | 'refPollMs' | 'callTimeoutMs' | 'observeTimeoutMs' | 'gracePeriodMs' | 'evictionTimeoutMs' | 'clock' | 'log'>> & ControllerOptions;
  /** Hosts whose apply failed, backed off (apply.ts). In memory: a restart retries every host at once, as client-go. */
  readonly #applyQueue = new WorkQueue();
  #bootstrapper?: Bootstrapper;
  #state?: LoadedCommit;
  #fleet?: { key: string; inventory: object; fleet: Fleet };
  #snapshot: Snapshot;
  /** What the last pass left for the next (runPass). */
  #memory: PassMemory = FIRST_PASS;
  /** Reports the watches delivered since the last pass observed the hosts: used as they are, not asked for again. */
  readonly #watched = new Map<string, HostReport>();
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
    this.#pendingDecisions = [...(options.startupDecisions ?? [])];
    this.#opts = { intervalMs: 2000, refPollMs: 500, callTimeoutMs: 30_000, observeTimeoutMs: 5_000, gracePeriodMs: 40_000, evictionTimeoutMs: DEFAULT_EVICTION_MS, clock: () => new Date(), log: () => {}, ...options };
    if (options.bundle) this.#bootstrapper = new Bootstrapper(options.bundle, () => this.#state?.desired.cluster.object.metadata.name ?? 'default', { clock: this.#opts.clock });
    this.#snapshot = { pods: [], objects: [], nodes: [], events: this.#store.get<Event[]>(EVENTS_KEY) ?? [], sync: this.#store.get<SyncStatus>('sync') ?? { ref: this.ref, status: 'Unknown' } };
  }

  get snapshot(): Snapshot {
    return this.#snapshot;
  }

  get fleet(): Fleet | undefined {
    return this.#fleet?.fleet;
  }

  /** The workload controllers' records as the last pass left them (rollout history). */
  get workloads(): WorkloadMemory {
    return new WorkloadMemory(this.#store, this.#memory.workloads);
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
    const drains = new Drains(this.#store);
    drains.request(host, this.#opts.clock());
    await this.trigger();
    return drains.status(host);
  }

  /** `berth rollout undo`: recorded now, rolled out by the next passes. */
  async undo(namespace: string, name: string, toRevision?: number): Promise<RolloutRevision> {
    const revision = this.workloads.undo(namespace, name, toRevision, this.#opts.clock());
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

  /**
   * One pass of the loop: the shell around runPass. It gathers what the pure pass needs — the commit (source, load),
   * the hosts' reports (observe), the pods' usage when an autoscaler is due — then performs what the pass decided:
   * the store's writes (durable before anything is sent), agent installs, each host's set (apply), the events.
   */
  async pass(): Promise<void> {
    const now = this.#opts.clock();
    const decisions: Decision[] = [];
    const loaded = await loadCommit(this.#repo, this.ref, this.#state, this.#store, decisions);
    const state = (this.#state = loaded.state);
    if (!state) return this.#finish(decisions, loaded.sync, now);
    const fleet = this.#ensureFleet(state.desired);
    const reports = await this.#observe(fleet, state.desired);
    const metrics = await this.#metrics(fleet, state.desired, now);

    const outcome = runPass({ commit: state, sync: loaded.sync, reports, store: this.#store, memory: this.#memory, metrics, now, timeouts: this.#opts });

    this.#memory = outcome.memory;
    decisions.push(...outcome.decisions);
    applyStoreUpdates(this.#store, outcome.store);
    for (const report of reports) this.#maybeBootstrap(fleet, report, now, decisions);
    // Durable before anything is sent: a CronJob's slot is recorded before its Job can start.
    await this.#store.commit();
    const accepted = await applySets({
      fleet,
      sets: outcome.sets,
      // With a registry in cluster.yaml, hosts pull: nothing is shipped.
      images: state.desired.cluster.object.spec.registry ? undefined : this.#opts.images,
      callTimeoutMs: this.#opts.callTimeoutMs,
      decisions,
      queue: this.#applyQueue,
      clock: this.#opts.clock,
    });
    for (const [host, sent] of accepted) this.#store.put(hostKey(host), { ...this.#store.get<HostRecord>(hostKey(host)), ...sent });
    this.#applyQueue.retain(reports.map((r) => queueKey({ kind: 'Node', name: r.host })));
    this.#snapshot = { ...this.#snapshot, ...outcome.view };
    // The agents' own events (the kubelet's), as their reports carried them: kept beside the controller's decisions.
    const reported = reports.flatMap((r) => (r.ok && r.events ? r.events : []));
    await this.#finish(decisions, outcome.sync, now, reported);
  }

  /** Every host's report: its pods as its watch delivered them since the last pass, or asked If-None-Match. */
  async #observe(fleet: Fleet, desired: DesiredState): Promise<HostObservation[]> {
    const hosts = desired.nodes.map((n) => n.metadata!.name!);
    const watched = new Map(this.#watched);
    const reports = await observeHosts(fleet, hosts, { timeoutMs: this.#opts.observeTimeoutMs, previous: this.#memory.reports, watched });
    // A report a watch delivered meanwhile is newer than the one used: kept for the next pass.
    for (const [host, report] of watched) if (this.#watched.get(host) === report) this.#watched.delete(host);
    return reports;
  }

  /** The pods' usage, asked of the agents only when an autoscaler is due. */
  async #metrics(fleet: Fleet, desired: DesiredState, now: Date) {
    const due = new Autoscalers(this.#store).due(autoscalerTargets(desired), now);
    return due ? collectPodMetrics(fleet, this.#memory.view.pods, this.#opts.observeTimeoutMs) : undefined;
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
    const onChange = (host: string, report: HostReport) => {
      if (this.#stopped) return;
      this.#watched.set(host, report);
      void this.trigger(); // as a new commit does
    };
    const lastSeen = (host: string) => this.#watched.get(host)?.etag ?? this.#memory.reports.get(host)?.etag;
    this.#reports = this.#stopped ? undefined : ReportWatch.overFleet(fleet, { hosts: fleet.hosts, onChange, lastSeen });
    return fleet;
  }

  /** A host without an agent, or with another version, gets one installed (in the background). */
  #maybeBootstrap(fleet: Fleet, observation: HostObservation, now: Date, decisions: Decision[]): void {
    const bootstrapper = this.#bootstrapper;
    if (!bootstrapper) return;
    const why = bootstrapper.reason(observation, now);
    if (!why) return;
    const host = observation.host;
    this.#store.put(hostKey(host), { ...this.#store.get<HostRecord>(hostKey(host)), bootstrappedAt: now.toISOString() });
    decisions.push({ object: { kind: 'Node', name: host }, host, reason: 'Bootstrapping', message: `installing agent ${bootstrapper.version} on ${host}: ${why}` });
    bootstrapper.start(fleet, host, (decision, bootstrapError) => {
      const current = this.#store.get<HostRecord>(hostKey(host)) ?? {};
      this.#store.put(hostKey(host), { ...current, bootstrappedAt: now.toISOString(), bootstrapError });
      this.#pendingDecisions.push(decision);
      void this.trigger();
    });
  }

  async #finish(decisions: Decision[], sync: SyncStatus, now: Date, reported: readonly Event[] = []): Promise<void> {
    const all = [...this.#pendingDecisions.splice(0), ...decisions];
    const events = mergeReportedEvents(recordEvents(this.#snapshot.events, all, now), reported);
    for (const d of all) this.#opts.log(`${d.type === 'Warning' ? 'warning' : 'event'} ${d.object.kind}/${d.object.namespace ? `${d.object.namespace}/` : ''}${d.object.name}${d.host ? ` on ${d.host}` : ''}: ${d.reason}: ${d.message}`);
    const full: SyncStatus = { ...sync, lastPass: now.toISOString() };
    if (sync.status === 'Unknown') full.status = 'Synced';
    const eventsChanged = events !== this.#snapshot.events;
    this.#snapshot = { ...this.#snapshot, events, sync: full };
    if (eventsChanged) this.#store.put(EVENTS_KEY, events);
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

