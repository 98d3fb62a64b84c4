// The pod spec's placement fields: nodeSelector, affinity, tolerations, topology spread constraints.
import type { Affinity, NodeSelectorTerm, PodAffinityTerm, Toleration, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { validateLabels } from '../labels';
import { dns1123LabelErrors, labelValueErrors, qualifiedNameErrors } from '../names';
import { validateLabelSelector } from '../selector';
import type { FieldPath } from '../types';
import type { Issues } from './issues';

export function validateNodeSelectorTerm(out: Issues, term: NodeSelectorTerm, path: FieldPath): void {
  (term.matchExpressions ?? []).forEach((r, i) => {
    const at = [...path, 'matchExpressions', i];
    out.name(at, 'key', r.key, qualifiedNameErrors(r.key));
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) out.required([...at, 'values'], `values must be given when operator is ${r.operator}`);
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) out.invalid([...at, 'values'], `values may not be given when operator is ${r.operator}; remove them`);
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1 || !/^[-+]?\d+$/.test(values[0])) out.invalid([...at, 'values'], `must be a single integer when operator is ${r.operator}`);
        break;
    }
    values.forEach((v, j) => out.name(at, ['values', j], v, labelValueErrors(v)));
  });
  (term.matchFields ?? []).forEach((r, i) => {
    const at = [...path, 'matchFields', i];
    if (r.key !== 'metadata.name') out.notSupported([...at, 'key'], `unsupported field ${JSON.stringify(r.key)}: only metadata.name may be matched`);
    if ((r.operator !== 'In' && r.operator !== 'NotIn') || (r.values ?? []).length !== 1) {
      out.invalid(at, 'must use operator In or NotIn with exactly one value (a node name)');
    }
  });
}

function validatePodAffinityTerm(out: Issues, t: PodAffinityTerm, path: FieldPath): void {
  out.push(validateLabelSelector(t.labelSelector, [...path, 'labelSelector']));
  (t.namespaces ?? []).forEach((ns, i) => out.name(path, ['namespaces', i], ns, dns1123LabelErrors(ns)));
  if (!t.topologyKey) out.required([...path, 'topologyKey'], 'topologyKey is required (e.g. kubernetes.io/hostname)');
  else out.name(path, 'topologyKey', t.topologyKey, qualifiedNameErrors(t.topologyKey));
}

export function validateAffinity(out: Issues, a: Affinity | undefined, path: FieldPath): void {
  if (!a) return;
  const na = a.nodeAffinity;
  if (na) {
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (req) {
      const at = [...path, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
      if (req.nodeSelectorTerms.length === 0) out.required(at, 'must have at least one node selector term');
      req.nodeSelectorTerms.forEach((t, i) => validateNodeSelectorTerm(out, t, [...at, i]));
    }
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((p, i) => {
      const at = [...path, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i];
      out.range(at, 'weight', p.weight, { min: 1, max: 100 });
      validateNodeSelectorTerm(out, p.preference, [...at, 'preference']);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = a[kind];
    if (!pa) continue;
    (pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) =>
      validatePodAffinityTerm(out, t, [...path, kind, 'requiredDuringSchedulingIgnoredDuringExecution', i]),
    );
    (pa.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, i) => {
      const at = [...path, kind, 'preferredDuringSchedulingIgnoredDuringExecution', i];
      out.range(at, 'weight', w.weight, { min: 1, max: 100 });
      validatePodAffinityTerm(out, w.podAffinityTerm, [...at, 'podAffinityTerm']);
    });
  }
}

export function validateTolerations(out: Issues, tolerations: Toleration[], path: FieldPath): void {
  tolerations.forEach((t, i) => {
    const at = [...path, i];
    if (t.key) out.name(at, 'key', t.key, qualifiedNameErrors(t.key));
    if (!t.key && t.operator !== 'Exists') out.invalid([...at, 'operator'], 'must be Exists when key is empty (a toleration of every taint)');
    if (t.operator === 'Exists' && t.value) out.invalid([...at, 'value'], 'must be empty when operator is Exists');
    if (t.operator !== 'Exists' && t.value) out.name(at, 'value', t.value, labelValueErrors(t.value));
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') out.invalid([...at, 'effect'], 'must be NoExecute when tolerationSeconds is set');
  });
}

export function validateTopologySpread(out: Issues, constraints: TopologySpreadConstraint[], path: FieldPath): void {
  if (constraints.length === 0) return;
  const seen = new Set<string>();
  constraints.forEach((c, i) => {
    const at = [...path, i];
    if (c.maxSkew < 1) out.invalid([...at, 'maxSkew'], `must be greater than 0, got ${c.maxSkew}`);
    out.name(at, 'topologyKey', c.topologyKey, qualifiedNameErrors(c.topologyKey));
    if (c.minDomains !== undefined) {
      if (c.minDomains < 1) out.invalid([...at, 'minDomains'], `must be greater than 0, got ${c.minDomains}`);
      if (c.whenUnsatisfiable !== 'DoNotSchedule') out.invalid([...at, 'minDomains'], 'may only be set when whenUnsatisfiable is DoNotSchedule');
    }
    const key = `${c.topologyKey}/${c.whenUnsatisfiable}`;
    if (seen.has(key)) out.duplicate(at, `duplicate constraint for topologyKey ${c.topologyKey} and whenUnsatisfiable ${c.whenUnsatisfiable}`);
    seen.add(key);
    out.push(validateLabelSelector(c.labelSelector, [...at, 'labelSelector']));
  });
}

export function validateNodeSelector(out: Issues, nodeSelector: Record<string, string> | undefined, path: FieldPath): void {
  out.push(validateLabels(nodeSelector, path));
}
