import { BerthError } from '../errors';
import type { FieldPath, IssueCode, ObjectKey } from './types';

/** What can be wrong in a cluster repo: a field or object (IssueCode), or the file itself. */
export type ManifestErrorCode = IssueCode | 'InvalidYAML' | 'NotAManifest' | 'FileTooLarge' | 'BinaryFile' | 'GitError';

export interface ManifestErrorData extends Record<string, unknown> {
  file: string;
  line: number;
  col: number;
  object?: ObjectKey;
  field?: string;
  problem: string;
}

/**
 * A problem in the cluster repo, positioned like a compiler error so editors can jump to it:
 * `apps/web.yaml:14:7 Deployment default/web spec.replicas: must be greater than or equal to 0`.
 */
export class ManifestError extends BerthError {
  declare readonly code: ManifestErrorCode;
  declare readonly data: ManifestErrorData;

  constructor(code: ManifestErrorCode, data: ManifestErrorData) {
    super(code, formatManifestError(data), data);
  }

  get file(): string {
    return this.data.file;
  }
  get line(): number {
    return this.data.line;
  }
}

export function formatManifestError(d: ManifestErrorData): string {
  const where = `${d.file}:${d.line}:${d.col}`;
  const what = d.object ? ` ${formatObjectKey(d.object)}` : '';
  const field = d.field ? ` ${d.field}:` : '';
  return `${where}${what}${field} ${d.problem}`;
}

export function formatObjectKey(k: ObjectKey): string {
  return k.namespace ? `${k.kind} ${k.namespace}/${k.name}` : `${k.kind} ${k.name}`;
}

/** `['spec', 'containers', 0, 'image']` → `spec.containers[0].image`; keys with dots are bracketed. */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Errors in a stable order: by file, then line, then column, then text. */
export function sortManifestErrors(errors: ManifestError[]): ManifestError[] {
  return [...errors].sort(
    (a, b) =>
      cmp(a.data.file, b.data.file) ||
      a.data.line - b.data.line ||
      a.data.col - b.data.col ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
