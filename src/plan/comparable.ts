import { ANNOTATION_SPEC_HASH, type KubeObject } from '../manifest';

// Set by the server (here: the controller or the agent), never by a person: a diff of them is noise.
const SERVER_SET_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
] as const;

/**
 * The part of an object that people write, as a fresh copy with keys sorted at every depth (so patches and diffs do
 * not depend on key order): no status, no server-set metadata, no empty labels or annotations. For pods, the spec-hash
 * annotation is left out too: actions carry it, and it is derived from the spec that the patch already shows.
 */
export function comparableObject(obj: KubeObject): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = obj as KubeObject & { status?: unknown };
  const meta: Record<string, unknown> = { ...metadata };
  for (const field of SERVER_SET_METADATA) delete meta[field];
  if (obj.kind === 'Pod' && meta.annotations) {
    const { [ANNOTATION_SPEC_HASH]: _hash, ...annotations } = meta.annotations as Record<string, string>;
    meta.annotations = annotations;
  }
  for (const field of ['labels', 'annotations']) {
    if (meta[field] && Object.keys(meta[field] as object).length === 0) delete meta[field];
  }
  return sortedCopy({ ...rest, metadata: meta }) as Record<string, unknown>;
}

function sortedCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedCopy);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = sortedCopy(x);
  }
  return out;
}

/**
 * Whether comparableObject(a) and comparableObject(b) are equal, without building either: the common answer of a
 * pass where nothing changed, for thousands of objects.
 */
export function comparablyEqual(a: KubeObject, b: KubeObject): boolean {
  if (a === b) return true;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k in ra) if (k !== 'status' && k !== 'metadata' && !deepEqual(ra[k], rb[k])) return false;
  for (const k in rb) if (k !== 'status' && k !== 'metadata' && ra[k] === undefined && rb[k] !== undefined) return false;
  return metadataEqual(a.metadata as unknown as Record<string, unknown>, b.metadata as unknown as Record<string, unknown>, a.kind === 'Pod');
}

function metadataEqual(a: Record<string, unknown> = {}, b: Record<string, unknown> = {}, pod: boolean): boolean {
  const check = (k: string): boolean => {
    if ((SERVER_SET_METADATA as readonly string[]).includes(k)) return true;
    if (k === 'labels') return mapsEqual(a[k], b[k], undefined);
    if (k === 'annotations') return mapsEqual(a[k], b[k], pod ? ANNOTATION_SPEC_HASH : undefined);
    return deepEqual(a[k], b[k]);
  };
  for (const k in a) if (!check(k)) return false;
  for (const k in b) if (!(k in a) && !check(k)) return false;
  return true;
}

/** Labels or annotations: absent and empty are the same; `skip` is left out. */
function mapsEqual(x: unknown, y: unknown, skip: string | undefined): boolean {
  const a = (x ?? {}) as Record<string, unknown>;
  const b = (y ?? {}) as Record<string, unknown>;
  let na = 0;
  for (const k in a) {
    if (k === skip || a[k] === undefined) continue;
    if (!deepEqual(a[k], b[k])) return false;
    na++;
  }
  let nb = 0;
  for (const k in b) if (k !== skip && b[k] !== undefined) nb++;
  return na === nb;
}

/** Equal as JSON documents: keys in any order, undefined values as absent. */
function deepEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  const a = x as Record<string, unknown>;
  const b = y as Record<string, unknown>;
  // The usual case, a copy of the same object: the same keys in the same order.
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length === kb.length) {
    let i = 0;
    while (i < ka.length && ka[i] === kb[i]) i++;
    if (i === ka.length) {
      for (const k of ka) if (!deepEqual(a[k], b[k])) return false;
      return true;
    }
  }
  let na = 0;
  for (const k of ka) {
    if (a[k] === undefined) continue;
    if (!deepEqual(a[k], b[k])) return false;
    na++;
  }
  let nb = 0;
  for (const k of kb) if (b[k] !== undefined) nb++;
  return na === nb;
}
