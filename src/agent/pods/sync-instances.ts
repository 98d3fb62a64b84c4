// The instances of each of a pod's containers, newest first, and the pruning of old ones.
import type { ContainerRuntime, ObservedContainer } from '../runtime';
import type { SyncAction } from './sync-types';

export const REASON_PRUNE = 'older instance';

/** One container's instances (one per attempt), newest first. */
export type Instances = ObservedContainer[];

export function instancesByName(containers: readonly ObservedContainer[]): Map<string, Instances> {
  const byName = new Map<string, Instances>();
  for (const c of containers) {
    const list = byName.get(c.identity.container);
    if (list) list.push(c);
    else byName.set(c.identity.container, [c]);
  }
  for (const list of byName.values()) list.sort((a, b) => b.identity.attempt - a.identity.attempt);
  return byName;
}

/**
 * After a restart, keeps the instance that just exited (its logs are `previous` in Kubernetes' terms) and removes
 * older ones. `list` is the instances as they were before the new one was created, newest first.
 */
export async function pruneOlder(runtime: ContainerRuntime, list: Instances, actions: SyncAction[]): Promise<void> {
  for (const c of list.slice(1)) {
    await runtime.remove(c.id);
    actions.push({ type: 'remove', container: c.identity.container, id: c.id, reason: REASON_PRUNE });
  }
}
