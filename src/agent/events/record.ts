// The agent's pod events as the kubelet's event recorder and correlator make them: core/v1 Events about a pod (and
// one of its containers, by fieldPath), an event that repeats bumping the count and lastTimestamp of the one already
// recorded instead of adding another, and a bounded list per pod, so a crash-looping pod's events never grow without
// bound. Pure: the time is passed in.
import type { Event, ObjectReference, Pod } from 'kubernetes-types/core/v1';

export const EVENT_SOURCE_COMPONENT = 'berth-agent';
/** Events kept per pod: the newest (by lastTimestamp) stay; kubectl describe shows a pod's last few anyway. */
export const MAX_EVENTS_PER_POD = 25;
/** How long an event is kept after its last occurrence: kube-apiserver's --event-ttl default. */
export const EVENT_TTL_MS = 60 * 60 * 1000;
/** The API server refuses longer messages; a pull error can be long. */
export const MAX_MESSAGE_LENGTH = 1024;

/** What happened to a pod, or to one of its containers. */
export interface PodEventInput {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** The container it concerns (fieldPath spec.containers{name}), or none for the pod itself. */
  container?: string;
  /** An init container (fieldPath spec.initContainers{name}). */
  init?: boolean;
}

/** The event's involvedObject for a pod, and a container of it. */
export function podReference(pod: Pod, container?: string, init = false): ObjectReference {
  const m = pod.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: m.namespace ?? 'default',
    name: m.name,
    ...(m.uid ? { uid: m.uid } : {}),
    ...(container ? { fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${container}}` } : {}),
  };
}

/**
 * `events` (one pod's, oldest first) with `input` recorded at `now`: a repeat of an event (same container, type,
 * reason and message, as the correlator compares them) moves last with its count bumped; a new one is added; past
 * MAX_EVENTS_PER_POD the oldest go. The input list is not changed.
 */
export function recordPodEvent(events: readonly Event[], pod: Pod, input: PodEventInput, host: string, now: Date): Event[] {
  const time = now.toISOString();
  const involvedObject = podReference(pod, input.container, input.init);
  const message = truncate(input.message);
  const index = events.findIndex((e) => e.reason === input.reason && e.type === input.type && e.message === message && e.involvedObject.fieldPath === involvedObject.fieldPath);
  if (index >= 0) {
    const seen = events[index]!;
    const bumped: Event = { ...seen, count: (seen.count ?? 1) + 1, lastTimestamp: time };
    return [...events.slice(0, index), ...events.slice(index + 1), bumped];
  }
  const event: Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: uniqueName(events, involvedObject.name!, now), namespace: involvedObject.namespace },
    involvedObject,
    reason: input.reason,
    message,
    type: input.type,
    source: { component: EVENT_SOURCE_COMPONENT, host },
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
  };
  const out = [...events, event];
  return out.length > MAX_EVENTS_PER_POD ? out.slice(out.length - MAX_EVENTS_PER_POD) : out;
}

/** The events whose last occurrence is within EVENT_TTL_MS of `now`: `events` itself when none is older. */
export function unexpired(events: readonly Event[], now: Date): readonly Event[] {
  const cutoff = now.getTime() - EVENT_TTL_MS;
  const kept = events.filter((e) => Date.parse(e.lastTimestamp ?? '') >= cutoff);
  return kept.length === events.length ? events : kept;
}

/** `<pod>.<time in hex>` as the kubelet names events, made unique among the pod's (two in one millisecond). */
function uniqueName(events: readonly Event[], pod: string, now: Date): string {
  const base = `${pod}.${now.getTime().toString(16)}`;
  const taken = new Set(events.map((e) => e.metadata?.name));
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

function truncate(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 3)}...` : message;
}
