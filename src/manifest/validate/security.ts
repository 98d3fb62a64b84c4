// cluster.yaml's spec.security decides what pods may ask of their hosts: a rule across two files, so load.ts (or
// whoever holds both) calls this once the Cluster is known.
import type { ClusterSpec } from '../cluster';
import type { Issue } from '../types';
import { Issues } from './issues';
import { podSpecsOf } from './references';

export function podSecurityIssues(obj: { kind?: string; spec?: unknown }, security: ClusterSpec['security']): Issue[] {
  const out = new Issues();
  const fix = (field: string) => `set spec.security.${field}: true in cluster.yaml to allow it`;
  for (const { spec, path } of podSpecsOf(obj)) {
    if (spec.hostNetwork && !security.allowHostNetwork) out.invalid([...path, 'hostNetwork'], `host networking is not allowed in this cluster: ${fix('allowHostNetwork')}`);
    (spec.volumes ?? []).forEach((v, i) => {
      if (v.hostPath && !security.allowHostPath) out.invalid([...path, 'volumes', i, 'hostPath'], `hostPath volumes are not allowed in this cluster: ${fix('allowHostPath')}`);
    });
    for (const field of ['initContainers', 'containers'] as const) {
      (spec[field] ?? []).forEach((c, i) => {
        if (c.securityContext?.privileged && !security.allowPrivileged) {
          out.invalid([...path, field, i, 'securityContext', 'privileged'], `privileged containers are not allowed in this cluster: ${fix('allowPrivileged')}`);
        }
      });
    }
  }
  return out.list;
}
