// Taint-based eviction, after Kubernetes' TaintEviction controller (the NoExecute taint manager): a pod on a node
// with a NoExecute taint it does not tolerate is evicted now; one that tolerates every such taint for a while is
// evicted when the shortest of those whiles runs out; one that tolerates them for ever stays. Pure: `now` is given.
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { toleratesTaint } from '../manifest';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** The API server's DefaultTolerationSeconds admission: --default-{not-ready,unreachable}-toleration-seconds. */
export const DEFAULT_TOLERATION_SECONDS = 300;
/** The event reason Kubernetes records on the pod. */
export const REASON_TAINT_MANAGER_EVICTION = 'TaintManagerEviction';

export interface DefaultTolerationSeconds {
  notReady?: number;
  unreachable?: number;
}

/**
 * The tolerations the DefaultTolerationSeconds admission gives every pod: not-ready and unreachable NoExecute for
 * 300 s each, unless the pod already has a toleration with that key (or no key) and effect NoExecute (or none) —
 * whatever its operator or value, exactly as the admission checks.
 */
export function withDefaultTolerations(tolerations: readonly Toleration[] | undefined, seconds: DefaultTolerationSeconds = {}): Toleration[] {
  const out = [...(tolerations ?? [])];
  const has = (key: string) => out.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute'));
  const add = (key: string, s: number) => out.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: s });
  const notReady = !has(TAINT_NODE_NOT_READY);
  const unreachable = !has(TAINT_NODE_UNREACHABLE);
  if (notReady) add(TAINT_NODE_NOT_READY, seconds.notReady ?? DEFAULT_TOLERATION_SECONDS);
  if (unreachable) add(TAINT_NODE_UNREACHABLE, seconds.unreachable ?? DEFAULT_TOLERATION_SECONDS);
  return out;
}

export interface TaintEvictionInput {
  nodes: readonly Node[];
  /** Pods on nodes (spec.nodeName set); others are ignored. */
  pods: readonly Pod[];
  now: Date;
  /** The admission's defaults, per taint; the controller may shorten them. Default 300 s each. */
  defaultTolerationSeconds?: DefaultTolerationSeconds;
}

export interface TaintEviction {
  /** "namespace/name" */
  pod: string;
  node: string;
  /** The taint that evicts it: untolerated, or whose toleration ran out first. */
  taint: Taint;
  /** For the event: "Marking for deletion Pod default/web-1" is Kubernetes' message; this says why. */
  message: string;
}

export interface ScheduledEviction {
  pod: string;
  node: string;
  taint: Taint;
  at: Date;
}

export interface TaintEvictionResult {
  /** Pods to evict now, sorted by node, then pod. */
  evict: TaintEviction[];
  /** Pods that tolerate their node's NoExecute taints for a while, with when they are due; soonest first. */
  scheduled: ScheduledEviction[];
  /** When to look again: the first `scheduled` time. */
  next?: Date;
}

/**
 * Which bound pods a NoExecute taint evicts now and when the next is due. A taint's clock starts at its timeAdded
 * (the node lifecycle controller sets it; a taint without one counts from `now`). Per taint, the first toleration
 * that tolerates it gives its seconds (GetMatchingTolerations); the pod goes when the first taint runs out, and at
 * once for a toleration of 0 s or less. Pods that have finished (Succeeded, Failed) are left alone: what they
 * report is all that is left of them.
 */
export function taintEvictions({ nodes, pods, now, defaultTolerationSeconds }: TaintEvictionInput): TaintEvictionResult {
  const noExecute = new Map<string, Taint[]>();
  for (const n of nodes) {
    const taints = (n.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (taints.length) noExecute.set(n.metadata?.name ?? '', taints);
  }
  const evict: TaintEviction[] = [];
  const scheduled: ScheduledEviction[] = [];
  const nowMs = now.getTime();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    const taints = node ? noExecute.get(node) : undefined;
    if (!node || !taints || isFinished(pod)) continue;
    const key = `${pod.metadata?.namespace || 'default'}/${pod.metadata?.name ?? ''}`;
    const tolerations = withDefaultTolerations(pod.spec?.tolerations, defaultTolerationSeconds);
    let due = Infinity;
    let dueTaint: Taint | undefined;
    for (const taint of taints) {
      const t = tolerations.find((tol) => toleratesTaint(tol, taint));
      if (!t) {
        due = -Infinity;
        dueTaint = taint;
        break;
      }
      if (t.tolerationSeconds === undefined) continue; // tolerated for ever
      const at = t.tolerationSeconds <= 0 ? nowMs : addedAt(taint, nowMs) + t.tolerationSeconds * 1000;
      if (at < due) {
        due = at;
        dueTaint = taint;
      }
    }
    if (!dueTaint) continue;
    if (due <= nowMs) evict.push({ pod: key, node, taint: dueTaint, message: evictionMessage(dueTaint, due === -Infinity) });
    else scheduled.push({ pod: key, node, taint: dueTaint, at: new Date(due) });
  }
  evict.sort((a, b) => cmp(a.node, b.node) || cmp(a.pod, b.pod));
  scheduled.sort((a, b) => a.at.getTime() - b.at.getTime() || cmp(a.node, b.node) || cmp(a.pod, b.pod));
  return { evict, scheduled, ...(scheduled.length ? { next: scheduled[0].at } : {}) };
}

function addedAt(taint: Taint, nowMs: number): number {
  const ms = taint.timeAdded ? Date.parse(taint.timeAdded) : NaN;
  return Number.isNaN(ms) ? nowMs : ms;
}

function isFinished(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function evictionMessage(taint: Taint, untolerated: boolean): string {
  const t = `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
  return untolerated ? `node has taint ${t} that the pod does not tolerate` : `toleration of taint ${t} ran out`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
