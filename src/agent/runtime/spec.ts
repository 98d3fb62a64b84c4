// Pure builders: a pod and one of its containers → Docker create options. Tested by equality; docker.ts runs them.
import type { MountSettings, PortMap } from 'dockerode';
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1';
import { containerName, identityLabels, podUid, SANDBOX_CONTAINER, type ContainerIdentity } from '../labels';
import { podDns, podHostname, type ClusterDns } from './dns';
import { containerEnv, envList, expandVars } from './env';
import { CreateContainerConfigError } from './errors';
import { resourceConfig } from './resources';
import type { CreateSpec, MountSpec } from './types';

/** How many times a container has been created (attempt) and restarted (restartCount) so far. */
export interface InstanceOptions {
  cluster: string;
  specHash: string;
  attempt: number;
  restartCount: number;
}

export interface SandboxOptions extends InstanceOptions {
  /** The sandbox image's tag (ensureSandboxImage). */
  image: string;
  dns?: ClusterDns;
}

export interface ContainerOptions extends InstanceOptions {
  sandboxId: string;
  podIP?: string;
  hostIP?: string;
  nodeName?: string;
  configMaps: ReadonlyMap<string, ConfigMap>;
  secrets: ReadonlyMap<string, Secret>;
  /** The container's volume mounts, resolved by the volumes module. */
  mounts?: MountSpec[];
  /** The cluster allows privileged containers. */
  allowPrivileged?: boolean;
}

/** Where a hostPort is published when its port names no hostIP: every IPv4 address, as Kubernetes' hostport manager. */
export const ALL_IPV4 = '0.0.0.0';

/** The command that keeps a sandbox alive: it only holds the pod's namespaces. */
export const SANDBOX_COMMAND = ['/bin/busybox', 'sleep', 'inf'];

export function identityOf(pod: Pod, container: string, o: InstanceOptions): ContainerIdentity {
  const { cluster, specHash, attempt, restartCount } = o;
  const namespace = pod.metadata?.namespace ?? 'default';
  return { cluster, namespace, pod: pod.metadata!.name!, podUid: podUid(pod), container, specHash, attempt, restartCount };
}

/** The sandbox: owns the pod's network (hostname, DNS, published ports) and IPC namespaces. */
export function sandboxSpec(pod: Pod, o: SandboxOptions): CreateSpec {
  const spec = pod.spec!;
  const identity = identityOf(pod, SANDBOX_CONTAINER, o);
  const exposed: Record<string, {}> = {};
  const bindings: PortMap = {};
  for (const c of spec.containers) {
    for (const p of c.ports ?? []) {
      const key = `${p.containerPort}/${(p.protocol ?? 'TCP').toLowerCase()}`;
      exposed[key] = {};
      if (p.hostPort) (bindings[key] ??= []).push({ HostIp: p.hostIP || ALL_IPV4, HostPort: String(p.hostPort) });
    }
  }
  const sysctls = Object.fromEntries((spec.securityContext?.sysctls ?? []).map((s) => [s.name, s.value]));
  const hostNetwork = spec.hostNetwork === true;
  return {
    name: containerName(identity),
    Image: o.image,
    Entrypoint: SANDBOX_COMMAND,
    Labels: identityLabels(identity),
    ...(hostNetwork ? {} : podHostname(pod, o.dns?.domain)),
    ...(Object.keys(exposed).length && !hostNetwork ? { ExposedPorts: exposed } : {}),
    HostConfig: {
      NetworkMode: hostNetwork ? 'host' : 'bridge',
      // The pod's containers join this IPC namespace, which Docker only allows for a "shareable" one.
      IpcMode: 'shareable',
      RestartPolicy: { Name: 'no' },
      ...(Object.keys(bindings).length && !hostNetwork ? { PortBindings: bindings } : {}),
      ...podDns(pod, o.dns),
      ...(spec.hostAliases?.length ? { ExtraHosts: spec.hostAliases.flatMap((a) => (a.hostnames ?? []).map((h) => `${h}:${a.ip}`)) } : {}),
      ...(Object.keys(sysctls).length ? { Sysctls: sysctls } : {}),
    },
  };
}

/**
 * An app or init container, joined to the sandbox's network and IPC namespaces. Throws CreateContainerConfigError
 * when the spec cannot be honoured here (a missing ConfigMap, privileged where the cluster forbids it).
 */
export function containerSpec(pod: Pod, container: Container, o: ContainerOptions): CreateSpec {
  const identity = identityOf(pod, container.name, o);
  const env = containerEnv(container, { pod, podIP: o.podIP, hostIP: o.hostIP, nodeName: o.nodeName, configMaps: o.configMaps, secrets: o.secrets });
  const sandbox = `container:${o.sandboxId}`;
  const security = securityConfig(pod, container, o.allowPrivileged === true);
  const create: CreateSpec = {
    name: containerName(identity),
    Image: container.image,
    Labels: identityLabels(identity),
    Env: envList(env),
    HostConfig: {
      NetworkMode: sandbox,
      IpcMode: sandbox,
      ...(pod.spec?.shareProcessNamespace ? { PidMode: sandbox } : {}),
      RestartPolicy: { Name: 'no' }, // the agent restarts containers itself, with the pod's policy and back-off
      ...resourceConfig(container.resources),
      ...security.host,
      ...(o.mounts?.length ? { Mounts: o.mounts as MountSettings[] } : {}),
    },
    ...security.config,
  };
  // command replaces the image's ENTRYPOINT and args its CMD; with command alone, Docker drops the image's CMD too.
  if (container.command) create.Entrypoint = container.command.map((s) => expandVars(s, env));
  if (container.args) create.Cmd = container.args.map((s) => expandVars(s, env));
  if (container.workingDir) create.WorkingDir = container.workingDir;
  if (container.tty) create.Tty = true;
  if (container.stdin) Object.assign(create, { OpenStdin: true, StdinOnce: container.stdinOnce === true });
  return create;
}

function securityConfig(pod: Pod, container: Container, allowPrivileged: boolean) {
  const podSc = pod.spec?.securityContext ?? {};
  const sc = container.securityContext ?? {};
  if (sc.privileged && !allowPrivileged) {
    throw new CreateContainerConfigError(`container ${container.name} is privileged, which this cluster does not allow`, { container: container.name });
  }
  const user = sc.runAsUser ?? podSc.runAsUser;
  const group = sc.runAsGroup ?? podSc.runAsGroup;
  if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) && user === 0) {
    throw new CreateContainerConfigError(`container ${container.name} has runAsNonRoot and runAsUser 0`, { container: container.name });
  }
  const groups = [...(podSc.fsGroup !== undefined ? [podSc.fsGroup] : []), ...(podSc.supplementalGroups ?? [])];
  const caps = sc.capabilities ?? {};
  return {
    config: user !== undefined ? { User: group !== undefined ? `${user}:${group}` : String(user) } : {},
    host: {
      ...(sc.privileged ? { Privileged: true } : {}),
      ...(sc.readOnlyRootFilesystem ? { ReadonlyRootfs: true } : {}),
      ...(caps.add?.length ? { CapAdd: [...caps.add] } : {}),
      ...(caps.drop?.length ? { CapDrop: [...caps.drop] } : {}),
      ...(sc.allowPrivilegeEscalation === false ? { SecurityOpt: ['no-new-privileges'] } : {}),
      ...(groups.length ? { GroupAdd: groups.map(String) } : {}),
    },
  };
}
