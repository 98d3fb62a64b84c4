// kube-scheduler's helper.DefaultNormalizeScore, shared by plugins whose raw scores are counts or weight sums.
import { MAX_NODE_SCORE } from './framework';

/**
 * Scales scores so the highest becomes `maxPriority` (integer division, as in Go). With `reverse`, fewer is better:
 * the result is subtracted from maxPriority; all zero then means every node gets maxPriority.
 */
export function defaultNormalizeScore(scores: Float64Array, reverse: boolean, maxPriority = MAX_NODE_SCORE): void {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] > maxCount) maxCount = scores[i];
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]) / maxCount);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
