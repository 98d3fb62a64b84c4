import type { ConfigMap, Secret } from 'kubernetes-types/core/v1';
import { configMapKeyErrors } from '../names';
import type { Issues } from './issues';

/** Kubernetes' limit on the data of one ConfigMap or Secret. */
export const MAX_DATA_BYTES = 1024 * 1024;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decoded size of a base64 value, or undefined when it is not valid base64 (Go's StdEncoding, newlines ignored). */
export function base64Size(v: string): number | undefined {
  const s = v.replace(/[\r\n]/g, '');
  if (!BASE64.test(s)) return undefined;
  return (s.length / 4) * 3 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
}

export function validateConfigMap(out: Issues, cm: ConfigMap): void {
  let size = 0;
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    out.name(['data'], k, k, configMapKeyErrors(k));
    size += Buffer.byteLength(v);
  }
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) {
    out.name(['binaryData'], k, k, configMapKeyErrors(k));
    if (cm.data && k in cm.data) out.duplicate(['binaryData', k], `key ${JSON.stringify(k)} is also in data: each key may appear in data or binaryData, not both`);
    const n = base64Size(v);
    if (n === undefined) out.invalid(['binaryData', k], 'is not valid base64: binaryData values must be base64-encoded (use data for plain text)');
    else size += n;
  }
  if (size > MAX_DATA_BYTES) out.invalid(['data'], `the data is ${size} bytes; a ConfigMap may hold at most ${MAX_DATA_BYTES} bytes (1 MiB)`);
}

/** Keys that each built-in Secret type must have. */
const REQUIRED_KEYS: Record<string, string[][]> = {
  'kubernetes.io/tls': [['tls.crt'], ['tls.key']],
  'kubernetes.io/dockerconfigjson': [['.dockerconfigjson']],
  'kubernetes.io/dockercfg': [['.dockercfg']],
  'kubernetes.io/ssh-auth': [['ssh-privatekey']],
  'kubernetes.io/basic-auth': [['username', 'password']],
};

export function validateSecret(out: Issues, secret: Secret): void {
  let size = 0;
  const keys = new Set<string>();
  for (const [k, v] of Object.entries(secret.data ?? {})) {
    out.name(['data'], k, k, configMapKeyErrors(k));
    keys.add(k);
    const n = base64Size(v);
    if (n === undefined) out.invalid(['data', k], 'is not valid base64: Secret data values must be base64-encoded (put plain text under stringData instead)');
    else size += n;
  }
  for (const [k, v] of Object.entries(secret.stringData ?? {})) {
    out.name(['stringData'], k, k, configMapKeyErrors(k));
    keys.add(k);
    size += Buffer.byteLength(v);
  }
  if (size > MAX_DATA_BYTES) out.invalid(['data'], `the data is ${size} bytes; a Secret may hold at most ${MAX_DATA_BYTES} bytes (1 MiB)`);
  const type = secret.type ?? 'Opaque';
  if (type === 'kubernetes.io/service-account-token') {
    out.notSupported(['type'], 'kubernetes.io/service-account-token is not supported by Berth: it has no service accounts');
  }
  for (const anyOf of REQUIRED_KEYS[type] ?? []) {
    if (!anyOf.some((k) => keys.has(k))) out.required(['data', anyOf[0]], `a Secret of type ${type} needs the key ${anyOf.join(' or ')}`);
  }
}
