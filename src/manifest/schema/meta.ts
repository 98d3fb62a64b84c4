import { emptyOnly, object, opt, str, stringMap, type Schema } from './fields';

const SERVER_SET = 'it is set by the server, never written in git';

/** ObjectMeta: what a manifest in git may say about itself. */
export const objectMeta = object(
  {
    name: str,
    namespace: opt(str),
    labels: opt(stringMap),
    annotations: opt(stringMap),
    // `kubectl create --dry-run=client -o yaml` writes `creationTimestamp: null`; it means nothing and is accepted.
    creationTimestamp: emptyOnly(`field not supported by Berth (remove it): ${SERVER_SET}`),
  },
  {
    unsupported: {
      generateName: 'Berth generates no names; give the object a fixed name',
      uid: SERVER_SET,
      resourceVersion: SERVER_SET,
      generation: SERVER_SET,
      selfLink: SERVER_SET,
      managedFields: SERVER_SET,
      deletionTimestamp: SERVER_SET,
      deletionGracePeriodSeconds: SERVER_SET,
      ownerReferences: 'Berth sets owners itself',
      finalizers: 'Berth has no finalizers',
    },
  },
);

/** Metadata of pod and job templates: only labels and annotations mean something there. */
export const templateMeta = object(
  {
    labels: opt(stringMap),
    annotations: opt(stringMap),
    creationTimestamp: emptyOnly(`field not supported by Berth (remove it): ${SERVER_SET}`),
  },
  { unsupported: { name: 'pod names come from their owner', namespace: 'pods live in their owner’s namespace', generateName: '', finalizers: '', ownerReferences: '', uid: '' } },
);

const status = emptyOnly('status is reported by Berth, not declared in git: remove it');

/** The top level of a namespaced or cluster-scoped kind with a `spec`. */
export function kindWithSpec(spec: Schema, options: { specOptional?: boolean } = {}) {
  return object({ apiVersion: str, kind: str, metadata: objectMeta, spec: options.specOptional ? opt(spec) : spec, status });
}

/** The top level of kinds that keep their fields beside metadata (ConfigMap, Secret, PriorityClass). */
export function kindWithFields(fields: Record<string, Schema>) {
  return object({ apiVersion: str, kind: str, metadata: objectMeta, ...fields });
}
