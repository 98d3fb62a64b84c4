// A rollback survives an agent killed with SIGKILL: `berth agent` (the built CLI) run as a child process keeps the
// serving version's spec and the rollback condition in its state dir, so after a restart GET /v1/pods still reports
// the original rollback and the old version keeps its restarts and liveness probe. Everything created here carries
// this file's cluster label and is removed in afterAll.
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
import { condition, eventually, startAgentProcess as startAgent, type AgentProcess } from './harness';

const docker = new Docker();
const cluster = `test-restart-rollback-${process.pid}-${Date.now()}`;
const root = mkdtempSync(join(tmpdir(), 'berth-restart-rollback-'));
const socketPath = join(root, 'agent.sock');
const runtimeDir = join(root, 'run');
const client = new AgentClient({ socketPath }, { timeoutMs: 10_000 });
let agent: AgentProcess | undefined;

async function startAgentProcess(): Promise<void> {
  agent = await startAgent({ socketPath, stateDir: join(root, 'state'), runtimeDir, cluster, client });
}

async function killAgentProcess(): Promise<void> {
  await agent?.stop('SIGKILL');
}

function webPod(version: string, readinessPort: number): Pod {
  const script = `mkdir -p /www && echo ${version} > /www/index.html && exec httpd -f -p 8080 -h /www`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', annotations: { 'berth.dev/replace-deadline-seconds': '3' } },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: 'web',
          image: BUSYBOX_IMAGE,
          command: ['sh', '-c', script],
          readinessProbe: { httpGet: { path: '/', port: readinessPort }, periodSeconds: 1 },
          // Also counts the agent's probes, so the test waits for probes of the restarted agent, not for a time.
          livenessProbe: { exec: { command: ['sh', '-c', 'echo probed >> /liveness-probes; test ! -f /dead'] }, periodSeconds: 1, failureThreshold: 1 },
        },
      ],
    },
  };
}

const desired = (generation: number, pods: Pod[]): DesiredSet => ({ generation, pods, configMaps: [], secrets: [] });

async function web(): Promise<Pod> {
  const found = (await client.listPods()).items.find((p) => p.metadata?.name === 'web');
  expect(found).toBeDefined();
  return found!;
}

const livenessProbes = async () => Number((await client.exec('default', 'web', { command: ['sh', '-c', 'cat /liveness-probes | wc -l'] })).stdout.trim());
const serves = async () => (await client.exec('default', 'web', { command: ['wget', '-qO-', 'http://localhost:8080/'] })).stdout.trim();

beforeAll(async () => {
  await ensureBusyboxImage();
  await new DockerRuntime(docker).ensureSandboxImage();
  await startAgentProcess();
});

afterAll(async () => {
  await killAgentProcess();
  const mine = await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${cluster}`] } });
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  await unmountTmpfs(secretsDir(runtimeDir)).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

describe('a rollback across an agent restart', () => {
  it('keeps the original rollback condition, the old container and its liveness probe after SIGKILL', async () => {
    await client.setDesired(desired(1, [webPod('v1', 8080)]));
    const old = await eventually(async () => {
      const pod = await web();
      expect(condition(pod, 'Ready')?.status).toBe('True');
      return pod;
    });
    const oldHash = old.metadata!.annotations!['berth.dev/spec-hash'];
    const oldId = old.status!.containerStatuses![0].containerID;

    await client.setDesired(desired(2, [webPod('v2', 9999)]));
    const rolledBack = await eventually(async () => {
      const pod = await web();
      expect(condition(pod, CONDITION_ROLLED_BACK)).toMatchObject({ status: 'True', reason: 'NewVersionNotReady' });
      return pod;
    }, 20_000);
    const before = condition(rolledBack, CONDITION_ROLLED_BACK)!;

    const probed = await livenessProbes();
    await killAgentProcess();
    await startAgentProcess();
    // Passes and probes of the new agent: 3 of its probes (the old agent may have probed once more before its kill).
    await eventually(async () => expect(await livenessProbes()).toBeGreaterThanOrEqual(probed + 4));
    const after = await web();
    expect(condition(after, CONDITION_ROLLED_BACK)).toMatchObject({ status: 'True', reason: before.reason, message: before.message });
    expect(after.metadata?.annotations?.['berth.dev/spec-hash']).toBe(oldHash);
    expect(after.status?.containerStatuses?.[0]).toMatchObject({ containerID: oldId, restartCount: 0, ready: true });
    expect(await serves()).toBe('v1');

    // Liveness is still managed for the old version: a failing probe restarts its container.
    await client.exec('default', 'web', { command: ['touch', '/dead'] });
    const restarted = await eventually(async () => {
      const s = (await web()).status?.containerStatuses?.[0];
      expect(s).toMatchObject({ restartCount: 1, state: { running: {} } });
      return s!;
    });
    expect(restarted.lastState?.terminated?.exitCode).toBe(137);
    expect(condition(await web(), CONDITION_ROLLED_BACK)?.reason).toBe(before.reason);
    await eventually(async () => expect(await serves()).toBe('v1'));
  }, 60_000);
});
