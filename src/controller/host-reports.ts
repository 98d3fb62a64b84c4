import type { Node } from 'kubernetes-types/core/v1';
import type { HostFacts } from '../agent';
import { ANNOTATION_SPEC_HASH } from '../manifest';
import type { LiveHost, LiveSnapshot } from '../plan';
import type { Decision } from './events';
import { nodeLifecycle } from './node-lifecycle';
import type { HostObservation, HostRecord, HostReport } from './observe';
import { silentHost } from './silent-host';
import type { StoreRecords } from './store';

export const hostKey = (name: string) => `host/${name}`;

export interface HostTimeouts {
  /** Silence before a host is NotReady. */
  gracePeriodMs: number;
  /** NotReady before its pods are placed elsewhere. */
  evictionTimeoutMs: number;
}

export interface ReportsInput {
  /** The inventory's hosts as declared. */
  declared: readonly Node[];
  /** This pass's reports, in the inventory's order. */
  reports: readonly HostObservation[];
  /** Each host's last report, for the hosts silent now. */
  previous: ReadonlyMap<string, HostReport>;
  store: StoreRecords;
  now: Date;
  timeouts: HostTimeouts;
  decisions: Decision[];
}

export interface ObservedHosts {
  /** The Nodes as the node lifecycle controller sees them (conditions, NotReady taints). */
  nodes: Node[];
  /** What runs where: as reported, or as last reported for a silent host. */
  live: LiveSnapshot;
  /** Each answering host's report, and the last one of each silent host: the next pass's `previous`. */
  reports: Map<string, HostReport>;
}

/**
 * Step 7, as the next pass reads it: the hosts' reports → each host's record (heartbeat, error, the pods it runs),
 * its Node with the lifecycle's conditions and taints, and the live pods. Pure: `now` is passed in.
 */
export function observedHosts({ declared, reports, previous, store, now, timeouts, decisions }: ReportsInput): ObservedHosts {
  const nodes: Node[] = [];
  const live: LiveHost[] = [];
  const kept = new Map<string, HostReport>();
  // The reports come in the inventory's order (reports[i] is declared[i]), else they are looked up; a host not asked
  // is a host that said nothing.
  let byHost: Map<string, HostObservation> | undefined;
  const reportOf = (i: number, name: string) => (reports[i]?.host === name ? reports[i] : (byHost ??= new Map(reports.map((r) => [r.host, r]))).get(name));
  for (const [i, node] of declared.entries()) {
    const name = node.metadata!.name!;
    const report = reportOf(i, name) ?? { host: name, ok: false, error: new Error(`host ${name} was not asked for its report`) };
    const record = hostRecord({ name, report, before: store.get<HostRecord>(hostKey(name)) ?? {}, unchanged: report.ok && report.pods === previous.get(name)?.pods, now, decisions });
    const { lifecycle, conditions } = nodeLifecycle(node, { record, facts: report.ok ? report.facts : undefined, now, graceMs: timeouts.gracePeriodMs, evictionMs: timeouts.evictionTimeoutMs });
    record.conditions = conditions;
    store.put(hostKey(name), record);
    nodes.push(lifecycle.node);
    if (report.ok) {
      const { etag, generation, pods, facts, factsEtag } = report;
      kept.set(name, { etag, generation, pods, facts, factsEtag });
      live.push({ name, generation, pods });
      continue;
    }
    const last = previous.get(name);
    if (last) kept.set(name, last);
    live.push(silentHost(name, last?.pods, record, lifecycle.ready, now));
    if (lifecycle.evict && Object.keys(record.pods ?? {}).length) {
      const seconds = Math.round(timeouts.evictionTimeoutMs / 1000);
      decisions.push({ object: { kind: 'Node', name }, host: name, reason: 'NodeNotReady', type: 'Warning', message: `host ${name} has not answered for ${seconds} s: pods that do not tolerate it are placed on other hosts` });
    }
  }
  return { nodes, live: { hosts: live }, reports: kept };
}

interface RecordInput {
  name: string;
  report: HostObservation;
  before: HostRecord;
  /** The report's pods are the very list of the last pass (a 304): the record's pods stand as they are. */
  unchanged: boolean;
  now: Date;
  decisions: Decision[];
}

/** The host's record after this report: its heartbeat and the pods it runs, or the error it gave. */
function hostRecord({ name, report, before, unchanged, now, decisions }: RecordInput): HostRecord {
  if (!report.ok) {
    if (before.lastError !== report.error.message) decisions.push({ object: { kind: 'Node', name }, host: name, reason: 'HostUnreachable', type: 'Warning', message: report.error.message });
    return { ...before, lastError: report.error.message };
  }
  if (before.lastError) decisions.push({ object: { kind: 'Node', name }, host: name, reason: 'HostReachable', message: `host ${name} answers again` });
  const pods: Record<string, string> = unchanged && before.pods ? before.pods : {};
  if (pods !== before.pods) for (const p of report.pods) pods[`${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`] = p.metadata?.annotations?.[ANNOTATION_SPEC_HASH] ?? '';
  const { lastError: _, stateFolderFull: _full, ...rest } = before;
  return { ...rest, lastHeartbeat: now.toISOString(), pods, ...stateFolder(name, report.facts, before, decisions) };
}

/** The agent's state folder as the record keeps it, with an event when it fills, frees, or had a torn file. */
function stateFolder(name: string, facts: HostFacts | undefined, before: HostRecord, decisions: Decision[]): Pick<HostRecord, 'stateFolderFull' | 'stateRecoveries'> {
  if (!facts) return {}; // facts unchanged (304) or not asked: the record stands
  const full = facts.stateFolder?.full;
  if (full && !before.stateFolderFull) decisions.push({ object: { kind: 'Node', name }, host: name, reason: full.reason, type: 'Warning', message: full.message });
  if (!full && before.stateFolderFull) decisions.push({ object: { kind: 'Node', name }, host: name, reason: 'StateFolderWritable', message: `the agent's state folder on ${name} takes writes again` });
  const seen = new Set(before.stateRecoveries);
  for (const r of facts.stateFolder?.recoveries ?? []) {
    if (seen.has(r.at)) continue;
    seen.add(r.at);
    const then = r.from === 'copy' ? 'the agent went on with its last good copy' : 'its last good copy was unreadable too: the agent held its running pods until this controller sent their set again';
    decisions.push({ object: { kind: 'Node', name }, host: name, reason: 'StateFileRecovered', type: 'Warning', message: `${r.file} on ${name} was torn (${r.reason}); kept aside as ${r.keptAs}; ${then}` });
  }
  return { ...(full ? { stateFolderFull: before.stateFolderFull ?? full.since } : {}), ...(seen.size ? { stateRecoveries: [...seen].slice(-20) } : {}) };
}
