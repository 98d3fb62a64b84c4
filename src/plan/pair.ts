import { objectKey, type KubeObject, type ObjectKey } from '../manifest';
import { compareStrings } from './order';

/** A desired object and its live copy: no live copy → create, no desired copy → prune, both → diff. */
export interface ObjectPair<T extends KubeObject = KubeObject> {
  key: ObjectKey;
  desired?: T;
  live?: T;
}

/**
 * Pairs desired with live objects by kind, namespace and name (gitops-engine's first step, shared by diff, plan
 * and prune), sorted by kind, then namespace (cluster-scoped first), then name. A key listed twice on one side keeps
 * its first object; the loader already refuses duplicates in git.
 */
export function pairObjects<T extends KubeObject>(desired: readonly T[], live: readonly T[]): Array<ObjectPair<T>> {
  const pairs = new Map<string, ObjectPair<T>>();
  const pairOf = (o: T): ObjectPair<T> => {
    const key = objectKey(o);
    const id = `${key.kind}\0${key.namespace ?? ''}\0${key.name}`;
    let pair = pairs.get(id);
    if (!pair) pairs.set(id, (pair = { key }));
    return pair;
  };
  for (const o of desired) {
    const pair = pairOf(o);
    pair.desired ??= o;
  }
  for (const o of live) {
    const pair = pairOf(o);
    pair.live ??= o;
  }
  return [...pairs.values()].sort((a, b) => compareObjectKeys(a.key, b.key));
}

export function compareObjectKeys(a: ObjectKey, b: ObjectKey): number {
  return compareStrings(a.kind, b.kind) || compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name);
}
