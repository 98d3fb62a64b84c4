// Settle time: when the controller starts, or hosts of the inventory are still being bootstrapped, placement of new
// pods waits a little for those hosts, so that the first hosts to answer do not take every pod. Bounded: once the
// settle time has passed for a host, placement goes on without it. Pure: `now` is passed in.
import { durationMs } from '../common';
import type { HostObservation, HostReport } from './observe';

/** cluster.yaml's spec.scheduling.settleTime when it says nothing (see CLUSTER_DEFAULTS). */
export const DEFAULT_SETTLE_MS = 30_000;

export interface SettleInput {
  /** The inventory's hosts, by name. */
  hosts: readonly string[];
  /** This pass's reports. */
  reports: readonly HostObservation[];
  /** The reports the controller holds from earlier passes: a host there has reported since the controller started. */
  previous: ReadonlyMap<string, HostReport>;
  /** Since when each host that has not reported yet has been waited for (the last pass's `waiting`). */
  waiting: ReadonlyMap<string, string>;
  /** cluster.yaml's spec.scheduling.settleTime, validated. */
  settleTime: string | undefined;
  now: Date;
}

export interface Settle {
  /** Why new pods wait this pass (the hosts still awaited and for how long at most), or undefined: place them. */
  hold?: string;
  /** The hosts not reported yet, with since when: the next pass's `waiting`. */
  waiting: Map<string, string>;
}

/**
 * Whether placement waits this pass: while a host of the inventory has never reported to this controller and its
 * settle time, counted from the pass that first missed it, has not run out. A host that answers, or leaves the
 * inventory, is no longer waited for; one whose time ran out is not waited for again until the controller restarts.
 */
export function settle({ hosts, reports, previous, waiting, settleTime, now }: SettleInput): Settle {
  const answered = new Set(reports.filter((r) => r.ok).map((r) => r.host));
  const settleMs = durationMs(settleTime, DEFAULT_SETTLE_MS);
  const next = new Map<string, string>();
  const awaited: string[] = [];
  for (const host of hosts) {
    if (answered.has(host) || previous.has(host)) continue;
    const since = waiting.get(host) ?? now.toISOString();
    next.set(host, since);
    if (new Date(since).getTime() + settleMs > now.getTime()) awaited.push(host);
  }
  if (!awaited.length) return { waiting: next };
  // The same words every pass of the wait: one event, counted, rather than one per pass.
  return { hold: `waiting up to ${settleTime ?? '30s'} (settle time) for host(s) ${awaited.join(', ')} to report before placing new pods`, waiting: next };
}
