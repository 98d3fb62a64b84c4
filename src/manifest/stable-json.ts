/**
 * JSON with object keys sorted, so that the same object gives the same text whatever order its keys were written in.
 * Semantics follow JSON.stringify (undefined and functions are dropped from objects, become null in arrays, toJSON
 * is honoured).
 *
 * Written here rather than taken from a library on purpose: every pod-template hash (and so every ReplicaSet and pod
 * name) depends on this exact text, so a dependency upgrade that changed it by one byte would roll every workload.
 */
export function stableStringify(value: unknown): string {
  const out: string[] = [];
  return write(value, out) ? out.join('') : 'null';
}

const memo = new WeakMap<object, string>();

/**
 * stableStringify of an object that many callers share (a pod template's spec is hashed for its ReplicaSet name and
 * again for its pods' spec hash), computed once while the object lives. Sound because desired objects are never
 * mutated once built (see DesiredPod).
 */
export function memoStableStringify(value: object): string {
  let text = memo.get(value);
  if (text === undefined) {
    text = stableStringify(value);
    memo.set(value, text);
  }
  return text;
}

// Quoted keys (`"key":` and `,"key":`), reused: manifests use a small vocabulary of keys, and building these strings
// for every key of every template was most of the allocation here.
const keyParts = new Map<string, [string, string]>();
const MAX_KEYS = 50_000;

function keyPart(key: string, first: boolean): string {
  let parts = keyParts.get(key);
  if (parts === undefined) {
    const quoted = JSON.stringify(key);
    parts = [`${quoted}:`, `,${quoted}:`];
    if (keyParts.size < MAX_KEYS) keyParts.set(key, parts);
  }
  return first ? parts[0] : parts[1];
}

// Characters JSON.stringify escapes: quote, backslash, controls, and (lone) surrogates.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Appends the JSON of `value` to `out`; false when JSON.stringify would leave it out (undefined, functions). */
function write(value: unknown, out: string[]): boolean {
  switch (typeof value) {
    case 'string':
      if (NEEDS_ESCAPE.test(value)) out.push(JSON.stringify(value));
      else out.push('"', value, '"');
      return true;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return true;
    case 'number':
      out.push(Number.isFinite(value) ? String(value) : 'null');
      return true;
    case 'object':
      break;
    default:
      // undefined, functions, symbols are left out; bigint throws, as in JSON.stringify.
      if (typeof value === 'bigint') JSON.stringify(value);
      return false;
  }
  if (value === null) {
    out.push('null');
    return true;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return write((value as { toJSON(): unknown }).toJSON(), out);
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i) out.push(',');
      if (!write(value[i], out)) out.push('null');
    }
    out.push(']');
    return true;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  out.push('{');
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    const mark = out.length;
    out.push(keyPart(key, first));
    if (write(v, out)) first = false;
    else out.length = mark; // toJSON gave undefined: JSON.stringify leaves the key out too
  }
  out.push('}');
  return true;
}
