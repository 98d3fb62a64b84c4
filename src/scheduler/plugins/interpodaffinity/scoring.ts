// InterPodAffinity's scoring: the weighted count of related pods in the node's domains, normalized min–max.
import { MAX_NODE_SCORE } from '../../framework';
import type { DomainCounter } from '../../topology';

/** weight × (pods counted in the node's domain); negative weights for anti-affinity. */
export interface Contribution {
  counter: DomainCounter;
  weight: number;
}

/** Maps [min, max] onto [0, 100] (all 0 when every node scored the same), truncating like Go's int64(). */
export function normalizeInterPodAffinityScore(scores: Float64Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
  }
}
