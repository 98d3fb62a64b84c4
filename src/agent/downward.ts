// The downward API (pod/util.go ConvertDownwardAPIFieldLabel, fieldpath.ExtractFieldPathAsString): a pod's own fields
// and its containers' resources as strings, for env vars and downwardAPI volumes alike. Pure.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { bytes, cpuMillis } from '../manifest';

/** What only the running pod knows: where it runs and its address. */
export interface DownwardRuntime {
  nodeName?: string;
  hostIP?: string;
  podIP?: string;
}

/**
 * A fieldRef's value, or undefined when the path is not one Kubernetes allows there: env vars may read spec and
 * status fields, volumes may read whole label and annotation maps (fieldpath.FormatMap).
 */
export function downwardField(pod: Pod, path: string, where: 'env' | 'volume', run: DownwardRuntime = {}): string | undefined {
  const meta = pod.metadata ?? {};
  const indexed = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (indexed) return (indexed[1] === 'labels' ? meta.labels : meta.annotations)?.[indexed[2]] ?? '';
  switch (path) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? 'default';
    case 'metadata.uid':
      return meta.uid ?? '';
  }
  if (where === 'volume') {
    if (path === 'metadata.labels') return formatMap(meta.labels);
    if (path === 'metadata.annotations') return formatMap(meta.annotations);
    return undefined;
  }
  switch (path) {
    case 'spec.nodeName':
      return run.nodeName ?? pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return run.hostIP ?? '';
    case 'status.podIP':
    case 'status.podIPs':
      return run.podIP ?? '';
  }
  return undefined;
}

/** Kubernetes' fieldpath.FormatMap: `key="value"` lines, sorted by key, values quoted. */
function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}=${JSON.stringify(map![key])}`)
    .join('\n');
}

/**
 * A resourceFieldRef's value: the container's request or limit divided by the divisor, rounded up, as Kubernetes
 * does (cpu divisor 1 → whole cores, 1m → millicores; memory divisor 1Mi → MiB). Undefined when it is not set.
 */
export function downwardResource(container: Container, resource: string, divisor: string | number = '1'): string | undefined {
  const [group, name] = resource.split('.') as ['limits' | 'requests', string];
  const quantity = container.resources?.[group]?.[name];
  if (quantity === undefined) return undefined;
  const value = name === 'cpu' ? cpuMillis(quantity) / cpuMillis(divisor) : bytes(quantity) / bytes(divisor);
  return String(Math.ceil(value));
}
