// Building blocks of the kind schemas: leaves typed as Kubernetes' strict decoding types them, and objects that
// reject every field Berth does not implement, naming it. Messages are written here, once, so every kind words its
// problems alike. A leaf's issue code travels in `params.code`; an object's unknown fields come as one zod issue
// whose per-field messages are joined (issues.ts splits them again).
import { z } from 'zod';
import type { IssueCode } from '../types';
import { suggest } from './suggest';

export type Schema = z.ZodType;

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function typeMessage(expected: string, input: unknown): string {
  if (input === undefined || input === null) return 'is required';
  let hint = '';
  if (typeof input === 'string' && /^[-+]?\d+$/.test(input.trim()) && expected.includes('integer')) hint = ' (remove the quotes)';
  if ((typeof input === 'number' || typeof input === 'boolean') && expected === 'a string') hint = ` (quote it: "${String(input)}")`;
  if (typeof input === 'string' && /^(true|false)$/i.test(input) && expected.startsWith('a boolean')) hint = ' (remove the quotes)';
  return `must be ${expected}, got ${describeValue(input)}${hint}`;
}

/** A leaf of one JSON type; `null` and absence read as "is required" (optional leaves go through `opt`). */
function leaf<T>(test: (v: unknown) => boolean, expected: string): z.ZodType<T> {
  return z.custom<T>(test, { abort: false, error: (iss) => typeMessage(expected, iss.input), params: { code: 'FieldValueTypeInvalid' satisfies IssueCode } });
}

const isInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v);

export const str = leaf<string>((v) => typeof v === 'string', 'a string');
export const int = leaf<number>(isInt, 'an integer');
export const bool = leaf<boolean>((v) => typeof v === 'boolean', 'a boolean (true or false)');
/** Kubernetes' IntOrString: targetPort, probe ports, maxSurge/maxUnavailable, PDB minAvailable. */
export const intOrString = leaf<number | string>((v) => typeof v === 'string' || isInt(v), 'an integer or a string');
/** resource.Quantity decodes from a JSON string or number; the value is checked by the semantic pass. */
export const quantity = leaf<string | number>(
  (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
  'a quantity (e.g. 500m, 128Mi)',
);

/** Optional: absent or null (YAML `field:` with nothing after it), as Kubernetes reads both as unset. */
export function opt<T extends Schema>(s: T) {
  return s.nullish();
}

export function list<T extends Schema>(item: T) {
  return z.array(item, { error: (iss) => typeMessage('a list', iss.input) });
}

export function map<T extends Schema>(value: T) {
  return z.record(z.string(), value, { error: (iss) => typeMessage('a mapping', iss.input) });
}

export const stringMap = map(str);
export const strings = list(str);

/** One of fixed values; `unsupported` are Kubernetes' values that Berth does not implement. */
export function oneOf<const V extends string>(values: readonly V[], unsupported: readonly string[] = []): z.ZodType<V> {
  const allowed = new Set<string>(values);
  const notHere = new Set(unsupported);
  const choices = values.map((v) => JSON.stringify(v)).join(', ');
  return z.custom<V>((v) => typeof v === 'string' && allowed.has(v), {
    abort: false,
    params: { code: 'FieldValueNotSupported' satisfies IssueCode },
    error: (iss) => {
      const v = iss.input;
      if (v === undefined || v === null) return `is required: one of ${choices}`;
      if (typeof v !== 'string') return typeMessage(`one of ${choices}`, v);
      if (notHere.has(v)) return `${JSON.stringify(v)} is not supported by Berth; use one of ${choices}`;
      const near = suggest(v, values);
      return `unsupported value ${JSON.stringify(v)}: use one of ${choices}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`;
    },
  });
}

/**
 * A field that Kubernetes' own tools write empty: kubectl's `creationTimestamp: null`, `status: {}`, and
 * `status: {loadBalancer: {}}` from `kubectl create service --dry-run -o yaml`.
 */
export function emptyOnly(why: string) {
  return z
    .custom(isDeeplyEmpty, {
      abort: false,
      params: { code: 'FieldNotSupported' satisfies IssueCode },
      error: () => why,
    })
    .optional();
}

function isDeeplyEmpty(v: unknown): boolean {
  return v === null || (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(isDeeplyEmpty));
}

export interface ObjectOptions {
  /** Kubernetes' fields that Berth does not implement, with why where it helps. */
  unsupported?: Readonly<Record<string, string>> | readonly string[];
}

/**
 * A strict object: a field outside `shape` is an error naming it: "field not supported by Berth (remove it)" for
 * Kubernetes' own fields that Berth lacks, `unknown field "replica" (did you mean "replicas"?)` for the rest.
 */
export function object<S extends Record<string, Schema>>(shape: S, options: ObjectOptions = {}) {
  const known = new Set(Object.keys(shape));
  const raw = options.unsupported ?? [];
  const unsupported: Record<string, string> = Array.isArray(raw)
    ? Object.fromEntries((raw as readonly string[]).map((k) => [k, '']))
    : (raw as Record<string, string>);
  const candidates = [...known, ...Object.keys(unsupported)];
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? iss.keys.map((k) => unknownFieldMessage(k, unsupported, candidates)).join(KEY_MESSAGE_SEPARATOR)
        : typeMessage('an object (a mapping of fields)', iss.input),
  });
}

/** Zod reports all unknown keys of an object in one issue; their messages travel joined by this, one per key. */
export const KEY_MESSAGE_SEPARATOR = '\u0000';

function unknownFieldMessage(key: string, unsupported: Record<string, string>, candidates: string[]): string {
  if (Object.prototype.hasOwnProperty.call(unsupported, key)) {
    const why = unsupported[key];
    return `field not supported by Berth (remove it)${why ? `: ${why}` : ''}`;
  }
  const near = suggest(key, candidates);
  if (near) return `unknown field ${JSON.stringify(key)} (did you mean ${JSON.stringify(near)}?)`;
  const known = candidates.filter((c) => !Object.prototype.hasOwnProperty.call(unsupported, c));
  return `unknown field ${JSON.stringify(key)}: remove it (fields here: ${known.join(', ')})`;
}
