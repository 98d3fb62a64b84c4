import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1';
import { labelSelectorMatches } from '../manifest';
import { isPodReady } from './rollout-pods';

/**
 * A Service is its own desired object: selector and ports arrive defaulted (protocol TCP, targetPort = port).
 * Its ClusterIP and NodePorts come from the controller's allocations later, not from expansion.
 */
export function reconcileService(service: Service): Service {
  return service;
}

export interface EndpointPort {
  /** The Service port's name ('' when the Service has a single unnamed port). */
  name: string;
  /** The port on the pod that serves it. */
  port: number;
  protocol: string;
}

/** One pod behind a Service, as an EndpointSlice endpoint: where it runs and which ports it serves. */
export interface ServiceEndpoint {
  namespace: string;
  pod: string;
  nodeName?: string;
  podIP?: string;
  hostIP?: string;
  ready: boolean;
  ports: EndpointPort[];
}

/**
 * The pods a Service sends traffic to: in its namespace, matching its selector, running and Ready (or not Ready when
 * publishNotReadyAddresses), each with the ports it serves; a named targetPort is looked up in the pod's container
 * ports (podutil.FindPort), and a pod that lacks it does not serve that port. A Service without a selector has no
 * managed endpoints. Sorted by pod name.
 */
export function serviceEndpoints(service: Service, pods: ReadonlyArray<Pod>): ServiceEndpoint[] {
  const selector = service.spec?.selector;
  if (!selector) return [];
  const namespace = service.metadata?.namespace ?? 'default';
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const servicePorts = service.spec?.ports ?? [];
  const endpoints: ServiceEndpoint[] = [];
  for (const pod of pods) {
    if ((pod.metadata?.namespace ?? 'default') !== namespace) continue;
    if (!labelSelectorMatches({ matchLabels: selector }, pod.metadata?.labels)) continue;
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const ready = isPodReady(pod);
    if (!ready && !publishNotReady) continue;
    const ports: EndpointPort[] = [];
    for (const sp of servicePorts) {
      const port = findPort(pod, sp);
      if (port !== undefined) ports.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' });
    }
    if (servicePorts.length > 0 && ports.length === 0) continue;
    endpoints.push({
      namespace,
      pod: pod.metadata!.name!,
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      ...(pod.status?.podIP ? { podIP: pod.status.podIP } : {}),
      ...(pod.status?.hostIP ? { hostIP: pod.status.hostIP } : {}),
      ready,
      ports,
    });
  }
  return endpoints.sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
}

/** podutil.FindPort: a numeric targetPort as is; a named one from the containers' (and sidecars') ports. */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  const protocol = servicePort.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const container of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return undefined;
}
