import { createHash } from 'node:crypto';
import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Pod, Secret } from 'kubernetes-types/core/v1';
import { objectUid, stableStringify } from '../controllers';
import { podSpecReferences, type KubeObject } from '../manifest';

/** One host's share: the pods placed on it and the objects they use (what the agent's PUT /v1/desired takes). */
export interface HostShare {
  pods: Pod[];
  configMaps: ConfigMap[];
  secrets: Secret[];
  persistentVolumes: PersistentVolume[];
  persistentVolumeClaims: PersistentVolumeClaim[];
  /** A digest of all of the above: the controller sends a share again only when it changes. */
  digest: string;
}

/**
 * Bound pods and the cluster's objects → each host's share, for every host in `hosts` (a host with nothing is an empty
 * share: its agent then stops what it runs). Pods get a uid derived from their name, as the agent keys on one. Only
 * the objects a host's pods use are sent there, so a secret reaches only the hosts that need it. Pure.
 */
export function hostShares(pods: readonly Pod[], objects: readonly KubeObject[], hosts: readonly string[]): Map<string, HostShare> {
  const byKey = new Map<string, KubeObject>();
  for (const o of objects) byKey.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
  const volumes = objects.filter((o) => o.kind === 'PersistentVolume') as unknown as PersistentVolume[];

  const shares = new Map<string, { pods: Pod[]; used: Map<string, KubeObject> }>();
  for (const host of hosts) shares.set(host, { pods: [], used: new Map() });
  for (const pod of pods) {
    const share = shares.get(pod.spec?.nodeName ?? '');
    if (!share) continue;
    const namespace = pod.metadata!.namespace ?? 'default';
    share.pods.push(withUid(pod, namespace));
    for (const ref of podSpecReferences(pod.spec!, [])) {
      const key = `${ref.kind}/${ref.clusterScoped ? '' : namespace}/${ref.name}`;
      const object = byKey.get(key);
      if (!object || ref.kind === 'PriorityClass') continue;
      share.used.set(key, object);
      if (ref.kind === 'PersistentVolumeClaim') {
        const pv = boundVolume(object as unknown as PersistentVolumeClaim, volumes);
        if (pv) share.used.set(`PersistentVolume//${pv.metadata!.name}`, pv as unknown as KubeObject);
      }
    }
  }

  const out = new Map<string, HostShare>();
  for (const [host, { pods: hostPods, used }] of shares) {
    const ofKind = <T>(kind: string) => [...used.values()].filter((o) => o.kind === kind) as unknown as T[];
    const share = {
      pods: hostPods,
      configMaps: ofKind<ConfigMap>('ConfigMap'),
      secrets: ofKind<Secret>('Secret'),
      persistentVolumes: ofKind<PersistentVolume>('PersistentVolume'),
      persistentVolumeClaims: ofKind<PersistentVolumeClaim>('PersistentVolumeClaim'),
    };
    out.set(host, { ...share, digest: createHash('sha256').update(stableStringify(share)).digest('hex').slice(0, 32) });
  }
  return out;
}

function withUid(pod: Pod, namespace: string): Pod {
  if (pod.metadata?.uid) return pod;
  return { ...pod, metadata: { ...pod.metadata, namespace, uid: objectUid('Pod', namespace, pod.metadata!.name!) } };
}

/** The volume a claim is bound to: its spec.volumeName, else a volume whose claimRef names it. */
function boundVolume(claim: PersistentVolumeClaim, volumes: PersistentVolume[]): PersistentVolume | undefined {
  const name = claim.spec?.volumeName;
  if (name) return volumes.find((v) => v.metadata?.name === name);
  return volumes.find((v) => v.spec?.claimRef?.namespace === claim.metadata?.namespace && v.spec?.claimRef?.name === claim.metadata?.name);
}
