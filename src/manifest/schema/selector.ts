import { list, object, oneOf, opt, str, stringMap, strings } from './fields';

/** metav1.LabelSelector. */
export const labelSelector = object({
  matchLabels: opt(stringMap),
  matchExpressions: opt(list(object({ key: str, operator: oneOf(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: opt(strings) }))),
});

const nodeSelectorRequirement = object({ key: str, operator: oneOf(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']), values: opt(strings) });
export const nodeSelectorTerm = object({ matchExpressions: opt(list(nodeSelectorRequirement)), matchFields: opt(list(nodeSelectorRequirement)) });
export const nodeSelector = object({ nodeSelectorTerms: list(nodeSelectorTerm) });
