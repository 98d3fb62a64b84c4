// Pods already on nodes (given as assigned, or bound earlier in this pass), indexed by label and by controller so a
// selector finds its candidates without a scan, plus counters that follow them ("pods matching this selector, per
// topology domain"), kept current as pods are placed and removed: this replaces kube-scheduler's scans of every
// node's pods. Removal (preemption, and its dry runs) leaves the placement in the lists, marked, so putting the same
// pod back costs nothing.
import type { Placement, PodGroup } from './podinfo';

/** What follows matching placements: a per-domain count (DomainCounter, SparseDomainCounter). */
export interface PlacementCounter {
  add(nodeIndex: number): void;
  remove(nodeIndex: number): void;
}

/** Which pods a counter or term selects. */
export interface PodMatcher {
  /**
   * A "key=value" label every matching pod carries, or a controllerHint when only one controller's pods match, or
   * null: narrows candidates through the index.
   */
  readonly hint: string | null;
  matches(group: PodGroup): boolean;
}

interface Watch {
  readonly matcher: PodMatcher;
  readonly counter: PlacementCounter;
}

export class PlacedPods {
  /** Bumped on every placement: derived results may be reused while it is unchanged. */
  version = 0;
  private readonly all: Placement[] = [];
  private readonly byLabel = new Map<string, Placement[]>();
  private readonly counters = new Map<string, PlacementCounter>();
  private readonly watchesByHint = new Map<string, Watch[]>();
  private readonly unhinted: Watch[] = [];

  add(group: PodGroup, node: number): Placement {
    this.version++;
    const p: Placement = { group, node, removed: false };
    this.all.push(p);
    for (const pair of group.indexKeys) {
      const list = this.byLabel.get(pair);
      if (list) list.push(p);
      else this.byLabel.set(pair, [p]);
    }
    this.count(p, 1);
    return p;
  }

  /** Takes the placement off its node: counters stop counting it. */
  remove(p: Placement): void {
    if (p.removed) return;
    this.version++;
    p.removed = true;
    this.count(p, -1);
  }

  /** Puts a removed placement back. */
  restore(p: Placement): void {
    if (!p.removed) return;
    this.version++;
    p.removed = false;
    this.count(p, 1);
  }

  private count(p: Placement, delta: 1 | -1): void {
    const { group, node } = p;
    for (const pair of group.indexKeys) {
      const ws = this.watchesByHint.get(pair);
      if (ws) for (const w of ws) if (w.matcher.matches(group)) tell(w.counter, node, delta);
    }
    for (const w of this.unhinted) if (w.matcher.matches(group)) tell(w.counter, node, delta);
  }

  /** Placed pods that may match: those under the hint (a label pair or a controller), or all; removed ones included. */
  candidates(hint: string | null): readonly Placement[] {
    return hint === null ? this.all : (this.byLabel.get(hint) ?? []);
  }

  /**
   * The counter registered under `key`, or a new one from `create`, filled from the pods placed so far and kept
   * current from then on. `key` must identify the matcher and the counter's shape (topology key, eligible nodes).
   */
  counter<C extends PlacementCounter>(key: string, matcher: PodMatcher, create: () => C): C {
    const existing = this.counters.get(key);
    if (existing) return existing as C;
    const c = create();
    for (const p of this.candidates(matcher.hint)) if (!p.removed && matcher.matches(p.group)) c.add(p.node);
    this.counters.set(key, c);
    const w = { matcher, counter: c };
    if (matcher.hint === null) this.unhinted.push(w);
    else {
      const ws = this.watchesByHint.get(matcher.hint);
      if (ws) ws.push(w);
      else this.watchesByHint.set(matcher.hint, [w]);
    }
    return c;
  }
}

function tell(c: PlacementCounter, node: number, delta: 1 | -1): void {
  if (delta > 0) c.add(node);
  else c.remove(node);
}
