// Replacing a pod whose spec hash changed, on this host (Kamal's boot of a new version): the new version starts in
// its own sandbox beside the old one (same pod uid, told apart by the spec-hash label), the old one keeps serving until
// the new one is Ready, then stops gracefully. A new version not Ready within its deadline is stopped and the old one
// kept: the pod is reported rolled back (condition berth.dev/RolledBack) with the old spec hash.
import type { Pod } from 'kubernetes-types/core/v1';
import { SANDBOX_CONTAINER } from '../labels';
import { killPod, removePod } from '../pods/sync';
import type { ObservedContainer } from '../runtime';
import type { DesiredStore } from '../state';
import { instanceKey, REASON_ADOPTED_ROLLBACK, REASON_NOT_READY_IN_TIME, replaceDeadlineMs, type Rollback } from './book';
import { currentSandbox, newestIn, syncInstance, type InstanceDeps } from './instance';
import { stopOrphans } from './sandbox';
import type { PodWorkers } from './workers';

export interface Replacement {
  pod: Pod;
  uid: string;
  /** The desired version's spec hash. */
  hash: string;
  /** This pod's containers by spec hash: the desired version and older ones. */
  versions: Map<string, ObservedContainer[]>;
  now: Date;
  /** The first pass after the agent started: a stopped new version beside a running old one was rolled back. */
  adopting: boolean;
}

/** Returns whether containers were created, started or stopped in this pass. */
export async function syncReplacement(loop: PodWorkers, deps: InstanceDeps & { store: DesiredStore }, r: Replacement): Promise<boolean> {
  const { book, tasks } = loop;
  const { pod, uid, hash, versions, now } = r;
  const key = instanceKey(uid, hash);
  const mine = versions.get(hash) ?? [];
  const set = deps.store.current;
  let rollback = book.rollbacks.get(uid);
  if (rollback && rollback.hash !== hash) {
    book.rollbacks.delete(uid); // a newer version, or a revert, supersedes the rollback
    rollback = undefined;
  }
  const olds = [...versions].filter(([h]) => h !== hash);
  const live = olds.filter(([, list]) => isLive(list)).sort(([, a], [, b]) => startedAt(a) - startedAt(b));
  // Versions that serve nothing any more (older leftovers, a replaced version) go; so do all but the one that
  // serves (the earliest: a version that was itself still being replaced when a newer one came).
  for (const [h, list] of [...olds.filter(([, l]) => !isLive(l)), ...live.slice(1)]) stopVersion(loop, deps, { uid, hash: h, observed: list, remove: true });

  const sync = async (k: string, spec: Pod, list: ObservedContainer[]) => {
    if (tasks.has(`version:${k}`)) return false; // being stopped
    if (stopOrphans(loop, deps, k, spec, list)) return false; // its sandbox changed: the old containers stop first
    const result = await syncInstance(deps, { key: k, pod: spec, observed: list, set, record: book.record(k), now });
    return (result?.actions.length ?? 0) > 0;
  };
  if (live.length === 0) {
    book.serving.set(uid, hash);
    return sync(key, pod, mine);
  }

  const [oldHash, oldList] = live[0];
  const oldKey = instanceKey(uid, oldHash);
  if (tasks.has(`version:${oldKey}`) && !rollback) {
    book.serving.set(uid, hash); // replaced: the old version is on its way out
    return sync(key, pod, mine);
  }
  const oldSpec = book.specs.get(oldKey);
  book.serving.set(uid, oldHash);
  // The old version keeps its restarts and probes while it serves. Its spec survives an agent restart
  // (persist.ts); only when it is unknown (state lost) is it left as it runs.
  let changed = oldSpec ? await sync(oldKey, oldSpec, oldList) : false;
  if (!rollback && r.adopting && mine.length && !isLive(mine)) {
    rollback = rolledBack(hash, oldHash, REASON_ADOPTED_ROLLBACK, 'the new version had been stopped and the old one kept before the agent restarted', now);
    book.rollbacks.set(uid, rollback);
  }
  if (rollback) return changed;

  const started = book.replacing.get(key) ?? (isLive(mine) ? startedAt(mine) : now.getTime());
  book.replacing.set(key, started);
  changed = (await sync(key, pod, mine)) || changed;
  const unready = unreadyContainers(deps, key, pod, mine);
  if (unready.length === 0) {
    book.serving.set(uid, hash);
    book.replacing.delete(key);
    stopVersion(loop, deps, { uid, hash: oldHash, observed: oldList, remove: true });
  } else if (now.getTime() - started > replaceDeadlineMs(pod)) {
    const seconds = Math.round(replaceDeadlineMs(pod) / 1000);
    const message = `new version ${hash} was not Ready within ${seconds}s (containers with unready status: [${unready.join(' ')}]); kept version ${oldHash}`;
    book.rollbacks.set(uid, rolledBack(hash, oldHash, REASON_NOT_READY_IN_TIME, message, now));
    book.replacing.delete(key);
    stopVersion(loop, deps, { uid, hash, observed: mine, remove: false });
  }
  return changed;
}

/**
 * Stops one version of a pod gracefully, in the background. `remove`: its containers go too (a replaced version);
 * otherwise they stay, stopped, with their logs (a rolled-back version).
 */
function stopVersion(loop: PodWorkers, deps: InstanceDeps, { uid, hash, observed, remove }: { uid: string; hash: string; observed: ObservedContainer[]; remove: boolean }): void {
  const key = instanceKey(uid, hash);
  loop.tasks.run(`version:${key}`, async () => {
    // Listed again: containers may have been created since the pass began.
    const fresh = (await deps.runtime.listManaged(deps.cluster)).filter((c) => c.identity.podUid === uid && c.identity.specHash === hash);
    const list = fresh.length ? fresh : observed;
    await killPod(deps.runtime, list, loop.book.graceOf(uid, hash), { pod: loop.book.specOf(uid, hash) });
    deps.probes.removePod(key);
    if (!remove) return;
    await removePod(deps.runtime, list);
    loop.book.forgetInstance(key);
  });
}

/** The app containers of a version that are not Ready: not running in its sandbox, or their readiness probe fails. */
function unreadyContainers(deps: InstanceDeps, key: string, pod: Pod, observed: ObservedContainer[]): string[] {
  const sandbox = currentSandbox(observed);
  return (pod.spec?.containers ?? [])
    .filter((c) => newestIn(observed, c.name, sandbox)?.state !== 'running' || deps.probes.status(key, c.name)?.ready === false)
    .map((c) => c.name);
}

function isLive(list: readonly ObservedContainer[]): boolean {
  return list.some((c) => c.identity.container === SANDBOX_CONTAINER && c.state === 'running');
}

function startedAt(list: readonly ObservedContainer[]): number {
  const sandbox = currentSandbox(list);
  return sandbox?.startedAt ? Date.parse(sandbox.startedAt) : Date.now();
}

function rolledBack(hash: string, keptHash: string, reason: string, message: string, now: Date): Rollback {
  return { hash, keptHash, reason, message, at: now.toISOString() };
}
