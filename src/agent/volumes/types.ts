import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Secret } from 'kubernetes-types/core/v1';
import { BerthError } from '../../errors';

/**
 * A mount as Docker's HostConfig.Mounts takes it (assignable to dockerode's MountSettings). Always a bind: even a
 * memory emptyDir is a host tmpfs bound into each container, so the pod's containers share it as in Kubernetes.
 */
export interface Mount {
  Type: 'bind';
  Source: string;
  Target: string;
  ReadOnly: boolean;
  BindOptions?: { Propagation: 'rprivate' | 'rslave' | 'rshared' };
}

export interface VolumePaths {
  stateDir: string;
  runtimeDir: string;
}

export interface VolumeContext extends VolumePaths {
  /** The cluster's security.allowHostPath: hostPath volumes of pods are refused without it. */
  allowHostPath: boolean;
  /** The objects of the desired set that pods' volumes refer to. */
  configMaps: ConfigMap[];
  secrets: Secret[];
  persistentVolumes?: PersistentVolume[];
  persistentVolumeClaims?: PersistentVolumeClaim[];
}

export type VolumeKind = 'emptyDir' | 'configMap' | 'secret' | 'downwardAPI' | 'hostPath' | 'persistentVolumeClaim';

/** A pod volume made ready on the host: the directory (or file) its mounts bind. */
export interface ResolvedVolume {
  name: string;
  kind: VolumeKind;
  source: string;
  /** configMap, secret and downwardAPI volumes are always read-only (Kubernetes since 1.10); a claim may be too. */
  readOnly: boolean;
}

/** A file of a configMap, secret or downwardAPI volume. */
export interface ProjectedFile {
  /** Relative to the volume's root. */
  path: string;
  content: Buffer;
  mode: number;
}

/**
 * A volume that cannot be set up. The code is Kubernetes' event reason: the pod stays ContainerCreating and the
 * agent retries, as the kubelet does.
 */
export class VolumeError extends BerthError {
  constructor(volume: string, message: string) {
    super('FailedMount', `volume "${volume}": ${message}`, { volume });
  }
}
