// The container runtime: the only module that talks to Docker. Pure builders (spec, env, resources, dns) turn pods
// into create options; DockerRuntime runs them.
export type {
  ContainerRuntime,
  ContainerState,
  ContainerStats,
  CreateSpec,
  ExecOptions,
  ExecResult,
  ImageSummary,
  LogOptions,
  MountSpec,
  ObservedContainer,
  PullPolicy,
  RuntimeInfo,
  RuntimeVersion,
} from './types';
export {
  RuntimeError,
  ErrImagePull,
  ErrImageNeverPull,
  CreateContainerConfigError,
  CreateContainerError,
  RunContainerError,
  ContainerNotFound,
  ExecTimeout,
  ImageLoadFailed,
} from './errors';
export { DockerRuntime } from './docker';
export { sandboxSpec, containerSpec, identityOf, SANDBOX_COMMAND, ALL_IPV4, type InstanceOptions, type SandboxOptions, type ContainerOptions } from './spec';
export { containerEnv, envList, expandVars, fieldValue, type EnvSources } from './env';
export { resourceConfig, milliCpuToShares, milliCpuToQuota, CPU_PERIOD_US, type ResourceConfig } from './resources';
export { podDns, podHostname, type ClusterDns, type DnsConfig } from './dns';
export { ensureSandboxImage, buildImage, imageExists, SANDBOX_IMAGE, SANDBOX_VERSION, type BuildOptions } from './sandbox';
export { toStats } from './stats';
