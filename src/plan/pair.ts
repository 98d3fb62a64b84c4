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
 * its first object; the loader already refuses duplicates in git. Both sides are sorted (the expansion's objects
 * already are) and merged, which at thousands of objects costs less than a map of keys.
 */
export function pairObjects<T extends KubeObject>(desired: readonly T[], live: readonly T[]): Array<ObjectPair<T>> {
  const d = byKey(desired);
  const l = byKey(live);
  const pairs: Array<ObjectPair<T>> = [];
  let i = 0;
  let j = 0;
  while (i < d.length || j < l.length) {
    const order = i === d.length ? 1 : j === l.length ? -1 : compareObjectKeys(d[i].key, l[j].key);
    const key = order <= 0 ? d[i].key : l[j].key;
    const pair: ObjectPair<T> = { key };
    if (order <= 0) pair.desired = d[i].object;
    if (order >= 0) pair.live = l[j].object;
    pairs.push(pair);
    // Later objects with the same key (duplicates) are skipped: the first one stays.
    if (order <= 0) while (++i < d.length && compareObjectKeys(d[i].key, key) === 0);
    if (order >= 0) while (++j < l.length && compareObjectKeys(l[j].key, key) === 0);
  }
  return pairs;
}

/** The objects with their keys, sorted by key; equal keys keep their input order (a stable sort). */
function byKey<T extends KubeObject>(objects: readonly T[]): Array<{ key: ObjectKey; object: T }> {
  const out = objects.map((object) => ({ key: objectKey(object), object }));
  for (let i = 1; i < out.length; i++) {
    if (compareObjectKeys(out[i - 1].key, out[i].key) > 0) return out.sort((a, b) => compareObjectKeys(a.key, b.key));
  }
  return out;
}

export function compareObjectKeys(a: ObjectKey, b: ObjectKey): number {
  return compareStrings(a.kind, b.kind) || compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name);
}
