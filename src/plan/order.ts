import type { Pod } from 'kubernetes-types/core/v1';

// Ordering by UTF-16 code units, never localeCompare: the plan must be byte-identical on every machine and locale.
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Kubernetes defaults a pod's namespace to "default"; Berth names pods `namespace/name` everywhere. */
export function podNamespace(pod: Pod): string {
  return pod.metadata?.namespace || 'default';
}

/** `namespace/name`: the identity of a pod across hosts, used to pair desired pods with live ones. */
export function podKey(pod: Pod): string {
  return `${podNamespace(pod)}/${pod.metadata?.name ?? ''}`;
}

/**
 * Orders `namespace/name` keys by namespace, then name (not by the joined string: "a-b/x" must sort after "a/y").
 * Namespaces and names cannot contain "/", so the first "/" splits them.
 */
export function comparePodKeys(a: string, b: string): number {
  const i = a.indexOf('/');
  const j = b.indexOf('/');
  return compareStrings(a.slice(0, i), b.slice(0, j)) || compareStrings(a.slice(i + 1), b.slice(j + 1));
}

/**
 * Values by pod namespace and name. Keyed by name alone, the namespace checked on a hit (names rarely repeat across
 * namespaces): at 150,000 pods, building and hashing a "namespace/name" string per pod costs twice as much, and is
 * most of an unchanged plan.
 */
export class PodIndex<T extends PodRef> {
  private readonly byName = new Map<string, T | T[]>();

  private constructor() {}

  /**
   * Indexes `values`; of two with the same namespace and name, `pick` says which one stays (it must not depend on
   * their order). Returns the index and the values that stayed, in input order.
   */
  static of<T extends PodRef>(values: T[], pick: (a: T, b: T) => T): { index: PodIndex<T>; kept: T[] } {
    const index = new PodIndex<T>();
    // Fast path, one map operation per value: names are nearly always unique across namespaces.
    for (const v of values) index.byName.set(v.name, v);
    if (index.byName.size === values.length) return { index, kept: values };
    index.byName.clear();
    const dropped = new Set<T>();
    for (const v of values) {
      const twin = index.add(v);
      if (!twin) continue;
      const stays = pick(twin, v);
      const goes = stays === v ? twin : v;
      dropped.add(goes);
      if (stays === v) index.replace(twin, v);
    }
    return { index, kept: dropped.size ? values.filter((v) => !dropped.has(v)) : values };
  }

  /** Adds the value unless one with the same namespace and name is there: then returns that one. */
  private add(value: T): T | undefined {
    const found = this.byName.get(value.name);
    if (found === undefined) {
      this.byName.set(value.name, value);
      return undefined;
    }
    const list = Array.isArray(found) ? found : [found];
    const same = list.find((v) => v.namespace === value.namespace);
    if (!same) this.byName.set(value.name, [...list, value]);
    return same;
  }

  private replace(old: T, value: T): void {
    const found = this.byName.get(value.name)!;
    this.byName.set(value.name, Array.isArray(found) ? found.map((v) => (v === old ? value : v)) : value);
  }
}

export interface PodRef {
  namespace: string;
  name: string;
}
