import type { Pod } from 'kubernetes-types/core/v1';
import { AgentApiError, type AgentClient } from '../agent';
import { agentClientFor, type Fleet, type ImageResult, type ImageShipper } from '../fleet';
import type { HostDesired } from './desired-sets';
import type { Decision } from './events';
import { queueKey, retryingIn, type WorkQueue } from './workqueue';

export interface ApplyInput {
  fleet: Fleet;
  /** The pass's sets for the hosts that answered (desiredSets). */
  sets: readonly HostDesired[];
  images?: ImageShipper;
  callTimeoutMs: number;
  decisions: Decision[];
  /** Hosts whose last apply failed, keyed `Node/<host>`, each backed off until its retry time. */
  queue: WorkQueue;
  clock: () => Date;
  /** How a host's agent is reached; default through the host's SSH session. */
  agentFor?: (host: string) => AgentClient;
}

/** What a host's agent accepted: to keep in its HostRecord. */
export interface Accepted {
  generation: number;
  digest: string;
}

/**
 * Step 6 of the loop: each host whose set changed (or whose agent holds another generation than the controller last
 * sent) gets its images, then its new set. Hosts in parallel; one failing host is an event, never a stop. A host
 * whose apply failed is backed off (client-go's rate-limited queue): skipped until its retry time, even if its set
 * changes meanwhile, then tried again even if it did not; a success forgets it. Returns what each host accepted.
 */
export async function applySets(input: ApplyInput): Promise<Map<string, Accepted>> {
  const { fleet, sets, images, callTimeoutMs, decisions, queue, clock } = input;
  const agentFor = input.agentFor ?? ((host: string) => agentClientFor(fleet.session(host), undefined, { timeoutMs: callTimeoutMs }));
  const accepted = new Map<string, Accepted>();
  const now = clock();
  await Promise.all(
    sets.map(async (desired) => {
      const { host, changed } = desired;
      const key = queueKey({ kind: 'Node', name: host });
      if (!queue.due(key, now)) return;
      // A host that failed is worked on again when due even if its set is the one it holds: images may be missing.
      if (!changed && queue.requeues(key) === 0) return;
      try {
        const agent = agentFor(host);
        const unshipped = images ? await shipImages(images, host, desired.set.pods, agent, decisions) : [];
        if (changed) accepted.set(host, await sendSet(agent, desired, decisions));
        if (unshipped.length === 0) return queue.forget(key);
        const at = clock();
        const retry = retryingIn(queue.failed(key, at), at);
        for (const r of unshipped) decisions.push({ object: { kind: 'Node', name: host }, host, reason: 'ImageShipFailed', type: 'Warning', message: `image ${r.image} could not be shipped to ${host}: ${r.message}; ${retry}` });
      } catch (err) {
        const at = clock();
        const retry = retryingIn(queue.failed(key, at), at);
        decisions.push({ object: { kind: 'Node', name: host }, host, reason: 'ApplyFailed', type: 'Warning', message: `could not send host ${host} its pods: ${(err as Error).message}; ${retry}` });
      }
    }),
  );
  return accepted;
}

/**
 * PUT /v1/desired with the set's generation. A 409 means someone wrote a newer generation since this pass observed
 * the host (another controller): the generation is observed again and the set sent once more at once, as client-go's
 * RetryOnConflict does; a second conflict is a failure like any other.
 */
async function sendSet(agent: AgentClient, desired: HostDesired, decisions: Decision[]): Promise<Accepted> {
  const { host, set } = desired;
  const { pods, configMaps, secrets, persistentVolumes, persistentVolumeClaims, digest } = set;
  const send = async (generation: number): Promise<Accepted> => {
    await agent.setDesired({ generation, pods, configMaps, secrets, persistentVolumes, persistentVolumeClaims });
    return { generation, digest };
  };
  try {
    return await send(desired.generation);
  } catch (err) {
    if (!(err instanceof AgentApiError && err.code === 'GenerationConflict')) throw err;
    const { generation } = await agent.listPods();
    decisions.push({ object: { kind: 'Node', name: host }, host, reason: 'GenerationConflict', type: 'Warning', message: `host ${host}'s agent holds generation ${generation}, newer than this controller sent: is another controller writing to it? sending its pods again after it` });
    return send(Math.max(desired.lastSent ?? 0, generation) + 1);
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
