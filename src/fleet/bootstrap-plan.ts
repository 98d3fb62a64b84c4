// From what a host has (BootstrapFacts, and the version its agent answers with) to what bootstrap must do: the
// missing prerequisites with what to do about each, or the steps, in order. Nothing to do is an empty list, which is
// what makes bootstrap idempotent. Pure.
import type { AgentLayout } from './bootstrap-layout';
import { bundleFileName } from './bootstrap-layout';
import type { BootstrapFacts } from './bootstrap-probe';
import { supervisorScript, systemdUnit } from './bootstrap-files';

export const MIN_NODE_MAJOR = 20;
export const DEFAULT_MIN_FREE_BYTES = 1024 ** 3;

export interface MissingPrerequisite {
  name: 'node' | 'docker' | 'disk' | 'setsid';
  message: string;
  /** What to do about it. */
  fix: string;
}

export type BootstrapStep =
  | { kind: 'upload-bundle'; path: string }
  | { kind: 'link-current'; target: string }
  | { kind: 'write-supervisor'; content: string }
  | { kind: 'stop-supervisor'; pid: number }
  | { kind: 'stop-agent'; pid: number }
  | { kind: 'start-supervisor' }
  | { kind: 'restart-agent'; pid: number }
  | { kind: 'write-unit'; content: string }
  | { kind: 'enable-unit' }
  | { kind: 'restart-unit' };

export interface BootstrapWanted {
  layout: AgentLayout;
  version: string;
  sha256: string;
  cluster: string;
  extraArgs?: readonly string[];
  minFreeBytes?: number;
}

export type BootstrapPlan = { missing: MissingPrerequisite[]; steps: [] } | { missing: []; steps: BootstrapStep[] };

/** `running` is the version the host's agent answers GET /v1/healthz with, if it answers. */
export function planBootstrap(facts: BootstrapFacts, wanted: BootstrapWanted, running?: string): BootstrapPlan {
  const missing = missingPrerequisites(facts, wanted);
  if (missing.length > 0 || !facts.node) return { missing, steps: [] };
  const { layout, version } = wanted;
  const options = { nodePath: facts.node.path, cluster: wanted.cluster, extraArgs: wanted.extraArgs };
  const steps: BootstrapStep[] = [];
  const bundle = bundleFileName(version);
  const upload = facts.bundleSha256 !== wanted.sha256;
  if (upload) steps.push({ kind: 'upload-bundle', path: `${layout.binDir}/${bundle}` });
  const relink = facts.currentTarget !== bundle;
  if (relink) steps.push({ kind: 'link-current', target: bundle });
  // A new build under the same version (a developer's, or a rebuilt release) replaces the file the running agent
  // was started from: restart it too, or the host would run code that is no longer on its disk.
  const stale = relink || (upload && facts.bundleSha256 !== undefined) || (running !== undefined && running !== version);

  if (facts.systemd) {
    const unit = systemdUnit(layout, options);
    const unitChanged = facts.unit !== unit;
    if (unitChanged) steps.push({ kind: 'write-unit', content: unit });
    if (facts.unitActive !== 'active') steps.push({ kind: 'enable-unit' });
    else if (unitChanged || stale) steps.push({ kind: 'restart-unit' });
    return { missing: [], steps };
  }

  const script = supervisorScript(layout, options);
  const scriptChanged = facts.supervisorScript !== script;
  if (scriptChanged) steps.push({ kind: 'write-supervisor', content: script });
  if (facts.supervisorPid !== undefined && scriptChanged) {
    steps.push({ kind: 'stop-supervisor', pid: facts.supervisorPid }, { kind: 'start-supervisor' });
  } else if (facts.supervisorPid === undefined) {
    // An agent whose supervisor is gone would hold the socket against the one the new supervisor starts.
    if (facts.agentPid !== undefined) steps.push({ kind: 'stop-agent', pid: facts.agentPid });
    steps.push({ kind: 'start-supervisor' });
  } else if (stale && facts.agentPid !== undefined) {
    steps.push({ kind: 'restart-agent', pid: facts.agentPid });
  }
  return { missing: [], steps };
}

export function missingPrerequisites(facts: BootstrapFacts, { layout, minFreeBytes = DEFAULT_MIN_FREE_BYTES }: BootstrapWanted): MissingPrerequisite[] {
  const missing: MissingPrerequisite[] = [];
  if (!facts.node) {
    missing.push({ name: 'node', message: 'node is not on PATH', fix: `install Node.js ${MIN_NODE_MAJOR} or later (nodejs.org, or your distribution's nodejs package)` });
  } else if (nodeMajor(facts.node.version) < MIN_NODE_MAJOR) {
    missing.push({ name: 'node', message: `node ${facts.node.version} at ${facts.node.path} is too old`, fix: `upgrade Node.js to ${MIN_NODE_MAJOR} or later` });
  }
  if (!facts.docker.reachable) {
    missing.push({
      name: 'docker',
      message: `no Docker Engine answers at ${facts.docker.endpoint}${facts.docker.error ? ` (${facts.docker.error})` : ''}`,
      fix: layout.dockerHost
        ? `start the Docker Engine that DOCKER_HOST names, or correct DOCKER_HOST`
        : 'install the Docker Engine (Debian: apt-get install docker.io) and start it (systemctl start docker)',
    });
  }
  if (facts.disk && facts.disk.freeBytes < minFreeBytes) {
    missing.push({
      name: 'disk',
      message: `${mebibytes(facts.disk.freeBytes)} free in ${facts.disk.path}, the agent home's file system`,
      fix: `free at least ${mebibytes(minFreeBytes)} there`,
    });
  }
  if (!facts.systemd && !facts.setsid) {
    missing.push({ name: 'setsid', message: 'setsid is not on PATH (needed to supervise the agent without systemd)', fix: 'install util-linux' });
  }
  return missing;
}

function nodeMajor(version: string): number {
  const match = /^v?(\d+)\./.exec(version);
  return match ? Number(match[1]) : 0;
}

function mebibytes(bytes: number): string {
  return `${Math.floor(bytes / 1024 ** 2)} MiB`;
}
