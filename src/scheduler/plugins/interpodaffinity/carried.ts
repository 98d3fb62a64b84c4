// Terms carried by pods already placed, with how many carriers sit in each topology domain: an incoming pod that
// one of these terms selects must avoid (required anti-affinity) or is drawn to (affinity) the carriers' domains.
// Indexed like PlacedPods, by a label the selected pods must carry, so finding the terms that select a pod is cheap.
import type { PodGroup } from '../../podinfo';
import type { Topology } from '../../topology';
import { DomainCounter } from '../../topology';
import { termMatches, type AffinityTerm } from './terms';

export type CarriedKind = 'requiredAntiAffinity' | 'requiredAffinity' | 'preferredAffinity' | 'preferredAntiAffinity';

export interface CarriedTerm {
  readonly kind: CarriedKind;
  readonly term: AffinityTerm;
  readonly weight: number;
  /** Carriers per domain of term.topologyKey. */
  readonly carriers: DomainCounter;
}

export class CarriedTerms {
  /** Bumped when a term not seen before is added (not when carriers of a known term are). */
  version = 0;
  private readonly byId = new Map<string, CarriedTerm>();
  private readonly byHint = new Map<string, CarriedTerm[]>();
  private readonly unhinted: CarriedTerm[] = [];

  constructor(
    private readonly topology: Topology,
    private readonly namespaceLabels: (ns: string) => Record<string, string>,
  ) {}

  add(kind: CarriedKind, term: AffinityTerm, weight: number, node: number): void {
    const id = `${kind}\0${weight}\0${term.id}`;
    let c = this.byId.get(id);
    if (!c) {
      c = { kind, term, weight, carriers: new DomainCounter(this.topology.domains(term.topologyKey)) };
      this.byId.set(id, c);
      if (term.hint === null) this.unhinted.push(c);
      else {
        const list = this.byHint.get(term.hint);
        if (list) list.push(c);
        else this.byHint.set(term.hint, [c]);
      }
      this.version++;
    }
    c.carriers.add(node);
  }

  /** A carrier left: the term stays known, with one carrier fewer. */
  remove(kind: CarriedKind, term: AffinityTerm, weight: number, node: number): void {
    this.byId.get(`${kind}\0${weight}\0${term.id}`)?.carriers.remove(node);
  }

  /** The carried terms that select the pod. */
  selecting(pod: PodGroup): CarriedTerm[] {
    const out: CarriedTerm[] = [];
    const nsLabels = this.namespaceLabels(pod.namespace);
    for (const pair of pod.labelPairs) {
      const list = this.byHint.get(pair);
      if (list) for (const c of list) if (termMatches(c.term, pod, nsLabels)) out.push(c);
    }
    for (const c of this.unhinted) if (termMatches(c.term, pod, nsLabels)) out.push(c);
    return out;
  }

  get size(): number {
    return this.byId.size;
  }
}
