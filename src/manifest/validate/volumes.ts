import type { KeyToPath, Volume } from 'kubernetes-types/core/v1';
import { configMapKeyErrors, dns1123LabelErrors, dns1123SubdomainErrors } from '../names';
import type { FieldPath } from '../types';
import { Issues, relativePathErrors } from './issues';
import { checkQuantity } from './resources';

const SOURCES = ['configMap', 'secret', 'emptyDir', 'hostPath', 'persistentVolumeClaim'] as const;

/** Validates the pod's volumes and returns their names, for the containers' volumeMounts. */
export function validateVolumes(out: Issues, volumes: Volume[], path: FieldPath): Set<string> {
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const at = [...path, i];
    out.name(at, 'name', v.name, dns1123LabelErrors(v.name));
    if (names.has(v.name)) out.duplicate([...at, 'name'], `duplicate volume name ${JSON.stringify(v.name)}: volume names must be unique within the pod`);
    names.add(v.name);
    const set = SOURCES.filter((s) => v[s] !== undefined);
    if (set.length === 0) out.required(at, `must specify a volume type: one of ${SOURCES.join(', ')}`);
    if (set.length > 1) out.invalid(at, `may not specify more than one volume type, got ${set.join(' and ')}`);
    if (v.configMap) {
      out.name(at, ['configMap', 'name'], v.configMap.name ?? '', dns1123SubdomainErrors(v.configMap.name ?? ''));
      validateItems(out, v.configMap.items, v.configMap.defaultMode, [...at, 'configMap']);
    }
    if (v.secret) {
      out.name(at, ['secret', 'secretName'], v.secret.secretName ?? '', dns1123SubdomainErrors(v.secret.secretName ?? ''));
      validateItems(out, v.secret.items, v.secret.defaultMode, [...at, 'secret']);
    }
    if (v.persistentVolumeClaim) {
      const claim = v.persistentVolumeClaim.claimName;
      out.name(at, ['persistentVolumeClaim', 'claimName'], claim, dns1123SubdomainErrors(claim));
    }
    if (v.hostPath) validateHostPath(out, v.hostPath.path, [...at, 'hostPath', 'path']);
    if (v.emptyDir?.sizeLimit !== undefined) checkQuantity(out, [...at, 'emptyDir', 'sizeLimit'], v.emptyDir.sizeLimit);
  });
  return names;
}

export function validateHostPath(out: Issues, p: string, path: FieldPath): void {
  if (!p.startsWith('/')) out.invalid(path, `${JSON.stringify(p)} must be an absolute path`);
  else if (p.split('/').includes('..')) out.invalid(path, "must not contain '..'");
}

const MAX_MODE = 0o777;

function validateMode(out: Issues, mode: number | undefined, path: FieldPath): void {
  if (mode !== undefined && (mode < 0 || mode > MAX_MODE)) {
    out.invalid(path, `must be a file mode between 0 and 0777 (octal, i.e. 0 to 511 in decimal), got ${mode}; write octal modes with a leading 0 in YAML, e.g. 0644`);
  }
}

function validateItems(out: Issues, items: KeyToPath[] | undefined, defaultMode: number | undefined, path: FieldPath): void {
  validateMode(out, defaultMode, [...path, 'defaultMode']);
  (items ?? []).forEach((item, i) => {
    const at = [...path, 'items', i];
    out.name(at, 'key', item.key, configMapKeyErrors(item.key));
    if (item.path === '') out.required([...at, 'path'], 'path is required');
    else out.name(at, 'path', item.path, relativePathErrors(item.path));
    validateMode(out, item.mode, [...at, 'mode']);
  });
}
