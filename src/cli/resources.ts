// Resource names as kubectl takes them (plural, singular, short names) and how it names objects in messages.
import { UsageError } from '../errors';

export interface Resource {
  kind: string;
  plural: string;
  /** API group: '' for core/v1. */
  group: string;
  namespaced: boolean;
}

const RESOURCES: Array<Resource & { aliases: string[] }> = [
  { kind: 'Pod', plural: 'pods', group: '', namespaced: true, aliases: ['pod', 'po'] },
  { kind: 'Deployment', plural: 'deployments', group: 'apps', namespaced: true, aliases: ['deployment', 'deploy'] },
  { kind: 'ReplicaSet', plural: 'replicasets', group: 'apps', namespaced: true, aliases: ['replicaset', 'rs'] },
  { kind: 'DaemonSet', plural: 'daemonsets', group: 'apps', namespaced: true, aliases: ['daemonset', 'ds'] },
  { kind: 'Job', plural: 'jobs', group: 'batch', namespaced: true, aliases: ['job'] },
  { kind: 'CronJob', plural: 'cronjobs', group: 'batch', namespaced: true, aliases: ['cronjob', 'cj'] },
  // Berth's hosts are Kubernetes' nodes: both names work.
  { kind: 'Node', plural: 'nodes', group: '', namespaced: false, aliases: ['node', 'no', 'hosts', 'host'] },
  { kind: 'Service', plural: 'services', group: '', namespaced: true, aliases: ['service', 'svc'] },
  { kind: 'ConfigMap', plural: 'configmaps', group: '', namespaced: true, aliases: ['configmap', 'cm'] },
  { kind: 'Secret', plural: 'secrets', group: '', namespaced: true, aliases: ['secret'] },
  { kind: 'Namespace', plural: 'namespaces', group: '', namespaced: false, aliases: ['namespace', 'ns'] },
  { kind: 'PersistentVolume', plural: 'persistentvolumes', group: '', namespaced: false, aliases: ['persistentvolume', 'pv'] },
  { kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', group: '', namespaced: true, aliases: ['persistentvolumeclaim', 'pvc'] },
  { kind: 'Ingress', plural: 'ingresses', group: 'networking.k8s.io', namespaced: true, aliases: ['ingress', 'ing'] },
  { kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', group: 'autoscaling', namespaced: true, aliases: ['horizontalpodautoscaler', 'hpa'] },
  { kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', group: 'policy', namespaced: true, aliases: ['poddisruptionbudget', 'pdb'] },
];

/** "deploy", "Deployment", "deployments.apps" → the Deployment resource. */
export function resolveResource(name: string): Resource {
  const lower = name.toLowerCase();
  const found = RESOURCES.find((r) => {
    const names = [r.plural, ...r.aliases, r.kind.toLowerCase()];
    return names.includes(lower) || (r.group !== '' && names.some((n) => `${n}.${r.group}` === lower));
  });
  if (!found) {
    throw new UsageError(`unknown resource type "${name}"; use one of: ${RESOURCES.map((r) => r.plural).join(', ')} (or hosts)`);
  }
  const { aliases: _aliases, ...resource } = found;
  return resource;
}

/** "deployment/web" → the resource and the name; "pods" → the resource alone. */
export function parseResourceArg(arg: string): { resource: Resource; name?: string } {
  const slash = arg.indexOf('/');
  if (slash < 0) return { resource: resolveResource(arg) };
  const name = arg.slice(slash + 1);
  if (name === '' || name.includes('/')) throw new UsageError(`"${arg}" is not TYPE/NAME, e.g. deployment/web`);
  return { resource: resolveResource(arg.slice(0, slash)), name };
}

/** TYPE/NAME where only some types make sense (rollout: deployments; scale: deployments, replicasets). */
export function parseTypedName(arg: string, allowed: string[], verb: string): { resource: Resource; name: string } {
  const { resource, name } = parseResourceArg(arg);
  if (name === undefined) throw new UsageError(`${verb} needs TYPE/NAME, e.g. ${allowed[0].toLowerCase()}/web`);
  if (!allowed.includes(resource.kind)) {
    throw new UsageError(`${verb} works on ${allowed.map((k) => resolveResource(k).plural).join(' and ')}, not ${resource.plural}`);
  }
  return { resource, name };
}

/** kubectl's name of an object in messages: "deployment.apps/web", "pod/web-1". */
export function qualifiedName(resource: Resource, name: string): string {
  return `${resource.kind.toLowerCase()}${resource.group ? `.${resource.group}` : ''}/${name}`;
}
