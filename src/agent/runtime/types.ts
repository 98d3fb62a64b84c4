// What the agent needs from a container engine, and nothing more. DockerRuntime (docker.ts) is the implementation;
// tests of the pod lifecycle can plug in another one.
import type { ContainerCreateOptions } from 'dockerode';
import type { ContainerIdentity } from '../labels';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** Docker's states folded to the three a pod's status needs (paused and restarting count as running). */
export type ContainerState = 'created' | 'running' | 'exited';

/** A managed container as the engine reports it. Times are ISO 8601, undefined when the event has not happened. */
export interface ObservedContainer {
  id: string;
  /** Docker name, without the leading slash. */
  name: string;
  labels: Record<string, string>;
  /** From the labels; every container listManaged returns has one. */
  identity: ContainerIdentity;
  image: string;
  imageId: string;
  state: ContainerState;
  exitCode: number;
  startedAt?: string;
  finishedAt?: string;
  oomKilled: boolean;
  /** The container's address on Docker's bridge; for a container in a sandbox's network, the sandbox's. */
  ip?: string;
  /** HostConfig.NetworkMode: `container:<sandbox id>` for a pod's containers. */
  networkMode: string;
  /** Docker's error when the container could not start (a missing executable, …). */
  error?: string;
}

/** A HostConfig.Mounts entry, as the Engine API takes it (dockerode's type wants fields tmpfs mounts lack). */
export interface MountSpec {
  Type: 'bind' | 'tmpfs' | 'volume';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  BindOptions?: { Propagation?: 'private' | 'rprivate' | 'shared' | 'rshared' | 'slave' | 'rslave' };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

/** Docker create options plus the container's name (which Docker wants as a query parameter). */
export type CreateSpec = ContainerCreateOptions & { name: string };

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Give up after this long (the exec keeps running inside the container: Docker cannot kill an exec). */
  timeoutMs?: number;
}

export interface LogOptions {
  tailLines?: number;
  /** Only lines newer than this, in seconds before now. */
  sinceSeconds?: number;
  follow?: boolean;
  timestamps?: boolean;
}

export interface ContainerStats {
  /** When the engine sampled. */
  timestamp: string;
  /** CPU used over the engine's last sampling interval, in millicores. */
  cpuMillicores: number;
  /** Cumulative CPU time, in nanoseconds. */
  cpuUsageNanos: number;
  /** The working set as the kubelet counts it: usage minus inactive file cache (what the OOM killer looks at). */
  memoryWorkingSetBytes: number;
  memoryUsageBytes: number;
  memoryLimitBytes: number;
}

export interface RuntimeVersion {
  version: string;
  apiVersion: string;
}

export interface RuntimeInfo {
  cpus: number;
  memoryBytes: number;
  kernelVersion: string;
  operatingSystem: string;
  dockerRootDir: string;
  cgroupVersion: string;
}

export interface ImageSummary {
  id: string;
  repoTags: string[];
  sizeBytes: number;
}

export interface ContainerRuntime {
  /** Every container this agent's cluster owns (managed label and cluster label), in any state. Others are invisible. */
  listManaged(cluster: string, signal?: AbortSignal): Promise<ObservedContainer[]>;
  inspect(id: string): Promise<ObservedContainer>;
  /**
   * Makes `image` present as the policy says; true when it pulled, after telling `onPulling` as the pull began (the
   * kubelet's Pulling event). Throws ErrImagePull or ErrImageNeverPull.
   */
  ensureImage(image: string, pullPolicy: PullPolicy, onPulling?: () => void): Promise<boolean>;
  /** Builds the pod sandbox image when missing; returns its tag. */
  ensureSandboxImage(): Promise<string>;
  /** Returns the new container's id. Throws CreateContainerError. */
  createContainer(spec: CreateSpec): Promise<string>;
  /** Throws RunContainerError (a missing executable, a bad working directory). */
  start(id: string): Promise<void>;
  /** The container's stop signal (SIGTERM by default), then SIGKILL after graceSeconds. Stopped or gone: no-op. */
  stop(id: string, graceSeconds: number): Promise<void>;
  /** Removes the container (forcefully, if running). Gone already: no-op. */
  remove(id: string): Promise<void>;
  /** stdout and stderr interleaved, as plain text. */
  logs(id: string, options?: LogOptions): Promise<NodeJS.ReadableStream>;
  exec(id: string, command: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Takes about a second: the engine samples CPU twice to give a rate. */
  stats(id: string): Promise<ContainerStats>;
  /** The signals of listManaged, version and listImages abandon a call the engine does not answer (RuntimeHealth). */
  version(signal?: AbortSignal): Promise<RuntimeVersion>;
  info(): Promise<RuntimeInfo>;
  listImages(signal?: AbortSignal): Promise<ImageSummary[]>;
  /**
   * `docker load` of a `docker save` tar, read as it streams; returns what Docker says it loaded ("repo:tag", or the
   * image ID of an untagged image). Throws ImageLoadFailed when Docker refuses it; aborting the signal stops it.
   */
  loadImage(tar: NodeJS.ReadableStream, signal?: AbortSignal): Promise<string[]>;
}
