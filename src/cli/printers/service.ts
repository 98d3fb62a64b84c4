// `kubectl get services` columns, following kubectl's printService.
import type { LoadBalancerStatus, Service, ServicePort } from 'kubernetes-types/core/v1';
import { since } from '../humanize';
import { formatLabels, type Printer } from './workloads';

/** kubectl clips the load balancer addresses to this width unless -o wide. */
const LOAD_BALANCER_WIDTH = 16;

export const servicePrinter: Printer<Service> = {
  columns: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  wideColumns: ['SELECTOR'],
  row(svc, now, wide) {
    const spec = svc.spec ?? {};
    const row = [
      svc.metadata!.name!,
      spec.type ?? 'ClusterIP',
      spec.clusterIPs?.[0] ?? spec.clusterIP ?? '<none>',
      externalIP(svc, wide),
      portString(spec.ports) || '<none>',
      since(svc.metadata?.creationTimestamp, now),
    ];
    return wide ? [...row, formatLabels(spec.selector)] : row;
  },
};

/** makePortString: "80/TCP", or "80:30080/TCP" with a node port, comma-separated. */
export function portString(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

/** getServiceExternalIP: externalIPs, the load balancer's addresses (<pending> until it has some), or the external name. */
function externalIP(svc: Service, wide: boolean): string {
  const spec = svc.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc.status?.loadBalancer, wide);
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** loadBalancerStatusStringer: IPs or hostnames, sorted and unique, clipped unless wide. */
function loadBalancerAddresses(status: LoadBalancerStatus | undefined, wide: boolean): string {
  const addresses = new Set<string>();
  for (const ingress of status?.ingress ?? []) {
    if (ingress.ip) addresses.add(ingress.ip);
    else if (ingress.hostname) addresses.add(ingress.hostname);
  }
  const text = [...addresses].sort().join(',');
  return !wide && text.length > LOAD_BALANCER_WIDTH ? `${text.slice(0, LOAD_BALANCER_WIDTH - 3)}...` : text;
}
