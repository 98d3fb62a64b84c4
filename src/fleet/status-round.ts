// One status round: every host's agent asked, in parallel and bounded, for its facts and pods over SSH. A host that
// does not answer in time is a failed result for that host only.
import type { Pod } from 'kubernetes-types/core/v1';
import type { HostFacts } from '../agent';
import { agentClientFor } from './ssh/agent-client';
import type { FanOutResult } from './ssh/fan-out';
import type { Fleet } from './ssh/fleet';

export interface HostStatus {
  facts: HostFacts;
  pods: Pod[];
}

export interface StatusRoundOptions {
  /** Per host. Default 10 s. */
  timeoutMs?: number;
  concurrency?: number;
}

export function statusRound(fleet: Fleet, hosts?: readonly string[], { timeoutMs = 10_000, concurrency }: StatusRoundOptions = {}): Promise<FanOutResult<HostStatus>[]> {
  return fleet.fanOut(
    hosts,
    async (session) => {
      const agent = agentClientFor(session, undefined, { timeoutMs });
      const [facts, pods] = await Promise.all([agent.hostFacts(), agent.listPods()]);
      return { facts, pods: pods.items };
    },
    { timeoutMs, concurrency, what: 'status' },
  );
}
