// persistentVolumeClaim → the host folder of the PersistentVolume it is bound to. Pure lookup, then a host check.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { VolumeError } from './types';

export interface ClaimedPath {
  path: string;
  /** hostPath type to check with; a local volume's folder must already exist. */
  type: string;
}

/**
 * Finds the PersistentVolume bound to `namespace/claimName`: the claim's spec.volumeName, or else a volume whose
 * claimRef names the claim (the binder sets both). Only hostPath and local volumes exist on one host.
 */
export function claimedPath(
  volume: string,
  namespace: string,
  claimName: string,
  claims: PersistentVolumeClaim[],
  volumes: PersistentVolume[],
): ClaimedPath {
  const claim = claims.find((c) => c.metadata?.namespace === namespace && c.metadata?.name === claimName);
  if (!claim) throw new VolumeError(volume, `persistentvolumeclaim "${claimName}" not found`);
  const byName = claim.spec?.volumeName;
  const pv = byName
    ? volumes.find((v) => v.metadata?.name === byName)
    : volumes.find((v) => v.spec?.claimRef?.namespace === namespace && v.spec?.claimRef?.name === claimName);
  if (!pv) {
    const why = byName ? `its persistentvolume "${byName}" was not sent` : 'it is not bound to a persistentvolume';
    throw new VolumeError(volume, `persistentvolumeclaim "${claimName}" cannot be used: ${why}`);
  }
  if (pv.spec?.hostPath) {
    // Berth creates a hostPath volume's folder when its type is unset, as Kubernetes' hostpath provisioner does.
    return { path: pv.spec.hostPath.path, type: pv.spec.hostPath.type || 'DirectoryOrCreate' };
  }
  if (pv.spec?.local) return { path: pv.spec.local.path, type: 'Directory' };
  throw new VolumeError(volume, `persistentvolume "${pv.metadata?.name}" is neither hostPath nor local, the kinds a host can serve`);
}
