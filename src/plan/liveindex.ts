import type { Pod } from 'kubernetes-types/core/v1';
import { ANNOTATION_SPEC_HASH, specHashOf } from '../manifest';
import { podNamespace } from './order';
import type { LiveHost, LiveSnapshot } from './snapshot';

/** One host of the snapshot, with the entries of its pods. */
export interface HostRecord {
  readonly name: string;
  readonly pods: readonly Pod[];
  readonly count: number;
  readonly entries: LiveEntry[];
  /** Scratch for one caller at a time (adoption: whether the host is in the inventory). */
  kept: boolean;
}

/** One pod as a host reports it. */
export class LiveEntry {
  /** Scratch for one caller at a time (the plan: the pass that met this pod). */
  seen = 0;
  /** Its host's report was replaced: a newer index no longer has it. */
  removed = false;
  private specHash: string | undefined;

  constructor(
    readonly pod: Pod,
    readonly host: HostRecord,
    readonly namespace: string,
    readonly name: string,
  ) {
    this.specHash = pod.metadata?.annotations?.[ANNOTATION_SPEC_HASH] || undefined;
  }

  /** The pod's spec hash (read while its metadata is at hand; computed only for pods reported without one). */
  get hash(): string {
    return (this.specHash ??= specHashOf(this.pod));
  }
}

export type Found = LiveEntry | LiveEntry[];

/** What adoption looked up, by position in the pods it returned: null where it found nothing. */
interface Adoption {
  /** The desired pods adoption was given, and what it returned for each. */
  readonly input: readonly Pod[];
  readonly pods: readonly Pod[];
  readonly found: ReadonlyArray<Found | null | undefined>;
}

/**
 * The previous pass's adoption, for the next one to reuse where nothing it depends on moved: the same desired pod at
 * the same position, found as one live entry still in the index (or not found), and no live pod of that name added
 * since. A steady fleet's pass then costs property reads instead of 150,000 look-ups.
 */
export interface PreviousAdoption extends Adoption {
  /** Names of the live pods added since (the reports that changed): a pod of one of these names is looked up anew. */
  readonly added: ReadonlySet<string>;
}

/**
 * Every live pod by namespace and name, shared by adoption and the plan of one pass: a map of 150,000 names costs
 * more to build than the rest of an unchanged plan. Kept per snapshot, and carried over to the next snapshot: the
 * hosts whose pod list is the same array as before keep their entries, so a report from a few hosts re-indexes those
 * few. Keyed by name alone, the namespace checked on a hit, as PodIndex is.
 */
export class LiveIndex {
  hosts: HostRecord[] = [];
  private byName = new Map<string, Found>();
  /** Its map went to a newer index: a caller of the old snapshot gets a new index. */
  private retired = false;
  private adoption: Adoption | undefined;
  /** The adoption of the index this one carried over from, and the names added since; none when built afresh. */
  private previous: PreviousAdoption | undefined;

  private constructor(private readonly live: readonly LiveHost[]) {}

  static of(live: LiveSnapshot): LiveIndex {
    const cached = cache.get(live);
    if (cached && !cached.retired && cached.matches(live.hosts)) return cached;
    const index = new LiveIndex(live.hosts);
    if (!(latest && !latest.retired && index.carryOver(latest))) index.build();
    cache.set(live, index);
    latest = index;
    return index;
  }

  /** The live copies of a pod: one entry, several (a pod on several hosts, in snapshot order), or none. */
  find(namespace: string, name: string): Found | undefined {
    const found = this.byName.get(name);
    if (found === undefined) return undefined;
    if (!Array.isArray(found)) return found.namespace === namespace ? found : undefined;
    let same: LiveEntry[] | undefined;
    for (const e of found) if (e.namespace === namespace) (same ??= []).push(e);
    return same?.length === 1 ? same[0] : same;
  }

  /** Remembers what adoption found for each pod it returned (null: nothing; undefined: not looked up). */
  recordAdoption(input: readonly Pod[], pods: readonly Pod[], found: ReadonlyArray<Found | null | undefined>): void {
    this.adoption = { input, pods, found };
    this.previous = undefined;
  }

  /** What the last adoption over this snapshot, or the one it was carried over from, may lend the next one. */
  previousAdoption(): PreviousAdoption | undefined {
    if (this.previous) return this.previous;
    return this.adoption ? { ...this.adoption, added: NONE } : undefined;
  }

  /**
   * find() for the pod at `position` of the pods given to the plan: what adoption found for the same object at the
   * same position (the pass hands adoption's result on, with only scheduled pods replaced), else a look-up.
   */
  findAt(pod: Pod, position: number, namespace: string, name: string): Found | undefined {
    const a = this.adoption;
    if (a && a.pods[position] === pod) {
      const f = a.found[position];
      if (f !== undefined) return f ?? undefined;
    }
    return this.find(namespace, name);
  }

  private build(): void {
    this.hosts = this.live.map((h) => record(h));
    let count = 0;
    // One map operation per pod while names are unique (nearly always); a second round groups the rest.
    for (const h of this.hosts) {
      for (const e of h.entries) this.byName.set(e.name, e);
      count += h.entries.length;
    }
    if (this.byName.size === count) return;
    this.byName.clear();
    for (const h of this.hosts) for (const e of h.entries) this.add(e);
  }

  /**
   * Takes over `old`'s map: entries of hosts that changed (or left) come out, those of new pod lists go in. Declines
   * (false) when most hosts changed: building afresh costs less then.
   */
  private carryOver(old: LiveIndex): boolean {
    const previous = new Map<readonly Pod[], HostRecord>();
    for (const h of old.hosts) previous.set(h.pods, h);
    const kept = new Set<HostRecord>();
    const reused = this.live.map((h) => {
      const p = previous.get(h.pods);
      if (!p || p.name !== h.name || p.count !== h.pods.length || kept.has(p)) return undefined;
      kept.add(p);
      return p;
    });
    if (kept.size * 2 < this.live.length) return false;
    old.retired = true;
    this.byName = old.byName;
    this.hosts = this.live.map((h, i) => reused[i] ?? record(h));
    const added = new Set<string>();
    for (const h of old.hosts) if (!kept.has(h)) for (const e of h.entries) this.delete(e);
    for (const h of this.hosts) {
      if (kept.has(h)) continue;
      for (const e of h.entries) {
        this.add(e);
        added.add(e.name);
      }
    }
    const before = old.previousAdoption();
    if (before) this.previous = { input: before.input, pods: before.pods, found: before.found, added: before.added.size ? new Set([...before.added, ...added]) : added };
    return true;
  }

  private add(e: LiveEntry): void {
    const found = this.byName.get(e.name);
    if (found === undefined) this.byName.set(e.name, e);
    else if (Array.isArray(found)) found.push(e);
    else this.byName.set(e.name, [found, e]);
  }

  private delete(e: LiveEntry): void {
    e.removed = true;
    const found = this.byName.get(e.name);
    if (found === e) this.byName.delete(e.name);
    else if (Array.isArray(found)) {
      const rest = found.filter((x) => x !== e);
      this.byName.set(e.name, rest.length === 1 ? rest[0] : rest);
    }
  }

  /** Whether the snapshot's hosts are still what the index was built from (a snapshot may be changed in place). */
  private matches(hosts: readonly LiveHost[]): boolean {
    if (hosts !== this.live || hosts.length !== this.hosts.length) return false;
    for (let i = 0; i < hosts.length; i++) {
      const r = this.hosts[i];
      const h = hosts[i];
      if (h.name !== r.name || h.pods !== r.pods || h.pods.length !== r.count) return false;
    }
    return true;
  }
}

function record(h: LiveHost): HostRecord {
  const r: HostRecord = { name: h.name, pods: h.pods, count: h.pods.length, entries: [], kept: false };
  for (const pod of h.pods) r.entries.push(new LiveEntry(pod, r, podNamespace(pod), pod.metadata?.name ?? ''));
  return r;
}

const NONE: ReadonlySet<string> = new Set();
const cache = new WeakMap<LiveSnapshot, LiveIndex>();
/** The index built last: the next snapshot starts from it. */
let latest: LiveIndex | undefined;
