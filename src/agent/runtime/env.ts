// A container's environment as the kubelet builds it (kubelet_pods.go makeEnvironmentVariables): envFrom first, then
// env, later names overriding earlier ones, and $(VAR) references expanded against what is defined so far.
import type { ConfigMap, Container, EnvVar, Pod, Secret } from 'kubernetes-types/core/v1';
import { downwardField, downwardResource } from '../downward';
import { CreateContainerConfigError } from './errors';

export interface EnvSources {
  pod: Pod;
  podIP?: string;
  hostIP?: string;
  nodeName?: string;
  /** The pod namespace's ConfigMaps and Secrets, by name. */
  configMaps: ReadonlyMap<string, ConfigMap>;
  secrets: ReadonlyMap<string, Secret>;
}

/** The container's variables in definition order. Throws CreateContainerConfigError for a missing required source. */
export function containerEnv(container: Container, src: EnvSources): Map<string, string> {
  const env = new Map<string, string>();
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const data = from.configMapRef ? configMapData(src, ref.name!, ref.optional) : secretData(src, ref.name!, ref.optional);
    // Kubernetes skips keys that cannot be variable names (and records an event); '=' is what Docker cannot carry.
    for (const [key, value] of Object.entries(data ?? {})) if (!(prefix + key).includes('=')) env.set(prefix + key, value);
  }
  for (const v of container.env ?? []) {
    const value = v.valueFrom ? valueFrom(v, container, src) : expandVars(v.value ?? '', env);
    if (value !== undefined) env.set(v.name, value);
  }
  return env;
}

export function envList(env: Map<string, string>): string[] {
  return [...env].map(([k, v]) => `${k}=${v}`);
}

/**
 * Kubernetes' $(VAR) expansion (third_party/forked/golang/expansion): `$(NAME)` becomes NAME's value when defined
 * and stays as written otherwise; `$$` is an escaped `$`; any other `$` is kept.
 */
export function expandVars(input: string, env: ReadonlyMap<string, string>): string {
  if (!input.includes('$')) return input;
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const end = input.indexOf(')', i + 2);
      if (end < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, end);
      out += env.get(name) ?? `$(${name})`;
      i = end;
    } else out += c;
  }
  return out;
}

function valueFrom(v: EnvVar, container: Container, src: EnvSources): string | undefined {
  const from = v.valueFrom!;
  if (from.fieldRef) return fieldValue(from.fieldRef.fieldPath, src);
  if (from.configMapKeyRef) {
    const { name, key, optional } = from.configMapKeyRef;
    return keyOf(configMapData(src, name!, optional), src.pod, { kind: 'ConfigMap', name: name!, key, optional });
  }
  if (from.secretKeyRef) {
    const { name, key, optional } = from.secretKeyRef;
    return keyOf(secretData(src, name!, optional), src.pod, { kind: 'Secret', name: name!, key, optional });
  }
  if (from.resourceFieldRef) {
    const { resource, divisor, containerName } = from.resourceFieldRef;
    const target = containerName ? (src.pod.spec?.containers.find((c) => c.name === containerName) ?? container) : container;
    const value = downwardResource(target, resource, divisor);
    if (value === undefined) throw new CreateContainerConfigError(`${resource} of container ${target.name} is not set`, { resource });
    return value;
  }
  return undefined;
}

/** A fieldRef in an env var (the downward API). */
export function fieldValue(path: string, src: EnvSources): string {
  const value = downwardField(src.pod, path, 'env', src);
  if (value === undefined) throw new CreateContainerConfigError(`unsupported fieldPath: ${path}`, { fieldPath: path });
  return value;
}

function configMapData(src: EnvSources, name: string, optional?: boolean): Record<string, string> | undefined {
  const cm = src.configMaps.get(name);
  if (!cm && !optional) throw new CreateContainerConfigError(`configmap "${name}" not found`, { configMap: name });
  return cm?.data ?? {};
}

function secretData(src: EnvSources, name: string, optional?: boolean): Record<string, string> | undefined {
  const secret = src.secrets.get(name);
  if (!secret && !optional) throw new CreateContainerConfigError(`secret "${name}" not found`, { secret: name });
  if (!secret) return {};
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) data[k] = Buffer.from(v, 'base64').toString('utf8');
  return { ...data, ...secret.stringData };
}

/** The value of a ConfigMap's or Secret's key that an env var refers to; a missing one fails unless optional. */
function keyOf(data: Record<string, string> | undefined, pod: Pod, { kind, name, key, optional }: { kind: string; name: string; key: string; optional?: boolean }): string | undefined {
  const value = data?.[key];
  if (value === undefined && !optional) {
    const ns = pod.metadata?.namespace ?? 'default';
    throw new CreateContainerConfigError(`couldn't find key ${key} in ${kind} ${ns}/${name}`, { kind, name, key });
  }
  return value;
}
