import { mkdirSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { checkRelativePath, podField } from './payload';
import { VolumeError, type Mount, type ResolvedVolume } from './types';

const PROPAGATION = { None: 'rprivate', HostToContainer: 'rslave', Bidirectional: 'rshared' } as const;

/**
 * The Docker mounts of one container, from its volumeMounts and the pod's volumes as setupPodVolumes made them.
 * A subPath (or subPathExpr) binds a part of the volume, created as a folder when missing, as the kubelet does.
 */
export function containerMounts(pod: Pod, container: Container, volumes: Map<string, ResolvedVolume>): Mount[] {
  return (container.volumeMounts ?? []).map((volumeMount) => {
    const volume = volumes.get(volumeMount.name);
    if (!volume) throw new VolumeError(volumeMount.name, `container ${container.name} mounts a volume the pod does not have`);
    let source = volume.source;
    const subPath = volumeMount.subPathExpr ? expandSubPathExpr(pod, container, volumeMount.subPathExpr) : volumeMount.subPath;
    if (subPath) source = subPathSource(volume, subPath);
    const mount: Mount = {
      Type: 'bind',
      Source: source,
      Target: volumeMount.mountPath,
      ReadOnly: Boolean(volumeMount.readOnly) || volume.readOnly,
    };
    const propagation = volumeMount.mountPropagation;
    if (propagation && propagation !== 'None') {
      const mapped = PROPAGATION[propagation as keyof typeof PROPAGATION];
      if (!mapped) throw new VolumeError(volume.name, `mountPropagation "${propagation}" is not one of None, HostToContainer, Bidirectional`);
      mount.BindOptions = { Propagation: mapped };
    }
    return mount;
  });
}

/**
 * The host path of a subPath. It must stay inside the volume even through symlinks a container may have planted
 * there (the kubelet's CVE-2017-1002101 fix): the resolved path is checked against the volume's resolved root.
 */
function subPathSource(volume: ResolvedVolume, subPath: string): string {
  checkRelativePath(volume.name, subPath);
  const path = join(volume.source, subPath);
  const projected = volume.kind === 'configMap' || volume.kind === 'secret' || volume.kind === 'downwardAPI';
  if (!projected) mkdirSync(path, { recursive: true, mode: 0o755 });
  let resolved: string;
  try {
    resolved = realpathSync(path);
  } catch {
    throw new VolumeError(volume.name, `subPath "${subPath}" does not exist in the volume`);
  }
  const root = realpathSync(volume.source);
  if (resolved !== root && !resolved.startsWith(root + sep)) {
    throw new VolumeError(volume.name, `subPath "${subPath}" leads out of the volume`);
  }
  return resolved;
}

/**
 * Kubernetes expands $(VAR) in subPathExpr from the container's env. Berth knows the literal values and the pod's
 * metadata fields before the container exists; other references stay as written, as Kubernetes leaves unknown ones.
 */
function expandSubPathExpr(pod: Pod, container: Container, expr: string): string {
  const values = new Map<string, string>();
  for (const env of container.env ?? []) {
    if (env.value !== undefined) values.set(env.name, env.value);
    else if (env.valueFrom?.fieldRef?.fieldPath.startsWith('metadata.')) {
      values.set(env.name, podField(env.name, pod, env.valueFrom.fieldRef.fieldPath));
    } else if (env.valueFrom?.fieldRef?.fieldPath === 'spec.nodeName' && pod.spec?.nodeName) {
      values.set(env.name, pod.spec.nodeName);
    }
  }
  return expr.replace(/\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string) => values.get(name) ?? whole);
}
