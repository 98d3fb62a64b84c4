// The agent on the shared lab's three hosts, over real SSH: installed through the CLI bundle and found unchanged the
// second time, listed by `berth hosts` as v1 Nodes, then upgraded on h1 under a running pod without restarting it,
// and put back. This is the ONE file that bootstraps the lab's hosts (each host has one agent): it leaves every host
// running the current agent for the lab's own cluster, as it found them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Node, NodeList, Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabStatus } from '../../../src/lab';
import { agentClientFor, agentLayout, bootstrapHost, readAgentBundle, type AgentBundle, type BootstrapReport, type Fleet } from '../../../src/fleet';
import { ROOT } from '../../helpers/cli';
import { ensureBusyboxImage } from '../../helpers/images';
import { buildAgentBundle } from '../fleet/bootstrap-host';
import { berthBin, copyLabRepo, holdLab, hostDocker, labFleet, misalignments, PREFIX, readFleetConfig, removeRepoCopy, sharedLab, waitUntil } from './lab-fleet';

const CLUSTER = `${PREFIX}-${process.pid}`;
const POD_IMAGE = `${PREFIX}/busybox:${process.pid}`;

let release: (() => void) | undefined;
let lab: LabStatus;
let repo: string;
let labCluster: string;
let fleet: Fleet;
let bundle: AgentBundle;
let newer: AgentBundle | undefined;
let h1Docker: Docker;
const bundles = mkdtempSync(join(tmpdir(), `${PREFIX}-bundles-`));

beforeAll(async () => {
  release = await holdLab('e2e-fleet/bootstrap');
  lab = await sharedLab();
  repo = copyLabRepo(lab);
  labCluster = readFleetConfig(repo).cluster.object.metadata.name;
  bundle = await readAgentBundle(join(ROOT, 'dist/berth-agent.mjs'));
  fleet = labFleet(repo);
  h1Docker = hostDocker(lab, 'h1');
}, 360_000);

afterAll(async () => {
  try {
    // Whatever a failed test left on h1: its agent back to the lab's cluster and the current version, then only
    // what this file made removed (containers of its cluster, its image, the newer bundle).
    if (fleet) {
      const session = fleet.session('h1');
      const back = await bootstrapHost(session, { bundle, cluster: labCluster });
      if (back.outcome === 'failed') console.error(`restoring h1's agent failed: ${back.error}`);
      const mine = await h1Docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${CLUSTER}`] } });
      await Promise.all(mine.map((c) => h1Docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
      await h1Docker.getImage(POD_IMAGE).remove().catch(() => undefined);
      if (newer) {
        const layout = agentLayout(await session.env(), 'h1');
        await session.exec(`rm -f '${layout.binDir}/berth-agent-${newer.version}.mjs'`);
      }
      await fleet.close();
    }
  } finally {
    removeRepoCopy(repo);
    rmSync(bundles, { recursive: true, force: true });
    release?.();
  }
}, 120_000);

function bootstrapJson(): { reports: BootstrapReport[]; stderr: string; ms: number } {
  const r = berthBin(['hosts', 'bootstrap', '--repo', repo, '-o', 'json']);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  return { reports: JSON.parse(r.stdout).items, stderr: r.stderr, ms: r.ms };
}

describe('berth hosts bootstrap on the lab, over SSH, through the CLI bundle', () => {
  it('installs the agent on h1, h2 and h3 (or finds it installed) and verifies the running version', () => {
    const { reports, stderr, ms } = bootstrapJson();
    console.log(`berth hosts bootstrap, 3 lab hosts: ${ms} ms (${reports.map((r) => `${r.host} ${r.outcome}`).join(', ')})`);
    expect(stderr).toContain(`bootstrapping berth agent ${bundle.version} on 3 host(s)`);
    expect(reports.map((r) => r.host)).toEqual(['h1', 'h2', 'h3']);
    for (const r of reports) {
      expect(['installed', 'unchanged'], JSON.stringify(r)).toContain(r.outcome);
      expect(r).toMatchObject({ version: bundle.version, supervisor: 'supervisor', missing: [] });
      expect(r.error).toBeUndefined();
    }
  }, 240_000);

  it('changes nothing when run again', () => {
    const { reports, ms } = bootstrapJson();
    console.log(`berth hosts bootstrap again (nothing to do): ${ms} ms`);
    expect(reports.map((r) => [r.host, r.outcome, r.version, r.previousVersion, r.steps])).toEqual(
      ['h1', 'h2', 'h3'].map((h) => [h, 'unchanged', bundle.version, bundle.version, []]),
    );
  }, 240_000);

  it('berth hosts -o json gives a v1 List of the three Nodes, Ready, with the agent version, capacity and images', () => {
    const r = berthBin(['hosts', '--repo', repo, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as NodeList;
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(list.items.map((n) => [n.apiVersion, n.kind, n.metadata?.name])).toEqual(['h1', 'h2', 'h3'].map((h) => ['v1', 'Node', h]));
    for (const [i, node] of list.items.entries()) {
      const status = node.status!;
      expect(status.conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'True', reason: 'AgentReady' })]);
      expect(status.nodeInfo).toMatchObject({ kubeletVersion: `berth/${bundle.version}`, operatingSystem: 'linux', containerRuntimeVersion: expect.stringMatching(/^docker:\/\//) });
      for (const resources of [status.capacity!, status.allocatable!]) {
        expect(Object.keys(resources)).toEqual(expect.arrayContaining(['cpu', 'memory', 'pods']));
        expect(Number(resources.cpu)).toBeGreaterThan(0);
      }
      expect(Array.isArray(status.images)).toBe(true);
      expect(status.addresses).toContainEqual({ type: 'InternalIP', address: `10.77.0.1${i + 1}` });
      expect(node.metadata?.labels?.['topology.kubernetes.io/zone']).toBe(['a', 'b', 'c'][i]);
    }
  });

  it('berth hosts prints an aligned table: every host Ready with its address and agent version', () => {
    const r = berthBin(['hosts', '--repo', repo]);
    expect(r.code, r.stderr).toBe(0);
    console.log(`berth hosts (${r.ms} ms):\n${r.stdout}`);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ADDRESS\s+AGENT\s+CPU\s+MEMORY\s+PODS\s+LAST HEARTBEAT$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 4))).toEqual(
      ['h1', 'h2', 'h3'].map((h, i) => [h, 'Ready', `10.77.0.1${i + 1}`, bundle.version]),
    );
    expect(lines).toHaveLength(4); // no not-Ready lines under the table
    expect(misalignments(r.stdout)).toEqual([]);
  });

  it('berth cordon lands as a commit in the cluster repo, and berth hosts shows the host SchedulingDisabled', () => {
    const cordon = berthBin(['cordon', 'h2', '--repo', repo]);
    expect(cordon.code, cordon.stderr).toBe(0);
    expect(cordon.stdout).toMatch(/^host\/h2 cordoned \(commit [0-9a-f]{7}\)\n$/);
    const hosts = berthBin(['hosts', '--repo', repo, '-o', 'json']);
    const h2 = (JSON.parse(hosts.stdout) as NodeList).items.find((n: Node) => n.metadata?.name === 'h2')!;
    expect(h2.spec?.unschedulable).toBe(true);
    expect(berthBin(['hosts', '--repo', repo]).stdout).toMatch(/^h2\s+Ready,SchedulingDisabled\s+10\.77\.0\.12\s/m);
    expect(berthBin(['uncordon', 'h2', '--repo', repo]).code).toBe(0);
  });
});

const sleeper: Pod = {
  metadata: { name: 'sleeper', namespace: 'default', uid: `uid-${CLUSTER}-sleeper` },
  spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: POD_IMAGE, command: ['sleep', '3600'] }] },
};

describe('an agent upgraded in place on h1 restarts no pod', () => {
  const session = () => fleet.session('h1');
  const agent = () => agentClientFor(session(), undefined, { timeoutMs: 15_000 });
  /** This file's containers on h1's engine: id, state and start time, which a restart would change. */
  const containers = async () => {
    const list = await h1Docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${CLUSTER}`] } });
    // A container being removed right now may be gone by the time it is inspected.
    const inspected = await Promise.all(list.map((c) => h1Docker.getContainer(c.Id).inspect().catch(() => undefined)));
    return inspected.flatMap((c) => (c ? [c] : [])).map((c) => `${c.Id.slice(0, 12)} ${c.State.Status} ${c.State.StartedAt}`).sort();
  };
  const sleeperStatus = async () => (await agent().listPods()).items.find((p) => p.metadata?.name === 'sleeper')?.status;
  let generation = 0;
  let before: string[] = [];
  let running: Pod['status'];

  it('h1 runs the agent for a cluster of this test, and a pod on it', async () => {
    const moved = await bootstrapHost(session(), { bundle, cluster: CLUSTER });
    expect(moved, moved.error).toMatchObject({ outcome: 'installed', version: bundle.version });
    expect(moved.steps).toEqual(expect.arrayContaining(['wrote the supervisor script', 'started the supervisor']));
    await ensureBusyboxImage(POD_IMAGE, h1Docker);

    generation = (await agent().listPods()).generation + 1;
    await agent().setDesired({ generation, pods: [sleeper], configMaps: [], secrets: [] });
    const ms = await waitUntil(
      'the pod runs and is Ready',
      async () => {
        running = await sleeperStatus();
        return running?.phase === 'Running' && running.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
      },
      60_000,
    );
    console.log(`pod Running and Ready on h1 in ${ms} ms`);
    before = await containers();
    expect(before).toHaveLength(2); // the sandbox and the container
    expect(before.every((c) => c.includes(' running '))).toBe(true);
  }, 120_000);

  it('a newer bundle upgrades the agent: healthz answers the new version, the pod keeps its containers', async () => {
    const [major, minor, patch] = bundle.version.split(/[.-]/).map(Number);
    newer = await buildAgentBundle(`${major}.${minor}.${patch + 1}-e2e`, bundles);
    const report = await bootstrapHost(session(), { bundle: newer, cluster: CLUSTER });
    console.log(`upgrade ${bundle.version} → ${newer.version} on h1: ${report.steps.join('; ')}`);
    expect(report, report.error).toMatchObject({ outcome: 'upgraded', previousVersion: bundle.version, version: newer.version });
    expect(report.steps).toEqual([
      `uploaded ${agentLayout(await session().env(), 'h1').binDir}/berth-agent-${newer.version}.mjs`,
      `pointed bin/current.mjs at berth-agent-${newer.version}.mjs`,
      expect.stringMatching(/^restarted the agent \(SIGTERM to pid \d+; containers keep running\)$/),
    ]);
    expect((await agent().healthz()).version).toBe(newer.version);
    await waitUntil('the new agent reports the pod', async () => (await sleeperStatus())?.phase === 'Running', 30_000);
    const after = await sleeperStatus();
    expect(after?.containerStatuses?.map((c) => [c.containerID, c.restartCount])).toEqual(running?.containerStatuses?.map((c) => [c.containerID, 0]));
    expect(await containers()).toEqual(before);
    expect((await bootstrapHost(session(), { bundle: newer, cluster: CLUSTER })).outcome).toBe('unchanged');
  }, 120_000);

  it('the current bundle again puts the older agent back (a downgrade), still without restarting the pod', async () => {
    const report = await bootstrapHost(session(), { bundle, cluster: CLUSTER });
    console.log(`downgrade ${newer!.version} → ${bundle.version} on h1: outcome ${report.outcome}; ${report.steps.join('; ')}`);
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ previousVersion: newer!.version, version: bundle.version });
    expect(report.outcome).toBe('downgraded');
    expect((await agent().healthz()).version).toBe(bundle.version);
    await waitUntil('the agent reports the pod', async () => (await sleeperStatus())?.phase === 'Running', 30_000);
    expect((await sleeperStatus())?.containerStatuses?.map((c) => c.restartCount)).toEqual([0]);
    expect(await containers()).toEqual(before);
  }, 120_000);

  it('clearing the desired set removes the pod; h1 goes back to the lab cluster, and bootstrap finds every host unchanged', async () => {
    await agent().setDesired({ generation: generation + 1, pods: [], configMaps: [], secrets: [] });
    await waitUntil('the pod is gone', async () => (await agent().listPods()).items.length === 0 && (await containers()).length === 0, 60_000);
    const back = await bootstrapHost(session(), { bundle, cluster: labCluster });
    expect(back, back.error).toMatchObject({ outcome: 'installed', version: bundle.version });
    const { reports } = bootstrapJson();
    expect(reports.map((r) => [r.host, r.outcome])).toEqual([['h1', 'unchanged'], ['h2', 'unchanged'], ['h3', 'unchanged']]);
  }, 240_000);
});
