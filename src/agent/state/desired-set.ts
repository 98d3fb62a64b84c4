import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Pod, Secret } from 'kubernetes-types/core/v1';

/** What the controller assigned this host: its pods and the objects they use, numbered by a generation. */
export interface DesiredSet {
  generation: number;
  pods: Pod[];
  configMaps: ConfigMap[];
  secrets: Secret[];
  /** PersistentVolumes bound to the claims of these pods (cluster-scoped, so sent with the pods that use them). */
  persistentVolumes?: PersistentVolume[];
  persistentVolumeClaims?: PersistentVolumeClaim[];
}
