import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unmountTmpfs } from '../state';
import { podDir, podSecretsDir, podVolumesDir } from './paths';
import type { VolumePaths } from './types';

/**
 * Removes what the agent made for a pod's volumes: emptyDirs (unmounting memory ones), configMap, secret and
 * downwardAPI files. Never a PersistentVolume's or a hostPath's data: those live outside these folders, and the
 * removal does not follow symlinks. Call it once the pod's containers are gone (Kubernetes: when the pod is deleted).
 */
export async function cleanupPodVolumes(uid: string, { stateDir, runtimeDir }: VolumePaths): Promise<void> {
  const emptyDirs = join(podVolumesDir(stateDir, uid), 'empty-dir');
  for (const name of listDir(emptyDirs)) await unmountTmpfs(join(emptyDirs, name));
  rmSync(podVolumesDir(stateDir, uid), { recursive: true, force: true });
  rmSync(podSecretsDir(runtimeDir, uid), { recursive: true, force: true });
  try {
    rmdirSync(podDir(stateDir, uid)); // only when nothing else of the pod's is left there
  } catch {
    // not empty, or already gone
  }
}

/** The uids of pods that have volume folders on this host: after a restart, those not desired any more are orphans. */
export function podUidsWithVolumes({ stateDir, runtimeDir }: VolumePaths): string[] {
  const uids = new Set([...listDir(join(stateDir, 'pods')), ...listDir(join(runtimeDir, 'secrets', 'pods'))]);
  return [...uids].sort();
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
