import { chmodSync, mkdirSync } from 'node:fs';
import type { Pod, Volume } from 'kubernetes-types/core/v1';
import { bytes } from '../../manifest';
import { ensureTmpfs, isTmpfs, secretsDir } from '../state';
import { writeProjectedFiles } from './atomic-writer';
import { claimedPath } from './claim';
import { prepareHostPath } from './host-path';
import { configMapPath, downwardApiPath, emptyDirPath, podSecretsDir, secretPath } from './paths';
import { configMapFiles, downwardApiFiles, secretFiles } from './payload';
import { VolumeError, type ResolvedVolume, type VolumeContext } from './types';

/**
 * Makes every volume of `pod` ready on the host and says where each one is. Idempotent: the agent calls it again
 * when it restarts, and whenever the desired set changes, so configMap and secret files follow their objects (as
 * the kubelet refreshes them) while emptyDir and claim data stay.
 */
export async function setupPodVolumes(pod: Pod, context: VolumeContext): Promise<Map<string, ResolvedVolume>> {
  const resolved = new Map<string, ResolvedVolume>();
  for (const volume of pod.spec?.volumes ?? []) resolved.set(volume.name, await setupVolume(pod, volume, context));
  return resolved;
}

async function setupVolume(pod: Pod, volume: Volume, context: VolumeContext): Promise<ResolvedVolume> {
  const uid = pod.metadata!.uid!;
  const namespace = pod.metadata!.namespace ?? 'default';
  const { name } = volume;
  const done = (kind: ResolvedVolume['kind'], source: string, readOnly: boolean): ResolvedVolume => ({ name, kind, source, readOnly });

  if (volume.emptyDir) {
    const dir = emptyDirPath(context, uid, name);
    mkdirSync(dir, { recursive: true });
    if (volume.emptyDir.medium === 'Memory') {
      // A tmpfs on the host, bound into every container, as the kubelet does: the pod's containers share it (a
      // Docker tmpfs mount would give each container its own), and sizeLimit bounds it.
      const size = volume.emptyDir.sizeLimit === undefined ? '50%' : bytes(volume.emptyDir.sizeLimit);
      await ensureTmpfs(dir, { size, mode: 0o777, ownMount: true }).catch((error: Error) => {
        throw new VolumeError(name, error.message);
      });
    } else if (volume.emptyDir.medium) {
      throw new VolumeError(name, `emptyDir medium "${volume.emptyDir.medium}" is not supported (use "" or Memory)`);
    }
    chmodSync(dir, 0o777); // Kubernetes: an emptyDir is world-writable, so containers running as any user can use it
    return done('emptyDir', dir, false);
  }
  if (volume.configMap) {
    const source = volume.configMap;
    const configMap = context.configMaps.find((c) => c.metadata?.namespace === namespace && c.metadata?.name === source.name);
    const dir = configMapPath(context, uid, name);
    writeProjectedFiles(dir, configMapFiles(name, source, configMap));
    return done('configMap', dir, true);
  }
  if (volume.secret) {
    const source = volume.secret;
    const secret = context.secrets.find((s) => s.metadata?.namespace === namespace && s.metadata?.name === source.secretName);
    const files = secretFiles(name, source, secret);
    await ensureSecretsTmpfs(name, context.runtimeDir, uid);
    const dir = secretPath(context, uid, name);
    writeProjectedFiles(dir, files);
    return done('secret', dir, true);
  }
  if (volume.downwardAPI) {
    const dir = downwardApiPath(context, uid, name);
    writeProjectedFiles(dir, downwardApiFiles(name, volume.downwardAPI, pod));
    return done('downwardAPI', dir, true);
  }
  if (volume.hostPath) {
    if (!context.allowHostPath) {
      throw new VolumeError(name, 'hostPath volumes are not allowed in this cluster (cluster.yaml security.allowHostPath)');
    }
    prepareHostPath(name, volume.hostPath.path, volume.hostPath.type);
    return done('hostPath', volume.hostPath.path, false);
  }
  if (volume.persistentVolumeClaim) {
    const { claimName, readOnly = false } = volume.persistentVolumeClaim;
    const claimed = claimedPath(name, namespace, claimName, context.persistentVolumeClaims ?? [], context.persistentVolumes ?? []);
    prepareHostPath(name, claimed.path, claimed.type);
    return done('persistentVolumeClaim', claimed.path, readOnly);
  }
  const kind = Object.keys(volume).find((key) => key !== 'name') ?? 'none';
  throw new VolumeError(name, `volume type "${kind}" is not supported by Berth`);
}

/** Secret files are written only on a tmpfs: if the runtime folder's tmpfs is gone, mount it again or refuse. */
async function ensureSecretsTmpfs(volume: string, runtimeDir: string, uid: string): Promise<void> {
  try {
    await ensureTmpfs(secretsDir(runtimeDir));
    const dir = podSecretsDir(runtimeDir, uid);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isTmpfs(dir)) throw new Error(`${dir} is not on a tmpfs`);
  } catch (error) {
    throw new VolumeError(volume, `secret files need a tmpfs: ${(error as Error).message}`);
  }
}
