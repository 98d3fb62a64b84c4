import type { NodeCondition, Pod } from 'kubernetes-types/core/v1';
import type { HostFacts } from '../agent';
import { agentClientFor, type Fleet } from '../fleet';

/** A host's pods as its agent last reported them, with the report's ETag (none from an agent that sends none). */
export interface PodReport {
  etag?: string;
  generation: number;
  pods: Pod[];
}

/** What one host's agent said in this pass, or why it said nothing. */
export type HostObservation = ({ host: string; ok: true; facts: HostFacts } & PodReport) | { host: string; ok: false; error: Error };

/**
 * Every host asked at once (bounded fan-out): its desired-set generation, pods and facts. One slow host delays none.
 * With a host's previous report the agent is asked If-None-Match: unchanged, it answers 304 and the observation
 * carries the previous pods array itself — the same object, so the plan keeps that host's index (LiveIndex).
 */
export async function observeHosts(fleet: Fleet, hosts: readonly string[], timeoutMs: number, previous?: ReadonlyMap<string, PodReport>): Promise<HostObservation[]> {
  const results = await fleet.fanOut(
    hosts,
    async (session): Promise<PodReport & { facts: HostFacts }> => {
      const agent = agentClientFor(session, undefined, { timeoutMs });
      const before = previous?.get(session.host);
      const [answer, facts] = await Promise.all([agent.pods({ etag: before?.etag }), agent.hostFacts()]);
      if (answer.notModified) return { etag: before!.etag, generation: before!.generation, pods: before!.pods, facts };
      return { etag: answer.etag, generation: answer.list.generation, pods: answer.list.items, facts };
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
  /** Generation and digest of the share last accepted by the agent. */
  generation?: number;
  digest?: string;
  /** `namespace/name` → spec hash of the pods it last reported: where they are while the host is silent. */
  pods?: Record<string, string>;
  /** When the agent was last installed by the controller (automatic bootstrap), and how that went. */
  bootstrappedAt?: string;
  bootstrapError?: string;
}
