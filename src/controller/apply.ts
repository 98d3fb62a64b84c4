import type { Pod } from 'kubernetes-types/core/v1';
import { agentClientFor, type Fleet, type ImageShipper } from '../fleet';
import type { HostShare } from './desired-sets';
import type { Decision } from './events';
import type { HostObservation, HostRecord } from './observe';

export interface ApplyInput {
  fleet: Fleet;
  observations: readonly HostObservation[];
  shares: ReadonlyMap<string, HostShare>;
  records: (host: string) => HostRecord;
  images?: ImageShipper;
  callTimeoutMs: number;
  decisions: Decision[];
}

/**
 * Step 6 of the loop: each host that answered and whose share changed (or whose agent holds another generation than
 * the controller last sent) gets its images, then its new share with the next generation. Hosts in parallel; one
 * failing host is an event, never a stop. Returns the records of the hosts that accepted their share.
 */
export async function applyShares({ fleet, observations, shares, records, images, callTimeoutMs, decisions }: ApplyInput): Promise<Map<string, HostRecord>> {
  const accepted = new Map<string, HostRecord>();
  await Promise.all(
    observations.map(async (o) => {
      if (!o.ok) return;
      const share = shares.get(o.host)!;
      const record = records(o.host);
      if (share.digest === record.digest && o.generation === record.generation) return;
      try {
        const agent = agentClientFor(fleet.session(o.host), undefined, { timeoutMs: callTimeoutMs });
        if (images) await shipImages(images, o.host, share.pods, agent, decisions);
        const generation = Math.max(record.generation ?? 0, o.generation) + 1;
        const { pods, configMaps, secrets, persistentVolumes, persistentVolumeClaims } = share;
        await agent.setDesired({ generation, pods, configMaps, secrets, persistentVolumes, persistentVolumeClaims });
        accepted.set(o.host, { ...record, generation, digest: share.digest });
      } catch (err) {
        decisions.push({ object: { kind: 'Node', name: o.host }, host: o.host, reason: 'ApplyFailed', type: 'Warning', message: `could not send host ${o.host} its pods: ${(err as Error).message}` });
      }
    }),
  );
  return accepted;
}

/** The images a host's pods use that it lacks, sent from the controller's Docker Engine (once per image and host). */
async function shipImages(shipper: ImageShipper, host: string, pods: Pod[], agent: ReturnType<typeof agentClientFor>, decisions: Decision[]): Promise<void> {
  const images = [...new Set(pods.flatMap((p) => [...(p.spec?.initContainers ?? []), ...p.spec!.containers].map((c) => c.image!)))];
  if (images.length === 0) return;
  for (const r of await shipper.ensureImages(host, images, { agent })) {
    if (r.outcome === 'shipped') decisions.push({ object: { kind: 'Node', name: host }, host, reason: 'ImageShipped', message: `image ${r.image} shipped to ${host} (${r.bytes ?? 0} bytes)` });
    if (r.outcome === 'failed') decisions.push({ object: { kind: 'Node', name: host }, host, reason: 'ImageShipFailed', type: 'Warning', message: `image ${r.image} could not be shipped to ${host}: ${r.message}` });
  }
}
