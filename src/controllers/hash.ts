import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { LABEL_POD_TEMPLATE_HASH, memoStableStringify, stableStringify } from '../manifest';

// Kubernetes' k8s.io/apimachinery/pkg/util/rand alphabet: no vowels (no words), no 0/1/3 (no look-alikes).
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/** FNV-1a, 32 bits, over the UTF-8 bytes of `input`; `seed` continues a previous hash (like further Writes in Go). */
export function fnv1a32(input: string | Uint8Array, seed: number = FNV32_OFFSET): number {
  let h = seed;
  if (typeof input === 'string') {
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (c >= 0x80) return fnv1a32(utf8.encode(input), seed);
      h = Math.imul(h ^ c, FNV32_PRIME);
    }
  } else {
    for (let i = 0; i < input.length; i++) h = Math.imul(h ^ input[i], FNV32_PRIME);
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character of `s` becomes SAFE_ALPHABET[charCode % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/**
 * The pod-template-hash, as Kubernetes' controller.ComputeHash computes it: FNV-1a 32 over the template, then
 * collisionCount as 8 little-endian bytes when set, then SafeEncodeString of the decimal uint32.
 *
 * Kubernetes hashes spew's printing of the Go struct (hashutil.DeepHashObject), which cannot be reproduced
 * byte-for-byte from JSON, so the hash values differ from a real cluster's; what is kept is the contract: same
 * template → same hash whatever the key order, any change → a new hash, the same encoding and length.
 * The template's own pod-template-hash label is left out, so a template copied from a ReplicaSet hashes the same.
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  // Desired-state templates are the same objects pass after pass while the commit is unchanged (and never mutated, as
  // memoStableStringify already assumes): hashed once per (template, collisionCount), held weakly.
  let byCount = hashMemo.get(template);
  let hash = byCount?.get(collisionCount);
  if (hash === undefined) {
    hash = hashTemplate(template, collisionCount);
    if (!byCount) hashMemo.set(template, (byCount = new Map()));
    byCount.set(collisionCount, hash);
  }
  return hash;
}

const hashMemo = new WeakMap<PodTemplateSpec, Map<number | undefined, string>>();

function hashTemplate(template: PodTemplateSpec, collisionCount?: number): string {
  // Written part by part rather than through copies of the template: same text as stableStringify(template).
  let text = '{';
  for (const key of Object.keys(template).sort()) {
    const value = template[key as keyof PodTemplateSpec];
    if (value === undefined) continue;
    const part = key === 'spec' ? memoStableStringify(value) : key === 'metadata' ? stableStringify(withoutHashLabel(value as ObjectMeta)) : stableStringify(value);
    text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${part}`;
  }
  let h = fnv1a32(text + '}');
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv1a32(bytes, h);
  }
  return safeEncodeString(String(h));
}

function withoutHashLabel(metadata: ObjectMeta): ObjectMeta {
  const labels = metadata.labels;
  if (!labels || !(LABEL_POD_TEMPLATE_HASH in labels)) return metadata;
  const { [LABEL_POD_TEMPLATE_HASH]: _, ...rest } = labels;
  return { ...metadata, labels: rest };
}

/**
 * A 5-character name suffix from SAFE_ALPHABET, derived from `key` (where the API server would pick 5 random ones for
 * generateName). Deterministic, so the same desired state always names its pods the same and plans are stable.
 */
export function nameSuffix(key: string): string {
  return encodeSuffix(fnv1a32(key));
}

function encodeSuffix(h: number): string {
  const a = h % 27;
  const b = Math.floor(h / 27) % 27;
  const c = Math.floor(h / 729) % 27;
  const d = Math.floor(h / 19683) % 27;
  const e = Math.floor(h / 531441) % 27;
  return String.fromCharCode(ALPHABET_CODES[a], ALPHABET_CODES[b], ALPHABET_CODES[c], ALPHABET_CODES[d], ALPHABET_CODES[e]);
}

const ALPHABET_CODES = Array.from(SAFE_ALPHABET, (c) => c.charCodeAt(0));

/** nameSuffix(`${key}/${ordinal}`) without building the string: FNV-1a continues over the ordinal's digits. */
function ordinalSuffix(keyHash: number, ordinal: number): string {
  let h = keyHash;
  const digits = String(ordinal);
  for (let i = 0; i < digits.length; i++) h = Math.imul(h ^ digits.charCodeAt(i), FNV32_PRIME);
  return encodeSuffix(h >>> 0);
}

/** The API server's generateName: the prefix is cut to 58 characters so that prefix + 5 fits a 63-character name. */
export const MAX_GENERATE_NAME_LENGTH = 58;

export function generateName(prefix: string, suffix: string): string {
  return (prefix.length > MAX_GENERATE_NAME_LENGTH ? prefix.slice(0, MAX_GENERATE_NAME_LENGTH) : prefix) + suffix;
}

/**
 * Name suffixes for sibling objects of one owner, ordinals [first, first + count), in ordinal order: ordinal i gets a
 * suffix hashed from (key, i); one already taken by a lower ordinal is rehashed with an attempt number, so siblings
 * never collide and scaling up keeps the names of existing ordinals.
 */
export function siblingSuffixes(key: string, count: number, first = 0): string[] {
  const suffixes: string[] = [];
  const taken = new Set<string>();
  const keyHash = fnv1a32(`${key}/`);
  for (let i = 0; i < first + count; i++) {
    let suffix = ordinalSuffix(keyHash, i);
    for (let attempt = 1; taken.has(suffix); attempt++) suffix = nameSuffix(`${key}/${i}/${attempt}`);
    taken.add(suffix);
    if (i >= first) suffixes.push(suffix);
  }
  return suffixes;
}

/**
 * The sibling suffixes of ordinals [0, count), sorted. The common case (no two ordinals hash alike, checked on the
 * sorted list) needs no set; a collision falls back to siblingSuffixes, which rehashes. Same result either way.
 */
export function sortedSiblingSuffixes(key: string, count: number): string[] {
  const suffixes = new Array<string>(count);
  const keyHash = fnv1a32(`${key}/`);
  for (let i = 0; i < count; i++) suffixes[i] = ordinalSuffix(keyHash, i);
  suffixes.sort();
  for (let i = 1; i < count; i++) if (suffixes[i] === suffixes[i - 1]) return siblingSuffixes(key, count).sort();
  return suffixes;
}
