import type { LabelSelector } from 'kubernetes-types/meta/v1';

// TEMPORARY: a private, minimal copy of label-selector matching until src/manifest exports labelSelectorMatches;
// then delete this file and import it from '../manifest'.

/** metav1.LabelSelectorAsSelector semantics: an undefined selector selects nothing, an empty one everything. */
export function labelSelectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (have[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, key);
    switch (operator) {
      case 'In':
        if (!present || !values.includes(have[key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
