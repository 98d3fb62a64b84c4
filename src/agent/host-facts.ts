// What a host reports about itself (GET /v1/host): the controller turns it into the v1 Node's status.
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import type { ContainerImage } from 'kubernetes-types/core/v1';
import { quantityFromBytes, quantityFromMillis } from '../manifest';
import type { StateRecovery } from '../common';
import type { RuntimeStatus } from './loop';

export type { RuntimeStatus };

/** The kubelet's default --max-pods. */
export const DEFAULT_MAX_PODS = 110;

export interface HostFacts {
  hostName: string;
  /** The agent's version, as the Node's status.nodeInfo.kubeletVersion. */
  agentVersion: string;
  /**
   * Whether Docker answers (the Node's Ready condition turns False with its reason when not). While it does not,
   * `docker` and `images` are what it said last.
   */
  runtime: RuntimeStatus;
  /** os.release(), as the Node's status.nodeInfo.kernelVersion. */
  kernel: string;
  operatingSystem: string;
  /** PRETTY_NAME of /etc/os-release (e.g. "Debian GNU/Linux 12 (bookworm)"), as the Node's nodeInfo.osImage. */
  osImage?: string;
  /** In Go's names, as Kubernetes' kubernetes.io/arch label: amd64, arm64, … */
  architecture: string;
  cpu: { count: number };
  memory: { totalBytes: number; freeBytes: number };
  /** The file system of the agent's state folder (emptyDir volumes live there too). */
  disk: { path: string; totalBytes: number; freeBytes: number };
  docker: { version: string; apiVersion?: string };
  /** As the v1 Node's status.capacity and status.allocatable: cpu, memory, ephemeral-storage, pods. */
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  /** Images present, as the Node's status.images. */
  images: ContainerImage[];
  /** Whether the state folder takes writes (full → the Node's DiskPressure), and state files found torn at start. */
  stateFolder?: StateFolderFacts;
}

export interface StateFolderFacts {
  full?: { reason: string; message: string; since: string };
  /** Each state file the agent found unreadable at its start: kept aside, and what it went on with. */
  recoveries?: StateRecovery[];
}

export interface HostFactsInput {
  stateDir: string;
  /** Default os.hostname(). */
  hostName?: string;
  /** Default 'unknown'. */
  agentVersion?: string;
  /** Default ready. */
  runtime?: RuntimeStatus;
  docker: { version: string; apiVersion?: string };
  images: ContainerImage[];
  /** Kept back from pods for the system (the kubelet's system-reserved + kube-reserved). Default nothing. */
  reserved?: { cpuMillis?: number; memoryBytes?: number; ephemeralStorageBytes?: number };
  maxPods?: number;
  stateFolder?: StateFolderFacts;
}

export function collectHostFacts({
  stateDir,
  hostName = os.hostname(),
  agentVersion = 'unknown',
  runtime = { ready: true },
  docker,
  images,
  reserved = {},
  maxPods = DEFAULT_MAX_PODS,
  stateFolder,
}: HostFactsInput): HostFacts {
  const fs = statfsSync(stateDir);
  const cpuCount = os.availableParallelism();
  const memory = os.totalmem();
  const disk = { path: stateDir, totalBytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize };
  const resources = (cpuMillis: number, memoryBytes: number, storageBytes: number) => ({
    cpu: quantityFromMillis(Math.max(0, cpuMillis)),
    memory: quantityFromBytes(Math.max(0, memoryBytes)),
    'ephemeral-storage': quantityFromBytes(Math.max(0, storageBytes)),
    pods: String(maxPods),
  });
  return {
    hostName,
    agentVersion,
    runtime,
    kernel: os.release(),
    operatingSystem: os.platform(),
    osImage: osImage(),
    architecture: goArch(os.arch()),
    cpu: { count: cpuCount },
    memory: { totalBytes: memory, freeBytes: os.freemem() },
    disk,
    docker,
    capacity: resources(cpuCount * 1000, memory, disk.totalBytes),
    allocatable: resources(
      cpuCount * 1000 - (reserved.cpuMillis ?? 0),
      memory - (reserved.memoryBytes ?? 0),
      disk.totalBytes - (reserved.ephemeralStorageBytes ?? 0),
    ),
    images,
    ...(stateFolder?.full || stateFolder?.recoveries?.length ? { stateFolder } : {}),
  };
}

function osImage(): string | undefined {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

function goArch(nodeArch: string): string {
  return ({ x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[nodeArch] ?? nodeArch;
}
