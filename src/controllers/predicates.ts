import type { Affinity, Node, NodeSelectorRequirement, NodeSelectorTerm, Taint, Toleration } from 'kubernetes-types/core/v1';

// Node-eligibility rules shared by the DaemonSet controller and the scheduler, as Kubernetes'
// component-helpers/scheduling/corev1 (nodeaffinity, taints) defines them.

export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** spec.nodeSelector: every pair must be a label of the node. */
export function nodeMatchesNodeSelector(node: Node, nodeSelector: Record<string, string> | undefined): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(nodeSelector ?? {})) if (labels[key] !== value) return false;
  return true;
}

/**
 * affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution: the terms are ORed; within a term, every
 * matchExpressions and matchFields requirement must hold; an empty term (or an empty list of terms) matches no node.
 */
export function nodeMatchesRequiredAffinity(node: Node, affinity: Affinity | undefined): boolean {
  const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return required.nodeSelectorTerms.some((term) => nodeMatchesSelectorTerm(node, term));
}

export function nodeMatchesSelectorTerm(node: Node, term: NodeSelectorTerm): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  return expressions.every((r) => labelRequirementMatches(r, labels)) && fields.every((r) => fieldRequirementMatches(r, node));
}

/** One matchExpressions requirement against node labels (labels.Requirement.Matches). */
export function labelRequirementMatches(req: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const present = Object.hasOwn(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return present && values.includes(labels[req.key]);
    case 'NotIn':
      return !present || !values.includes(labels[req.key]);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'Gt':
    case 'Lt': {
      // Both sides must parse as base-10 int64, and there must be exactly one value; otherwise no match.
      if (!present || values.length !== 1) return false;
      const have = parseInt64(labels[req.key]);
      const want = parseInt64(values[0]);
      if (have === undefined || want === undefined) return false;
      return req.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

/** matchFields supports only metadata.name with In or NotIn of exactly one value, as in Kubernetes. */
function fieldRequirementMatches(req: NodeSelectorRequirement, node: Node): boolean {
  if (req.key !== 'metadata.name' || req.values?.length !== 1) return false;
  const name = node.metadata?.name;
  if (req.operator === 'In') return name === req.values[0];
  if (req.operator === 'NotIn') return name !== req.values[0];
  return false;
}

const INT64 = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/**
 * The node's taints as the scheduler sees them: a cordoned node (spec.unschedulable) also carries
 * node.kubernetes.io/unschedulable:NoSchedule, which Kubernetes' node lifecycle controller adds.
 */
export function nodeTaints(node: Node): Taint[] {
  const taints = node.spec?.taints ?? [];
  if (!node.spec?.unschedulable || taints.some((t) => t.key === TAINT_NODE_UNSCHEDULABLE && t.effect === 'NoSchedule')) return taints;
  return [...taints, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' }];
}

/** Toleration.ToleratesTaint: an empty effect or key matches any; operator Exists ignores the value. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? 'Equal') {
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

const SCHEDULING_EFFECTS: ReadonlyArray<string> = ['NoSchedule', 'NoExecute'];

/** The first taint with one of `effects` that no toleration tolerates (FindMatchingUntoleratedTaint). */
export function findUntoleratedTaint(
  taints: ReadonlyArray<Taint>,
  tolerations: ReadonlyArray<Toleration> | undefined,
  effects: ReadonlyArray<string> = SCHEDULING_EFFECTS,
): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !(tolerations ?? []).some((t) => toleratesTaint(t, taint)));
}

/** Whether the tolerations tolerate every NoSchedule and NoExecute taint (PreferNoSchedule only affects scoring). */
export function toleratesTaints(
  taints: ReadonlyArray<Taint>,
  tolerations: ReadonlyArray<Toleration> | undefined,
  effects: ReadonlyArray<string> = SCHEDULING_EFFECTS,
): boolean {
  return findUntoleratedTaint(taints, tolerations, effects) === undefined;
}
