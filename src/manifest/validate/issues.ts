import type { FieldPath, Issue, IssueCode } from '../types';

/** Collects the problems of one object; each helper words one of Kubernetes' rules. */
export class Issues {
  readonly list: Issue[] = [];

  add(path: FieldPath, code: IssueCode, message: string): void {
    this.list.push({ path, code, message });
  }
  invalid(path: FieldPath, message: string): void {
    this.add(path, 'FieldValueInvalid', message);
  }
  required(path: FieldPath, message: string): void {
    this.add(path, 'FieldValueRequired', message);
  }
  duplicate(path: FieldPath, message: string): void {
    this.add(path, 'FieldValueDuplicate', message);
  }
  notSupported(path: FieldPath, message: string): void {
    this.add(path, 'FieldValueNotSupported', message);
  }
  push(issues: readonly Issue[]): void {
    for (const i of issues) this.list.push(i);
  }
  // The checks below run for every field of every object: they build the field's path only when reporting.

  /** Reports each message of a name rule (names.ts) against `value`, at `base` + `key`. */
  name(base: FieldPath, key: Key, value: string, errors: readonly string[]): void {
    if (errors.length === 0) return;
    const path = join(base, key);
    for (const e of errors) this.invalid(path, `${JSON.stringify(value)}: ${e}`);
  }
  min(base: FieldPath, key: Key, value: number | undefined | null, min: number, hint = ''): void {
    if (value != null && value < min) this.invalid(join(base, key), `must be greater than or equal to ${min}, got ${value}${hint}`);
  }
  range(base: FieldPath, key: Key, value: number | undefined | null, { min, max }: { min: number; max: number }, what = ''): void {
    if (value != null && (value < min || value > max)) this.invalid(join(base, key), `must be between ${min} and ${max}${what}, got ${value}`);
  }
}

/** The rest of a field path below a base: one key or index, or several. */
export type Key = string | number | ReadonlyArray<string | number>;

export function join(base: FieldPath, key: Key): FieldPath {
  return typeof key === 'object' ? [...base, ...key] : [...base, key];
}

export const INT32_MAX = 2147483647;

export function isValidPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

const PERCENT = /^[0-9]+%$/;
const NO_OPTIONS = {};

/** An IntOrString that is a count or a percentage ("25%"), as maxSurge, maxUnavailable and minAvailable are. */
export function intOrPercent(out: Issues, path: FieldPath, v: number | string | undefined, options: { max100?: boolean } = NO_OPTIONS): void {
  if (v === undefined) return;
  if (typeof v === 'number') {
    if (v < 0) out.invalid(path, `must be greater than or equal to 0, got ${v}`);
    return;
  }
  if (!PERCENT.test(v)) {
    out.invalid(path, `${JSON.stringify(v)} must be an integer or a percentage such as "25%" (digits followed by %)`);
    return;
  }
  if (options.max100 && parseInt(v, 10) > 100) out.invalid(path, `must not be greater than 100%, got ${v}`);
}

/** The value of an int-or-percent for "is it zero" rules; percentages count by their number. */
export function intOrPercentValue(v: number | string | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'number' ? v : parseInt(v, 10) || 0;
}

/** Relative paths inside a volume (subPath, items[].path): no absolute paths, no "..". */
export function relativePathErrors(p: string): string[] {
  const errs: string[] = [];
  if (p.startsWith('/')) errs.push('must be a relative path');
  if (p.split('/').includes('..')) errs.push("must not contain '..'");
  return errs;
}
