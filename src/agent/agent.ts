// `berth agent`: wires the desired store, the Docker runtime, the pod loop, the probes and the API server.
// Components own their lifetime; close() stops them in reverse order and leaves every container running.
import os from 'node:os';
import type Docker from 'dockerode';
import { startApiServer, type AgentBackend } from './api';
import { agentBackend } from './backend';
import { EVENT_KILLING, EVENT_PROBE_WARNING, EVENT_UNHEALTHY, PodEventRecorder, probeFailedMessage, probeKillMessage, probeWarningMessage } from './events';
import { killForProbe, PodLoop } from './loop';
import { DEFAULT_AGENT_PATHS } from './paths';
import { CrashLoopBackOff } from './pods/backoff';
import { ImagePullBackOff } from './pods/image-backoff';
import { createProber, ProbeManager } from './probes';
import { PodReportFeed } from './report-feed';
import { DockerRuntime } from './runtime';
import { DesiredStore } from './state';

export interface AgentOptions {
  socketPath?: string;
  stateDir?: string;
  /** A tmpfs is mounted at <runtimeDir>/secrets when it is not one already. */
  runtimeDir?: string;
  cluster?: string;
  hostName?: string;
  /** The address reported as the pods' hostIP; default the host's first non-internal IPv4 address. */
  hostIP?: string;
  /** dockerode options; default: Docker found as the docker CLI finds it (DOCKER_HOST). */
  docker?: Docker.DockerOptions;
  syncIntervalMs?: number;
  /** The cluster's security settings (cluster.yaml). */
  allowHostPath?: boolean;
  allowPrivileged?: boolean;
  /** Reported by GET /v1/healthz and GET /v1/host (the CLI passes its VERSION). Default '0.0.0-dev'. */
  version?: string;
  /** How long close() waits for the pass and the graceful stops in progress before it leaves them. Default 2 s. */
  closeTimeoutMs?: number;
  log?: (message: string) => void;
}

export interface Agent {
  socketPath: string;
  /** Triggers a pass and waits for it (tests, and callers that want to know the agent has acted). */
  sync(): Promise<void>;
  /** Requests waiting in GET /v1/pods?watch=true now (a client that went away must not be counted). */
  readonly podWatchers: number;
  /** Passes of the pod loop finished so far: tests wait for passes, not for a time that should be enough. */
  readonly passes: number;
  close(): Promise<void>;
}

export const AGENT_DEFAULTS = {
  ...DEFAULT_AGENT_PATHS,
  cluster: 'berth',
  syncIntervalMs: 1000,
} as const;

export async function startAgent({
  socketPath = AGENT_DEFAULTS.socketPath,
  stateDir = AGENT_DEFAULTS.stateDir,
  runtimeDir = AGENT_DEFAULTS.runtimeDir,
  cluster = AGENT_DEFAULTS.cluster,
  hostName = process.env.BERTH_HOST || os.hostname(),
  hostIP = defaultHostIP(),
  docker,
  syncIntervalMs = AGENT_DEFAULTS.syncIntervalMs,
  allowHostPath = false,
  allowPrivileged = false,
  version = '0.0.0-dev',
  closeTimeoutMs = 2000,
  log = (message: string) => process.stderr.write(`berth agent: ${message}\n`),
}: AgentOptions = {}): Promise<Agent> {
  const store = await DesiredStore.open({ stateDir, runtimeDir });
  // A torn state file never stops the agent: it is kept aside, the last good copy used, and the host's facts carry
  // the recovery so that the controller records it as an event on the Node.
  for (const r of store.recoveries) {
    const then = r.from === 'copy' ? 'went on with its last good copy' : 'its last good copy was unreadable too: running pods are held as they are until the controller sends the set again';
    log(`state file ${r.file} was unreadable (${r.reason}); kept aside as ${r.keptAs}; ${then}`);
  }
  const runtime = new DockerRuntime(docker);
  let loop: PodLoop | undefined;
  let backend: AgentBackend | undefined;
  // Every place the agent's state moves tells the feed: a pass ended, a probe result flipped, a desired set came.
  const reports = new PodReportFeed(() => backend!.listPods());
  // An event is a change of the report (its ETag with it): a watching controller gets it at once.
  const events = new PodEventRecorder({ host: hostName, changed: () => reports.changed() });
  /** The pod a probe's instance key (uid@hash) names, as the loop last synced it. */
  const podOf = (key: string) => loop?.book.specOf(key.slice(0, key.lastIndexOf('@')), key.slice(key.lastIndexOf('@') + 1));
  const probes = new ProbeManager({
    prober: createProber({ exec: (id, command, options) => runtime.exec(id, command, options) }),
    // While Docker is down every exec probe fails: the loop reports that once, not each probe every period.
    onError: (err) => {
      if (loop?.runtimeHealth.ready !== false) log(`probe: ${err instanceof Error ? err.message : String(err)}`);
    },
    consumer: {
      probeResult(key, container, kind, update) {
        if (!loop) return;
        reports.changed();
        // Nothing can be killed while Docker is down; the pass after it brings the pod back.
        if (update.restart && !loop.runtimeHealth.ready) return;
        if (update.restart && update.containerId) {
          log(`${kind} probe of ${container} in ${key} failed (${update.message ?? 'no message'}): killing it`);
          const pod = podOf(key);
          if (pod) events.record(pod, { type: 'Normal', reason: EVENT_KILLING, message: probeKillMessage(container, kind), container });
          killForProbe(loop, runtime, cluster, { key, container, containerId: update.containerId, kind }, log);
        } else {
          void loop.trigger(); // a replacement may be waiting for this readiness
        }
      },
      probeFailed(key, container, kind, result) {
        const pod = podOf(key);
        if (!pod) return;
        if (result.result === 'Warning') events.record(pod, { type: 'Warning', reason: EVENT_PROBE_WARNING, message: probeWarningMessage(kind, result.message), container });
        else events.record(pod, { type: 'Warning', reason: EVENT_UNHEALTHY, message: probeFailedMessage(kind, result.message), container });
      },
    },
  });
  let passes = 0;
  loop = new PodLoop({
    store,
    runtime,
    probes,
    backoff: new CrashLoopBackOff(),
    pullBackoff: new ImagePullBackOff(),
    cluster,
    stateDir,
    runtimeDir,
    hostName,
    hostIP,
    allowHostPath,
    allowPrivileged,
    events,
    syncIntervalMs,
    log,
    passed: () => {
      passes += 1;
      reports.changed();
    },
  });
  backend = agentBackend({ store, loop, runtime, probes, reports, events, cluster, stateDir, hostName, hostIP, version });
  const api = await startApiServer({ socketPath, backend });
  probes.start();
  loop.start();
  const running = loop;
  return {
    socketPath,
    sync: () => running.trigger(),
    get podWatchers() {
      return reports.waiting;
    },
    get passes() {
      return passes;
    },
    async close() {
      reports.close();
      await api.close();
      probes.close();
      // A graceful stop may have a 30 s grace period left: past the deadline it is left to Docker (and to the next
      // agent, which finds the pod still to be removed). Containers keep running either way.
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, closeTimeoutMs)));
      await Promise.race([running.close(), deadline]);
      clearTimeout(timer);
    },
  };
}

function defaultHostIP(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return undefined;
}
