import type { Event } from 'kubernetes-types/core/v1';

/** What a decision is about, and what happened: one line of `berth events`. */
export interface Decision {
  object: { kind: string; namespace?: string; name: string };
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  host?: string;
}

export const MAX_EVENTS = 1000;

/**
 * Every decision as a core/v1 Event, oldest first. A decision repeated (same object, reason, message, host) bumps the
 * count and lastTimestamp of its event, as Kubernetes' event correlator does, so a level-triggered loop deciding the
 * same thing each pass does not flood the list. Pure: `now` is passed in.
 */
export function recordEvents(events: readonly Event[], decisions: readonly Decision[], now: Date): Event[] {
  if (decisions.length === 0) return events as Event[];
  const time = now.toISOString();
  // A Map keeps insertion order, so deleting a repeated event and setting it again moves it last in constant time: a
  // first pass at scale decides once per pod (150,000 decisions), which a splice and re-index per decision made
  // quadratic (10,000 decisions took two minutes).
  const byKey = new Map<string, Event>();
  for (const e of events) byKey.set(eventKey(e), e);
  for (const d of decisions) {
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${d.object.name}.${(now.getTime() + byKey.size).toString(16)}`, namespace: d.object.namespace ?? 'default' },
      involvedObject: { kind: d.object.kind, name: d.object.name, ...(d.object.namespace ? { namespace: d.object.namespace } : {}) },
      reason: d.reason,
      message: d.message,
      type: d.type ?? 'Normal',
      source: { component: 'berth-controller', ...(d.host ? { host: d.host } : {}) },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
    };
    const key = eventKey(event);
    const seen = byKey.get(key);
    if (seen) byKey.delete(key);
    byKey.set(key, seen ? { ...seen, lastTimestamp: time, count: (seen.count ?? 1) + 1 } : event);
  }
  const out = [...byKey.values()];
  return out.length > MAX_EVENTS ? out.slice(out.length - MAX_EVENTS) : out;
}

function eventKey(e: Event): string {
  const o = e.involvedObject;
  // The reporter and the container (fieldPath) too: an agent's events about two containers of a pod may say the same.
  return `${o.kind}/${o.namespace ?? ''}/${o.name}\u0000${o.fieldPath ?? ''}\u0000${e.reason}\u0000${e.message}\u0000${e.source?.component ?? ''}\u0000${e.source?.host ?? ''}`;
}

/**
 * The events the agents reported (GET /v1/pods: the kubelet's Pulling, Started, Unhealthy, … already deduplicated and
 * counted by the agent) merged into the controller's: one that is new, or whose count or lastTimestamp moved, takes
 * its reported form and moves last; one unchanged stays where it is. The controller keeps them after the agent
 * forgets the pod, within MAX_EVENTS. Returns `events` itself when nothing changed (nothing to store). Pure.
 */
export function mergeReportedEvents(events: readonly Event[], reported: readonly Event[]): Event[] {
  if (reported.length === 0) return events as Event[];
  const byId = new Map<string, Event>();
  for (const e of events) byId.set(reportedId(e), e);
  let changed = false;
  for (const r of reported) {
    const id = reportedId(r);
    const seen = byId.get(id);
    if (seen && seen.count === r.count && seen.lastTimestamp === r.lastTimestamp) continue;
    if (seen) byId.delete(id);
    byId.set(id, r);
    changed = true;
  }
  if (!changed) return events as Event[];
  const out = [...byId.values()];
  return out.length > MAX_EVENTS ? out.slice(out.length - MAX_EVENTS) : out;
}

/** An event's identity as its reporter named it: the same event with a bumped count keeps it. */
function reportedId(e: Event): string {
  return `${e.source?.component ?? ''}\u0000${e.source?.host ?? ''}\u0000${e.metadata?.namespace ?? ''}\u0000${e.metadata?.name ?? ''}`;
}
