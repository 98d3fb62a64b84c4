// Labels and annotations as Kubernetes validates them (apimachinery ValidateLabels, ValidateAnnotations).
import { labelValueErrors, qualifiedNameErrors } from './names';
import type { FieldPath, Issue } from './types';

/** Kubernetes' TotalAnnotationSizeLimitB: keys and values of one object together. */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

export function labelKeyErrors(key: string): readonly string[] {
  return qualifiedNameErrors(key);
}

export { labelValueErrors };

export function isValidLabelKey(key: string): boolean {
  return qualifiedNameErrors(key).length === 0;
}

export function isValidLabelValue(value: string): boolean {
  return labelValueErrors(value).length === 0;
}

/** Label maps: metadata.labels, template labels, selector.matchLabels, nodeSelector, Service selectors. */
export function validateLabels(labels: Record<string, string> | undefined | null, path: FieldPath): Issue[] {
  const issues: Issue[] = [];
  if (!labels) return issues;
  for (const key in labels) {
    const keyErrors = qualifiedNameErrors(key);
    const valueErrors = labelValueErrors(labels[key]);
    if (keyErrors.length === 0 && valueErrors.length === 0) continue;
    for (const e of keyErrors) {
      issues.push({ path: [...path, key], code: 'FieldValueInvalid', message: `invalid label key ${JSON.stringify(key)}: ${e}` });
    }
    const value = labels[key];
    for (const e of valueErrors) {
      issues.push({ path: [...path, key], code: 'FieldValueInvalid', message: `invalid label value ${JSON.stringify(value)}: ${e}` });
    }
  }
  return issues;
}

export function validateAnnotations(annotations: Record<string, string> | undefined | null, path: FieldPath): Issue[] {
  const issues: Issue[] = [];
  if (!annotations) return issues;
  let size = 0;
  for (const key in annotations) {
    // Kubernetes checks the key lower-cased.
    for (const e of qualifiedNameErrors(key.toLowerCase())) {
      issues.push({ path: [...path, key], code: 'FieldValueInvalid', message: `invalid annotation key ${JSON.stringify(key)}: ${e}` });
    }
    size += utf8Length(key) + utf8Length(annotations[key]);
  }
  if (size > ANNOTATIONS_MAX_BYTES) {
    issues.push({
      path,
      code: 'FieldValueInvalid',
      message: `annotations are ${size} bytes; they may total at most ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB): move large data to a ConfigMap`,
    });
  }
  return issues;
}

function utf8Length(s: string): number {
  return s.length < 64 && !/[^\x00-\x7f]/.test(s) ? s.length : Buffer.byteLength(s);
}
