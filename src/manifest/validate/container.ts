import type { Container, ContainerPort, EnvVar, LifecycleHandler, Probe } from 'kubernetes-types/core/v1';
import { configMapKeyErrors, dns1123SubdomainErrors, envVarNameErrors, ianaSvcNameErrors } from '../names';
import type { FieldPath } from '../types';
import { Issues, INT32_MAX, isValidPort, relativePathErrors } from './issues';
import { validateResources } from './resources';

export interface ContainerContext {
  volumes: ReadonlySet<string>;
  containers: ReadonlySet<string>;
  init: boolean;
  hostNetwork: boolean;
  terminationGracePeriodSeconds: number;
}

// distribution/reference's grammar: [host[:port]/]path[:tag][@digest], lowercase repository path.
const IMAGE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const FIELD_PATHS = new Set(['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs']);
const FIELD_PATH_MAPS = /^metadata\.(labels|annotations)\['[^']+'\]$/;
const RESOURCE_FIELDS = new Set(['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage']);

export function validateContainer(out: Issues, c: Container, path: FieldPath, ctx: ContainerContext): void {
  const image = c.image ?? '';
  if (image === '') out.required([...path, 'image'], 'image is required (e.g. nginx:1.25)');
  else if (image.trim() !== image) out.invalid([...path, 'image'], 'must not have leading or trailing whitespace');
  else if (!IMAGE.test(image)) {
    out.invalid([...path, 'image'], `${JSON.stringify(image)} is not a valid image reference: use [registry/]name[:tag][@digest] with a lowercase name, e.g. nginx:1.25`);
  }
  if (c.workingDir !== undefined && !c.workingDir.startsWith('/')) out.invalid([...path, 'workingDir'], 'must be an absolute path');

  const portNames = c.ports ? validatePorts(out, c.ports, [...path, 'ports'], ctx) : NO_NAMES;
  if (c.env) for (let i = 0; i < c.env.length; i++) validateEnvVar(out, c.env[i], path, i, ctx);
  if (c.envFrom) c.envFrom.forEach((e, i) => {
    const at = [...path, 'envFrom', i];
    const refs = [e.configMapRef && 'configMapRef', e.secretRef && 'secretRef'].filter(Boolean) as string[];
    if (refs.length !== 1) out.invalid(at, 'must specify exactly one of configMapRef or secretRef');
    for (const r of refs) out.name(at, [r, 'name'], (e as Record<string, { name: string }>)[r].name, dns1123SubdomainErrors((e as Record<string, { name: string }>)[r].name));
    if (e.prefix) out.name(at, 'prefix', e.prefix, envVarNameErrors(e.prefix));
  });
  if (c.resources) validateResources(out, c.resources, [...path, 'resources']);
  if (c.volumeMounts) validateVolumeMounts(out, c, path, ctx);

  for (const field of PROBES) {
    const probe = c[field];
    if (!probe) continue;
    if (ctx.init) out.invalid([...path, field], 'may not be set for init containers: they run to completion before the pod is ready');
    else validateProbe(out, probe, [...path, field], field !== 'readinessProbe', portNames);
  }
  if (c.lifecycle) {
    if (ctx.init) out.invalid([...path, 'lifecycle'], 'may not be set for init containers');
    for (const hook of ['postStart', 'preStop'] as const) {
      const h = c.lifecycle[hook];
      if (h) validateHandler(out, h, [...path, 'lifecycle', hook], portNames, ctx);
    }
  }
  const sc = c.securityContext;
  if (sc) {
    out.range(path, ['securityContext', 'runAsUser'], sc.runAsUser, { min: 0, max: INT32_MAX });
    out.range(path, ['securityContext', 'runAsGroup'], sc.runAsGroup, { min: 0, max: INT32_MAX });
    if (sc.privileged && sc.allowPrivilegeEscalation === false) {
      out.invalid([...path, 'securityContext'], 'cannot set allowPrivilegeEscalation to false and privileged to true');
    }
  }
}

function validatePorts(out: Issues, ports: ContainerPort[], path: FieldPath, ctx: ContainerContext): ReadonlySet<string> {
  const names = new Set<string>();
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    if (!isValidPort(p.containerPort)) out.invalid([...path, i, 'containerPort'], `must be between 1 and 65535, inclusive, got ${p.containerPort}`);
    if (p.hostPort !== undefined && p.hostPort !== 0) {
      if (!isValidPort(p.hostPort)) out.invalid([...path, i, 'hostPort'], `must be between 1 and 65535, inclusive, got ${p.hostPort}`);
      else if (ctx.hostNetwork && p.hostPort !== p.containerPort) out.invalid([...path, i, 'hostPort'], 'must match containerPort when hostNetwork is true');
    }
    if (p.name !== undefined) {
      out.name(path, [i, 'name'], p.name, ianaSvcNameErrors(p.name));
      if (names.has(p.name)) out.duplicate([...path, i, 'name'], `duplicate port name ${JSON.stringify(p.name)}: port names must be unique within a container`);
      names.add(p.name);
    }
  }
  return names;
}

const NO_NAMES: ReadonlySet<string> = new Set();

function validateEnvVar(out: Issues, e: EnvVar, container: FieldPath, i: number, ctx: ContainerContext): void {
  const nameErrors = envVarNameErrors(e.name);
  const from = e.valueFrom;
  if (nameErrors.length === 0 && !from) return;
  const path = [...container, 'env', i];
  out.name(path, 'name', e.name, nameErrors);
  if (!from) return;
  if (e.value) out.invalid([...path, 'valueFrom'], 'may not be specified when value is not empty: use one or the other');
  const at = [...path, 'valueFrom'];
  const kinds = (['configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef'] as const).filter((k) => from[k]);
  if (kinds.length !== 1) {
    out.invalid(at, 'must specify exactly one of configMapKeyRef, secretKeyRef, fieldRef or resourceFieldRef');
  }
  for (const k of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const ref = from[k];
    if (!ref) continue;
    out.name(at, [k, 'name'], ref.name ?? '', dns1123SubdomainErrors(ref.name ?? ''));
    out.name(at, [k, 'key'], ref.key, configMapKeyErrors(ref.key));
  }
  if (from.fieldRef) {
    const fp = from.fieldRef.fieldPath;
    if (!FIELD_PATHS.has(fp) && !FIELD_PATH_MAPS.test(fp)) {
      out.notSupported([...at, 'fieldRef', 'fieldPath'], `unsupported fieldPath ${JSON.stringify(fp)}: use one of ${[...FIELD_PATHS].join(', ')}, metadata.labels['KEY'] or metadata.annotations['KEY']`);
    }
    if (from.fieldRef.apiVersion !== undefined && from.fieldRef.apiVersion !== 'v1') out.notSupported([...at, 'fieldRef', 'apiVersion'], 'must be "v1"');
  }
  if (from.resourceFieldRef) {
    const r = from.resourceFieldRef;
    if (!RESOURCE_FIELDS.has(r.resource)) out.notSupported([...at, 'resourceFieldRef', 'resource'], `unsupported resource ${JSON.stringify(r.resource)}: use one of ${[...RESOURCE_FIELDS].join(', ')}`);
    if (r.containerName && !ctx.containers.has(r.containerName)) out.invalid([...at, 'resourceFieldRef', 'containerName'], `no container named ${JSON.stringify(r.containerName)} in this pod`);
  }
}

function validateVolumeMounts(out: Issues, c: Container, path: FieldPath, ctx: ContainerContext): void {
  const paths = new Set<string>();
  (c.volumeMounts ?? []).forEach((m, i) => {
    const at = [...path, 'volumeMounts', i];
    if (!ctx.volumes.has(m.name)) out.invalid([...at, 'name'], `no volume named ${JSON.stringify(m.name)} in this pod: add it to the pod's volumes or fix the name`);
    if (!m.mountPath.startsWith('/')) out.invalid([...at, 'mountPath'], `${JSON.stringify(m.mountPath)} must be an absolute path`);
    else if (paths.has(m.mountPath)) out.duplicate([...at, 'mountPath'], `${JSON.stringify(m.mountPath)} is mounted twice: mount paths must be unique within a container`);
    paths.add(m.mountPath);
    if (m.subPath) out.name(at, 'subPath', m.subPath, relativePathErrors(m.subPath));
  });
}

function validateProbe(out: Issues, p: Probe, path: FieldPath, mustSucceedOnce: boolean, portNames: ReadonlySet<string>): void {
  validateHandlerKind(out, p, path, ['exec', 'httpGet', 'tcpSocket'], portNames);
  out.min(path, 'initialDelaySeconds', p.initialDelaySeconds, 0);
  out.min(path, 'timeoutSeconds', p.timeoutSeconds, 1, ' (omit it for the default, 1)');
  out.min(path, 'periodSeconds', p.periodSeconds, 1, ' (omit it for the default, 10)');
  out.min(path, 'successThreshold', p.successThreshold, 1);
  out.min(path, 'failureThreshold', p.failureThreshold, 1, ' (omit it for the default, 3)');
  if (mustSucceedOnce && p.successThreshold !== undefined && p.successThreshold !== 1) {
    out.invalid([...path, 'successThreshold'], `must be 1 for liveness and startup probes, got ${p.successThreshold}`);
  }
}

function validateHandler(out: Issues, h: LifecycleHandler, path: FieldPath, portNames: ReadonlySet<string>, ctx: ContainerContext): void {
  validateHandlerKind(out, h, path, ['exec', 'httpGet', 'sleep'], portNames);
  if (h.sleep) out.range(path, ['sleep', 'seconds'], h.sleep.seconds, { min: 1, max: ctx.terminationGracePeriodSeconds }, ' (terminationGracePeriodSeconds)');
}

type Handler = { exec?: { command?: string[] }; httpGet?: { port: number | string }; tcpSocket?: { port: number | string }; sleep?: unknown };

function validateHandlerKind(out: Issues, h: Handler, path: FieldPath, kinds: readonly string[], portNames: ReadonlySet<string>): void {
  let count = 0;
  for (const k of kinds) if ((h as Record<string, unknown>)[k] !== undefined) count++;
  if (count === 0) out.required(path, `must specify a handler: one of ${kinds.join(', ')}`);
  if (count > 1) out.invalid(path, `may not specify more than one handler, got ${kinds.filter((k) => (h as Record<string, unknown>)[k] !== undefined).join(' and ')}`);
  if (h.exec && (h.exec.command ?? []).length === 0) out.required([...path, 'exec', 'command'], 'command is required');
  if (h.httpGet) validateHandlerPort(out, h.httpGet.port, path, 'httpGet', portNames);
  if (h.tcpSocket) validateHandlerPort(out, h.tcpSocket.port, path, 'tcpSocket', portNames);
}

function validateHandlerPort(out: Issues, port: number | string, path: FieldPath, kind: string, portNames: ReadonlySet<string>): void {
  if (typeof port === 'number') {
    if (!isValidPort(port)) out.invalid([...path, kind, 'port'], `must be between 1 and 65535, inclusive, got ${port}`);
    return;
  }
  if (portNames.has(port)) return;
  const errors = ianaSvcNameErrors(port);
  if (errors.length) out.name(path, [kind, 'port'], port, errors);
  else out.invalid([...path, kind, 'port'], `no port named ${JSON.stringify(port)} in this container: name one of its ports so, or use the number`);
}
