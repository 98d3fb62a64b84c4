import type { Pod } from 'kubernetes-types/core/v1';
import { LABEL_JOB_NAME, specHashOf } from '../manifest';
import { LiveIndex, type LiveEntry } from './liveindex';
import { compareStrings, comparePodKeys, PodIndex, podKey, podNamespace } from './order';
import { hostSets } from './host-sets';
import { objectPatches, podPatch, podSpecPatch } from './patches';
import { compareObjectKeys } from './pair';
import { specChangeReason } from './reason';
import type { Action, ObjectPatch, PendingPod, PlanInput, PlanWithSets } from './types';

export const REASON_NOT_RUNNING = 'not running';
export const REASON_NOT_IN_GIT = 'no longer in git';
export const REASON_NOT_SCHEDULED = 'not scheduled';
export const REASON_PENDING = 'pending: not scheduled';

/** A desired, scheduled pod and what the live hosts said about it. All fields set up front: one hidden class. */
interface Placement {
  pod: Pod;
  namespace: string;
  name: string;
  host: string;
  hash: string | undefined;
  /** Runs on its host (same spec, or replaced there). */
  onHost: boolean;
  /** A finished Job pod runs somewhere: Kubernetes never runs a completed or failed Job pod again. */
  finished: boolean;
  /** The first host by name where it runs elsewhere. */
  runsOn: string | undefined;
  /** Its position in the desired pods given. */
  position: number;
}

interface HostActions {
  create: Action[];
  replace: Action[];
  delete: Action[];
}

/** Counts plans, to mark the live pods each one met (LiveEntry.seen) without an array per plan. */
let plans = 0;

/**
 * Desired pods (placed by adoption and the scheduler) against what the hosts report → per host, the desired set its
 * agent is sent and the actions that set means there; plus, unless `patches` is false, RFC 6902 patches per changed
 * object. Pure and deterministic: the same inputs, in any order, give byte-identical JSON. A pod whose spec hash
 * matches costs a look-up and produces nothing.
 */
export function plan({ desiredPods, unschedulable = [], nodes, live, desiredObjects, patches = true }: PlanInput): PlanWithSets {
  const inventory = new Set(nodes.map((n) => n.metadata?.name ?? ''));
  const pending = new Map<string, string>();
  for (const u of unschedulable) pending.set(typeof u.pod === 'string' ? u.pod : podKey(u.pod), oneLine(u.message));
  const desired = placeDesired(desiredPods, inventory, pending);
  const index = LiveIndex.of(live);

  const byHost = new Map<string, HostActions>();
  const actionsOf = (host: string): HostActions => {
    let a = byHost.get(host);
    if (!a) byHost.set(host, (a = { create: [], replace: [], delete: [] }));
    return a;
  };
  const remove = (e: LiveEntry, reason: string) =>
    actionsOf(e.host.name).delete.push({ type: 'delete', host: e.host.name, pod: podKey(e.pod), specHash: e.hash, reason });
  const podPatches: ObjectPatch[] = [];
  let unchanged = 0;

  // Each desired pod meets its live copies; the live pods no desired pod meets are deleted afterwards.
  const stamp = ++plans;
  const meet = (d: Placement, e: LiveEntry): void => {
    e.seen = stamp;
    const host = e.host.name;
    const livePod = e.pod;
    if (d.host === host) {
      d.onHost = true;
      const hash = (d.hash ??= specHashOf(d.pod));
      const liveHash = e.hash;
      if (hash === liveHash || isFinishedJobPod(livePod, d.pod)) {
        unchanged++;
      } else {
        const patch = patches ? podPatch(livePod, d.pod, host) : podSpecPatch(livePod, d.pod, host);
        if (patches) podPatches.push({ kind: 'Pod', namespace: d.namespace, name: d.name, op: 'update', patch });
        const reason = specChangeReason(livePod, patch);
        actionsOf(host).replace.push({ type: 'replace', host, pod: podKey(d.pod), specHash: hash, previousSpecHash: liveHash, reason });
      }
    } else if (isFinishedJobPod(livePod, d.pod)) {
      d.finished = true; // its record stays where it ran, unless that host is gone
      if (!inventory.has(host)) remove(e, removedReason(host));
    } else {
      if (d.runsOn === undefined || compareStrings(host, d.runsOn) < 0) d.runsOn = host;
      remove(e, !inventory.has(host) ? removedReason(host) : `moved to ${d.host}`);
    }
  };

  for (const d of desired) {
    const found = index.findAt(d.pod, d.position, d.namespace, d.name);
    if (found !== undefined) {
      if (Array.isArray(found)) for (const e of found) meet(d, e);
      else meet(d, found);
    }
    if (d.onHost) continue;
    if (d.finished) {
      unchanged++;
      continue;
    }
    const reason = d.runsOn ? `moved from ${d.runsOn}` : REASON_NOT_RUNNING;
    actionsOf(d.host).create.push({ type: 'create', host: d.host, pod: podKey(d.pod), specHash: (d.hash ??= specHashOf(d.pod)), reason });
  }
  for (const h of index.hosts) {
    const removed = !inventory.has(h.name);
    for (const e of h.entries) {
      if (e.seen === stamp) continue;
      remove(e, removed ? removedReason(h.name) : pending.has(podKey(e.pod)) ? REASON_PENDING : REASON_NOT_IN_GIT);
    }
  }

  const objects = patches && desiredObjects ? objectPatches(desiredObjects, live.objects ?? []) : [];
  const sets = hostSets(
    desired.map((d) => d.pod),
    desiredObjects ?? [],
    nodes.map((n) => n.metadata?.name ?? ''),
  );
  return assemble(byHost, pending, [...objects, ...podPatches], unchanged, sets);
}

/** Scheduled pods on inventory hosts, one per namespace and name; the others join `pending`. */
function placeDesired(desiredPods: readonly Pod[], inventory: Set<string>, pending: Map<string, string>): Placement[] {
  const placements: Placement[] = [];
  // Desired pods come sorted by namespace and name (the expansion's order): then no two share both, and no index is
  // needed to find out.
  let sorted = true;
  let last: Placement | undefined;
  for (let position = 0; position < desiredPods.length; position++) {
    const pod = desiredPods[position];
    const host = pod.spec?.nodeName;
    if (!host) {
      const key = podKey(pod);
      if (!pending.has(key)) pending.set(key, REASON_NOT_SCHEDULED);
    } else if (!inventory.has(host)) {
      pending.set(podKey(pod), `node ${host} is not in the inventory`);
    } else {
      if (pending.size) pending.delete(podKey(pod));
      const name = pod.metadata?.name ?? '';
      const p: Placement = { pod, namespace: podNamespace(pod), name, host, hash: undefined, onHost: false, finished: false, runsOn: undefined, position };
      if (sorted && last && (compareStrings(last.namespace, p.namespace) || compareStrings(last.name, p.name)) >= 0) sorted = false;
      placements.push(p);
      last = p;
    }
  }
  if (sorted) return placements;
  // A pod listed twice (a bug upstream) is planned once, on the first host by name (then spec hash): the same plan in
  // any order.
  return PodIndex.of(placements, (a, b) => {
    const order = compareStrings(b.host, a.host) || compareStrings(specHashOf(b.pod), specHashOf(a.pod));
    return order < 0 ? b : a;
  }).kept;
}

function removedReason(host: string): string {
  return `host ${host} removed from the inventory`;
}

// Every list is sorted here, so neither input order nor Map insertion order reaches the output.
function assemble(byHost: Map<string, HostActions>, pending: Map<string, string>, patches: ObjectPatch[], unchanged: number, sets: PlanWithSets['sets']): PlanWithSets {
  const byPod = (a: Action, b: Action) => comparePodKeys(a.pod, b.pod);
  const summary = { create: 0, replace: 0, delete: 0, unchanged, pending: pending.size };
  const hosts = [...byHost.keys()].sort(compareStrings).map((host) => {
    const a = byHost.get(host)!;
    summary.create += a.create.length;
    summary.replace += a.replace.length;
    summary.delete += a.delete.length;
    return { host, actions: [...a.create.sort(byPod), ...a.replace.sort(byPod), ...a.delete.sort(byPod)] };
  });
  const pendingPods: PendingPod[] = [...pending.keys()].sort(comparePodKeys).map((pod) => ({ pod, reason: pending.get(pod)! }));
  patches.sort((a, b) => compareObjectKeys(a, b));
  return { hosts, pending: pendingPods, patches, summary, sets };
}

function isFinishedJobPod(livePod: Pod, desiredPod: Pod): boolean {
  const phase = livePod.status?.phase;
  return (phase === 'Succeeded' || phase === 'Failed') && (isJobPod(livePod) || isJobPod(desiredPod));
}

function isJobPod(pod: Pod): boolean {
  const m = pod.metadata;
  return !!(m?.labels?.[LABEL_JOB_NAME] || m?.labels?.['batch.kubernetes.io/job-name'] || m?.ownerReferences?.some((o) => o.kind === 'Job'));
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
