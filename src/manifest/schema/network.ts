import { bool, int, intOrString, list, object, oneOf, opt, str, stringMap, strings } from './fields';
import { protocol } from './container';
import { kindWithSpec } from './meta';

const servicePort = object({
  name: opt(str),
  protocol: opt(protocol),
  port: int,
  targetPort: opt(intOrString),
  nodePort: opt(int),
  appProtocol: opt(str),
});

const NOT_BY_BERTH = 'Berth allocates one virtual IPv4 address per Service';

export const service = kindWithSpec(
  object(
    {
      type: opt(oneOf(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'])),
      selector: opt(stringMap),
      ports: opt(list(servicePort)),
      clusterIP: opt(str),
      externalName: opt(str),
      sessionAffinity: opt(oneOf(['None', 'ClientIP'])),
      sessionAffinityConfig: opt(object({ clientIP: opt(object({ timeoutSeconds: opt(int) })) })),
      externalTrafficPolicy: opt(oneOf(['Cluster', 'Local'])),
      internalTrafficPolicy: opt(oneOf(['Cluster', 'Local'])),
      publishNotReadyAddresses: opt(bool),
    },
    {
      unsupported: {
        clusterIPs: NOT_BY_BERTH,
        ipFamilies: NOT_BY_BERTH,
        ipFamilyPolicy: NOT_BY_BERTH,
        externalIPs: 'edge hosts take external traffic (cluster.yaml spec.edge)',
        loadBalancerIP: 'edge hosts take external traffic (cluster.yaml spec.edge)',
        loadBalancerSourceRanges: '',
        loadBalancerClass: '',
        healthCheckNodePort: '',
        allocateLoadBalancerNodePorts: '',
        trafficDistribution: '',
      },
    },
  ),
);

const ingressBackend = object(
  { service: opt(object({ name: str, port: object({ name: opt(str), number: opt(int) }) })) },
  { unsupported: { resource: 'Berth routes ingress traffic to Services only' } },
);

export const ingress = kindWithSpec(
  object({
    ingressClassName: opt(str),
    defaultBackend: opt(ingressBackend),
    rules: opt(
      list(
        object({
          host: opt(str),
          http: opt(object({ paths: list(object({ path: opt(str), pathType: oneOf(['Exact', 'Prefix', 'ImplementationSpecific']), backend: ingressBackend })) })),
        }),
      ),
    ),
    tls: opt(list(object({ hosts: opt(strings), secretName: opt(str) }))),
  }),
);
