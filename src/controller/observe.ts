import type { Event, NodeCondition, Pod } from 'kubernetes-types/core/v1';
import type { HostFacts } from '../agent';
import { agentClientFor, type Fleet } from '../fleet';

/**
 * A host's report as its agent last gave it: its pods with the report's ETag, and its facts with theirs (none from an
 * agent that sends none).
 */
export interface HostReport {
  etag?: string;
  generation: number;
  pods: Pod[];
  /** The pods' events as the agent reported them with this report (none from an agent that sends none). */
  events?: Event[];
  facts?: HostFacts;
  factsEtag?: string;
}

/** What one host's agent said in this pass, or why it said nothing. */
export type HostObservation = ({ host: string; ok: true; facts: HostFacts } & HostReport) | { host: string; ok: false; error: Error };

export interface ObserveOptions {
  timeoutMs: number;
  /** Each host's report as the controller has it: what it asks If-None-Match with. */
  previous?: ReadonlyMap<string, HostReport>;
  /**
   * Reports the agents' watches delivered since (ReportWatch): asked If-None-Match their ETag, the agent answers 304
   * while nothing changed since, and the report is used as delivered: it crosses the wire once.
   */
  watched?: ReadonlyMap<string, HostReport>;
}

/**
 * Every host asked at once (bounded fan-out): its desired-set generation, pods and facts. One slow host delays none.
 * Each part the controller already has is asked If-None-Match: unchanged, the agent answers 304 and the observation
 * carries the previous value itself — the same pods array, so the plan keeps that host's index (LiveIndex).
 */
export async function observeHosts(fleet: Fleet, hosts: readonly string[], { timeoutMs, previous, watched }: ObserveOptions): Promise<HostObservation[]> {
  const results = await fleet.fanOut(
    hosts,
    async (session): Promise<HostReport & { facts: HostFacts }> => {
      const agent = agentClientFor(session, undefined, { timeoutMs });
      const before = previous?.get(session.host);
      // The newest report the controller holds: the one the host's watch delivered since, else the last pass's. Asked
      // If-None-Match all the same: a watch's answer that a newer state overtook on the way is not the host's state.
      const known = watched?.get(session.host) ?? before;
      const [pods, facts] = await Promise.all([
        agent.pods({ etag: known?.etag }).then((a) => (a.notModified ? known! : { etag: a.etag, generation: a.list.generation, pods: a.list.items, events: a.list.events })),
        agent.hostFactsSince(before?.facts && before.factsEtag).then((a) => (a.notModified ? { facts: before!.facts!, factsEtag: a.etag } : { facts: a.facts, factsEtag: a.etag })),
      ]);
      return { etag: pods.etag, generation: pods.generation, pods: pods.pods, events: pods.events, ...facts };
    },
    { timeoutMs, what: 'status' },
  );
  return results.map((r) => (r.ok ? { host: r.host, ok: true as const, ...r.value } : { host: r.host, ok: false as const, error: r.error }));
}

/** What the controller keeps per host between passes (and across restarts, in the store). */
export interface HostRecord {
  lastHeartbeat?: string;
  lastError?: string;
  conditions?: NodeCondition[];
  /** Generation and digest of the desired set last accepted by the agent. */
  generation?: number;
  digest?: string;
  /** `namespace/name` → spec hash of the pods it last reported: where they are while the host is silent. */
  pods?: Record<string, string>;
  /** When the agent was last installed by the controller (automatic bootstrap), and how that went. */
  bootstrappedAt?: string;
  bootstrapError?: string;
  /** Since when the agent says its state folder is full; unset when it is not. */
  stateFolderFull?: string;
  /** The times of the torn state files the agent reported (StateRecovery.at), each recorded once as an event. */
  stateRecoveries?: string[];
}
