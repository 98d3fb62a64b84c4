import { describe, expect, it } from 'vitest';
import { milliCpuToQuota, milliCpuToShares, podDns, podHostname, resourceConfig } from '../../../../src/agent/runtime';

describe('resourceConfig', () => {
  it.each([
    ['no resources: minimum shares only', undefined, { CpuShares: 2 }],
    ['a request sets shares', { requests: { cpu: '100m' } }, { CpuShares: 102 }],
    ['a limit alone is also the request', { limits: { cpu: '2' } }, { CpuShares: 2048, CpuQuota: 200000, CpuPeriod: 100000 }],
    ['a tiny limit gets the minimum quota', { limits: { cpu: '1m' } }, { CpuShares: 2, CpuQuota: 1000, CpuPeriod: 100000 }],
    ['memory limit, no swap', { limits: { memory: '1Gi' } }, { CpuShares: 2, Memory: 1073741824, MemorySwap: 1073741824 }],
  ])('%s', (_, resources, expected) => expect(resourceConfig(resources)).toEqual(expected));

  it('follows the kubelet arithmetic at the edges', () => {
    expect(milliCpuToShares(0)).toBe(2);
    expect(milliCpuToShares(1)).toBe(2);
    expect(milliCpuToShares(1_000_000)).toBe(262144);
    expect(milliCpuToQuota(0)).toBe(0);
    expect(milliCpuToQuota(1500)).toBe(150000);
  });
});

describe('podDns', () => {
  const pod = (spec: object) => ({ metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [], ...spec } });
  const cluster = { nameservers: ['10.96.0.10'], domain: 'cluster.local' };

  it.each([
    ['ClusterFirst with cluster DNS', {}, cluster, { Dns: ['10.96.0.10'], DnsSearch: ['ns.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], DnsOptions: ['ndots:5'] }],
    ['ClusterFirst without cluster DNS falls back to the host', {}, undefined, {}],
    ['ClusterFirst on the host network is Default', { hostNetwork: true }, cluster, {}],
    ['Default', { dnsPolicy: 'Default' }, cluster, {}],
    ['None takes dnsConfig alone', { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a'], options: [{ name: 'ndots', value: '2' }] } }, cluster, { Dns: ['1.1.1.1'], DnsSearch: ['a'], DnsOptions: ['ndots:2'] }],
    ['dnsConfig options override ClusterFirst ones', { dnsConfig: { options: [{ name: 'ndots', value: '1' }, { name: 'edns0' }] } }, cluster, { Dns: ['10.96.0.10'], DnsSearch: ['ns.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], DnsOptions: ['ndots:1', 'edns0'] }],
  ])('%s', (_, spec, c, expected) => expect(podDns(pod(spec), c)).toEqual(expected));

  it('names the host after spec.hostname or the pod, with the subdomain as domain', () => {
    expect(podHostname(pod({}))).toEqual({ Hostname: 'p' });
    expect(podHostname(pod({ hostname: 'h', subdomain: 's' }))).toEqual({ Hostname: 'h', Domainname: 's.ns.svc.cluster.local' });
  });
});
