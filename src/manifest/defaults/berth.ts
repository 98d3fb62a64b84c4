// Defaults of cluster.yaml and hosts.yaml, as documented in cluster.ts and DESIGN.md.
import type { Cluster, ClusterSpec } from '../cluster';
import type { Inventory } from '../inventory';
import { quantityStrings } from './clone';

export const CLUSTER_DEFAULTS = {
  sync: { ref: 'main', interval: '30s', prune: true, selfHeal: true, autoRevert: false },
  network: { serviceCIDR: '10.96.0.0/16', clusterDomain: 'cluster.local', nodePortRange: '30000-32767' },
  security: { allowPrivileged: false, allowHostPath: false, allowHostNetwork: false },
  rollouts: { failureTimeout: '1m' },
  scheduling: { settleTime: '30s', rebalance: true },
  /** Writing a previews block turns previews on; the rest are cautious limits. */
  previews: { enabled: true, refPattern: 'preview/*', ttl: '72h', maxPods: 20 },
} as const;

export function defaultCluster(c: Cluster): void {
  const s = (c.spec ??= {} as ClusterSpec);
  s.sync = { ...CLUSTER_DEFAULTS.sync, ...s.sync };
  s.network = { ...CLUSTER_DEFAULTS.network, ...s.network };
  s.security = { ...CLUSTER_DEFAULTS.security, ...s.security };
  s.rollouts = { ...CLUSTER_DEFAULTS.rollouts, ...s.rollouts };
  s.scheduling = { ...CLUSTER_DEFAULTS.scheduling, ...s.scheduling };
  if (s.previews) s.previews = { ...CLUSTER_DEFAULTS.previews, ...s.previews };
  if (s.registry) s.registry.insecure ??= false;
}

export const INVENTORY_DEFAULTS = { user: 'root', port: 22, knownHosts: 'known_hosts' } as const;
export const INVENTORY_NAME = 'hosts';

/** Fills the inventory's defaults, then each host's connection from them, so the fleet reads hosts alone. */
export function defaultInventory(inv: Inventory): void {
  inv.metadata ??= { name: INVENTORY_NAME };
  inv.metadata.name ??= INVENTORY_NAME;
  inv.defaults = { ...INVENTORY_DEFAULTS, ...inv.defaults };
  inv.hosts ??= [];
  for (const h of inv.hosts) {
    h.user ??= inv.defaults.user;
    h.port ??= inv.defaults.port;
    h.knownHosts ??= inv.defaults.knownHosts;
    if (inv.defaults.identityFile !== undefined) h.identityFile ??= inv.defaults.identityFile;
    quantityStrings(h.capacity as Record<string, string | number> | undefined);
  }
}
