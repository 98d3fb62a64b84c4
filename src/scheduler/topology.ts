// Topology domains: for a topology key (kubernetes.io/hostname, topology.kubernetes.io/zone, …), each node's domain
// as a small integer, so per-domain pod counts are arrays instead of maps of (key, value) pairs.
import type { Node } from 'kubernetes-types/core/v1';

export class TopologyDomains {
  /** Domain id → label value. */
  readonly values: string[] = [];
  /** Node index → domain id; -1 where the node lacks the key. */
  readonly nodeDomain: Int32Array;
  /** How many nodes lack the key. */
  readonly missing: number;

  constructor(
    readonly key: string,
    nodes: readonly Node[],
  ) {
    this.nodeDomain = new Int32Array(nodes.length);
    const ids = new Map<string, number>();
    let missing = 0;
    nodes.forEach((n, i) => {
      const v = n.metadata?.labels?.[key];
      if (v === undefined) {
        this.nodeDomain[i] = -1;
        missing++;
        return;
      }
      let id = ids.get(v);
      if (id === undefined) {
        ids.set(v, (id = this.values.length));
        this.values.push(v);
      }
      this.nodeDomain[i] = id;
    });
    this.missing = missing;
  }

  get size(): number {
    return this.values.length;
  }
}

export class Topology {
  private readonly byKey = new Map<string, TopologyDomains>();

  constructor(private readonly nodes: readonly Node[]) {}

  domains(key: string): TopologyDomains {
    let d = this.byKey.get(key);
    if (!d) this.byKey.set(key, (d = new TopologyDomains(key, this.nodes)));
    return d;
  }
}

/** Matching pods per domain of one topology key; counts only pods on nodes in `nodeEligible` when given. */
export class DomainCounter {
  readonly counts: Int32Array;
  total = 0;

  constructor(
    readonly domains: TopologyDomains,
    readonly nodeEligible?: Uint8Array,
  ) {
    this.counts = new Int32Array(domains.size);
  }

  add(nodeIndex: number): void {
    if (this.nodeEligible && !this.nodeEligible[nodeIndex]) return;
    const d = this.domains.nodeDomain[nodeIndex];
    if (d < 0) return;
    this.increment(d);
  }

  remove(nodeIndex: number): void {
    if (this.nodeEligible && !this.nodeEligible[nodeIndex]) return;
    const d = this.domains.nodeDomain[nodeIndex];
    if (d < 0) return;
    this.decrement(d);
  }

  protected increment(d: number): void {
    this.counts[d]++;
    this.total++;
  }

  protected decrement(d: number): void {
    this.counts[d]--;
    this.total--;
  }

  /** Matching pods in the node's domain (0 when the node lacks the key). */
  at(nodeIndex: number): number {
    const d = this.domains.nodeDomain[nodeIndex];
    return d < 0 ? 0 : this.counts[d];
  }
}

/**
 * Matching pods per domain, for scoring (no minimum). Kept in a map while few domains have pods, so a counter per
 * ReplicaSet over 5,000 hostnames costs what its replicas occupy (an array would be 20 KB each); past 1/16 of the
 * domains, in an array, so all its counters together never take more than 64 bytes per matching pod.
 */
export class SparseDomainCounter {
  private sparse: Map<number, number> | null = new Map();
  private counts: Int32Array | null = null;

  constructor(
    readonly domains: TopologyDomains,
    readonly nodeEligible?: Uint8Array,
  ) {}

  add(nodeIndex: number): void {
    if (this.nodeEligible && !this.nodeEligible[nodeIndex]) return;
    const d = this.domains.nodeDomain[nodeIndex];
    if (d < 0) return;
    if (this.counts) {
      this.counts[d]++;
      return;
    }
    const sparse = this.sparse!;
    sparse.set(d, (sparse.get(d) ?? 0) + 1);
    if (sparse.size > this.domains.size / 16) {
      this.counts = new Int32Array(this.domains.size);
      for (const [k, v] of sparse) this.counts[k] = v;
      this.sparse = null;
    }
  }

  remove(nodeIndex: number): void {
    if (this.nodeEligible && !this.nodeEligible[nodeIndex]) return;
    const d = this.domains.nodeDomain[nodeIndex];
    if (d < 0) return;
    if (this.counts) {
      this.counts[d]--;
      return;
    }
    const sparse = this.sparse!;
    const c = (sparse.get(d) ?? 0) - 1;
    if (c === 0) sparse.delete(d);
    else sparse.set(d, c);
  }

  /**
   * The counts by domain id, for reading many of them: the counter's own array, or `scratch` (all zeros, at least
   * domains.size long) with the counts written in; `clear(scratch)` zeroes it again.
   */
  dense(scratch: Int32Array): Int32Array {
    if (this.counts) return this.counts;
    this.sparse!.forEach((c, d) => (scratch[d] = c));
    return scratch;
  }

  clear(scratch: Int32Array): void {
    if (this.sparse) for (const d of this.sparse.keys()) scratch[d] = 0;
    else scratch.fill(0);
  }
}

/**
 * A DomainCounter that also keeps the minimum count over eligible domains (domains with at least one eligible node),
 * for topology spread's global minimum. Counts move one step at a time, so the minimum does too, and a histogram of
 * counts keeps it in O(1).
 */
export class MinDomainCounter extends DomainCounter {
  readonly eligibleDomains: number;
  private readonly eligible: Uint8Array;
  private readonly histogram: number[] = [];
  private minimum = 0;

  constructor(domains: TopologyDomains, nodeEligible: Uint8Array) {
    super(domains, nodeEligible);
    this.eligible = new Uint8Array(domains.size);
    let n = 0;
    for (let i = 0; i < nodeEligible.length; i++) {
      const d = domains.nodeDomain[i];
      if (nodeEligible[i] && d >= 0 && !this.eligible[d]) {
        this.eligible[d] = 1;
        n++;
      }
    }
    this.eligibleDomains = n;
    this.histogram[0] = n;
  }

  protected override increment(d: number): void {
    const c = this.counts[d];
    super.increment(d);
    if (!this.eligible[d]) return;
    this.histogram[c]--;
    this.histogram[c + 1] = (this.histogram[c + 1] ?? 0) + 1;
    if (c === this.minimum && this.histogram[c] === 0) this.minimum = c + 1;
  }

  protected override decrement(d: number): void {
    const c = this.counts[d];
    super.decrement(d);
    if (!this.eligible[d]) return;
    this.histogram[c]--;
    this.histogram[c - 1] = (this.histogram[c - 1] ?? 0) + 1;
    if (c - 1 < this.minimum) this.minimum = c - 1;
  }

  /** The smallest count over eligible domains; 0 when there are none. */
  get min(): number {
    return this.eligibleDomains === 0 ? 0 : this.minimum;
  }
}
