import type { Node, Pod, PodSpec } from 'kubernetes-types/core/v1';
import { compareStrings, podNamespace } from './order';
import { LiveIndex, type Found, type LiveEntry } from './liveindex';
import type { LiveSnapshot } from './snapshot';

/**
 * A pod stays where it runs: a desired pod without spec.nodeName that already runs (same namespace/name) on a live
 * host gets that host, as a bound pod keeps its node in Kubernetes. The scheduler then places only the rest.
 * With `nodes`, only hosts still in the inventory are kept (pods on a removed host are placed anew). When a pod runs
 * on several hosts (a move in progress), the first host by name wins. Returns the pods in input order; adopted ones
 * are copies with spec.nodeName set, the others are the same objects.
 */
export function adoptLiveHosts(desiredPods: readonly Pod[], live: LiveSnapshot, nodes?: readonly Node[]): Pod[] {
  return adopt(desiredPods, live, nodes).pods;
}

/** adoptLiveHosts, with the pods it left unbound (those the scheduler must place), found on the way. */
export function adopt(desiredPods: readonly Pod[], live: LiveSnapshot, nodes?: readonly Node[]): { pods: Pod[]; unbound: Pod[] } {
  const inventory = nodes ? new Set(nodes.map((n) => n.metadata?.name)) : undefined;
  const index = LiveIndex.of(live);
  if (inventory) for (const h of index.hosts) h.kept = inventory.has(h.name);
  const kept = (e: LiveEntry) => !inventory || e.host.kept;
  const previous = index.previousAdoption();
  const reuse = previous && previous.input.length === desiredPods.length ? previous : undefined;
  const added = reuse?.added.size ? reuse.added : undefined;
  const out = new Array<Pod>(desiredPods.length);
  const looked = new Array<Found | null | undefined>(desiredPods.length);
  const unbound: Pod[] = [];
  for (let i = 0; i < desiredPods.length; i++) {
    const pod = desiredPods[i];
    out[i] = pod;
    // The same pod as last pass at this position, looked up then (so it was unbound, as it still is): what was found
    // holds unless its entry left the index or a pod of its name arrived. Reads no more of the pod than its name,
    // and that only when something arrived: a steady pass touches few of 150,000 pods.
    const before = reuse && reuse.input[i] === pod ? reuse.found[i] : undefined;
    let found: Found | null | undefined;
    if (before === null) found = added?.has(pod.metadata?.name ?? '') ? undefined : null;
    else if (before !== undefined && !Array.isArray(before) && !before.removed && !added?.has(before.name)) found = before;
    if (found === undefined) {
      if (pod.spec?.nodeName) continue;
      found = index.find(podNamespace(pod), pod.metadata?.name ?? '') ?? null;
    }
    looked[i] = found;
    if (found === null) {
      unbound.push(pod);
      continue;
    }
    if (found === before && !Array.isArray(found) && kept(found)) {
      // Bound to the same host as before: the copy made then (if it was kept then too).
      const was = reuse!.pods[i];
      if (was !== pod) {
        out[i] = was;
        continue;
      }
    }
    let host: string | undefined;
    if (!Array.isArray(found)) host = kept(found) ? found.host.name : undefined;
    else for (const e of found) if (kept(e) && (host === undefined || compareStrings(e.host.name, host) < 0)) host = e.host.name;
    if (host === undefined) unbound.push(pod);
    else out[i] = boundPod(pod, host);
  }
  index.recordAdoption(desiredPods, out, looked);
  return { pods: out, unbound };
}

/**
 * The pod bound to a host. Expansion returns the same pod objects pass after pass while nothing changes, so the
 * bound copy is made once per pod and host, not 150,000 times a pass.
 */
function boundPod(pod: Pod, host: string): Pod {
  const known = boundPods.get(pod);
  if (known?.spec?.nodeName === host) return known;
  const bound = { ...pod, spec: boundSpec(pod.spec ?? { containers: [] }, host) };
  boundPods.set(pod, bound);
  return bound;
}

const boundPods = new WeakMap<Pod, Pod>();

/**
 * The spec with nodeName set. Siblings share their spec object, and the same spec is expanded again each pass while
 * the commit stays: the copy for one host is made once and shared (desired pods are never mutated).
 */
function boundSpec(spec: PodSpec, host: string): PodSpec {
  let byHost = boundSpecs.get(spec);
  if (!byHost) boundSpecs.set(spec, (byHost = new Map()));
  let bound = byHost.get(host);
  if (!bound) byHost.set(host, (bound = { ...spec, nodeName: host }));
  return bound;
}

const boundSpecs = new WeakMap<PodSpec, Map<string, PodSpec>>();
