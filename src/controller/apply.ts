import type { Pod } from 'kubernetes-types/core/v1';
import { AgentApiError, type AgentClient } from '../agent';
import { agentClientFor, type Fleet, type ImageResult, type ImageShipper } from '../fleet';
import type { HostShare } from './desired-sets';
import type { Decision } from './events';
import type { HostObservation, HostRecord } from './observe';
import { queueKey, retryingIn, type WorkQueue } from './workqueue';

export interface ApplyInput {
  fleet: Fleet;
  observations: readonly HostObservation[];
  shares: ReadonlyMap<string, HostShare>;
  records: (host: string) => HostRecord;
  images?: ImageShipper;
  callTimeoutMs: number;
  decisions: Decision[];
  /** Hosts whose last apply failed, keyed `Node/<host>`, each backed off until its retry time. */
  queue: WorkQueue;
  clock: () => Date;
  /** How a host's agent is reached; default through the host's SSH session. */
  agentFor?: (host: string) => AgentClient;
}

/**
 * Step 6 of the loop: each host that answered and whose share changed (or whose agent holds another generation than
 * the controller last sent) gets its images, then its new share with the next generation. Hosts in parallel; one
 * failing host is an event, never a stop. A host whose apply failed is backed off (client-go's rate-limited queue):
 * skipped until its retry time, even if its share changes meanwhile, then tried again even if it did not; a success
 * forgets it. Returns the records of the hosts that accepted their share.
 */
export async function applyShares(input: ApplyInput): Promise<Map<string, HostRecord>> {
  const { fleet, observations, shares, records, images, callTimeoutMs, decisions, queue, clock } = input;
  const agentFor = input.agentFor ?? ((host: string) => agentClientFor(fleet.session(host), undefined, { timeoutMs: callTimeoutMs }));
  const accepted = new Map<string, HostRecord>();
  const now = clock();
  await Promise.all(
    observations.map(async (o) => {
      if (!o.ok) return;
      const key = queueKey({ kind: 'Node', name: o.host });
      if (!queue.due(key, now)) return;
      const share = shares.get(o.host)!;
      const record = records(o.host);
      const changed = share.digest !== record.digest || o.generation !== record.generation;
      // A host that failed is worked on again when due even if its share is the one it holds: images may be missing.
      if (!changed && queue.requeues(key) === 0) return;
      try {
        const agent = agentFor(o.host);
        const unshipped = images ? await shipImages(images, o.host, share.pods, agent, decisions) : [];
        if (changed) accepted.set(o.host, await sendShare(agent, { host: o.host, observed: o.generation, record }, share, decisions));
        if (unshipped.length === 0) return queue.forget(key);
        const at = clock();
        const retry = retryingIn(queue.failed(key, at), at);
        for (const r of unshipped) decisions.push({ object: { kind: 'Node', name: o.host }, host: o.host, reason: 'ImageShipFailed', type: 'Warning', message: `image ${r.image} could not be shipped to ${o.host}: ${r.message}; ${retry}` });
      } catch (err) {
        const at = clock();
        const retry = retryingIn(queue.failed(key, at), at);
        decisions.push({ object: { kind: 'Node', name: o.host }, host: o.host, reason: 'ApplyFailed', type: 'Warning', message: `could not send host ${o.host} its pods: ${(err as Error).message}; ${retry}` });
      }
    }),
  );
  return accepted;
}

/**
 * PUT /v1/desired with the generation after both the one observed and the one last sent. A 409 means someone wrote a
 * newer generation since this pass observed the host (another controller): the generation is observed again and the
 * share sent once more at once, as client-go's RetryOnConflict does; a second conflict is a failure like any other.
 */
async function sendShare(agent: AgentClient, { host, observed, record }: { host: string; observed: number; record: HostRecord }, share: HostShare, decisions: Decision[]): Promise<HostRecord> {
  const { pods, configMaps, secrets, persistentVolumes, persistentVolumeClaims } = share;
  const send = async (after: number): Promise<HostRecord> => {
    const generation = Math.max(record.generation ?? 0, after) + 1;
    await agent.setDesired({ generation, pods, configMaps, secrets, persistentVolumes, persistentVolumeClaims });
    return { ...record, generation, digest: share.digest };
  };
  try {
    return await send(observed);
  } catch (err) {
    if (!(err instanceof AgentApiError && err.code === 'GenerationConflict')) throw err;
    const { generation } = await agent.listPods();
    decisions.push({ object: { kind: 'Node', name: host }, host, reason: 'GenerationConflict', type: 'Warning', message: `host ${host}'s agent holds generation ${generation}, newer than this controller sent: is another controller writing to it? sending its pods again after it` });
    return send(generation);
  }
}

/** The images a host's pods use that it lacks, sent from the controller's Docker Engine (once per image and host); the ones that failed. */
async function shipImages(shipper: ImageShipper, host: string, pods: Pod[], agent: AgentClient, decisions: Decision[]): Promise<ImageResult[]> {
  const images = [...new Set(pods.flatMap((p) => [...(p.spec?.initContainers ?? []), ...p.spec!.containers].map((c) => c.image!)))];
  if (images.length === 0) return [];
  const results = await shipper.ensureImages(host, images, { agent });
  for (const r of results) {
    if (r.outcome === 'shipped') decisions.push({ object: { kind: 'Node', name: host }, host, reason: 'ImageShipped', message: `image ${r.image} shipped to ${host} (${r.bytes ?? 0} bytes)` });
  }
  return results.filter((r) => r.outcome === 'failed');
}
