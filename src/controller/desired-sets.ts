import type { HostSet } from '../plan';
import type { HostObservation, HostRecord } from './observe';

/** Step 6's input for one host that answered: the set the plan made for it, and whether its agent lacks it. */
export interface HostDesired {
  host: string;
  set: HostSet;
  /** The generation to send it with: after both the one the agent holds and the one last sent. */
  generation: number;
  /** The generation last sent and accepted (none: never), for a retry after a conflict. */
  lastSent?: number;
  /** The agent does not hold this set: it changed since last sent, or the agent holds another generation. */
  changed: boolean;
}

/**
 * The plan's sets, for the hosts that answered this pass (a silent host is sent nothing: its agent keeps what it has),
 * numbered after what each agent reported and the record of what was sent. Pure.
 */
export function desiredSets(reports: readonly HostObservation[], sets: ReadonlyMap<string, HostSet>, records: (host: string) => HostRecord): HostDesired[] {
  const out: HostDesired[] = [];
  for (const o of reports) {
    const set = o.ok ? sets.get(o.host) : undefined;
    if (!o.ok || !set) continue;
    const { generation: lastSent, digest } = records(o.host);
    out.push({ host: o.host, set, generation: Math.max(lastSent ?? 0, o.generation) + 1, lastSent, changed: set.digest !== digest || o.generation !== lastSent });
  }
  return out;
}
