// A pod that finished (Succeeded, or Failed under its restartPolicy: pods/finished.ts) is never synced again, whatever
// happens after: an engine restart that stopped its sandbox, an agent restart, a new desired set, a new spec. As the
// kubelet terminates a pod in a terminal phase, its sandbox goes (nothing runs in it any more), its probes stop, and
// any other version of it is stopped and removed; its containers stay, stopped, so its exit codes, reasons and logs
// are reported until the pod is no longer desired (then the loop removes it as any other).
import type { Pod } from 'kubernetes-types/core/v1';
import { SANDBOX_CONTAINER } from '../labels';
import { finishedPhase } from '../pods/finished';
import { killPod, removePod } from '../pods/sync';
import type { ProbeManager } from '../probes';
import type { ContainerRuntime, ObservedContainer } from '../runtime';
import { instanceKey } from './book';
import type { PodWorkers } from './workers';

export interface FinishedDeps {
  runtime: ContainerRuntime;
  probes: ProbeManager;
  log?: (message: string) => void;
}

export interface FinishedCheck {
  /** The desired pod and its spec hash. */
  pod: Pod;
  uid: string;
  hash: string;
  /** This pod's containers by spec hash. */
  versions: ReadonlyMap<string, ObservedContainer[]>;
}

/**
 * Undefined when the pod has not finished (the loop syncs it as usual); otherwise whether a container was removed.
 * The version judged is the one that serves (the only one, or the one the book says serves).
 */
export async function syncFinished({ book, tasks }: PodWorkers, deps: FinishedDeps, { pod, uid, hash, versions }: FinishedCheck): Promise<boolean | undefined> {
  const serving = book.serving.get(uid);
  const judged = serving !== undefined && versions.has(serving) ? serving : versions.size === 1 ? [...versions.keys()][0] : undefined;
  if (judged === undefined) return undefined;
  const key = instanceKey(uid, judged);
  // A version other than the desired one is judged by its own spec; when the agent lost it, by the desired one.
  const spec = judged === hash ? pod : (book.specs.get(key) ?? pod);
  const list = versions.get(judged)!;
  if (!finishedPhase(spec, list)) return undefined;

  book.serving.set(uid, judged);
  book.record(key).waiting = {};
  deps.probes.removePod(key);
  for (const [other, containers] of versions) {
    if (other === judged || tasks.has(`version:${instanceKey(uid, other)}`)) continue;
    tasks.run(`version:${instanceKey(uid, other)}`, async () => {
      await killPod(deps.runtime, containers, book.graceOf(uid, other), { pod: book.specOf(uid, other), log: deps.log });
      await removePod(deps.runtime, containers);
      book.forgetInstance(instanceKey(uid, other));
    });
  }
  let removed = false;
  for (const sandbox of list.filter((c) => c.identity.container === SANDBOX_CONTAINER)) {
    try {
      await deps.runtime.remove(sandbox.id);
      removed = true;
      deps.log?.(`pod ${spec.metadata?.namespace ?? 'default'}/${spec.metadata?.name} finished: sandbox ${sandbox.id.slice(0, 12)} removed`);
    } catch (err) {
      // Kept, stopped or not, until the next pass tries again; the pod's containers are never started again.
      deps.log?.(`pod ${spec.metadata?.namespace ?? 'default'}/${spec.metadata?.name} finished: removing its sandbox failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return removed;
}
