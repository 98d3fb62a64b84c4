// The agent's level-triggered loop, like the kubelet's SyncLoop: every pass lists the managed containers once, groups
// them by pod, syncs every desired pod (replacing a changed one beside the old, replace.ts) and stops and removes
// every pod that is no longer desired; a pod that finished is never synced again (finished.ts). Passes run after
// every new desired set, on a timer, and never two at once; while Docker does not answer they back off
// (runtime-health.ts). What Docker cannot tell is kept on disk (persist.ts, memory.ts).
import type { Pod } from 'kubernetes-types/core/v1';
import { SerialRunner } from '../../common';
import { specHashOf } from '../../manifest';
import { EVENT_KILLING } from '../events';
import { podUid, SANDBOX_CONTAINER } from '../labels';
import { killPod, removePod } from '../pods/sync';
import type { ObservedContainer } from '../runtime';
import { isNoSpace, type DesiredStore } from '../state';
import { cleanupPodVolumes, podUidsWithVolumes } from '../volumes';
import { instanceKey, PodBook } from './book';
import { syncFinished } from './finished';
import { recordOomKills, syncInstance, type InstanceDeps } from './instance';
import { MemoryFile, memoryOf, restoreMemory } from './memory';
import { ReplacementFile, replacementsOf, restoreReplacements } from './persist';
import { KeyedTasks } from './queue';
import { syncReplacement } from './replace';
import { RUNTIME_CALL_TIMEOUT_MS, RuntimeHealth, withinDeadline } from './runtime-health';
import { stopOrphans } from './sandbox';

export interface PodLoopOptions extends InstanceDeps {
  store: DesiredStore;
  syncIntervalMs: number;
  log: (message: string) => void;
  /** Told after every pass: what the agent reports may have changed (a watch of GET /v1/pods looks again). */
  passed?: () => void;
}

export class PodLoop {
  readonly book = new PodBook();
  readonly tasks: KeyedTasks;
  /** Whether Docker answered the last pass; passes back off while it does not. */
  readonly runtimeHealth = new RuntimeHealth();
  readonly #passes: SerialRunner;
  readonly #o: PodLoopOptions;
  #timer: NodeJS.Timeout | undefined;
  #firstPass = true;
  readonly #saved: ReplacementFile;
  readonly #memory: MemoryFile;

  constructor(options: PodLoopOptions) {
    this.#o = options;
    this.#saved = new ReplacementFile(options.stateDir);
    restoreReplacements(this.book, this.#saved.load());
    this.#memory = new MemoryFile(options.stateDir);
    restoreMemory({ book: this.book, backoff: options.backoff, pullBackoff: options.pullBackoff }, this.#memory.load());
    this.#passes = new SerialRunner(
      () => this.pass().finally(() => options.passed?.()),
      (err) => options.log(`pass failed: ${messageOf(err)}`),
    );
    this.tasks = new KeyedTasks((key, err) => {
      if (err) options.log(`${key} failed: ${messageOf(err)}`);
      void this.trigger();
    });
  }

  start(): void {
    void this.trigger();
    this.#timer = setInterval(() => void this.trigger(), this.#o.syncIntervalMs);
    this.#timer.unref();
  }

  /** Asks for a pass; resolves once a pass that began after the call has finished. */
  trigger(): Promise<void> {
    return this.#passes.run();
  }

  /** Stops the timer and waits for the pass and the stops in progress. Containers keep running. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#passes.close();
    await this.tasks.settle();
  }

  /** One pass over every pod of the host. */
  async pass(): Promise<void> {
    const o = this.#o;
    const now = new Date();
    const set = o.store.current;
    if (!this.runtimeHealth.mayTry(now.getTime())) return;
    let observed: ObservedContainer[];
    try {
      observed = await withinDeadline((signal) => o.runtime.listManaged(o.cluster, signal), RUNTIME_CALL_TIMEOUT_MS);
    } catch (err) {
      const line = this.runtimeHealth.failed(messageOf(err), Date.now());
      if (line) o.log(line);
      return;
    }
    const back = this.runtimeHealth.succeeded(Date.now());
    if (back) o.log(back);
    const byUid = groupBy(observed, (c) => c.identity.podUid);
    const desired = new Map<string, Pod>();
    for (const pod of set.pods) {
      desired.set(podUid(pod), pod);
      this.book.specs.set(instanceKey(podUid(pod), specHashOf(pod)), pod);
    }
    let changed = false;
    await Promise.all(
      [...desired].map(async ([uid, pod]) => {
        if (this.tasks.has(`pod:${uid}`)) return; // still being stopped from an earlier removal: once gone, it starts again
        try {
          changed = (await this.#syncPod(pod, byUid.get(uid) ?? [], now)) || changed;
        } catch (err) {
          // One pod's failure never stops the others: it becomes the pod's waiting reason.
          const record = this.book.record(instanceKey(uid, specHashOf(pod)));
          for (const c of pod.spec?.containers ?? []) record.waiting[c.name] = { reason: 'SyncError', message: messageOf(err) };
          o.log(`pod ${pod.metadata?.namespace}/${pod.metadata?.name}: ${messageOf(err)}`);
        }
      }),
    );
    // A store holding (its set lost to a torn file) knows nothing of what runs: nothing is unwanted until a set comes.
    if (!o.store.holding) for (const [uid, list] of byUid) if (!desired.has(uid)) this.#terminate(uid, list);
    o.events.retain((uid) => desired.has(uid) || byUid.has(uid) || this.tasks.has(`pod:${uid}`));
    // Volume folders of pods neither desired nor running (an agent stopped while removing one): the kubelet's orphan cleanup.
    if (!o.store.holding) for (const uid of podUidsWithVolumes(o)) {
      if (!desired.has(uid) && !byUid.has(uid) && !this.tasks.has(`pod:${uid}`)) await cleanupPodVolumes(uid, o).catch(() => undefined);
    }
    o.backoff.gc(now.getTime());
    o.pullBackoff.gc(now.getTime());
    this.#firstPass = false;
    try {
      this.#saved.save(replacementsOf(this.book, new Map([...desired].map(([uid, pod]) => [uid, specHashOf(pod)]))));
      this.#memory.save(memoryOf({ book: this.book, backoff: o.backoff, pullBackoff: o.pullBackoff }));
    } catch (err) {
      // Kept in memory; retried next pass. A full state folder is the host's condition, said once, not every pass.
      const line = isNoSpace(err) ? o.store.disk.full(err, 0) : `saving the loop's state failed: ${messageOf(err)}`;
      if (line) o.log(line);
    }
    // Containers created in this pass are seen by the next one (their probes start there): run it soon, not in a
    // second. Not at once: a sandbox that keeps failing would make the loop spin.
    if (changed) setTimeout(() => void this.trigger(), 100).unref();
  }

  /** Returns whether anything was created, started, stopped or removed. */
  async #syncPod(pod: Pod, observed: ObservedContainer[], now: Date): Promise<boolean> {
    const uid = podUid(pod);
    const hash = specHashOf(pod);
    const versions = groupBy(observed, (c) => c.identity.specHash);
    recordOomKills(this.#o.events, pod, observed);
    const finished = await syncFinished(this, this.#o, { pod, uid, hash, versions });
    if (finished !== undefined) return finished;
    if (versions.size > 1 || (versions.size === 1 && !versions.has(hash))) {
      return syncReplacement(this, this.#o, { pod, uid, hash, versions, now, adopting: this.#firstPass });
    }
    this.book.serving.set(uid, hash);
    const key = instanceKey(uid, hash);
    if (stopOrphans(this, this.#o, key, pod, versions.get(hash) ?? [])) return false;
    const result = await syncInstance(this.#o, { key, pod, observed: versions.get(hash) ?? [], set: this.#o.store.current, record: this.book.record(key), now });
    return (result?.actions.length ?? 0) > 0;
  }

  /** Stops a pod that is no longer desired (gracefully, in the background), removes its containers, then its volumes. */
  #terminate(uid: string, observed: ObservedContainer[]): void {
    const o = this.#o;
    if (this.tasks.has(`pod:${uid}`)) return;
    const pod = this.book.specOf(uid);
    if (pod) {
      for (const c of observed) {
        if (c.state !== 'running' || c.identity.container === SANDBOX_CONTAINER) continue;
        o.events.record(pod, { type: 'Normal', reason: EVENT_KILLING, message: `Stopping container ${c.identity.container}`, container: c.identity.container });
      }
    }
    this.tasks.run(`pod:${uid}`, async () => {
      await killPod(o.runtime, observed, this.book.graceOf(uid), { pod: this.book.specOf(uid), log: o.log });
      await removePod(o.runtime, observed);
      for (const hash of new Set(observed.map((c) => c.identity.specHash))) o.probes.removePod(instanceKey(uid, hash));
      await cleanupPodVolumes(uid, o);
      this.book.forgetPod(uid);
    });
  }
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
