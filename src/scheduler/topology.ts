// Topology domains: for a topology key (kubernetes.io/hostname, topology.kubernetes.io/zone, …), each node's domain
// as a small integer, so per-domain pod counts are arrays instead of maps of (key, value) pairs.
import type { Node } from 'kubernetes-types/core/v1';

export class TopologyDomains {
  /** Domain id → label value. */
  readonly values: string[] = [];
  /** Node index → domain id; -1 where the node lacks the key. */
  readonly nodeDomain: Int32Array;

  constructor(
    readonly key: string,
    nodes: readonly Node[],
  ) {
    this.nodeDomain = new Int32Array(nodes.length);
    const ids = new Map<string, number>();
    nodes.forEach((n, i) => {
      const v = n.metadata?.labels?.[key];
      if (v === undefined) {
        this.nodeDomain[i] = -1;
        return;
      }
      let id = ids.get(v);
      if (id === undefined) {
        ids.set(v, (id = this.values.length));
        this.values.push(v);
      }
      this.nodeDomain[i] = id;
    });
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

  protected increment(d: number): void {
    this.counts[d]++;
    this.total++;
  }

  /** Matching pods in the node's domain (0 when the node lacks the key). */
  at(nodeIndex: number): number {
    const d = this.domains.nodeDomain[nodeIndex];
    return d < 0 ? 0 : this.counts[d];
  }
}

/**
 * Matching pods per domain, kept in a map: only domains that have pods take memory, so a counter per ReplicaSet over
 * 5,000 hostnames costs what its replicas occupy (a DomainCounter's array would be 20 KB each). For scoring, which
 * needs no minimum.
 */
export class SparseDomainCounter {
  private readonly counts = new Map<number, number>();

  constructor(
    readonly domains: TopologyDomains,
    readonly nodeEligible?: Uint8Array,
  ) {}

  add(nodeIndex: number): void {
    if (this.nodeEligible && !this.nodeEligible[nodeIndex]) return;
    const d = this.domains.nodeDomain[nodeIndex];
    if (d >= 0) this.counts.set(d, (this.counts.get(d) ?? 0) + 1);
  }

  /** Matching pods in the node's domain (0 when the node lacks the key). */
  at(nodeIndex: number): number {
    const d = this.domains.nodeDomain[nodeIndex];
    return d < 0 ? 0 : (this.counts.get(d) ?? 0);
  }
}

/**
 * A DomainCounter that also keeps the minimum count over eligible domains (domains with at least one eligible node),
 * for topology spread's global minimum. Counts only grow within a pass, so the minimum moves up one step at a time
 * and a histogram of counts keeps it in O(1).
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

  /** The smallest count over eligible domains; 0 when there are none. */
  get min(): number {
    return this.eligibleDomains === 0 ? 0 : this.minimum;
  }
}
