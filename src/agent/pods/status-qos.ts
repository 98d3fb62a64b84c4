// A pod's QoS class, as Kubernetes computes it (pkg/apis/core/v1/helper/qos ComputePodQOS) from the cpu and memory
// requests and limits of its init and app containers.
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { isQuantityError, parseQuantity } from '../../manifest';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const COMPUTE_RESOURCES = ['cpu', 'memory'] as const;
type ComputeResource = (typeof COMPUTE_RESOURCES)[number];

/**
 * Guaranteed: every container limits both cpu and memory, and requests equal limits; BestEffort: nothing requested or
 * limited; Burstable: the rest. Requests missing where limits are set count as the limits, as the API server's
 * defaulting makes them before the kubelet ever sees the pod.
 */
export function qosClass(pod: Pod): QOSClass {
  const requests: Amounts = {};
  const limits: Amounts = {};
  let guaranteed = true;
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const { requests: req, limits: lim } = amounts(c);
    for (const r of COMPUTE_RESOURCES) {
      if (req[r] !== undefined && req[r]! > 0n) requests[r] = (requests[r] ?? 0n) + req[r]!;
      if (lim[r] !== undefined && lim[r]! > 0n) limits[r] = (limits[r] ?? 0n) + lim[r]!;
    }
    if (!(lim.cpu! > 0n && lim.memory! > 0n)) guaranteed = false;
  }
  const requested = Object.keys(requests) as ComputeResource[];
  if (requested.length === 0 && Object.keys(limits).length === 0) return 'BestEffort';
  if (guaranteed && requested.every((r) => limits[r] === requests[r]) && requested.length === Object.keys(limits).length) {
    return 'Guaranteed';
  }
  return 'Burstable';
}

/** Exact amounts, in nano-units, as Kubernetes compares quantities (no rounding). */
type Amounts = Partial<Record<ComputeResource, bigint>>;

function amounts(c: Container): { requests: Amounts; limits: Amounts } {
  const limits = measure(c.resources?.limits);
  const requests = { ...limits, ...measure(c.resources?.requests) };
  return { requests, limits };
}

/** The manifest validated the quantities; one that does not parse counts as absent. */
function measure(list: Record<string, string | number> | undefined): Amounts {
  const out: Amounts = {};
  for (const r of COMPUTE_RESOURCES) {
    if (list?.[r] === undefined) continue;
    const q = parseQuantity(list[r]);
    if (!isQuantityError(q)) out[r] = q.nanos;
  }
  return out;
}
