// TEMPORARY: a private, minimal stand-in for src/manifest's labelSelectorMatches, which another helper is writing.
// Replace the imports of this file with `from '../manifest'` once it lands, then delete it.
import type { LabelSelector } from 'kubernetes-types/meta/v1';

/**
 * Kubernetes' metav1.LabelSelectorAsSelector(selector).Matches(labels): matchLabels and matchExpressions ANDed;
 * an empty selector matches everything. (A nil selector matches nothing; callers decide that before calling.)
 * Allocation-free: the scheduler calls it once per candidate pod per term.
 */
export function labelSelectorMatches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const ml = selector.matchLabels;
  if (ml) for (const k in ml) if (labels?.[k] !== ml[k]) return false;
  const me = selector.matchExpressions;
  if (me) {
    for (const r of me) {
      const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.operator) {
        case 'In':
          if (!has || !(r.values ?? []).includes(labels![r.key])) return false;
          break;
        case 'NotIn':
          if (has && (r.values ?? []).includes(labels![r.key])) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
  }
  return true;
}
