import type { Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../src/cli/printers';

const now = new Date('2024-05-01T12:00:00Z');
const meta = (name: string, namespace = 'demo') => ({ name, namespace, creationTimestamp: '2024-04-29T12:00:00Z' });

const services: Service[] = [
  { metadata: meta('web'), spec: { type: 'ClusterIP', clusterIP: '10.96.12.7', clusterIPs: ['10.96.12.7'], selector: { app: 'web', tier: 'front' }, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } },
  {
    metadata: meta('edge'),
    spec: {
      type: 'NodePort',
      clusterIP: '10.96.40.2',
      clusterIPs: ['10.96.40.2'],
      selector: { app: 'edge' },
      ports: [
        { name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' },
        { name: 'dns', port: 53, nodePort: 30053, protocol: 'UDP' },
      ],
    },
  },
  { metadata: meta('db'), spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' }, ports: [{ port: 5432, protocol: 'TCP' }] } },
  { metadata: meta('ext', 'prod'), spec: { type: 'ExternalName', externalName: 'db.example.com' } },
  { metadata: meta('lb', 'prod'), spec: { type: 'LoadBalancer', clusterIP: '10.96.50.1', clusterIPs: ['10.96.50.1'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] } },
  {
    metadata: meta('lb-up', 'prod'),
    spec: { type: 'LoadBalancer', clusterIP: '10.96.50.2', ports: [{ port: 443, nodePort: 31444, protocol: 'TCP' }] },
    status: { loadBalancer: { ingress: [{ ip: '192.168.100.200' }, { hostname: 'lb.example.com' }] } },
  },
];

describe('berth get services prints kubectl tables', () => {
  // PORT(S) is port[:nodePort]/protocol; EXTERNAL-IP is <none>, <pending>, the external name or the balancer's
  // addresses (clipped to 16 characters unless -o wide); SELECTOR with -o wide.
  it.each([
    [
      'services -A',
      { allNamespaces: true },
      'NAMESPACE   NAME    TYPE           CLUSTER-IP   EXTERNAL-IP        PORT(S)                     AGE\n' +
        'demo        db      ClusterIP      None         <none>             5432/TCP                    2d\n' +
        'demo        edge    NodePort       10.96.40.2   <none>             80:30080/TCP,53:30053/UDP   2d\n' +
        'demo        web     ClusterIP      10.96.12.7   <none>             80/TCP                      2d\n' +
        'prod        ext     ExternalName   <none>       db.example.com     <none>                      2d\n' +
        'prod        lb      LoadBalancer   10.96.50.1   <pending>          443:31443/TCP               2d\n' +
        'prod        lb-up   LoadBalancer   10.96.50.2   192.168.100.2...   443:31444/TCP               2d\n',
    ],
    [
      'services -o wide',
      { wide: true },
      'NAME    TYPE           CLUSTER-IP   EXTERNAL-IP                      PORT(S)                     AGE   SELECTOR\n' +
        'db      ClusterIP      None         <none>                           5432/TCP                    2d    app=db\n' +
        'edge    NodePort       10.96.40.2   <none>                           80:30080/TCP,53:30053/UDP   2d    app=edge\n' +
        'web     ClusterIP      10.96.12.7   <none>                           80/TCP                      2d    app=web,tier=front\n' +
        'ext     ExternalName   <none>       db.example.com                   <none>                      2d    <none>\n' +
        'lb      LoadBalancer   10.96.50.1   <pending>                        443:31443/TCP               2d    <none>\n' +
        'lb-up   LoadBalancer   10.96.50.2   192.168.100.200,lb.example.com   443:31444/TCP               2d    <none>\n',
    ],
  ])('%s', (_, options, expected) => {
    expect(renderTable('Service', services, { now, ...options })).toBe(expected);
  });
});
