// NodeUnschedulable: a cordoned node (spec.unschedulable) takes no new pods, unless the pod tolerates the
// node.kubernetes.io/unschedulable:NoSchedule taint (as DaemonSet pods do).
import type { Toleration } from 'kubernetes-types/core/v1';
import type { Plugin, PluginFactory } from '../framework';
import { SKIP, unresolvable } from '../status';
import { tolerationsTolerateTaint, UNSCHEDULABLE_TAINT } from '../../manifest';

export const NAME = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const REJECTED = unresolvable(ERR_REASON_UNSCHEDULABLE);

/** Whether a pod with these tolerations may be placed on a node, cordoned or not. */
export function fitsUnschedulable(unschedulable: boolean, tolerations: readonly Toleration[] | undefined): boolean {
  return !unschedulable || tolerationsTolerateTaint(tolerations, UNSCHEDULABLE_TAINT);
}

export const nodeUnschedulable: PluginFactory = (_args, { snapshot }): Plugin => {
  // Nothing to do when no node is cordoned: skip the per-node check altogether.
  const anyCordoned = snapshot.nodes.some((n) => n.unschedulable);
  return {
    name: NAME,
    preFilter: (_state, pod) =>
      !anyCordoned || fitsUnschedulable(true, pod.group.spec.tolerations) ? SKIP : null,
    filter: (_state, _pod, nodes, statuses) => {
      for (let i = 0; i < nodes.length; i++) if (nodes[i].unschedulable) statuses[i] = REJECTED;
    },
  };
};
