import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { isEmptyLabelSelector, labelSelectorMatches, validateLabelSelector } from '../selector';
import type { FieldPath } from '../types';
import { ANNOTATION_ROLLOUT_FAILURE_TIMEOUT } from '../wellknown';
import { validateDurationOrZero } from './berth';
import { Issues, intOrPercent, intOrPercentValue } from './issues';
import { validateTemplateMeta } from './meta';
import { validatePodSpec, SERVING_POD_RULES, type PodRules } from './pod';

/** A selector and the template of the pods it must select (ValidatePodTemplateSpecForReplicaSet). */
export function validateSelectedTemplate(
  out: Issues,
  selector: LabelSelector | undefined,
  template: PodTemplateSpec,
  path: FieldPath,
  rules: PodRules,
): void {
  const selPath = [...path, 'selector'];
  const before = out.list.length;
  if (!selector) out.required(selPath, `selector is required: ${rules.owner}s select their pods by label (e.g. matchLabels: {app: web})`);
  else {
    out.push(validateLabelSelector(selector, selPath));
    if (isEmptyLabelSelector(selector)) out.invalid(selPath, `empty selector is invalid for a ${rules.owner}: set matchLabels to the labels of its pod template`);
  }
  validateTemplateMeta(out, template.metadata, [...path, 'template', 'metadata']);
  if (selector && out.list.length === before && !labelSelectorMatches(selector, template.metadata?.labels)) {
    out.invalid([...path, 'template', 'metadata', 'labels'], 'selector does not match template labels: give the pod template every label that spec.selector asks for');
  }
  validatePodSpec(out, template.spec!, [...path, 'template', 'spec'], rules);
}

export function validateDeployment(out: Issues, d: Deployment): void {
  const s = d.spec!;
  out.min(['spec'], 'replicas', s.replicas, 0);
  out.min(['spec'], 'minReadySeconds', s.minReadySeconds, 0);
  out.min(['spec'], 'revisionHistoryLimit', s.revisionHistoryLimit, 0);
  if (s.progressDeadlineSeconds !== undefined) {
    out.min(['spec'], 'progressDeadlineSeconds', s.progressDeadlineSeconds, 0);
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0)) out.invalid(['spec', 'progressDeadlineSeconds'], 'must be greater than minReadySeconds');
  }
  const strategy = s.strategy;
  if (strategy?.type === 'Recreate' && strategy.rollingUpdate) {
    out.invalid(['spec', 'strategy', 'rollingUpdate'], 'may not be specified when strategy type is Recreate');
  }
  const ru = strategy?.rollingUpdate;
  if (strategy?.type === 'RollingUpdate' && ru) {
    const at = ['spec', 'strategy', 'rollingUpdate'];
    intOrPercent(out, [...at, 'maxSurge'], ru.maxSurge);
    intOrPercent(out, [...at, 'maxUnavailable'], ru.maxUnavailable, { max100: true });
    if (intOrPercentValue(ru.maxSurge) === 0 && intOrPercentValue(ru.maxUnavailable) === 0) {
      out.invalid([...at, 'maxUnavailable'], 'may not be 0 when maxSurge is 0: the rollout could never make progress');
    }
  }
  validateSelectedTemplate(out, s.selector, s.template, ['spec'], SERVING_POD_RULES('Deployment'));
  const failureTimeout = d.metadata?.annotations?.[ANNOTATION_ROLLOUT_FAILURE_TIMEOUT];
  const what = 'how long a new pod may fail to start before the rollout rolls back, e.g. 90s (0: only progressDeadlineSeconds)';
  validateDurationOrZero(out, failureTimeout, ['metadata', 'annotations', ANNOTATION_ROLLOUT_FAILURE_TIMEOUT], what);
}

export function validateReplicaSet(out: Issues, rs: ReplicaSet): void {
  const s = rs.spec!;
  out.min(['spec'], 'replicas', s.replicas, 0);
  out.min(['spec'], 'minReadySeconds', s.minReadySeconds, 0);
  validateSelectedTemplate(out, s.selector, s.template!, ['spec'], SERVING_POD_RULES('ReplicaSet'));
}

export function validateDaemonSet(out: Issues, ds: DaemonSet): void {
  const s = ds.spec!;
  out.min(['spec'], 'minReadySeconds', s.minReadySeconds, 0);
  out.min(['spec'], 'revisionHistoryLimit', s.revisionHistoryLimit, 0);
  const u = s.updateStrategy;
  if (u?.type === 'OnDelete' && u.rollingUpdate) out.invalid(['spec', 'updateStrategy', 'rollingUpdate'], 'may not be specified when updateStrategy type is OnDelete');
  if (u?.type === 'RollingUpdate' && u.rollingUpdate) {
    const at = ['spec', 'updateStrategy', 'rollingUpdate'];
    const ru = u.rollingUpdate;
    intOrPercent(out, [...at, 'maxSurge'], ru.maxSurge, { max100: true });
    intOrPercent(out, [...at, 'maxUnavailable'], ru.maxUnavailable, { max100: true });
    const surge = intOrPercentValue(ru.maxSurge) !== 0;
    const unavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
    // Kubernetes: exactly one of them is non-zero (after defaulting maxUnavailable 1, maxSurge 0).
    if (surge && unavailable) out.invalid([...at, 'maxSurge'], 'may not be set when maxUnavailable is non-zero: set maxUnavailable: 0 to surge instead');
    if (!surge && !unavailable) out.invalid([...at, 'maxUnavailable'], 'may not be 0 when maxSurge is 0');
  }
  validateSelectedTemplate(out, s.selector, s.template, ['spec'], SERVING_POD_RULES('DaemonSet'));
}
