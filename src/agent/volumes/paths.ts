import { join } from 'node:path';
import type { VolumePaths } from './types';

// Where each kind of volume lives on the host. Like the kubelet's /var/lib/kubelet/pods/<uid>/volumes/<plugin>/<name>,
// except secrets, which live on the runtime folder's tmpfs so they never reach the disk.

export function podDir(stateDir: string, uid: string): string {
  return join(stateDir, 'pods', safeSegment(uid, 'pod uid'));
}

export function podVolumesDir(stateDir: string, uid: string): string {
  return join(podDir(stateDir, uid), 'volumes');
}

export function emptyDirPath({ stateDir }: VolumePaths, uid: string, name: string): string {
  return join(podVolumesDir(stateDir, uid), 'empty-dir', safeSegment(name, 'volume name'));
}

export function configMapPath({ stateDir }: VolumePaths, uid: string, name: string): string {
  return join(podVolumesDir(stateDir, uid), 'configmap', safeSegment(name, 'volume name'));
}

export function downwardApiPath({ stateDir }: VolumePaths, uid: string, name: string): string {
  return join(podVolumesDir(stateDir, uid), 'downward-api', safeSegment(name, 'volume name'));
}

export function podSecretsDir(runtimeDir: string, uid: string): string {
  return join(runtimeDir, 'secrets', 'pods', safeSegment(uid, 'pod uid'));
}

export function secretPath({ runtimeDir }: VolumePaths, uid: string, name: string): string {
  return join(podSecretsDir(runtimeDir, uid), safeSegment(name, 'volume name'));
}

/** A path segment taken from a pod: these folders are removed recursively, so nothing may climb out of them. */
function safeSegment(value: string, what: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(value) || value === '.' || value === '..') {
    throw new Error(`${what} "${value}" cannot be used as a folder name`);
  }
  return value;
}
