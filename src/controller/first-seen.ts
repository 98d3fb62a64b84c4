import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../manifest';
import type { StoreRecords } from './store';

const KEY = 'first-seen';

/**
 * metadata.creationTimestamp for what git and the workload controllers declare: when this controller first saw the
 * object (git has no such time). Kept in the store for objects, so ages survive a restart; for pods in memory only
 * (there can be very many), falling back to the time the agent started the pod.
 */
export class FirstSeen {
  readonly #objects: Map<string, string>;
  readonly #pods: Map<string, string>;

  /** `pods`: the pods' times as the last pass left them (`podTimes`), none after a start. */
  constructor(
    private readonly store: StoreRecords,
    pods: ReadonlyMap<string, string> = new Map(),
  ) {
    this.#objects = new Map(Object.entries(store.get<Record<string, string>>(KEY) ?? {}));
    this.#pods = new Map(pods);
  }

  /** `namespace/name` → when first seen, of the pods the last call was given. */
  get podTimes(): ReadonlyMap<string, string> {
    return this.#pods;
  }

  objects(objects: readonly KubeObject[], now: Date): KubeObject[] {
    const time = now.toISOString();
    const seen = new Map<string, string>();
    const out = objects.map((o) => {
      const key = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
      const at = this.#objects.get(key) ?? time;
      seen.set(key, at);
      return o.metadata.creationTimestamp ? o : { ...o, metadata: { ...o.metadata, creationTimestamp: at } };
    });
    if (seen.size !== this.#objects.size || [...seen].some(([k, v]) => this.#objects.get(k) !== v)) {
      this.#objects.clear();
      for (const [k, v] of seen) this.#objects.set(k, v);
      this.store.put(KEY, Object.fromEntries(seen));
    }
    return out;
  }

  pods(pods: readonly Pod[], now: Date): Pod[] {
    const time = now.toISOString();
    const seen = new Set<string>();
    const out = pods.map((p) => {
      const key = `${p.metadata?.namespace}/${p.metadata?.name}`;
      seen.add(key);
      let at = this.#pods.get(key);
      if (!at) this.#pods.set(key, (at = p.status?.startTime ?? time));
      return p.metadata?.creationTimestamp ? p : { ...p, metadata: { ...p.metadata, creationTimestamp: at } };
    });
    for (const key of this.#pods.keys()) if (!seen.has(key)) this.#pods.delete(key);
    return out;
  }
}
