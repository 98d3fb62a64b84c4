// What the pod loop remembers between passes: what Docker cannot tell (waiting reasons, the spec of a version that is
// no longer desired, why a replacement was rolled back). An agent restarted from nothing rebuilds most of it from the
// containers' labels; the serving version's spec and the rollback are also kept on disk (persist.ts).
import type { Pod, PodStatus } from 'kubernetes-types/core/v1';
import type { WaitingReason } from '../pods/status';
import { graceSecondsOf } from '../pods/sync';

/** How long a new version may take to become Ready before it is rolled back (seconds). */
export const ANNOTATION_REPLACE_DEADLINE = 'berth.dev/replace-deadline-seconds';
export const DEFAULT_REPLACE_DEADLINE_SECONDS = 60;

/** The pod condition that says the host kept the old version because the new one did not become Ready. */
export const CONDITION_ROLLED_BACK = 'berth.dev/RolledBack';
export const REASON_NOT_READY_IN_TIME = 'NewVersionNotReady';
export const REASON_ADOPTED_ROLLBACK = 'RolledBackBeforeRestart';

/** One version of a pod on this host: its uid and spec hash (two versions run side by side while replacing). */
export function instanceKey(uid: string, specHash: string): string {
  return `${uid}@${specHash}`;
}

export interface InstanceRecord {
  /** Why containers are not running, by container name, from the last sync. */
  waiting: Record<string, WaitingReason>;
  /** The status reported last, so conditions keep their transition times. */
  previous?: PodStatus;
}

export interface Rollback {
  /** The spec hash that was rolled back, and the one kept. */
  hash: string;
  keptHash: string;
  reason: string;
  message: string;
  at: string;
}

export class PodBook {
  /** Every version of a pod seen in a desired set, by instance key: what an old version is synced with. */
  readonly specs = new Map<string, Pod>();
  readonly records = new Map<string, InstanceRecord>();
  /** By pod uid. */
  readonly rollbacks = new Map<string, Rollback>();
  /** The version that serves each pod (the old one while replacing or rolled back), by pod uid. */
  readonly serving = new Map<string, string>();
  /** When the replacement of a pod by a version started (ms), by instance key. */
  readonly replacing = new Map<string, number>();

  record(key: string): InstanceRecord {
    let r = this.records.get(key);
    if (!r) this.records.set(key, (r = { waiting: {} }));
    return r;
  }

  /** Forgets a version of a pod (its containers are gone). */
  forgetInstance(key: string): void {
    this.records.delete(key);
    this.replacing.delete(key);
    this.specs.delete(key);
  }

  /** Forgets a pod altogether. */
  forgetPod(uid: string): void {
    const prefix = `${uid}@`;
    for (const map of [this.specs, this.records, this.replacing]) for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
    this.rollbacks.delete(uid);
    this.serving.delete(uid);
  }

  /** The spec of a version of a pod, or its newest known spec. */
  specOf(uid: string, hash?: string): Pod | undefined {
    return hash ? this.specs.get(instanceKey(uid, hash)) : [...this.specs].reverse().find(([k]) => k.startsWith(`${uid}@`))?.[1];
  }

  /** The grace period of a version of a pod, or of its newest known spec. */
  graceOf(uid: string, hash?: string): number {
    return graceSecondsOf(this.specOf(uid, hash));
  }
}

export function replaceDeadlineMs(pod: Pod): number {
  const raw = Number(pod.metadata?.annotations?.[ANNOTATION_REPLACE_DEADLINE]);
  return (Number.isFinite(raw) && raw > 0 ? raw : DEFAULT_REPLACE_DEADLINE_SECONDS) * 1000;
}
