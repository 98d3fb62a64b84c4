import { parseDuration } from '../../common';
import type { Cluster } from '../cluster';
import type { Inventory } from '../inventory';
import { validateLabels } from '../labels';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from '../names';
import type { FieldPath } from '../types';
import { Issues, isValidPort } from './issues';
import { cidrErrors, hostAddressErrors, parsePortRange } from './net';
import { checkQuantity } from './resources';

function validateDuration(out: Issues, v: string | undefined, path: FieldPath, min = 0): void {
  if (v === undefined) return;
  const d = parseDuration(v);
  if ('error' in d) out.invalid(path, d.error);
  else if (d.ms <= min) out.invalid(path, `must be longer than ${min === 0 ? '0' : `${min / 1000}s`}, got ${v}`);
}

/** A duration that may be 0 (a check turned off), e.g. spec.rollouts.failureTimeout. */
export function validateDurationOrZero(out: Issues, v: string | undefined, path: FieldPath, what: string): void {
  if (v === undefined) return;
  const d = parseDuration(v.trim());
  if ('error' in d) out.invalid(path, `${d.error}; ${what}`);
  else if (d.ms < 0) out.invalid(path, `must not be negative, got ${v}; ${what}`);
}

function validateUrl(out: Issues, v: string, path: FieldPath, what: string): void {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    ok = false;
  }
  if (!ok) out.invalid(path, `${JSON.stringify(v)} is not a valid ${what}: use an http:// or https:// URL`);
}

export function validateCluster(out: Issues, c: Cluster): void {
  const s = c.spec;
  if (!s.sync.ref) out.required(['spec', 'sync', 'ref'], 'ref is required (the branch the cluster follows, e.g. main)');
  validateDuration(out, s.sync.interval, ['spec', 'sync', 'interval'], 999);
  for (const e of cidrErrors(s.network.serviceCIDR)) out.invalid(['spec', 'network', 'serviceCIDR'], e);
  if (s.network.serviceCIDR.includes(':')) out.invalid(['spec', 'network', 'serviceCIDR'], 'Berth allocates IPv4 Service addresses only: use an IPv4 range such as 10.96.0.0/16');
  out.name(['spec', 'network'], 'clusterDomain', s.network.clusterDomain, dns1123SubdomainErrors(s.network.clusterDomain));
  const range = parsePortRange(s.network.nodePortRange);
  if ('error' in range) out.invalid(['spec', 'network', 'nodePortRange'], range.error);
  (s.edge?.hosts ?? []).forEach((h, i) => out.name(['spec', 'edge', 'hosts'], i, h, dns1123LabelErrors(h)));
  const p = s.previews;
  if (p) {
    validateDuration(out, p.ttl, ['spec', 'previews', 'ttl']);
    if (p.domain) out.name(['spec', 'previews'], 'domain', p.domain, dns1123SubdomainErrors(p.domain));
    out.min(['spec', 'previews'], 'maxPods', p.maxPods, 1);
    if (!p.refPattern) out.required(['spec', 'previews', 'refPattern'], 'refPattern is required (e.g. preview/*)');
  }
  if (s.registry && !/^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?(\/[\w./-]*)?$/.test(s.registry.url)) {
    out.invalid(['spec', 'registry', 'url'], `${JSON.stringify(s.registry.url)} is not a registry address: use host[:port][/path], e.g. registry.local:5000`);
  }
  validateDurationOrZero(out, s.rollouts?.failureTimeout, ['spec', 'rollouts', 'failureTimeout'], 'how long a new pod may fail to start before its rollout rolls back (0: only progressDeadlineSeconds)');
  validateSettleTime(out, s.scheduling.settleTime);
  const hook = s.notifications?.webhook;
  if (hook) {
    validateUrl(out, hook.url, ['spec', 'notifications', 'webhook', 'url'], 'webhook URL');
    if (hook.secretRef) out.name(['spec', 'notifications', 'webhook', 'secretRef'], 'name', hook.secretRef.name, dns1123SubdomainErrors(hook.secretRef.name));
  }
}

/** The longest settle time: placement waits for hosts, but never for long (a host may never come). */
export const MAX_SETTLE_TIME_MS = 10 * 60_000;

function validateSettleTime(out: Issues, v: string): void {
  const path = ['spec', 'scheduling', 'settleTime'];
  const d = parseDuration(v);
  if ('error' in d) out.invalid(path, d.error);
  else if (d.ms < 0 || d.ms > MAX_SETTLE_TIME_MS) out.invalid(path, `must be between 0s (place at once) and 10m, got ${v}`);
}

export function validateInventory(out: Issues, inv: Inventory): void {
  const d = inv.defaults;
  if (d.port !== undefined && !isValidPort(d.port)) out.invalid(['defaults', 'port'], `must be between 1 and 65535, inclusive, got ${d.port}`);
  const names = new Map<string, number>();
  const addresses = new Map<string, string>();
  inv.hosts.forEach((h, i) => {
    const at = ['hosts', i];
    out.name(at, 'name', h.name, dns1123LabelErrors(h.name));
    const first = names.get(h.name);
    if (first !== undefined) out.duplicate([...at, 'name'], `duplicate host name ${JSON.stringify(h.name)}: also hosts[${first}]`);
    else names.set(h.name, i);
    for (const e of hostAddressErrors(h.address)) out.invalid([...at, 'address'], e);
    const other = addresses.get(h.address);
    if (other !== undefined) out.duplicate([...at, 'address'], `address ${h.address} is used by both ${other} and ${h.name}: each host needs its own address`);
    else addresses.set(h.address, h.name);
    if (h.port !== undefined && !isValidPort(h.port)) out.invalid([...at, 'port'], `must be between 1 and 65535, inclusive, got ${h.port}`);
    out.push(validateLabels(h.labels, [...at, 'labels']));
    const taints = new Set<string>();
    (h.taints ?? []).forEach((t, j) => {
      const tp = [...at, 'taints', j];
      out.name(tp, 'key', t.key, qualifiedNameErrors(t.key));
      if (t.value) out.name(tp, 'value', t.value, labelValueErrors(t.value));
      const key = `${t.key}:${t.effect}`;
      if (taints.has(key)) out.duplicate(tp, `duplicate taint ${key}: a key may be used once per effect`);
      taints.add(key);
    });
    for (const [name, v] of Object.entries(h.capacity ?? {})) {
      if (v === undefined) continue;
      const q = checkQuantity(out, [...at, 'capacity', name], v);
      if (q && name === 'pods' && q.nanos % 1_000_000_000n !== 0n) out.invalid([...at, 'capacity', name], 'must be a whole number of pods');
    }
  });
}
