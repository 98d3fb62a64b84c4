import jsonpatch, { type Operation } from 'fast-json-patch';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../manifest';
import { comparableObject, comparablyEqual } from './comparable';
import { podNamespace } from './order';
import { pairObjects } from './pair';
import type { ObjectPatch } from './types';

// fast-json-patch is CommonJS whose named exports Node cannot see from ESM: go through the default export.
const { compare, escapePathComponent } = jsonpatch;

/**
 * Per non-pod object, the RFC 6902 patch from its live copy to its desired one: create patches apply to `{}`,
 * delete patches turn the live object into `{}`, unchanged objects get none. Pods are left out here (they are
 * planned per host, and a bare Pod in git is also a desired pod).
 */
export function objectPatches(desired: readonly KubeObject[], live: readonly KubeObject[]): ObjectPatch[] {
  const notPod = (o: KubeObject) => o.kind !== 'Pod';
  const patches: ObjectPatch[] = [];
  for (const pair of pairObjects(desired.filter(notPod), live.filter(notPod))) {
    if (pair.live && pair.desired && comparablyEqual(pair.live, pair.desired)) continue;
    const from = pair.live ? comparableObject(pair.live) : undefined;
    const to = pair.desired ? comparableObject(pair.desired) : undefined;
    const patch = !from ? addAll(to!) : !to ? removeAll(from) : compare(from, to);
    if (!patch.length) continue;
    const op = !pair.live ? 'create' : !pair.desired ? 'delete' : 'update';
    patches.push({ kind: pair.key.kind, ...(pair.key.namespace !== undefined ? { namespace: pair.key.namespace } : {}), name: pair.key.name, op, patch });
  }
  return patches;
}

/** The patch from a live pod to its desired replacement on `host`, both without status and server-set fields. */
export function podPatch(live: Pod, desired: Pod, host: string): Operation[] {
  return compare(comparablePod(live, host), comparablePod(desired, host));
}

/**
 * The part of podPatch under /spec, without copying the whole pods: what a replacement's reason is read from when
 * nobody asked for the patches themselves.
 */
export function podSpecPatch(live: Pod, desired: Pod, host: string): Operation[] {
  const side = (pod: Pod) => ({ spec: { ...pod.spec, nodeName: pod.spec?.nodeName ?? host } });
  return compare(side(live), side(desired));
}

// What the agent may leave implicit in the pods it lists is made explicit on both sides, so it is no change:
// apiVersion and kind (items of a List), the default namespace, and the host the pod runs on.
function comparablePod(pod: Pod, host: string): Record<string, unknown> {
  return comparableObject({
    ...pod,
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...pod.metadata, namespace: podNamespace(pod) },
    spec: { ...pod.spec, nodeName: pod.spec?.nodeName ?? host },
  } as KubeObject);
}

// compare({}, to) and compare(from, {}), without the deep clones compare makes of every value: `to` is a fresh copy
// already. Same operations in the same order: adds in key order, removes in reverse key order.
function addAll(to: Record<string, unknown>): Operation[] {
  const ops: Operation[] = [];
  for (const k of Object.keys(to)) if (to[k] !== undefined) ops.push({ op: 'add', path: `/${escapePathComponent(k)}`, value: to[k] });
  return ops;
}

function removeAll(from: Record<string, unknown>): Operation[] {
  const keys = Object.keys(from);
  const ops: Operation[] = [];
  for (let i = keys.length - 1; i >= 0; i--) ops.push({ op: 'remove', path: `/${escapePathComponent(keys[i])}` });
  return ops;
}
