// CrashLoopBackOff across an agent restart: `berth agent` (the built CLI) is SIGKILLed in the middle of a back-off
// and started again; the back-off goes on where it was (the restart still waits for its 10 s, the next window is
// 20 s) instead of starting over with an immediate restart, and the waiting reason is reported all along.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../../../src/agent';
import { DockerRuntime } from '../../../src/agent/runtime';
import { secretsDir, unmountTmpfs } from '../../../src/agent/state';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images';
import { eventually, startAgentProcess, type AgentProcess } from './harness';

const docker = new Docker();
const cluster = `test-crashrestart-${process.pid}-${Date.now()}`;
const root = mkdtempSync(join(tmpdir(), 'berth-crashrestart-'));
const socketPath = join(root, 'agent.sock');
const stateDir = join(root, 'state');
const runtimeDir = join(root, 'run');
const client = new AgentClient({ socketPath }, { timeoutMs: 10_000 });
let agent: AgentProcess | undefined;
const start = async () => (agent = await startAgentProcess({ socketPath, stateDir, runtimeDir, cluster, client }));

const crash: Pod = {
  metadata: { name: 'crash', namespace: 'default', uid: 'uid-crash' },
  spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'exit 1'] }] },
};
const status = async (): Promise<ContainerStatus | undefined> => (await client.listPods()).items[0]?.status?.containerStatuses?.[0];
const message = (seconds: number) => `back-off ${seconds}s restarting failed container=app pod=crash_default(uid-crash)`;

beforeAll(async () => {
  await ensureBusyboxImage();
  await new DockerRuntime(docker).ensureSandboxImage();
  await start();
});

afterAll(async () => {
  await agent?.stop('SIGKILL');
  const mine = await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${cluster}`] } });
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  await unmountTmpfs(secretsDir(runtimeDir)).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

describe('CrashLoopBackOff across an agent restart', () => {
  it('continues the back-off where it was instead of restarting at once', async () => {
    await client.setDesired({ generation: 1, pods: [crash], configMaps: [], secrets: [] });
    const waiting = await eventually(async () => {
      const s = await status();
      expect(s).toMatchObject({ restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff', message: message(10) } } });
      return s!;
    });
    const finishedAt = Date.parse(waiting.lastState!.terminated!.finishedAt!);
    expect(existsSync(join(stateDir, 'backoff.json'))).toBe(true);

    await agent!.stop('SIGKILL');
    await start();
    // Back at once with the same waiting reason, and no restart inside the window.
    expect(await status()).toMatchObject({ restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff', message: message(10) } } });
    const restarted = await eventually(async () => {
      const s = await status();
      expect(s?.restartCount).toBeGreaterThanOrEqual(2);
      return s!;
    }, 20_000);
    // In the engine's own record (whole seconds): the new instance started once the 10 s window had passed.
    const next = restarted.state?.running ?? restarted.state?.terminated ?? restarted.lastState?.terminated;
    expect(Date.parse(next!.startedAt!) - finishedAt).toBeGreaterThanOrEqual(9_000);
    // The sequence went on: the next window is 20 s, not 10 s again.
    await eventually(async () => expect(await status()).toMatchObject({ restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff', message: message(20) } } }));
  }, 45_000);
});
