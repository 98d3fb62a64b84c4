import type { NodeCondition, Pod } from 'kubernetes-types/core/v1';
import type { HostFacts } from '../agent';
import { agentClientFor, type Fleet } from '../fleet';

/** What one host's agent said in this pass, or why it said nothing. */
export type HostObservation =
  | { host: string; ok: true; generation: number; pods: Pod[]; facts: HostFacts }
  | { host: string; ok: false; error: Error };

/** Every host asked at once (bounded fan-out): its desired-set generation, pods and facts. One slow host delays none. */
export async function observeHosts(fleet: Fleet, hosts: readonly string[], timeoutMs: number): Promise<HostObservation[]> {
  const results = await fleet.fanOut(
    hosts,
    async (session) => {
      const agent = agentClientFor(session, undefined, { timeoutMs });
      const [list, facts] = await Promise.all([agent.listPods(), agent.hostFacts()]);
      return { generation: list.generation, pods: list.items, facts };
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
