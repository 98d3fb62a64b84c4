// The whole agent, as the controller sees it: `berth agent` run as a child process (the built CLI), driven through
// its API over the unix socket with AgentClient, against the real Docker Engine. Everything created here carries this
// file's cluster label and is removed in afterAll.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient, CONDITION_ROLLED_BACK, type DesiredSet } from '../../../src/agent';
import { DockerRuntime } from '../../../src/agent/runtime';
import { secretsDir, unmountTmpfs } from '../../../src/agent/state';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images';
import { eventually, startAgentProcess as startAgent, type AgentProcess } from './harness';

const docker = new Docker();
const cluster = `test-agent-${process.pid}-${Date.now()}`;
const root = mkdtempSync(join(tmpdir(), 'berth-agent-'));
const socketPath = join(root, 'agent.sock');
const runtimeDir = join(root, 'run');
const client = new AgentClient({ socketPath }, { timeoutMs: 10_000 });
let agent: AgentProcess | undefined;

async function startAgentProcess(): Promise<void> {
  agent = await startAgent({ socketPath, stateDir: join(root, 'state'), runtimeDir, cluster, client });
}

async function stopAgentProcess(signal: NodeJS.Signals): Promise<void> {
  await agent?.stop(signal);
}

function webPod(version: string, readinessPort = 8080, annotations: Record<string, string> = {}): Pod {
  const script = `echo serving ${version}; mkdir -p /www && echo ${version} > /www/index.html && exec httpd -f -p 8080 -h /www`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', annotations },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'web',
          image: BUSYBOX_IMAGE,
          command: ['sh', '-c', script],
          ports: [{ containerPort: 8080 }],
          readinessProbe: { httpGet: { path: '/', port: readinessPort }, periodSeconds: 1 },
          // Never fails; counts the agent's probes, so a test that proves nothing changes waits for probes, not a time.
          livenessProbe: { exec: { command: ['sh', '-c', 'echo probed >> /liveness-probes'] }, periodSeconds: 1, timeoutSeconds: 10, failureThreshold: 30 },
        },
      ],
    },
  };
}

const livenessProbes = async () => Number((await client.exec('default', 'web', { command: ['sh', '-c', 'cat /liveness-probes | wc -l'] })).stdout.trim());

const desired = (generation: number, pods: Pod[]): DesiredSet => ({ generation, pods, configMaps: [], secrets: [] });

async function webStatus(): Promise<Pod> {
  const { items } = await client.listPods();
  const web = items.find((p) => p.metadata?.name === 'web');
  expect(web).toBeDefined();
  return web!;
}

const condition = (pod: Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type);

async function readyWeb(): Promise<Pod> {
  return eventually(async () => {
    const web = await webStatus();
    expect(web.status?.phase).toBe('Running');
    expect(condition(web, 'Ready')?.status).toBe('True');
    return web;
  });
}

async function serves(): Promise<string> {
  return (await client.exec('default', 'web', { command: ['wget', '-qO-', 'http://localhost:8080/'] })).stdout.trim();
}

async function managed(): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${cluster}`] } });
}

beforeAll(async () => {
  await ensureBusyboxImage();
  await new DockerRuntime(docker).ensureSandboxImage();
  await startAgentProcess();
});

afterAll(async () => {
  await stopAgentProcess('SIGKILL');
  const mine = await managed();
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  await unmountTmpfs(secretsDir(runtimeDir)).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

describe('berth agent', () => {
  let firstHash = '';

  it('runs a desired web pod until it is Running and Ready, and reports it as the kubelet does', async () => {
    expect(await client.setDesired(desired(1, [webPod('v1')]))).toEqual({ generation: 1 });
    const web = await readyWeb();
    firstHash = web.metadata!.annotations!['berth.dev/spec-hash'];
    expect(firstHash).toMatch(/^[0-9a-f]+$/);
    expect(web.status).toMatchObject({ podIP: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), qosClass: 'BestEffort' });
    expect(web.status?.containerStatuses?.[0]).toMatchObject({
      name: 'web',
      ready: true,
      restartCount: 0,
      containerID: expect.stringMatching(/^docker:\/\/[0-9a-f]{64}$/),
      state: { running: { startedAt: expect.any(String) } },
    });
  });

  it('refuses an older generation with 409 Conflict', async () => {
    await expect(client.setDesired(desired(0, []))).rejects.toMatchObject({ status: 409, code: 'GenerationConflict', reason: 'Conflict' });
    expect((await client.listPods()).generation).toBe(1);
  });

  it('runs commands in a container and streams its logs through the API', async () => {
    expect(await serves()).toBe('v1');
    expect(await client.exec('default', 'web', { command: ['sh', '-c', 'echo oops >&2; exit 3'] })).toEqual({ exitCode: 3, stdout: '', stderr: 'oops\n' });
    const log = await client.logs('default', 'web', { tailLines: 10 });
    let text = '';
    for await (const chunk of log) text += chunk.toString();
    expect(text).toContain('serving v1');
    const host = await client.hostFacts();
    expect(host.hostName).toBe('h1');
    expect(host.images.some((i) => i.names?.includes(BUSYBOX_IMAGE))).toBe(true);
  });

  it('adopts its running containers after SIGKILL and a restart, with restart counts unchanged', async () => {
    const before = await managed();
    const ids = before.map((c) => c.Id).sort();
    await stopAgentProcess('SIGKILL');
    expect((await managed()).filter((c) => c.State === 'running').map((c) => c.Id).sort()).toEqual(ids);
    await startAgentProcess();
    const web = await readyWeb();
    const probed = await livenessProbes();
    await eventually(async () => expect(await livenessProbes()).toBeGreaterThanOrEqual(probed + 3)); // passes and probes of the new agent
    expect((await managed()).map((c) => c.Id).sort()).toEqual(ids);
    expect(web.status?.containerStatuses?.[0].restartCount).toBe(0);
    expect(await serves()).toBe('v1');
  });

  it('recreates a container removed by hand', async () => {
    const web = await readyWeb();
    const id = web.status!.containerStatuses![0].containerID!.replace('docker://', '');
    await docker.getContainer(id).remove({ force: true });
    const again = await eventually(async () => {
      const pod = await readyWeb();
      expect(pod.status!.containerStatuses![0].containerID).not.toBe(`docker://${id}`);
      return pod;
    });
    expect(again.status?.containerStatuses?.[0].state?.running).toBeDefined();
    expect(await serves()).toBe('v1');
  });

  it('replaces a pod whose spec changed: the new version starts beside the old, then the old one stops', async () => {
    await client.setDesired(desired(2, [webPod('v2')]));
    const web = await eventually(async () => {
      const pod = await readyWeb();
      expect(pod.metadata?.annotations?.['berth.dev/spec-hash']).not.toBe(firstHash);
      return pod;
    }, 20_000);
    expect(await serves()).toBe('v2');
    const hash = web.metadata!.annotations!['berth.dev/spec-hash'];
    await eventually(async () => expect(new Set((await managed()).map((c) => c.Labels['berth.dev/spec-hash']))).toEqual(new Set([hash])));
    firstHash = hash;
  });

  it('rolls back a new version that does not become Ready in time, and keeps the old one serving', async () => {
    const old = await readyWeb();
    const oldId = old.status!.containerStatuses![0].containerID;
    await client.setDesired(desired(3, [webPod('v3', 9999, { 'berth.dev/replace-deadline-seconds': '3' })]));
    const web = await eventually(async () => {
      const pod = await webStatus();
      expect(condition(pod, CONDITION_ROLLED_BACK)).toMatchObject({ status: 'True', reason: 'NewVersionNotReady' });
      return pod;
    }, 20_000);
    expect(condition(web, CONDITION_ROLLED_BACK)?.message).toContain('not Ready within 3s');
    expect(web.metadata?.annotations?.['berth.dev/spec-hash']).toBe(firstHash);
    expect(condition(web, 'Ready')?.status).toBe('True');
    expect(web.status?.containerStatuses?.[0].containerID).toBe(oldId);
    expect(await serves()).toBe('v2');
    // The new version's containers are stopped, not running beside the old.
    await eventually(async () => {
      const running = (await managed()).filter((c) => c.State === 'running');
      expect(new Set(running.map((c) => c.Labels['berth.dev/spec-hash']))).toEqual(new Set([firstHash]));
    });
  });

  it('restarts a container whose liveness probe fails, and reports a missing image on its pod only', async () => {
    const live: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'live', namespace: 'default', uid: 'uid-live' },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: [
          {
            name: 'app',
            image: BUSYBOX_IMAGE,
            command: ['sleep', 'inf'],
            livenessProbe: { exec: { command: ['sh', '-c', 'test ! -f /dead'] }, periodSeconds: 1, failureThreshold: 1 },
          },
        ],
      },
    };
    const missing: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'missing', namespace: 'default', uid: 'uid-missing' },
      spec: { containers: [{ name: 'app', image: 'berth-test/not-built:1', imagePullPolicy: 'Never' }] },
    };
    await client.setDesired(desired(4, [webPod('v3', 9999, { 'berth.dev/replace-deadline-seconds': '3' }), live, missing]));
    const status = async (name: string) => (await client.listPods()).items.find((p) => p.metadata?.name === name)!.status!.containerStatuses![0];
    await eventually(async () => expect((await status('live')).state?.running).toBeDefined());
    await eventually(async () => expect((await status('missing')).state?.waiting?.reason).toBe('ErrImageNeverPull'));
    await client.exec('default', 'live', { command: ['touch', '/dead'] });
    const restarted = await eventually(async () => {
      const s = await status('live');
      expect(s).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: { reason: 'Error' } } });
      return s;
    });
    expect(restarted.lastState?.terminated?.exitCode).toBe(137);
    expect(await serves()).toBe('v2'); // the other pods are untouched
  });

  it('stops and removes a pod taken out of the desired set', async () => {
    await client.setDesired(desired(6, []));
    await eventually(async () => expect(await managed()).toEqual([]));
    expect((await client.listPods()).items).toEqual([]);
  });

  it('stops on SIGTERM, leaving containers running', async () => {
    await client.setDesired(desired(7, [webPod('v5')]));
    await readyWeb();
    const running = (await managed()).filter((c) => c.State === 'running').length;
    await stopAgentProcess('SIGTERM');
    expect(agent!.output()).toContain('SIGTERM, stopping');
    expect((await managed()).filter((c) => c.State === 'running').length).toBe(running);
  });
});
