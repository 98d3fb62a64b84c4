// What syncPod is given and returns, in a file of its own: the helpers syncPod calls (sandbox, instances, kill) use
// these types too, and would otherwise import the file that imports them.
import type { ConfigMap, Container, Secret } from 'kubernetes-types/core/v1';
import type { PodEventInput } from '../events';
import type { ClusterDns, MountSpec, ObservedContainer } from '../runtime';
import type { CrashLoopBackOff } from './backoff';
import type { ImagePullBackOff } from './image-backoff';

/**
 * Whether to start a new instance of a container whose last one exited. The seam for the restart policy and
 * CrashLoopBackOff (pods/backoff.ts); it is also asked about failed init containers.
 */
export type RestartDecider = (container: Container, last: ObservedContainer, now: Date) => boolean;

export interface SyncContext {
  cluster: string;
  now: Date;
  hostIP?: string;
  nodeName?: string;
  dns?: ClusterDns;
  /** The pod namespace's ConfigMaps and Secrets, by name. */
  configMaps?: ReadonlyMap<string, ConfigMap>;
  secrets?: ReadonlyMap<string, Secret>;
  /** A container's mounts, resolved by the volumes module. */
  mounts?: (container: Container) => MountSpec[];
  allowPrivileged?: boolean;
  shouldRestart?: RestartDecider;
  /** Failed pulls and their back-off (ImagePullBackOff); without it, every pass pulls again. */
  pullBackoff?: ImagePullBackOff;
  /** Failed sandbox creations and their back-off (pods/sandbox.ts); without it, every pass tries again. */
  sandboxBackoff?: CrashLoopBackOff;
  /** Hears the pod's events as they happen (Pulling, Pulled, Failed, Created, Started), for the event recorder. */
  recordEvent?: (event: PodEventInput) => void;
}

export type SyncAction =
  | { type: 'create'; container: string; id: string; attempt: number; reason: string }
  | { type: 'start'; container: string; id: string }
  | { type: 'stop'; container: string; id: string; reason: string }
  | { type: 'remove'; container: string; id: string; reason: string };

export interface SyncResult {
  actions: SyncAction[];
  /** Containers that could not be created or started, by name: reason is the error's code (ErrImagePull, …). */
  waiting: Record<string, { reason: string; message: string }>;
  sandboxId?: string;
  podIP?: string;
}
