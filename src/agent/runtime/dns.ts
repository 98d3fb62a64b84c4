// A pod's name resolution, as the kubelet sets up resolv.conf (pkg/kubelet/network/dns/dns.go).
import type { Pod } from 'kubernetes-types/core/v1';

/** The cluster's DNS server(s) and domain (cluster.local by default). */
export interface ClusterDns {
  nameservers: string[];
  domain: string;
}

export interface DnsConfig {
  Dns?: string[];
  DnsSearch?: string[];
  DnsOptions?: string[];
}

/**
 * dnsPolicy ClusterFirst → the cluster's servers with the pod's search path and ndots:5; Default → the host's
 * resolv.conf (Docker's default); None → dnsConfig alone. ClusterFirst on the host network, or with no cluster DNS
 * configured, falls back to Default, as the kubelet does. dnsConfig is merged on top in every case.
 */
export function podDns(pod: Pod, cluster?: ClusterDns): DnsConfig {
  const spec = pod.spec!;
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const config: DnsConfig = {};
  const clusterFirst = (policy === 'ClusterFirst' && !spec.hostNetwork) || policy === 'ClusterFirstWithHostNet';
  if (clusterFirst && cluster && cluster.nameservers.length) {
    const ns = pod.metadata?.namespace ?? 'default';
    config.Dns = [...cluster.nameservers];
    config.DnsSearch = [`${ns}.svc.${cluster.domain}`, `svc.${cluster.domain}`, cluster.domain];
    config.DnsOptions = ['ndots:5'];
  }
  const extra = spec.dnsConfig;
  if (extra?.nameservers?.length) config.Dns = [...(config.Dns ?? []), ...extra.nameservers];
  if (extra?.searches?.length) config.DnsSearch = [...(config.DnsSearch ?? []), ...extra.searches];
  if (extra?.options?.length) {
    const options = new Map((config.DnsOptions ?? []).map((o) => [o.split(':')[0], o]));
    for (const o of extra.options) options.set(o.name!, o.value === undefined ? o.name! : `${o.name}:${o.value}`);
    config.DnsOptions = [...options.values()];
  }
  return config;
}

/** The pod's hostname (spec.hostname, else its name, cut to 63 characters) and, with a subdomain, its domain. */
export function podHostname(pod: Pod, domain = 'cluster.local'): { Hostname: string; Domainname?: string } {
  const hostname = (pod.spec?.hostname ?? pod.metadata?.name ?? '').slice(0, 63).replace(/[-.]+$/, '');
  const sub = pod.spec?.subdomain;
  return sub ? { Hostname: hostname, Domainname: `${sub}.${pod.metadata?.namespace ?? 'default'}.svc.${domain}` } : { Hostname: hostname };
}
