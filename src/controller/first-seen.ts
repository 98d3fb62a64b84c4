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
  #pods: ReadonlyMap<string, string>;

  /** `pods`: the pods' times as the last pass left them (`podTimes`), none after a start. */
  constructor(
    private readonly store: StoreRecords,
    pods: ReadonlyMap<string, string> = new Map(),
  ) {
    this.#objects = new Map(Object.entries(store.get<Record<string, string>>(KEY) ?? {}));
    this.#pods = pods;
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
    // The very list the last call stamped, with the times it left: the same answer.
    if (lastStamped?.pods === pods && lastStamped.times === this.#pods) return lastStamped.out;
    const out = this.#stamp(pods, now);
    lastStamped = { pods, times: this.#pods, out };
    return out;
  }

  #stamp(pods: readonly Pod[], now: Date): Pod[] {
    const time = now.toISOString();
    let times: Map<string, string> | undefined; // copied on the first pod not stamped before
    const out = pods.map((p) => {
      if (p.metadata?.creationTimestamp) return p;
      const known = stamped.get(p);
      if (known) return known;
      const key = `${p.metadata?.namespace}/${p.metadata?.name}`;
      times ??= new Map(this.#pods);
      let at = times.get(key);
      if (!at) times.set(key, (at = p.status?.startTime ?? time));
      const copy = { ...p, metadata: { ...p.metadata, creationTimestamp: at } };
      stamped.set(p, copy);
      return copy;
    });
    // Every pod as stamped before and as many as before: the same pods, the same times.
    if (!times && this.#pods.size === pods.length) return out;
    const kept = new Map<string, string>();
    const all = times ?? this.#pods;
    for (const p of out) {
      const key = `${p.metadata?.namespace}/${p.metadata?.name}`;
      const at = all.get(key);
      if (at) kept.set(key, at);
    }
    this.#pods = kept;
    return out;
  }
}

let lastStamped: { pods: readonly Pod[]; times: ReadonlyMap<string, string>; out: Pod[] } | undefined;

/** A pod (as shown) with its creationTimestamp: the same copy while the pod is the same object. */
const stamped = new WeakMap<Pod, Pod>();
