// Node selection as Kubernetes' component-helpers/scheduling/corev1/nodeaffinity defines it: spec.nodeSelector,
// nodeSelectorTerms (ORed) of matchExpressions and matchFields (ANDed). The one implementation: the scheduler calls
// it for many nodes per pod (its plugin caches the answer per pod group), the DaemonSet controller once per node.
// Written as plain loops over what the caller already has (no closures, no per-call objects): it is on the hot path.
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from 'kubernetes-types/core/v1';

/** The one field matchFields may name. */
export const OBJECT_NAME_FIELD = 'metadata.name';

/** What a node offers to node selection: its name (for matchFields) and labels. The scheduler's NodeInfo is one. */
export interface NodeFields {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** One matchExpressions requirement against node labels (labels.Requirement.Matches); an unknown operator matches nothing. */
export function nodeSelectorRequirementMatches(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(labels[r.key]);
    case 'NotIn':
      return !has || !values.includes(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      // Exactly one value, and both sides base-10 int64 (strconv.ParseInt); otherwise no match.
      if (!has || values.length !== 1) return false;
      const have = parseInt64(labels[r.key]);
      const want = parseInt64(values[0]);
      if (have === undefined || want === undefined) return false;
      return r.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

/**
 * One matchFields requirement: only metadata.name, with In or NotIn of exactly one value
 * (nodeSelectorRequirementsAsFieldSelector); anything else is a parse error there, so the term matches nothing.
 */
export function nodeFieldRequirementMatches(r: NodeSelectorRequirement, name: string): boolean {
  if (r.key !== OBJECT_NAME_FIELD || r.values?.length !== 1) return false;
  if (r.operator === 'In') return name === r.values[0];
  if (r.operator === 'NotIn') return name !== r.values[0];
  return false;
}

/** A term ANDs its requirements; an empty term matches nothing. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: NodeFields): boolean {
  const exprs = term.matchExpressions;
  const fields = term.matchFields;
  if (!exprs?.length && !fields?.length) return false;
  if (exprs) for (const r of exprs) if (!nodeSelectorRequirementMatches(r, node.labels)) return false;
  if (fields) for (const r of fields) if (!nodeFieldRequirementMatches(r, node.name)) return false;
  return true;
}

/** A NodeSelector ORs its terms; no terms match nothing. */
export function nodeSelectorMatches(selector: NodeSelector, node: NodeFields): boolean {
  const terms = selector.nodeSelectorTerms;
  if (terms) for (const t of terms) if (nodeSelectorTermMatches(t, node)) return true;
  return false;
}

/** spec.nodeSelector: every pair must be a label of the node (labels.SelectorFromSet); none matches every node. */
export function nodeLabelsMatch(nodeSelector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (nodeSelector) for (const k in nodeSelector) if (labels[k] !== nodeSelector[k]) return false;
  return true;
}

/** GetRequiredNodeAffinity(pod).Match(node): spec.nodeSelector AND required node affinity (if any). */
export function requiredNodeAffinityMatches(spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>, node: NodeFields): boolean {
  if (!nodeLabelsMatch(spec.nodeSelector, node.labels)) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || nodeSelectorMatches(required, node);
}

const INT64 = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64). Short strings are exact as numbers (15 digits < 2^53); longer ones go through BigInt. */
function parseInt64(s: string): number | bigint | undefined {
  if (!INT64.test(s)) return undefined;
  if (s.length <= 15) return Number(s);
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}
