import type { PodSpec } from 'kubernetes-types/core/v1';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../names';
import type { FieldPath } from '../types';
import { validateContainer } from './container';
import { Issues, INT32_MAX } from './issues';
import { isIPAddress } from './net';
import { validateAffinity, validateNodeSelector, validateTolerations, validateTopologySpread } from './scheduling';
import { validateVolumes } from './volumes';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface PodRules {
  /** The kind that owns the pod, for messages ("a Deployment's pods …"). */
  owner: string;
  /** Restart policies the owner allows; a Job's pods have no default and must choose. */
  restartPolicies: readonly RestartPolicy[];
  /** ReplicaSets and DaemonSets run pods forever: a deadline would kill them. */
  activeDeadlineAllowed: boolean;
}

export const POD_RULES: PodRules = { owner: 'Pod', restartPolicies: ['Always', 'OnFailure', 'Never'], activeDeadlineAllowed: true };
const SERVING: Record<string, PodRules> = {};
const JOBS: Record<string, PodRules> = {};
export const SERVING_POD_RULES = (owner: string): PodRules =>
  (SERVING[owner] ??= { owner, restartPolicies: ['Always'], activeDeadlineAllowed: false });
export const JOB_POD_RULES = (owner: string): PodRules => (JOBS[owner] ??= { owner, restartPolicies: ['OnFailure', 'Never'], activeDeadlineAllowed: true });

const DEFAULT_GRACE = 30;

export function validatePodSpec(out: Issues, spec: PodSpec, path: FieldPath, rules: PodRules): void {
  const volumes = spec.volumes ? validateVolumes(out, spec.volumes, [...path, 'volumes']) : NO_VOLUMES;
  if (spec.containers.length === 0) out.required([...path, 'containers'], 'must have at least one container');

  const names = new Set<string>();
  const init = spec.initContainers ?? [];
  for (const [field, list] of [['initContainers', init], ['containers', spec.containers]] as const) {
    for (let i = 0; i < list.length; i++) {
      const name = list[i].name;
      const errors = dns1123LabelErrors(name);
      if (errors.length) out.name(path, [field, i, 'name'], name, errors);
      if (names.has(name)) out.duplicate([...path, field, i, 'name'], `duplicate container name ${JSON.stringify(name)}: container names must be unique within the pod`);
      names.add(name);
    }
  }
  const grace = spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE;
  const hostNetwork = spec.hostNetwork === true;
  if (init.length) {
    const ctx = { volumes, containers: names, init: true, hostNetwork, terminationGracePeriodSeconds: grace };
    for (let i = 0; i < init.length; i++) validateContainer(out, init[i], [...path, 'initContainers', i], ctx);
  }
  const ctx = { volumes, containers: names, init: false, hostNetwork, terminationGracePeriodSeconds: grace };
  for (let i = 0; i < spec.containers.length; i++) validateContainer(out, spec.containers[i], [...path, 'containers', i], ctx);
  validateHostPorts(out, spec, path);

  const policy = spec.restartPolicy;
  if (policy === undefined) {
    out.required([...path, 'restartPolicy'], `${rules.owner} pods must set restartPolicy: ${rules.restartPolicies.join(' or ')}`);
  } else if (!rules.restartPolicies.includes(policy as RestartPolicy)) {
    out.notSupported([...path, 'restartPolicy'], `unsupported value ${JSON.stringify(policy)}: ${rules.owner} pods must use restartPolicy ${rules.restartPolicies.join(' or ')}`);
  }
  out.min(path, 'terminationGracePeriodSeconds', spec.terminationGracePeriodSeconds, 0);
  if (spec.activeDeadlineSeconds !== undefined) {
    if (!rules.activeDeadlineAllowed) out.invalid([...path, 'activeDeadlineSeconds'], `must not be set for ${rules.owner} pods: they are meant to run until replaced`);
    else out.range(path, 'activeDeadlineSeconds', spec.activeDeadlineSeconds, { min: 1, max: INT32_MAX });
  }
  // The rest are optional fields that most pods leave out.
  if (spec.hostname !== undefined || spec.subdomain !== undefined || spec.dnsConfig || spec.dnsPolicy === 'None' || spec.hostAliases) validateDNS(out, spec, path);
  if (spec.nodeSelector) validateNodeSelector(out, spec.nodeSelector, [...path, 'nodeSelector']);
  if (spec.nodeName !== undefined) out.name(path, 'nodeName', spec.nodeName, dns1123SubdomainErrors(spec.nodeName));
  if (spec.affinity) validateAffinity(out, spec.affinity, [...path, 'affinity']);
  if (spec.tolerations) validateTolerations(out, spec.tolerations, [...path, 'tolerations']);
  if (spec.topologySpreadConstraints) validateTopologySpread(out, spec.topologySpreadConstraints, [...path, 'topologySpreadConstraints']);
  if (spec.priorityClassName) out.name(path, 'priorityClassName', spec.priorityClassName, dns1123SubdomainErrors(spec.priorityClassName));
  (spec.imagePullSecrets ?? []).forEach((s, i) => out.name(path, ['imagePullSecrets', i, 'name'], s.name ?? '', dns1123SubdomainErrors(s.name ?? '')));
  const sc = spec.securityContext;
  if (sc) {
    for (const f of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) out.range(path, ['securityContext', f], sc[f], { min: 0, max: INT32_MAX });
    (sc.supplementalGroups ?? []).forEach((g, i) => out.range(path, ['securityContext', 'supplementalGroups', i], g, { min: 0, max: INT32_MAX }));
  }
}

const NO_VOLUMES: ReadonlySet<string> = new Set();

/** Two containers of one pod cannot bind the same host port and protocol (AccumulateUniqueHostPorts). */
function validateHostPorts(out: Issues, spec: PodSpec, path: FieldPath): void {
  if (!hasHostPorts(spec.containers) && !hasHostPorts(spec.initContainers)) return;
  const used = new Map<string, string>();
  for (const [field, list] of [['initContainers', spec.initContainers ?? []], ['containers', spec.containers]] as const) {
    list.forEach((c, i) =>
      (c.ports ?? []).forEach((p, j) => {
        if (!p.hostPort) return;
        const key = `${p.hostPort}/${p.protocol ?? 'TCP'}`;
        const at = [...path, field, i, 'ports', j, 'hostPort'];
        const first = used.get(key);
        if (first) out.duplicate(at, `host port ${key} is already used by container ${JSON.stringify(first)} of this pod`);
        else used.set(key, c.name);
      }),
    );
  }
}

function hasHostPorts(list: PodSpec['containers'] | undefined): boolean {
  if (list) for (const c of list) if (c.ports) for (const p of c.ports) if (p.hostPort) return true;
  return false;
}

function validateDNS(out: Issues, spec: PodSpec, path: FieldPath): void {
  if (spec.hostname !== undefined) out.name(path, 'hostname', spec.hostname, dns1123LabelErrors(spec.hostname));
  if (spec.subdomain !== undefined) out.name(path, 'subdomain', spec.subdomain, dns1123LabelErrors(spec.subdomain));
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === 'None' && !(cfg?.nameservers ?? []).length) {
    out.required([...path, 'dnsConfig', 'nameservers'], 'at least one nameserver is required when dnsPolicy is None');
  }
  if (cfg) {
    const ns = cfg.nameservers ?? [];
    if (ns.length > 3) out.invalid([...path, 'dnsConfig', 'nameservers'], `must not have more than 3 nameservers, got ${ns.length}`);
    ns.forEach((n, i) => {
      if (!isIPAddress(n)) out.invalid([...path, 'dnsConfig', 'nameservers', i], `${JSON.stringify(n)} must be an IP address`);
    });
    const search = cfg.searches ?? [];
    if (search.length > 32) out.invalid([...path, 'dnsConfig', 'searches'], `must not have more than 32 search paths, got ${search.length}`);
    search.forEach((s, i) => out.name(path, ['dnsConfig', 'searches', i], s, dns1123SubdomainErrors(s.replace(/\.$/, ''))));
  }
  (spec.hostAliases ?? []).forEach((h, i) => {
    if (!isIPAddress(h.ip ?? '')) out.invalid([...path, 'hostAliases', i, 'ip'], `${JSON.stringify(h.ip)} must be an IP address`);
    (h.hostnames ?? []).forEach((n, j) => out.name(path, ['hostAliases', i, 'hostnames', j], n, dns1123SubdomainErrors(n)));
  });
}
