import type { Ingress, IngressBackend } from 'kubernetes-types/networking/v1';
import type { Service } from 'kubernetes-types/core/v1';
import { validateLabels } from '../labels';
import { dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, ianaSvcNameErrors, wildcardDns1123SubdomainErrors } from '../names';
import type { FieldPath, Issue } from '../types';
import { Issues, isValidPort } from './issues';
import { isIPAddress } from './net';

export function validateService(out: Issues, svc: Service): void {
  const s = svc.spec!;
  const type = s.type ?? 'ClusterIP';
  const ports = s.ports ?? [];
  const headless = s.clusterIP === 'None';
  const at = ['spec'];

  if (type === 'ExternalName') {
    if (!s.externalName) out.required([...at, 'externalName'], 'externalName is required when type is ExternalName (e.g. db.example.com)');
    else out.name(at, 'externalName', s.externalName, dns1123SubdomainErrors(s.externalName.replace(/\.$/, '')));
    if (s.clusterIP) out.invalid([...at, 'clusterIP'], 'must be empty when type is ExternalName');
  } else {
    if (s.externalName) out.invalid([...at, 'externalName'], 'may only be set when type is ExternalName');
    if (ports.length === 0 && !headless) out.required([...at, 'ports'], 'at least one port is required (unless clusterIP is None or type is ExternalName)');
  }
  if (s.clusterIP && !headless && !isIPAddress(s.clusterIP)) out.invalid([...at, 'clusterIP'], `${JSON.stringify(s.clusterIP)} must be None, an IP address, or empty (Berth allocates one)`);
  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) out.invalid([...at, 'clusterIP'], `may not be None when type is ${type}`);

  const names = new Set<string>();
  const portKeys = new Map<string, number>();
  const nodePorts = new Map<string, number>();
  ports.forEach((p, i) => {
    const pp = [...at, 'ports', i];
    if (ports.length > 1 && !p.name) out.required([...pp, 'name'], 'name is required when a Service has more than one port');
    if (p.name) {
      out.name(pp, 'name', p.name, dns1123LabelErrors(p.name));
      if (names.has(p.name)) out.duplicate([...pp, 'name'], `duplicate port name ${JSON.stringify(p.name)}`);
      names.add(p.name);
    }
    if (!isValidPort(p.port)) out.invalid([...pp, 'port'], `must be between 1 and 65535, inclusive, got ${p.port}`);
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    const first = portKeys.get(key);
    if (first !== undefined) out.duplicate(pp, `duplicate port ${key}: also ports[${first}]; each port and protocol may appear once`);
    else portKeys.set(key, i);
    const tp = p.targetPort;
    if (typeof tp === 'number' && tp !== 0 && !isValidPort(tp)) out.invalid([...pp, 'targetPort'], `must be between 1 and 65535, inclusive, got ${tp}`);
    if (typeof tp === 'string' && tp !== '') out.name(pp, 'targetPort', tp, ianaSvcNameErrors(tp));
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') out.invalid([...pp, 'nodePort'], `may not be used when type is ${type}; use type NodePort`);
      else if (!isValidPort(p.nodePort)) out.invalid([...pp, 'nodePort'], `must be between 1 and 65535, inclusive, got ${p.nodePort}`);
      const nkey = `${p.nodePort}/${p.protocol ?? 'TCP'}`;
      if (nodePorts.has(nkey)) out.duplicate([...pp, 'nodePort'], `duplicate nodePort ${nkey}: also ports[${nodePorts.get(nkey)}]`);
      else nodePorts.set(nkey, i);
    }
  });

  out.push(validateLabels(s.selector, [...at, 'selector']));
  if (s.sessionAffinityConfig) {
    if (s.sessionAffinity !== 'ClientIP') out.invalid([...at, 'sessionAffinityConfig'], 'may only be set when sessionAffinity is ClientIP');
    out.range(at, ['sessionAffinityConfig', 'clientIP', 'timeoutSeconds'], s.sessionAffinityConfig.clientIP?.timeoutSeconds, { min: 1, max: 86400 });
  }
  if (s.externalTrafficPolicy && type !== 'NodePort' && type !== 'LoadBalancer') {
    out.invalid([...at, 'externalTrafficPolicy'], 'may only be set when type is NodePort or LoadBalancer');
  }
}

/** NodePorts must lie in the cluster's range (cluster.yaml spec.network.nodePortRange): a rule across two files. */
export function nodePortIssues(svc: Service, range: { min: number; max: number }): Issue[] {
  const out = new Issues();
  (svc.spec?.ports ?? []).forEach((p, i) => {
    if (p.nodePort && (p.nodePort < range.min || p.nodePort > range.max)) {
      out.invalid(['spec', 'ports', i, 'nodePort'], `must be in the cluster's node port range ${range.min}-${range.max} (cluster.yaml spec.network.nodePortRange), got ${p.nodePort}`);
    }
  });
  return out.list;
}

export function validateIngress(out: Issues, ing: Ingress): void {
  const s = ing.spec!;
  const rules = s.rules ?? [];
  if (!s.defaultBackend && rules.length === 0) out.required(['spec'], 'either defaultBackend or rules must be specified');
  if (s.ingressClassName !== undefined) out.name(['spec'], 'ingressClassName', s.ingressClassName, dns1123SubdomainErrors(s.ingressClassName));
  if (s.defaultBackend) validateBackend(out, s.defaultBackend, ['spec', 'defaultBackend']);
  rules.forEach((r, i) => {
    const at = ['spec', 'rules', i];
    if (r.host !== undefined) validateHost(out, r.host, [...at, 'host']);
    if (!r.http) return;
    if (r.http.paths.length === 0) out.required([...at, 'http', 'paths'], 'must have at least one path');
    r.http.paths.forEach((p, j) => {
      const pp = [...at, 'http', 'paths', j];
      const path = p.path ?? '';
      if (p.pathType !== 'ImplementationSpecific' || path !== '') {
        if (!path.startsWith('/')) out.invalid([...pp, 'path'], `${JSON.stringify(path)} must be an absolute path (start with /)`);
        else if (p.pathType !== 'ImplementationSpecific') {
          const bad = ['//', '/./', '/../', '%2f', '%2F'].find((seq) => path.includes(seq)) ?? ['/..', '/.'].find((suffix) => path.endsWith(suffix));
          if (bad) out.invalid([...pp, 'path'], `must not contain ${JSON.stringify(bad)}`);
        }
      }
      validateBackend(out, p.backend, [...pp, 'backend']);
    });
  });
  (s.tls ?? []).forEach((t, i) => {
    (t.hosts ?? []).forEach((h, j) => validateHost(out, h, ['spec', 'tls', i, 'hosts', j]));
    if (t.secretName) out.name(['spec', 'tls', i], 'secretName', t.secretName, dns1123SubdomainErrors(t.secretName));
  });
}

function validateHost(out: Issues, host: string, path: FieldPath): void {
  if (isIPAddress(host)) out.invalid(path, `${JSON.stringify(host)} must be a DNS name, not an IP address`);
  else out.name(path, [], host, wildcardDns1123SubdomainErrors(host));
}

function validateBackend(out: Issues, b: IngressBackend, path: FieldPath): void {
  if (!b.service) {
    out.required([...path, 'service'], 'service is required: name the Service and port that take this traffic');
    return;
  }
  out.name(path, ['service', 'name'], b.service.name, dns1035LabelErrors(b.service.name));
  const port = b.service.port ?? {};
  const at = [...path, 'service', 'port'];
  if (port.name !== undefined && port.number !== undefined) out.invalid(at, 'cannot set both port name and port number');
  else if (port.name === undefined && port.number === undefined) out.required(at, 'port name or number is required');
  if (port.number !== undefined && !isValidPort(port.number)) out.invalid([...at, 'number'], `must be between 1 and 65535, inclusive, got ${port.number}`);
  if (port.name !== undefined) out.name(at, 'name', port.name, ianaSvcNameErrors(port.name));
}
