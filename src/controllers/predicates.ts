// The DaemonSet controller's view of node eligibility: v1 Node objects in, the rules of ../manifest (nodeselector,
// taints) applied. Only adapters live here; the rules live once, in the manifest module.
import type { Affinity, Node, NodeSelectorTerm, Taint, Toleration } from 'kubernetes-types/core/v1';
import {
  findMatchingUntoleratedTaint,
  nodeLabelsMatch,
  nodeSelectorMatches,
  nodeSelectorTermMatches,
  type NodeFields,
} from '../manifest';

export {
  nodeSelectorRequirementMatches as labelRequirementMatches,
  findMatchingUntoleratedTaint as findUntoleratedTaint,
  nodeTaints,
  toleratesTaint,
  TAINT_NODE_UNSCHEDULABLE,
} from '../manifest';

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

function fieldsOf(node: Node): NodeFields {
  return { name: node.metadata?.name ?? '', labels: node.metadata?.labels ?? NO_LABELS };
}

/** spec.nodeSelector: every pair must be a label of the node. */
export function nodeMatchesNodeSelector(node: Node, nodeSelector: Record<string, string> | undefined): boolean {
  return nodeLabelsMatch(nodeSelector, node.metadata?.labels ?? NO_LABELS);
}

/** Required node affinity (terms ORed); no required affinity matches every node. */
export function nodeMatchesRequiredAffinity(node: Node, affinity: Affinity | undefined): boolean {
  const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || nodeSelectorMatches(required, fieldsOf(node));
}

export function nodeMatchesSelectorTerm(node: Node, term: NodeSelectorTerm): boolean {
  return nodeSelectorTermMatches(term, fieldsOf(node));
}

/** Whether the tolerations tolerate every NoSchedule and NoExecute taint (PreferNoSchedule only affects scoring). */
export function toleratesTaints(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): boolean {
  return findMatchingUntoleratedTaint(taints, tolerations) === undefined;
}
