// Berth's own kinds: cluster.yaml (Cluster) and hosts.yaml (Inventory).
import { bool, int, list, object, opt, quantity, str, stringMap, strings } from './fields';
import { objectMeta } from './meta';
import { taintEffect } from './pod';

export const cluster = object({
  apiVersion: str,
  kind: str,
  metadata: objectMeta,
  spec: opt(
    object({
      sync: opt(object({ ref: opt(str), interval: opt(str), prune: opt(bool), selfHeal: opt(bool), autoRevert: opt(bool) })),
      network: opt(object({ serviceCIDR: opt(str), clusterDomain: opt(str), nodePortRange: opt(str) })),
      edge: opt(object({ hosts: opt(strings) })),
      previews: opt(object({ enabled: opt(bool), refPattern: opt(str), domain: opt(str), ttl: opt(str), maxPods: opt(int) })),
      registry: opt(object({ url: str, insecure: opt(bool) })),
      notifications: opt(object({ webhook: opt(object({ url: str, secretRef: opt(object({ name: str, key: str })) })) })),
      rollouts: opt(object({ failureTimeout: opt(str) })),
      security: opt(object({ allowPrivileged: opt(bool), allowHostPath: opt(bool), allowHostNetwork: opt(bool) })),
      scheduling: opt(object({ settleTime: opt(str), rebalance: opt(bool) })),
    }),
  ),
});

const connection = { user: opt(str), port: opt(int), identityFile: opt(str), knownHosts: opt(str) };

const host = object({
  name: str,
  address: str,
  ...connection,
  labels: opt(stringMap),
  taints: opt(list(object({ key: str, value: opt(str), effect: taintEffect }, { unsupported: { timeAdded: 'set by the server' } }))),
  capacity: opt(object({ cpu: opt(quantity), memory: opt(quantity), pods: opt(quantity), 'ephemeral-storage': opt(quantity) })),
  unschedulable: opt(bool),
});

export const inventory = object({
  apiVersion: str,
  kind: str,
  // DESIGN.md's hosts.yaml has no metadata: the name defaults to "hosts".
  metadata: opt(object({ name: opt(str), labels: opt(stringMap), annotations: opt(stringMap) })),
  defaults: opt(object(connection)),
  hosts: opt(list(host)),
});
