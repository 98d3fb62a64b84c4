// The agent's API backend (api/types.ts AgentBackend) over the desired store, the pod loop and the runtime.
import type { Readable } from 'node:stream';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { specHashOf } from '../manifest';
import { BadRequestError, ContainerNotFoundError, PodNotFoundError, podListVersion, type AgentBackend, type ExecRequest, type LogRequest, type PodList, type PodStats } from './api';
import type { PodEventRecorder } from './events';
import { collectHostFacts, type HostFacts, type RuntimeStatus, type StateFolderFacts } from './host-facts';
import { podUid, SANDBOX_CONTAINER } from './labels';
import { groupBy, instanceKey, messageOf, reportedPod, REASON_RUNTIME_DOWN, RUNTIME_CALL_TIMEOUT_MS, RUNTIME_CALL_WHILE_DOWN_MS, unreachablePod, withinDeadline, type PodLoop } from './loop';
import type { PodReportFeed } from './report-feed';
import type { ProbeManager } from './probes';
import type { ContainerRuntime, ObservedContainer } from './runtime';
import type { DesiredSet, DesiredStore } from './state';

export interface BackendDeps {
  store: DesiredStore;
  loop: PodLoop;
  runtime: ContainerRuntime;
  probes: ProbeManager;
  /** Watches of GET /v1/pods wait here; told of every change the agent makes (agent.ts). */
  reports: PodReportFeed;
  /** The pods' events, reported with them. */
  events: PodEventRecorder;
  cluster: string;
  stateDir: string;
  hostName: string;
  hostIP?: string;
  /** The agent's version, reported by healthz and host facts. */
  version: string;
}

/** The state folder as the host's facts say it: full or not (asking the disk again while full), torn files found. */
function stateFolderFacts(store: DesiredStore): StateFolderFacts {
  store.disk.probe();
  const disk = store.disk.status();
  return { ...(disk.full ? { full: { reason: disk.reason, message: disk.message, since: disk.since } } : {}), recoveries: [...store.recoveries] };
}

export function agentBackend(deps: BackendDeps): AgentBackend {
  const { store, loop, runtime, cluster } = deps;
  /** What Docker said last, reported while it does not answer. */
  let lastSeen: Pick<HostFacts, 'docker' | 'images'> = { docker: { version: 'unknown' }, images: [] };
  let version: HostFacts['docker'] | undefined;

  /** The outage as the loop tracks it, or this call's own failure when the loop has not seen it yet. */
  const down = (err: unknown): RuntimeStatus => {
    const seen = loop.runtimeHealth.status();
    if (!seen.ready) return seen;
    return { ready: false, reason: REASON_RUNTIME_DOWN, message: `container runtime is down: ${messageOf(err)}`, since: new Date().toISOString() };
  };

  /** A report's call to the engine, bounded: it answers in time or counts as down (shorter while known down). */
  const bounded = <T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> =>
    withinDeadline(call, loop.runtimeHealth.ready ? RUNTIME_CALL_TIMEOUT_MS : RUNTIME_CALL_WHILE_DOWN_MS);

  /** The desired pod, and the instances of the container asked for in the version that serves it, newest first. */
  async function instancesOf(namespace: string, name: string, container: string | undefined): Promise<{ pod: Pod; name: string; instances: ObservedContainer[] }> {
    const desired = store.current.pods.find((p) => (p.metadata?.namespace ?? 'default') === namespace && p.metadata?.name === name);
    if (!desired) throw new PodNotFoundError(namespace, name);
    const uid = podUid(desired);
    const hash = loop.book.serving.get(uid) ?? specHashOf(desired);
    const pod = loop.book.specs.get(instanceKey(uid, hash)) ?? desired;
    const names = (pod.spec?.containers ?? []).map((c: Container) => c.name);
    const all = [...names, ...(pod.spec?.initContainers ?? []).map((c: Container) => c.name)];
    const chosen = container ?? (names.length === 1 ? names[0] : undefined);
    if (!chosen) throw new BadRequestError(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
    if (!all.includes(chosen)) throw new ContainerNotFoundError(namespace, name, chosen);
    const instances = (await runtime.listManaged(cluster))
      .filter((c) => c.identity.podUid === uid && c.identity.specHash === hash && c.identity.container === chosen)
      .sort((a, b) => b.identity.attempt - a.identity.attempt);
    return { pod, name: chosen, instances };
  }

  async function reportPods(): Promise<Omit<PodList, 'resourceVersion'>> {
    const { generation, pods } = store.current;
    let observed: ObservedContainer[];
    try {
      observed = await bounded((signal) => runtime.listManaged(cluster, signal));
    } catch (err) {
      const status = down(err);
      return { generation, items: pods.map((pod) => unreachablePod(pod, loop.book, status, new Date())), events: deps.events.list() };
    }
    const byUid = groupBy(observed, (c) => c.identity.podUid);
    const context = { book: loop.book, probes: deps.probes, hostIP: deps.hostIP, now: new Date() };
    return { generation, items: pods.map((pod) => reportedPod(pod, byUid.get(podUid(pod)) ?? [], context)), events: deps.events.list() };
  }

  return {
    async setDesired(set: DesiredSet) {
      const { generation } = store.apply(set);
      deps.reports.changed();
      void loop.trigger();
      return { generation };
    },

    async listPods(): Promise<PodList> {
      const report = await reportPods();
      return { ...report, resourceVersion: podListVersion(report) };
    },

    watchPods(isKnown, options) {
      return deps.reports.wait(isKnown, options);
    },

    async hostFacts(): Promise<HostFacts> {
      let status: RuntimeStatus = loop.runtimeHealth.status();
      try {
        // The engine's version changes only when it restarts: asked once, and again after it looked down.
        const [docker, images] = await Promise.all([version ?? bounded((signal) => runtime.version(signal)), bounded((signal) => runtime.listImages(signal))]);
        version = docker;
        // Node.status.images: every tag of an image, then its ID (the scheduler's image locality matches the tags).
        // In ID order: Docker lists images of one creation time in no fixed order, and a reordered list is no change
        // (the facts' ETag must not move with it).
        const listed = images.map((i) => ({ names: [...i.repoTags, i.id], sizeBytes: i.sizeBytes, id: i.id }));
        listed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        lastSeen = { docker, images: listed.map(({ names, sizeBytes }) => ({ names, sizeBytes })) };
        status = { ready: true };
      } catch (err) {
        status = down(err);
        version = undefined;
      }
      return collectHostFacts({ stateDir: deps.stateDir, hostName: deps.hostName, agentVersion: deps.version, runtime: status, ...lastSeen, stateFolder: stateFolderFacts(store) });
    },

    async healthz() {
      return { status: 'ok' as const, version: deps.version, hostName: deps.hostName, time: new Date().toISOString() };
    },

    async loadImage(tar: Readable, signal: AbortSignal) {
      return { loaded: await runtime.loadImage(tar, signal) };
    },

    async logs(request: LogRequest): Promise<Readable> {
      const { name, instances } = await instancesOf(request.namespace, request.name, request.container);
      // `previous`: the instance before the newest, which sync keeps after a restart (kubectl logs --previous).
      const instance = request.previous ? instances[1] : instances[0];
      if (!instance) {
        const what = request.previous ? 'previous terminated container' : 'container';
        throw new BadRequestError(`${what} "${name}" in pod "${request.name}" not found`);
      }
      const stream = (await runtime.logs(instance.id, {
        tailLines: request.tailLines,
        sinceSeconds: request.sinceSeconds,
        follow: request.follow,
        timestamps: request.timestamps,
      })) as Readable;
      request.signal.addEventListener('abort', () => stream.destroy(), { once: true });
      return stream;
    },

    async exec(request: ExecRequest) {
      const { name, instances } = await instancesOf(request.namespace, request.name, request.container);
      const running = instances.find((c) => c.state === 'running');
      if (!running) throw new BadRequestError(`container ${name} is not running`);
      return runtime.exec(running.id, request.command, { timeoutMs: 60_000 });
    },

    async stats(namespace: string, name: string): Promise<PodStats> {
      const desired = store.current.pods.find((p) => (p.metadata?.namespace ?? 'default') === namespace && p.metadata?.name === name);
      if (!desired) throw new PodNotFoundError(namespace, name);
      const uid = podUid(desired);
      const hash = loop.book.serving.get(uid) ?? specHashOf(desired);
      const running = (await runtime.listManaged(cluster)).filter(
        (c) => c.identity.podUid === uid && c.identity.specHash === hash && c.identity.container !== SANDBOX_CONTAINER && c.state === 'running',
      );
      const containers = await Promise.all(
        running.map(async (c) => {
          const s = await runtime.stats(c.id);
          return { name: c.identity.container, timestamp: s.timestamp, cpuMillicores: s.cpuMillicores, memoryBytes: s.memoryWorkingSetBytes };
        }),
      );
      return { namespace, name, containers };
    },
  };
}
