// The agent's API as the server sees it: the routes call an AgentBackend, which the agent implements (and tests fake).
import type { Readable } from 'node:stream';
import type { Event, Pod } from 'kubernetes-types/core/v1';
import type { DesiredSet } from '../state';
import type { HostFacts } from '../host-facts';

export type { DesiredSet, HostFacts };

/** GET /v1/pods: the pods of the host with status as the kubelet fills it, and the generation they converge to. */
export interface PodList {
  generation: number;
  items: Pod[];
  /**
   * The pods' events (core/v1 Event, source.component berth-agent), each pod's oldest first, deduplicated with count
   * and first/last timestamps, a bounded number per pod. Absent from an agent that reports none.
   */
  events?: Event[];
  /** A digest of generation, items and events (api/etag.ts): equal versions, equal reports. Also the response's ETag. */
  resourceVersion: string;
}

export interface LogOptions {
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  follow?: boolean;
  /** The previous (terminated) instance of the container, as `kubectl logs --previous`. */
  previous?: boolean;
  timestamps?: boolean;
}

export interface LogRequest extends LogOptions {
  namespace: string;
  name: string;
  /** Aborted when the client goes away (a followed log ends there). */
  signal: AbortSignal;
}

export interface ExecRequest {
  namespace: string;
  name: string;
  /** Defaults to the pod's only container; required when it has several. */
  container?: string;
  command: string[];
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** GET /v1/healthz: the agent answers; cheap (no Docker call), for supervisors, bootstrap and upgrades. */
export interface Healthz {
  status: 'ok';
  /** The agent's version (`berth --version` of the build that runs). */
  version: string;
  hostName: string;
  /** The agent's clock (RFC 3339), so the controller can see a host's clock skew. */
  time: string;
}

/** POST /v1/images: the images a `docker save` tar held, as `docker load` names them ("repo:tag", or an image ID). */
export interface LoadedImages {
  loaded: string[];
}

export interface ContainerStats {
  name: string;
  /** When the engine sampled (RFC 3339). */
  timestamp?: string;
  cpuMillicores: number;
  /** The working set, as the kubelet and `kubectl top` count memory. */
  memoryBytes: number;
}

export interface PodStats {
  namespace: string;
  name: string;
  containers: ContainerStats[];
}

/**
 * What the API server needs from the agent. Unknown pods or containers are reported by throwing PodNotFoundError or
 * ContainerNotFoundError (api/errors.ts); an older generation by GenerationConflictError (state/errors.ts); any
 * other BerthError keeps its code in the response.
 */
export interface AgentBackend {
  setDesired(set: DesiredSet): Promise<{ generation: number }>;
  listPods(): Promise<PodList>;
  /**
   * The report once its resourceVersion is not one `isKnown` accepts (at once if it already is not), or undefined
   * when timeoutMs pass or the signal aborts (the client went away).
   */
  watchPods(isKnown: (resourceVersion: string) => boolean, options: { timeoutMs: number; signal: AbortSignal }): Promise<PodList | undefined>;
  hostFacts(): Promise<HostFacts>;
  /** The log as a stream of bytes; for `follow`, it ends when the container does or the signal aborts. */
  logs(request: LogRequest): Promise<Readable>;
  exec(request: ExecRequest): Promise<ExecResult>;
  stats(namespace: string, name: string): Promise<PodStats>;
  /** Must not call Docker. */
  healthz(): Promise<Healthz>;
  /** Loads a `docker save` tar as it streams in; the signal aborts when the client goes away. */
  loadImage(tar: Readable, signal: AbortSignal): Promise<LoadedImages>;
}
