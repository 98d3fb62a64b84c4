// A Docker Engine restart under a running agent: `berth agent` (the built CLI) runs in the network namespace of a
// private dockerd (test/helpers/dockerd.ts), so its probes reach the pods. The engine is stopped with SIGTERM, which
// stops every container; the agent must keep running, say so per pod and for the host, retry with back-off without
// spinning, and bring the pods back when the engine returns, counting one restart per container as the kubelet does.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../../../src/agent';
import { DockerRuntime } from '../../../src/agent/runtime';
import { secretsDir, unmountTmpfs } from '../../../src/agent/state';
import { startDockerd, type PrivateDockerd } from '../../helpers/dockerd';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images';
import { condition, eventually, startAgentProcess, type AgentProcess } from './harness';

const cluster = `test-engine-${process.pid}`;
const root = mkdtempSync(join(tmpdir(), 'berth-engine-'));
const socketPath = join(root, 'agent.sock');
const runtimeDir = join(root, 'run');
const client = new AgentClient({ socketPath }, { timeoutMs: 10_000 });
let engine: PrivateDockerd;
let agent: AgentProcess | undefined;

const web: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
  spec: {
    terminationGracePeriodSeconds: 2,
    initContainers: [{ name: 'init', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'echo initialized'] }],
    containers: [
      {
        name: 'web',
        image: BUSYBOX_IMAGE,
        // As PID 1 without a handler, httpd ignores the engine's SIGTERM and dies with the sandbox at its stop timeout:
        // the engine's shutdown stops the whole pod at one moment, so the agent sees no instance exit before the rest.
        command: ['sh', '-c', 'mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www'],
        ports: [{ containerPort: 8080 }],
        readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 },
      },
    ],
  },
};

const reported = async (): Promise<Pod> => (await client.listPods()).items.find((p) => p.metadata?.name === 'web')!;
/** CPU time (user + system) the process has used, in seconds. */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** Counts the creations of web containers the engine reports, from now until the engine exits. */
async function countWebCreations(counter: { created: number }): Promise<void> {
  const filters = { type: ['container' as const], event: ['create'], label: [`berth.dev/cluster=${cluster}`, 'berth.dev/container=web'] };
  const stream = await engine.docker.getEvents({ filters });
  stream.on('data', (chunk: Buffer) => (counter.created += String(chunk).split('\n').filter((l) => l.trim()).length));
  stream.on('error', () => undefined);
}
const webCreations = { created: 0 };
const runningContainers = async () => (await engine.docker.listContainers({ filters: { label: [`berth.dev/cluster=${cluster}`] } })).map((c) => c.Labels['berth.dev/container']).sort();

beforeAll(async () => {
  engine = await startDockerd();
  await ensureBusyboxImage(BUSYBOX_IMAGE, engine.docker);
  await new DockerRuntime(engine.docker).ensureSandboxImage();
  agent = await startAgentProcess({ socketPath, stateDir: join(root, 'state'), runtimeDir, cluster, client, env: { DOCKER_HOST: engine.host }, netns: engine.netns });
}, 120_000);

afterAll(async () => {
  if (process.env.BERTH_TEST_LOG) console.error(agent?.output());
  await agent?.stop('SIGKILL');
  await engine?.remove();
  await unmountTmpfs(secretsDir(runtimeDir)).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
}, 120_000);

describe('a Docker Engine restart under the agent', () => {
  it('runs pods on the private engine, Ready through probes from its network namespace', async () => {
    await client.setDesired({ generation: 1, pods: [web], configMaps: [], secrets: [] });
    await eventually(async () => expect(condition(await reported(), 'Ready')?.status).toBe('True'), 30_000);
    expect((await client.hostFacts()).runtime).toEqual({ ready: true });
  });

  it('keeps running while the engine is stopped, reports the outage per pod and for the host, and backs off', async () => {
    await countWebCreations(webCreations);
    await engine.stop();
    const cpuBefore = cpuSeconds(agent!.pid);
    expect(await client.healthz()).toMatchObject({ status: 'ok', hostName: 'h1' });
    const host = await eventually(async () => {
      const facts = await client.hostFacts();
      expect(facts.runtime).toMatchObject({ ready: false, reason: 'ContainerRuntimeDown' });
      return facts;
    });
    expect(host.runtime.message).toContain('container runtime is down');
    expect(host.docker.version).toMatch(/^\d+\./); // what the engine said last
    const pod = await reported();
    expect(condition(pod, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainerRuntimeDown' });
    expect(pod.status?.containerStatuses?.[0].ready).toBe(false);

    // The 4th attempt, logged (after about 7 s of back-off): the outage has lasted through several attempts.
    await eventually(() => expect(agent!.output()).toMatch(/container runtime unreachable \(attempt 4,/), 30_000);
    process.kill(agent!.pid, 0); // still there
    const lines = agent!.output().split('\n').filter((l) => l.includes('container runtime unreachable'));
    // Attempts after about 0, 1, 3 and 7 s; logged at the 1st, 2nd and 4th: a retry with back-off, not one per second.
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines[0]).toMatch(/attempt 1, next in 1s/);
    expect(cpuSeconds(agent!.pid) - cpuBefore).toBeLessThan(2);
  }, 60_000);

  it('brings the pods back when the engine starts again, one restart counted per new instance', async () => {
    await engine.start();
    await countWebCreations(webCreations);
    const pod = await eventually(async () => {
      const p = await reported();
      expect(condition(p, 'Ready')?.status).toBe('True');
      expect(p.status?.containerStatuses?.[0]).toMatchObject({ ready: true, state: { running: {} } });
      return p;
    }, 40_000);
    expect(pod.status?.phase).toBe('Running');
    // Every new instance of web counts one restart, as the kubelet counts them: usually the one made in the new
    // sandbox; one more when the agent restarted web while the engine was still shutting down.
    expect(webCreations.created).toBeGreaterThanOrEqual(1);
    expect(pod.status?.containerStatuses?.[0].restartCount).toBe(webCreations.created);
    // The instance the engine stopped is the last state, as after a node's runtime restart.
    expect(pod.status?.containerStatuses?.[0].lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    // A new sandbox runs the init container again (kuberuntime: createPodSandbox → init containers first).
    expect(pod.status?.initContainerStatuses?.[0]).toMatchObject({ state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(pod.status?.initContainerStatuses?.[0].restartCount).toBeGreaterThanOrEqual(1);
    expect(await runningContainers()).toEqual(['POD', 'web']);
    expect((await client.hostFacts()).runtime).toEqual({ ready: true });
    expect(agent!.output()).toMatch(/container runtime reachable again after \d+s/);
  }, 60_000);
});
