// NodePorts: a pod asking for host ports fits only where none of them is taken (per IP and protocol; 0.0.0.0
// conflicts with every IP).
import type { Plugin, PluginFactory } from '../framework';
import type { HostPort, HostPortInfo } from '../hostports';
import { SKIP, unschedulable } from '../status';

export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

const REJECTED = unschedulable(ERR_REASON);

export function fitsPorts(want: readonly HostPort[], used: HostPortInfo): boolean {
  if (used.size === 0) return true;
  for (const p of want) if (used.checkConflict(p)) return false;
  return true;
}

export const nodePorts: PluginFactory = (): Plugin => ({
  name: NAME,
  preFilter: (_state, pod) => (pod.group.hostPorts.length ? null : SKIP),
  filter: (_state, pod, nodes, statuses) => {
    for (let i = 0; i < nodes.length; i++) if (!fitsPorts(pod.group.hostPorts, nodes[i].usedPorts)) statuses[i] = REJECTED;
  },
});
