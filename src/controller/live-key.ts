import type { Pod } from 'kubernetes-types/core/v1';
import { sameItems } from '../common';
import type { LiveSnapshot } from '../plan';

/** What identifies a live snapshot for a steady pass: each host's name and its very pod list (the same on a 304). */
export interface LiveKey {
  names: readonly string[];
  lists: ReadonlyArray<readonly Pod[]>;
}

export function liveKey(live: LiveSnapshot): LiveKey {
  return { names: live.hosts.map((h) => h.name), lists: live.hosts.map((h) => h.pods) };
}

/** The same hosts with the same pod lists, in the same order. */
export function sameLive(a: LiveKey | undefined, b: LiveKey): boolean {
  return a !== undefined && sameItems(a.names, b.names) && sameItems(a.lists, b.lists);
}
