// Sections pods and pod templates share in `kubectl describe`: volumes, tolerations, and the Pod Template block.
import type { PodTemplateSpec, Toleration, Volume } from 'kubernetes-types/core/v1';
import { writeContainers } from './container';
import { writeAnnotations, writeLabels, type DescribeWriter } from './writer';

export function writeVolumes(w: DescribeWriter, volumes: Volume[] | undefined, space: string): void {
  if (!volumes?.length) return w.write(0, `${space}Volumes:\t<none>\n`);
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    const field = (name: string, value: unknown) => w.write(0, `    ${name}:\t${value}\n`);
    if (v.hostPath) {
      w.line(2, 'Type:', 'HostPath (bare host directory volume)');
      field('Path', v.hostPath.path);
      field('HostPathType', v.hostPath.type || '<none>');
    } else if (v.emptyDir) {
      w.line(2, 'Type:', "EmptyDir (a temporary directory that shares a pod's lifetime)");
      field('Medium', v.emptyDir.medium ?? '');
      field('SizeLimit', v.emptyDir.sizeLimit ?? '<unset>');
    } else if (v.secret) {
      w.line(2, 'Type:', 'Secret (a volume populated by a Secret)');
      field('SecretName', v.secret.secretName ?? '');
      field('Optional', v.secret.optional === true);
    } else if (v.configMap) {
      w.line(2, 'Type:', 'ConfigMap (a volume populated by a ConfigMap)');
      field('Name', v.configMap.name ?? '');
      field('Optional', v.configMap.optional === true);
    } else if (v.persistentVolumeClaim) {
      w.line(2, 'Type:', 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
      field('ClaimName', v.persistentVolumeClaim.claimName);
      field('ReadOnly', v.persistentVolumeClaim.readOnly === true);
    } else if (v.downwardAPI) {
      w.line(2, 'Type:', 'DownwardAPI (a volume populated by information about the pod)');
      w.write(0, '    Items:\n');
      for (const item of v.downwardAPI.items ?? []) {
        const source = item.fieldRef?.fieldPath ?? item.resourceFieldRef?.resource;
        if (source) w.write(3, `${source} -> ${item.path}\n`);
      }
    } else w.write(1, '<unknown>\n');
  }
}

/** printTolerationsMultiline: "key=value:Effect op=Exists for 300s", sorted by key. */
export function writeTolerations(w: DescribeWriter, title: string, tolerations: Toleration[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!tolerations?.length) return w.write(0, '<none>\n');
  const sorted = [...tolerations].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    let text = `${i === 0 ? '' : '\t'}${t.key ?? ''}`;
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds != null) text += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${text}\n`);
  });
}

/** DescribePodTemplate. */
export function writePodTemplate(w: DescribeWriter, template: PodTemplateSpec | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!template) return w.write(1, '<unset>\n');
  const spec = template.spec;
  writeLabels(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) writeAnnotations(w, template.metadata!.annotations, '  Annotations');
  if (spec?.serviceAccountName) w.line(1, 'Service Account:', spec.serviceAccountName);
  if (spec?.initContainers?.length) writeContainers(w, 'Init Containers', spec.initContainers, { space: '  ' });
  writeContainers(w, 'Containers', spec?.containers ?? [], { space: '  ' });
  writeVolumes(w, spec?.volumes, '  ');
  if (spec?.priorityClassName) w.line(1, 'Priority Class Name:', spec.priorityClassName);
  writeLabels(w, '  Node-Selectors', spec?.nodeSelector);
  writeTolerations(w, '  Tolerations', spec?.tolerations);
}

