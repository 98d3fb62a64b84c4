// The pods of GET /v1/pods: each desired pod as the version that serves it (the old one while a replacement waits
// for the new one, or after a rollback), with status as the kubelet fills it and Berth's spec hash in an annotation.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import { ANNOTATION_SPEC_HASH, specHashOf } from '../../manifest';
import { podUid, SANDBOX_CONTAINER } from '../labels';
import { instanceOf, podStatus, type ProbeStatus } from '../pods/status';
import type { ProbeManager } from '../probes';
import type { ObservedContainer } from '../runtime';
import { CONDITION_ROLLED_BACK, instanceKey, type PodBook } from './book';
import { currentSandbox } from './instance';

export interface ReportContext {
  book: PodBook;
  probes: ProbeManager;
  hostIP?: string;
  now: Date;
}

/** `observed`: this pod's containers (any version). */
export function reportedPod(desired: Pod, observed: readonly ObservedContainer[], { book, probes, hostIP, now }: ReportContext): Pod {
  const uid = podUid(desired);
  const desiredHash = specHashOf(desired);
  const servingHash = book.serving.get(uid) ?? desiredHash;
  const key = instanceKey(uid, servingHash);
  const spec = servingHash === desiredHash ? desired : (book.specs.get(key) ?? desired);
  const mine = observed.filter((c) => c.identity.specHash === servingHash);
  const sandbox = currentSandbox(mine);
  const probeStatus: Record<string, ProbeStatus | undefined> = {};
  for (const c of spec.spec?.containers ?? []) probeStatus[c.name] = probes.status(key, c.name);
  const record = book.record(key);
  const status = podStatus({
    pod: spec,
    // Instances from an earlier sandbox count too (lastState, restart counts), as the kubelet keeps them.
    instances: mine.filter((c) => c.identity.container !== SANDBOX_CONTAINER).map(instanceOf),
    waiting: record.waiting,
    probes: probeStatus,
    hostIP,
    podIP: spec.spec?.hostNetwork ? hostIP : sandbox?.ip,
    previous: record.previous,
    now,
  });
  const rollback = book.rollbacks.get(uid);
  if (rollback && rollback.hash === desiredHash) {
    const previous = record.previous?.conditions?.find((c) => c.type === CONDITION_ROLLED_BACK);
    const condition: PodCondition = {
      type: CONDITION_ROLLED_BACK,
      status: 'True',
      reason: rollback.reason,
      message: rollback.message,
      lastTransitionTime: previous?.status === 'True' ? previous.lastTransitionTime : rfc3339(rollback.at),
    };
    status.conditions = [...(status.conditions ?? []), condition];
  }
  record.previous = status;
  const annotations = { ...spec.metadata?.annotations, [ANNOTATION_SPEC_HASH]: servingHash };
  return { apiVersion: 'v1', kind: 'Pod', ...spec, metadata: { ...spec.metadata, annotations }, status };
}

function rfc3339(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * A pod while Docker does not answer: what was reported last, with the pod and its containers not Ready (what runs
 * is unknown; Kubernetes' node controller marks the pods of a NotReady node so), the reason and message saying why.
 */
export function unreachablePod(desired: Pod, book: PodBook, runtime: { reason?: string; message?: string }, now: Date): Pod {
  const uid = podUid(desired);
  const desiredHash = specHashOf(desired);
  const servingHash = book.serving.get(uid) ?? desiredHash;
  const record = book.record(instanceKey(uid, servingHash));
  const spec = servingHash === desiredHash ? desired : (book.specs.get(instanceKey(uid, servingHash)) ?? desired);
  const last = record.previous ?? { phase: 'Pending' };
  const at = rfc3339(now.toISOString());
  const conditions = (last.conditions ?? []).map((c) =>
    c.type === 'Ready' || c.type === 'ContainersReady'
      ? { ...c, status: 'False', reason: runtime.reason, message: runtime.message, lastTransitionTime: c.status === 'False' ? c.lastTransitionTime : at }
      : c,
  );
  const status = {
    ...last,
    conditions,
    ...(last.containerStatuses ? { containerStatuses: last.containerStatuses.map((s) => ({ ...s, ready: false })) } : {}),
  };
  record.previous = status;
  const annotations = { ...spec.metadata?.annotations, [ANNOTATION_SPEC_HASH]: servingHash };
  return { apiVersion: 'v1', kind: 'Pod', ...spec, metadata: { ...spec.metadata, annotations }, status };
}
