import { createHash } from 'node:crypto';
import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Pod, Secret } from 'kubernetes-types/core/v1';
import { sameItems } from '../common';
import { objectUid } from '../controllers';
import { ANNOTATION_SPEC_HASH, podSpecReferences, stableStringify, type KubeObject } from '../manifest';

/**
 * One host's desired set: the pods placed on it and the objects they use — what the agent's PUT /v1/desired takes,
 * less the generation, which the controller numbers when it sends the set.
 */
export interface HostSet {
  pods: Pod[];
  configMaps: ConfigMap[];
  secrets: Secret[];
  persistentVolumes: PersistentVolume[];
  persistentVolumeClaims: PersistentVolumeClaim[];
  /** A digest of all of the above: the controller sends a set again only when it changes. */
  digest: string;
}

/**
 * Bound pods and the cluster's objects → each host's desired set, for every host in `hosts` (a host with nothing gets
 * an empty set: its agent then stops what it runs). Pods get a uid derived from their name, as the agent keys on one.
 * Only the objects a host's pods use go there, so a secret reaches only the hosts that need it. Pure.
 */
export function hostSets(pods: Iterable<Pod>, objects: readonly KubeObject[], hosts: Iterable<string>): Map<string, HostSet> {
  const byKey = new Map<string, KubeObject>();
  let volumes: PersistentVolume[] | undefined;
  for (const o of objects) if (REFERENCED.has(o.kind)) byKey.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);

  const sets = new Map<string, { pods: Pod[]; used: Map<string, KubeObject> }>();
  for (const host of hosts) sets.set(host, { pods: [], used: new Map() });
  for (const pod of pods) {
    const set = sets.get(pod.spec?.nodeName ?? '');
    if (!set) continue;
    set.pods.push(pod);
    // Nothing a pod can reference exists (a cluster of Deployments and Services): no pod needs looking into.
    if (byKey.size === 0) continue;
    const namespace = pod.metadata!.namespace ?? 'default';
    for (const ref of podSpecReferences(pod.spec!, [])) {
      const key = `${ref.kind}/${ref.clusterScoped ? '' : namespace}/${ref.name}`;
      const object = byKey.get(key);
      if (!object) continue;
      set.used.set(key, object);
      if (ref.kind === 'PersistentVolumeClaim') {
        volumes ??= objects.filter((o) => o.kind === 'PersistentVolume') as unknown as PersistentVolume[];
        const pv = boundVolume(object as unknown as PersistentVolumeClaim, volumes);
        if (pv) set.used.set(`PersistentVolume//${pv.metadata!.name}`, pv as unknown as KubeObject);
      }
    }
  }

  const out = new Map<string, HostSet>();
  for (const [host, { pods: hostPods, used }] of sets) {
    const ofKind = <T>(kind: string) => (used.size ? ([...used.values()].filter((o) => o.kind === kind) as unknown as T[]) : []);
    const set = {
      configMaps: ofKind<ConfigMap>('ConfigMap'),
      secrets: ofKind<Secret>('Secret'),
      persistentVolumes: ofKind<PersistentVolume>('PersistentVolume'),
      persistentVolumeClaims: ofKind<PersistentVolumeClaim>('PersistentVolumeClaim'),
      digest: setDigest(hostPods, [...used.values()]),
    };
    // The pods as sent, with their uids, are made only for a set that is sent: most passes send none.
    out.set(host, lazily(set, 'pods', () => hostPods.map(withUid)));
  }
  return out;
}

/** What a pod's spec can name that a host's set carries (a PersistentVolume comes through its claim). */
const REFERENCED = new Set(['ConfigMap', 'Secret', 'PersistentVolumeClaim']);

/** `object` with an enumerable property computed on first read, then kept. */
function lazily<O extends object, K extends string, T>(object: O, key: K, make: () => T): O & Record<K, T> {
  let value: T | undefined;
  return Object.defineProperty(object, key, { enumerable: true, get: () => (value ??= make()) }) as O & Record<K, T>;
}

/**
 * The digest of a set. A pod counts by its key, host, owners and Berth's spec hash (which covers its spec, labels and
 * annotations, and which the controllers stamp on every pod they make), so a pass hashes a short line per pod instead
 * of serialising every host's pods again; objects, few and small, count whole.
 */
function setDigest(pods: readonly Pod[], used: readonly KubeObject[]): string {
  // The same pods and objects as a set digested before (a steady pass: adoption hands back the same objects): its digest.
  const last = pods.length ? digested.get(pods[0]) : undefined;
  if (last && sameItems(last.pods, pods) && sameItems(last.used, used)) return last.digest;
  let text = '';
  for (const pod of pods) {
    const m = pod.metadata!;
    const specHash = m.annotations?.[ANNOTATION_SPEC_HASH] ?? stableStringify(pod);
    text += `${m.namespace}/${m.name}@${pod.spec?.nodeName} ${specHash} ${m.uid ?? ''} ${ownerUids(m.ownerReferences)}\n`;
  }
  text += '--\n';
  for (const object of used) text += `${stableStringify(object)}\n`;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 32);
  if (pods.length) digested.set(pods[0], { pods, used, digest });
  return digest;
}

const digested = new WeakMap<Pod, { pods: readonly Pod[]; used: readonly KubeObject[]; digest: string }>();

function ownerUids(owners: ReadonlyArray<{ uid: string }> | undefined): string {
  if (!owners) return '';
  return owners.length === 1 ? owners[0].uid : owners.map((o) => o.uid).join(',');
}

function withUid(pod: Pod): Pod {
  if (pod.metadata?.uid) return pod;
  const namespace = pod.metadata!.namespace ?? 'default';
  return { ...pod, metadata: { ...pod.metadata, namespace, uid: objectUid('Pod', namespace, pod.metadata!.name!) } };
}

/** The volume a claim is bound to: its spec.volumeName, else a volume whose claimRef names it. */
function boundVolume(claim: PersistentVolumeClaim, volumes: PersistentVolume[]): PersistentVolume | undefined {
  const name = claim.spec?.volumeName;
  if (name) return volumes.find((v) => v.metadata?.name === name);
  return volumes.find((v) => v.spec?.claimRef?.namespace === claim.metadata?.namespace && v.spec?.claimRef?.name === claim.metadata?.name);
}
