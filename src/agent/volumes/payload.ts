// The files of configMap, secret and downwardAPI volumes, as the kubelet projects them. Pure.
import type {
  ConfigMap,
  ConfigMapVolumeSource,
  DownwardAPIVolumeSource,
  KeyToPath,
  Pod,
  Secret,
  SecretVolumeSource,
} from 'kubernetes-types/core/v1';
import { downwardField, downwardResource } from '../downward';
import { VolumeError, type ProjectedFile } from './types';

/** Kubernetes' default file mode for these volumes (0644). */
export const DEFAULT_MODE = 0o644;

export function configMapFiles(volume: string, source: ConfigMapVolumeSource, configMap: ConfigMap | undefined): ProjectedFile[] {
  if (!configMap) {
    if (source.optional) return [];
    throw new VolumeError(volume, `configmap "${source.name}" not found`);
  }
  const data = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(configMap.data ?? {})) data.set(key, Buffer.from(value, 'utf8'));
  for (const [key, value] of Object.entries(configMap.binaryData ?? {})) data.set(key, Buffer.from(value, 'base64'));
  return project(volume, `configmap "${source.name}"`, data, source);
}

export function secretFiles(volume: string, source: SecretVolumeSource, secret: Secret | undefined): ProjectedFile[] {
  if (!secret) {
    if (source.optional) return [];
    throw new VolumeError(volume, `secret "${source.secretName}" not found`);
  }
  const data = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(secret.data ?? {})) data.set(key, Buffer.from(value, 'base64'));
  // The API server folds stringData into data (stringData wins); a desired set may still carry it.
  for (const [key, value] of Object.entries(secret.stringData ?? {})) data.set(key, Buffer.from(value, 'utf8'));
  return project(volume, `secret "${source.secretName}"`, data, source);
}

/** The files of a ConfigMap's or Secret's volume: every key, or the items asked for, as the source says. */
function project(
  volume: string,
  what: string,
  data: Map<string, Buffer>,
  { items, defaultMode = DEFAULT_MODE, optional = false }: { items?: KeyToPath[]; defaultMode?: number; optional?: boolean },
): ProjectedFile[] {
  if (!items) return [...data].sort(([a], [b]) => a.localeCompare(b)).map(([key, content]) => file(volume, key, content, defaultMode));
  const files: ProjectedFile[] = [];
  for (const item of items) {
    const content = data.get(item.key);
    if (content === undefined) {
      if (optional) continue;
      throw new VolumeError(volume, `${what} has no key "${item.key}"`);
    }
    files.push(file(volume, item.path, content, item.mode ?? defaultMode));
  }
  return files;
}

export function downwardApiFiles(volume: string, source: DownwardAPIVolumeSource, pod: Pod): ProjectedFile[] {
  return (source.items ?? []).map((item) => {
    let value: string;
    if (item.fieldRef) value = podField(volume, pod, item.fieldRef.fieldPath);
    else if (item.resourceFieldRef) value = resourceField(volume, pod, item.resourceFieldRef);
    else throw new VolumeError(volume, `item "${item.path}" needs fieldRef or resourceFieldRef`);
    return file(volume, item.path, Buffer.from(value, 'utf8'), item.mode ?? source.defaultMode ?? DEFAULT_MODE);
  });
}

/** The fields a downwardAPI volume may show (spec and status fields are only for env, as in Kubernetes). */
export function podField(volume: string, pod: Pod, fieldPath: string): string {
  const value = downwardField(pod, fieldPath, 'volume');
  if (value === undefined) throw new VolumeError(volume, `fieldRef "${fieldPath}" is not supported in a downwardAPI volume`);
  return value;
}

function resourceField(volume: string, pod: Pod, ref: { containerName?: string; resource: string; divisor?: string | number }): string {
  const containers = pod.spec?.containers ?? [];
  const container = ref.containerName ? containers.find((c) => c.name === ref.containerName) : containers[0];
  if (!container) throw new VolumeError(volume, `resourceFieldRef: no container "${ref.containerName}"`);
  const value = downwardResource(container, ref.resource, ref.divisor);
  if (value === undefined) throw new VolumeError(volume, `resourceFieldRef: ${container.name} has no ${ref.resource} set`);
  return value;
}

function file(volume: string, path: string, content: Buffer, mode: number): ProjectedFile {
  checkRelativePath(volume, path);
  return { path, content, mode };
}

/** Kubernetes: an item path is relative, has no '..' element and does not start with '..'. */
export function checkRelativePath(volume: string, path: string): void {
  if (path === '' || path.startsWith('/') || path.startsWith('..') || path.split('/').includes('..')) {
    throw new VolumeError(volume, `path "${path}" must be relative and may not contain '..'`);
  }
}
