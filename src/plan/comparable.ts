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
