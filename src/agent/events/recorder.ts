// The agent's event recorder: each pod's events (record.ts) in memory, reported with the pods (GET /v1/pods), so
// the controller shows them in `berth events` and `berth describe pod`. A pod's events go when the agent no longer
// knows the pod (retain); the controller keeps what it was sent.
import type { Event, Pod } from 'kubernetes-types/core/v1';
import { podUid } from '../labels';
import { recordPodEvent, unexpired, type PodEventInput } from './record';

/** Once-keys remembered per pod (recordOnce): enough for every container's last few instances. */
const MAX_ONCE_KEYS = 64;

interface PodEvents {
  events: Event[];
  once: string[];
}

export class PodEventRecorder {
  readonly #pods = new Map<string, PodEvents>();
  readonly #host: string;
  readonly #changed: () => void;
  readonly #clock: () => Date;

  /** `changed` is told after every event recorded: the report moved (its ETag with it). */
  constructor({ host, changed = () => {}, clock = () => new Date() }: { host: string; changed?: () => void; clock?: () => Date }) {
    this.#host = host;
    this.#changed = changed;
    this.#clock = clock;
  }

  record(pod: Pod, input: PodEventInput): void {
    const entry = this.#entry(podUid(pod));
    entry.events = recordPodEvent(entry.events, pod, input, this.#host, this.#clock());
    this.#changed();
  }

  /** Records the event the first time `key` is seen for this pod (an instance's exit is reported once, not each pass). */
  recordOnce(pod: Pod, key: string, input: PodEventInput): void {
    const entry = this.#entry(podUid(pod));
    if (entry.once.includes(key)) return;
    entry.once = [...entry.once, key].slice(-MAX_ONCE_KEYS);
    this.record(pod, input);
  }

  /** Every pod's events, each pod's oldest first. */
  list(): Event[] {
    return [...this.#pods.values()].flatMap((p) => p.events);
  }

  /** Forgets the pods (by podUid) `keep` says no to (gone from the host), and the events past their time to live. */
  retain(keep: (uid: string) => boolean): void {
    const now = this.#clock();
    let changed = false;
    for (const [uid, entry] of this.#pods) {
      if (!keep(uid)) {
        this.#pods.delete(uid);
        changed ||= entry.events.length > 0;
        continue;
      }
      const kept = unexpired(entry.events, now);
      if (kept !== entry.events) {
        entry.events = [...kept];
        changed = true;
      }
    }
    if (changed) this.#changed();
  }

  #entry(uid: string): PodEvents {
    let entry = this.#pods.get(uid);
    if (!entry) this.#pods.set(uid, (entry = { events: [], once: [] }));
    return entry;
  }
}
