// `kubectl get nodes` columns, following kubectl's printNode; Berth's hosts are the nodes.
import type { Node } from 'kubernetes-types/core/v1';
import { nodeStatusText } from '../../fleet';
import { since } from '../humanize';
import type { Printer } from './workloads';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** findNodeRoles: node-role.kubernetes.io/<role> labels, and kubernetes.io/role. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length) roles.add(key.slice(ROLE_PREFIX.length));
    else if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

const address = (node: Node, type: string) => node.status?.addresses?.find((a) => a.type === type)?.address || '<none>';

export const nodePrinter: Printer<Node> = {
  columns: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
  wideColumns: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  row(node, now, wide) {
    const info = node.status?.nodeInfo;
    const row = [node.metadata!.name!, nodeStatusText(node), nodeRoles(node), since(node.metadata?.creationTimestamp, now), info?.kubeletVersion ?? ''];
    if (!wide) return row;
    return [...row, address(node, 'InternalIP'), address(node, 'ExternalIP'), info?.osImage || '<unknown>', info?.kernelVersion || '<unknown>', info?.containerRuntimeVersion || '<unknown>'];
  },
};
