// Defaults of the plumbing kinds: storage, Secrets, PriorityClasses.
import type { PersistentVolume, PersistentVolumeClaim, Secret } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { quantityStrings } from './clone';

export function defaultPersistentVolume(pv: PersistentVolume): void {
  const s = pv.spec!;
  s.persistentVolumeReclaimPolicy ??= 'Retain';
  s.volumeMode ??= 'Filesystem';
  quantityStrings(s.capacity);
}

export function defaultPersistentVolumeClaim(pvc: PersistentVolumeClaim): void {
  const s = pvc.spec!;
  s.volumeMode ??= 'Filesystem';
  quantityStrings(s.resources?.requests);
  quantityStrings(s.resources?.limits);
}

export function defaultSecret(secret: Secret): void {
  secret.type ??= 'Opaque';
}

export function defaultPriorityClass(pc: PriorityClass): void {
  pc.preemptionPolicy ??= 'PreemptLowerPriority';
}
