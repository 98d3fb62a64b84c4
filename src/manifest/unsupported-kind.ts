// What to tell someone whose object is of a kind Berth does not run. Cluster and Inventory are left out of the list
// of kinds to use: each belongs in its own file (cluster.yaml, hosts.yaml), never beside the workloads. An object of
// an API group Kubernetes does not serve itself is a custom resource: it needs an operator, and Berth runs none, so
// there is no other apiVersion to suggest.
import { supportedKinds } from './kinds';

/** The API groups Kubernetes serves itself (the core group is ''); any other group is a custom resource's. */
const BUILT_IN_GROUPS = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps', 'authentication.k8s.io',
  'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'extensions', 'flowcontrol.apiserver.k8s.io', 'internal.apiserver.k8s.io', 'networking.k8s.io',
  'node.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io',
  'storagemigration.k8s.io',
]);
/** Berth's own group. */
const BERTH_GROUP = 'berth.dev';
/** Kinds with a file of their own, named there instead of in the list. */
const OWN_FILE_KINDS = new Set(['Cluster', 'Inventory']);

export interface UnsupportedKind {
  /** The field to point at: apiVersion when only the version is wrong. */
  field: 'apiVersion' | 'kind';
  problem: string;
}

export function unsupportedKind(apiVersion: string, kind: string): UnsupportedKind {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const prefix = `${apiVersion} ${kind} is not supported by Berth`;
  if (group !== BERTH_GROUP && !BUILT_IN_GROUPS.has(group)) {
    return { field: 'kind', problem: `${prefix}: it is a custom resource (API group ${group}), which needs an operator that Berth does not run; remove it from the manifests Berth reads` };
  }
  const sameKind = supportedKinds().filter((k) => k.endsWith(`/${kind}`));
  if (sameKind.length) return { field: 'apiVersion', problem: `${prefix}; use apiVersion ${sameKind.map((k) => k.slice(0, k.lastIndexOf('/'))).join(' or ')} for ${kind}` };
  const kinds = [...new Set(supportedKinds().map((k) => k.slice(k.lastIndexOf('/') + 1)))].filter((k) => !OWN_FILE_KINDS.has(k)).sort();
  return { field: 'kind', problem: `${prefix}; supported kinds: ${kinds.join(', ')}` };
}
