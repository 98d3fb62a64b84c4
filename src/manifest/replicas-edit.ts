// `berth scale` commits a new spec.replicas to the file that defines the object. The edit touches only the bytes of
// that one value (or inserts one line), so people's comments, ordering and formatting survive, in every document
// of a multi-document file, in `kind: List` items, and in JSON files.
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type YAMLMap } from 'yaml';
import { BerthError } from '../errors';

export class ReplicasEditError extends BerthError {
  constructor(message: string, data: { file: string; kind?: string; namespace?: string; name?: string }) {
    super('ReplicasEditError', message, data);
  }
}

export interface ReplicasTarget {
  kind: string;
  /** Objects without metadata.namespace are in "default", as kubectl applies them. */
  namespace: string;
  name: string;
}

export interface ReplicasEdit {
  text: string;
  /** False when the file already says so: nothing to commit. */
  changed: boolean;
  /** spec.replicas before the edit; undefined when it was not written (Kubernetes' default, 1). */
  previous?: number;
}

export function setReplicas(text: string, file: string, target: ReplicasTarget, replicas: number): ReplicasEdit {
  if (!Number.isSafeInteger(replicas) || replicas < 0) throw new ReplicasEditError(`replicas must be a whole number of at least 0, not ${replicas}`, { file });
  const docs = parseAllDocuments(text) as Document[];
  const object = findObject(Array.isArray(docs) ? docs : [], file, target);
  const spec = object.get('spec', true);
  const what = `${target.kind} ${target.namespace}/${target.name} in ${file}`;
  if (!isMap(spec) || spec.items.length === 0) throw new ReplicasEditError(`${what} has no spec to set replicas in; fix the manifest first`, { file, ...target });
  const current = spec.get('replicas', true);
  if (isScalar(current)) {
    const previous = Number(current.value);
    if (previous === replicas && typeof current.value === 'number') return { text, changed: false, previous };
    const [start, end] = current.range!;
    return { text: text.slice(0, start) + String(replicas) + text.slice(end), changed: true, previous: Number.isFinite(previous) ? previous : undefined };
  }
  if (current !== undefined) throw new ReplicasEditError(`${what}: spec.replicas is not a number; fix it by hand`, { file, ...target });
  if (replicas === 1) return { text, changed: false }; // absent means 1
  return { text: insertFirst(text, spec, replicas), changed: true };
}

function findObject(docs: Document[], file: string, target: ReplicasTarget): YAMLMap {
  const found: YAMLMap[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new ReplicasEditError(`${file}: cannot edit it, it is not valid YAML (${doc.errors[0].message.split('\n')[0]}); fix it first (\`berth validate\`)`, { file });
    }
    const root = doc.contents;
    if (!isMap(root)) continue;
    const items = root.get('kind') === 'List' ? root.get('items', true) : undefined;
    const candidates = isSeq(items) ? items.items : [root];
    for (const item of candidates) if (isMap(item) && matches(item, target)) found.push(item);
  }
  const key = `${target.kind} ${target.namespace}/${target.name}`;
  if (found.length === 0) throw new ReplicasEditError(`${key} is not defined in ${file}`, { file, ...target });
  if (found.length > 1) throw new ReplicasEditError(`${key} is defined ${found.length} times in ${file}; keep one (\`berth validate\`)`, { file, ...target });
  return found[0];
}

function matches(object: YAMLMap, target: ReplicasTarget): boolean {
  const meta = object.get('metadata');
  if (object.get('kind') !== target.kind || !isMap(meta) || meta.get('name') !== target.name) return false;
  return (meta.get('namespace') ?? 'default') === target.namespace;
}

/** Inserts `replicas: N` as the first key of spec, above the comments that head the current first key. */
function insertFirst(text: string, spec: YAMLMap, replicas: number): string {
  const firstKey = spec.items[0].key as { range?: [number, number, number]; type?: string };
  const at = firstKey.range![0];
  const quoted = isScalar(firstKey) && firstKey.type === 'QUOTE_DOUBLE';
  const entry = `${quoted ? '"replicas"' : 'replicas'}: ${replicas}`;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const indent = text.slice(lineStart, at);
  if (spec.flow) {
    // { selector: …, template: … }: a first entry, on its own line when the first key is on its own line.
    return text.slice(0, at) + entry + (/^\s*$/.test(indent) ? `,\n${indent}` : ', ') + text.slice(at);
  }
  let insertAt = lineStart;
  for (;;) {
    const previousStart = text.lastIndexOf('\n', insertAt - 2) + 1;
    if (insertAt === 0 || !/^\s*#/.test(text.slice(previousStart, insertAt - 1))) break;
    insertAt = previousStart;
  }
  return `${text.slice(0, insertAt)}${indent}${entry}\n${text.slice(insertAt)}`;
}
