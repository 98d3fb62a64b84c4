import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { dns1123SubdomainErrors } from '../names';
import { validateLabelSelector } from '../selector';
import { compareQuantities, formatQuantity } from '../quantity';
import type { FieldPath } from '../types';
import type { Issues } from './issues';
import { checkQuantity } from './resources';
import { validateNodeSelectorTerm } from './scheduling';
import { validateHostPath } from './volumes';

function validateAccessModes(out: Issues, modes: string[] | undefined, path: FieldPath): void {
  const list = modes ?? [];
  if (list.length === 0) out.required(path, 'at least one access mode is required (e.g. ReadWriteOnce)');
  if (list.includes('ReadWriteOncePod') && list.length > 1) out.invalid(path, 'may not use ReadWriteOncePod with other access modes');
}

export function validatePersistentVolume(out: Issues, pv: PersistentVolume): void {
  const s = pv.spec!;
  validateAccessModes(out, s.accessModes, ['spec', 'accessModes']);
  const capacity = s.capacity ?? {};
  const names = Object.keys(capacity);
  if (!('storage' in capacity)) out.required(['spec', 'capacity', 'storage'], 'capacity.storage is required (e.g. 10Gi)');
  for (const n of names) {
    if (n !== 'storage') out.notSupported(['spec', 'capacity', n], `unsupported capacity ${JSON.stringify(n)}: only storage is allowed`);
    else {
      const q = checkQuantity(out, ['spec', 'capacity', n], capacity[n]);
      if (q && q.nanos === 0n) out.invalid(['spec', 'capacity', n], 'must be greater than zero');
    }
  }
  const sources = (['hostPath', 'local'] as const).filter((k) => s[k] !== undefined);
  if (sources.length === 0) out.required(['spec'], 'must specify a volume type: hostPath or local');
  if (sources.length > 1) out.invalid(['spec'], 'may not specify more than one volume type');
  if (s.hostPath) validateHostPath(out, s.hostPath.path, ['spec', 'hostPath', 'path']);
  if (s.local) {
    validateHostPath(out, s.local.path, ['spec', 'local', 'path']);
    if (!s.nodeAffinity?.required) out.required(['spec', 'nodeAffinity', 'required'], 'a local volume requires nodeAffinity.required: the host that holds it');
  }
  const req = s.nodeAffinity?.required;
  if (req) {
    if (req.nodeSelectorTerms.length === 0) out.required(['spec', 'nodeAffinity', 'required', 'nodeSelectorTerms'], 'must have at least one node selector term');
    req.nodeSelectorTerms.forEach((t, i) => validateNodeSelectorTerm(out, t, ['spec', 'nodeAffinity', 'required', 'nodeSelectorTerms', i]));
  }
  if (s.persistentVolumeReclaimPolicy === 'Recycle' && !s.hostPath) {
    out.invalid(['spec', 'persistentVolumeReclaimPolicy'], 'Recycle is only allowed for hostPath volumes');
  }
  if (s.storageClassName) out.name(['spec'], 'storageClassName', s.storageClassName, dns1123SubdomainErrors(s.storageClassName));
}

export function validatePersistentVolumeClaim(out: Issues, pvc: PersistentVolumeClaim): void {
  const s = pvc.spec!;
  validateAccessModes(out, s.accessModes, ['spec', 'accessModes']);
  const requests = s.resources?.requests ?? {};
  const limits = s.resources?.limits ?? {};
  for (const [field, list] of [['requests', requests], ['limits', limits]] as const) {
    for (const n of Object.keys(list)) {
      if (n !== 'storage') out.notSupported(['spec', 'resources', field, n], `unsupported resource ${JSON.stringify(n)}: only storage is allowed`);
    }
  }
  if (requests.storage === undefined) out.required(['spec', 'resources', 'requests', 'storage'], 'resources.requests.storage is required (e.g. 1Gi)');
  else {
    const q = checkQuantity(out, ['spec', 'resources', 'requests', 'storage'], requests.storage);
    if (q && q.nanos === 0n) out.invalid(['spec', 'resources', 'requests', 'storage'], 'must be greater than zero');
    const limit = limits.storage === undefined ? undefined : checkQuantity(out, ['spec', 'resources', 'limits', 'storage'], limits.storage);
    if (q && limit && compareQuantities(q, limit) > 0) {
      out.invalid(['spec', 'resources', 'requests', 'storage'], `must be less than or equal to storage limit of ${formatQuantity(limit)}`);
    }
  }
  if (s.storageClassName) out.name(['spec'], 'storageClassName', s.storageClassName, dns1123SubdomainErrors(s.storageClassName));
  if (s.volumeName) out.name(['spec'], 'volumeName', s.volumeName, dns1123SubdomainErrors(s.volumeName));
  out.push(validateLabelSelector(s.selector, ['spec', 'selector']));
}
