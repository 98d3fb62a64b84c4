import type { Node, Taint } from 'kubernetes-types/core/v1';

/** hosts.yaml: berth.dev/v1 Inventory, the SSH inventory. Every host becomes a v1 Node. */
export interface Inventory {
  apiVersion: 'berth.dev/v1';
  kind: 'Inventory';
  metadata: { name: string };
  defaults: HostConnection;
  hosts: InventoryHost[];
}

export interface HostConnection {
  user?: string;
  port?: number;
  /** Private key file; unset means ssh-agent (SSH_AUTH_SOCK). Relative paths are relative to the repo root. */
  identityFile?: string;
  /** OpenSSH known_hosts file that host keys are checked against. */
  knownHosts?: string;
}

export interface InventoryHost extends HostConnection {
  name: string;
  address: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Overrides what the host reports. */
  capacity?: { cpu?: string; memory?: string; pods?: string; 'ephemeral-storage'?: string };
  unschedulable?: boolean;
}

export const DEFAULT_MAX_PODS = '110';

/** Hosts as Kubernetes Nodes: labels (with kubernetes.io/hostname), taints, cordon, addresses, declared capacity. */
export function inventoryToNodes(inv: Inventory): Node[] {
  return [...inv.hosts]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((h): Node => {
      const capacity: Record<string, string> = { pods: DEFAULT_MAX_PODS };
      for (const [k, v] of Object.entries(h.capacity ?? {})) if (v !== undefined) capacity[k] = v;
      return {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: h.name,
          labels: { 'kubernetes.io/hostname': h.name, 'kubernetes.io/os': 'linux', ...(h.labels ?? {}) },
        },
        spec: {
          ...(h.taints?.length ? { taints: h.taints } : {}),
          ...(h.unschedulable ? { unschedulable: true } : {}),
        },
        status: {
          addresses: [
            { type: 'InternalIP', address: h.address },
            { type: 'Hostname', address: h.name },
          ],
          capacity,
          allocatable: { ...capacity },
        },
      };
    });
}
