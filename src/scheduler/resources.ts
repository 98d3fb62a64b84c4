// What a pod requests, as Kubernetes' resourcehelper.PodRequests computes it, in plain numbers.
import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import { bytes, cpuMillis, isQuantityError, parseQuantity } from '../manifest';

export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
}

/** kube-scheduler's defaults for a container that requests no cpu or memory, used only for scoring (NonZero). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * A quantity as a number through `convert` (cpuMillis, bytes), or `fallback` when it is not a quantity. Manifests
 * are validated before they get here; this keeps one bad value reported by a host from failing a whole pass.
 */
export function quantityOr(q: string | number, convert: (q: string | number) => number, fallback: number): number {
  return isQuantityError(parseQuantity(q)) ? fallback : convert(q);
}

export function zeroResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
}

/**
 * One container's requests. A resource with a limit and no request requests its limit (the API server's defaulting
 * of container resources). With `nonMissing`, a container that requests no cpu/memory counts the defaults above.
 */
export function containerRequests(c: Container, nonMissing = false): Resources {
  const req = c.resources?.requests;
  const lim = c.resources?.limits;
  const cpu = req?.cpu ?? lim?.cpu;
  const mem = req?.memory ?? lim?.memory;
  const eph = req?.['ephemeral-storage'] ?? lim?.['ephemeral-storage'];
  return {
    milliCPU: cpu === undefined ? (nonMissing ? DEFAULT_MILLI_CPU_REQUEST : 0) : quantityOr(cpu, cpuMillis, 0),
    memory: mem === undefined ? (nonMissing ? DEFAULT_MEMORY_REQUEST : 0) : quantityOr(mem, bytes, 0),
    ephemeralStorage: eph === undefined ? 0 : quantityOr(eph, bytes, 0),
  };
}

function add(a: Resources, b: Resources): void {
  a.milliCPU += b.milliCPU;
  a.memory += b.memory;
  a.ephemeralStorage += b.ephemeralStorage;
}

function max(a: Resources, b: Resources): void {
  a.milliCPU = Math.max(a.milliCPU, b.milliCPU);
  a.memory = Math.max(a.memory, b.memory);
  a.ephemeralStorage = Math.max(a.ephemeralStorage, b.ephemeralStorage);
}

/**
 * The pod's effective requests: the sum of its containers, or the largest init container if that is more, where
 * restartable init containers (sidecars, restartPolicy Always) keep running and so add to everything after them;
 * plus the pod's overhead.
 */
export function podRequests(spec: PodSpec, nonMissing = false): Resources {
  const total = zeroResources();
  for (const c of spec.containers ?? []) add(total, containerRequests(c, nonMissing));
  const sidecars = zeroResources();
  const initMax = zeroResources();
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c, nonMissing);
    if (c.restartPolicy === 'Always') {
      add(total, r);
      add(sidecars, r);
      max(initMax, sidecars);
    } else {
      add(r, sidecars);
      max(initMax, r);
    }
  }
  max(total, initMax);
  const o = spec.overhead;
  if (o) {
    if (o.cpu !== undefined) total.milliCPU += quantityOr(o.cpu, cpuMillis, 0);
    if (o.memory !== undefined) total.memory += quantityOr(o.memory, bytes, 0);
    if (o['ephemeral-storage'] !== undefined) total.ephemeralStorage += quantityOr(o['ephemeral-storage'], bytes, 0);
  }
  return total;
}
