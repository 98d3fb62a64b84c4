import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { validateAnnotations, validateLabels } from '../labels';
import { dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors } from '../names';
import type { FieldPath } from '../types';
import type { Issues } from './issues';

/** How a kind's names are checked: most are DNS subdomains; Namespaces DNS labels; Services DNS-1035 labels. */
export type NameRule = 'subdomain' | 'label' | 'dns1035';

export interface MetaRules {
  name: NameRule;
  /** A tighter limit where names are reused in labels or generated names (Job 63, CronJob 52). */
  maxNameLength?: number;
  maxNameReason?: string;
}

const NAME_ERRORS = { subdomain: dns1123SubdomainErrors, label: dns1123LabelErrors, dns1035: dns1035LabelErrors };

export function validateObjectMeta(out: Issues, meta: ObjectMeta, rules: MetaRules, path: FieldPath = ['metadata']): void {
  const name = meta.name ?? '';
  if (name === '') out.required([...path, 'name'], 'name is required');
  else {
    out.name(path, 'name', name, NAME_ERRORS[rules.name](name));
    if (rules.maxNameLength && name.length > rules.maxNameLength) {
      out.invalid([...path, 'name'], `must be no more than ${rules.maxNameLength} characters${rules.maxNameReason ? ` (${rules.maxNameReason})` : ''}`);
    }
  }
  if (meta.namespace !== undefined) out.name(path, 'namespace', meta.namespace, dns1123LabelErrors(meta.namespace));
  if (meta.labels) out.push(validateLabels(meta.labels, [...path, 'labels']));
  if (meta.annotations) out.push(validateAnnotations(meta.annotations, [...path, 'annotations']));
}

/** Template metadata: only labels and annotations. */
export function validateTemplateMeta(out: Issues, meta: ObjectMeta | undefined, path: FieldPath): void {
  if (meta?.labels) out.push(validateLabels(meta.labels, [...path, 'labels']));
  if (meta?.annotations) out.push(validateAnnotations(meta.annotations, [...path, 'annotations']));
}
