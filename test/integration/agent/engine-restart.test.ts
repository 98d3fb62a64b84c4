// A Docker Engine restart under a running agent: `berth agent` (the built CLI) runs in the network namespace of a
// private dockerd (test/helpers/dockerd.ts), so its probes reach the pods. The engine is stopped with SIGTERM, which
// stops every container; the agent must keep running, say so per pod and for the host, retry with back-off without
// spinning, and bring the pods back when the engine returns, counting one restart per container as the kubelet does.
// Pods that finished (a CronJob's Job pod under OnFailure, a failed one under Never) never run again: not after the
// engine restart, not after a SIGKILL and restart of the agent, not for a new desired set or spec; their sandbox is
// gone, and their phase, exit codes and logs stay readable until they leave the desired set.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../../../src/agent';
import { DockerRuntime } from '../../../src/agent/runtime';
import { secretsDir, unmountTmpfs } from '../../../src/agent/state';
import { specHashOf } from '../../../src/manifest';
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

/** A CronJob's Job pod: restartPolicy OnFailure, an init container, done in a moment. */
const nightly: Pod = {
  metadata: { name: 'nightly-29433600-x7k2p', namespace: 'default', uid: 'uid-nightly' },
  spec: {
    restartPolicy: 'OnFailure',
    terminationGracePeriodSeconds: 2,
    initContainers: [{ name: 'fetch', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'echo fetched'] }],
    containers: [{ name: 'backup', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'echo backup done'] }],
  },
};
/** A Job pod under restartPolicy Never that fails. */
const migrate: Pod = {
  metadata: { name: 'migrate-5d8fq', namespace: 'default', uid: 'uid-migrate' },
  spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 2, containers: [{ name: 'migrate', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'echo schema locked; exit 3'] }] },
};
const finished = [nightly.metadata!.name!, migrate.metadata!.name!];

const reported = async (name = 'web'): Promise<Pod> => (await client.listPods()).items.find((p) => p.metadata?.name === name)!;
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

/** Every container event of the cluster on the engine, in the engine's order. */
const events: Array<{ action: string; pod: string; container: string }> = [];
/** Records the engine's events from `since` (unix seconds: replayed from the engine's own log) until it exits. */
async function recordEvents(since: number): Promise<void> {
  const stream = await engine.docker.getEvents({ since, filters: { type: ['container'], label: [`berth.dev/cluster=${cluster}`] } });
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const lines = (rest + String(chunk)).split('\n');
    rest = lines.pop()!;
    for (const line of lines.filter((l) => l.trim())) {
      const e = JSON.parse(line) as { Action: string; Actor?: { Attributes?: Record<string, string> } };
      const labels = e.Actor?.Attributes ?? {};
      events.push({ action: e.Action, pod: labels['berth.dev/pod'], container: labels['berth.dev/container'] });
    }
  });
  stream.on('error', () => undefined);
}
const unixNow = () => Math.floor(Date.now() / 1000);
/** Creations of the finished pods' containers (sandbox included) among the events from `mark` on. */
const finishedCreations = (mark: number) => events.slice(mark).filter((e) => e.action === 'create' && finished.includes(e.pod));
/** Waits until the events from `mark` on hold one that matches. */
const eventSeen = (mark: number, action: string, pod: string, container: string) =>
  eventually(() => expect(events.slice(mark).some((e) => e.action === action && e.pod === pod && e.container === container)).toBe(true), 40_000);
/** Every container of a pod, running or not: the names in its spec, POD for the sandbox. */
const containersOf = async (pod: Pod) =>
  (await engine.docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${cluster}`, `berth.dev/pod-uid=${pod.metadata!.uid}`] } })).map((c) => c.Labels['berth.dev/container']).sort();
const logsOf = async (name: string): Promise<string> => {
  let text = '';
  for await (const chunk of await client.logs('default', name, {})) text += chunk.toString();
  return text;
};
/** The finished pods as the agent reports them: phase, exit code, reason and logs, with no sandbox left. */
async function expectFinishedReadable(): Promise<void> {
  const done = await reported(nightly.metadata!.name);
  expect(done.status?.phase).toBe('Succeeded');
  expect(done.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
  expect(done.status?.initContainerStatuses?.[0]).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
  const failed = await reported(migrate.metadata!.name);
  expect(failed.status?.phase).toBe('Failed');
  expect(failed.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 0, state: { terminated: { exitCode: 3, reason: 'Error' } } });
  expect(await logsOf(nightly.metadata!.name!)).toBe('backup done\n');
  expect(await logsOf(migrate.metadata!.name!)).toBe('schema locked\n');
  expect(await containersOf(nightly)).toEqual(['backup', 'fetch']);
  expect(await containersOf(migrate)).toEqual(['migrate']);
}
let agentOptions: Parameters<typeof startAgentProcess>[0];
const runningContainers = async () => (await engine.docker.listContainers({ filters: { label: [`berth.dev/cluster=${cluster}`] } })).map((c) => c.Labels['berth.dev/container']).sort();

beforeAll(async () => {
  engine = await startDockerd();
  await ensureBusyboxImage(BUSYBOX_IMAGE, engine.docker);
  await new DockerRuntime(engine.docker).ensureSandboxImage();
  await recordEvents(unixNow() - 1);
  agentOptions = { socketPath, stateDir: join(root, 'state'), runtimeDir, cluster, client, env: { DOCKER_HOST: engine.host }, netns: engine.netns };
  agent = await startAgentProcess(agentOptions);
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
    await client.setDesired({ generation: 1, pods: [web, nightly, migrate], configMaps: [], secrets: [] });
    await eventually(async () => expect(condition(await reported(), 'Ready')?.status).toBe('True'), 30_000);
    expect((await client.hostFacts()).runtime).toEqual({ ready: true });
  });

  it('removes the sandbox of a pod that finished, its phase, exit code, reason and logs still readable', async () => {
    await eventually(expectFinishedReadable, 30_000);
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
    const mark = events.length;
    const since = unixNow() - 1;
    await engine.start();
    await recordEvents(since);
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

    // web's new instance comes a pass after its sandbox and init container: the first pass after the engine's return
    // (where a finished pod would get a new sandbox) is over, and its events are before this one.
    await eventSeen(mark, 'create', 'web', 'web');
    expect(finishedCreations(mark)).toEqual([]);
    await expectFinishedReadable();
  }, 60_000);

  it('never runs a finished pod again after a SIGKILL and restart of the agent, nor for a new desired set', async () => {
    const mark = events.length;
    expect(await agent!.stop('SIGKILL')).toBeNull();
    agent = await startAgentProcess(agentOptions);
    // A new desired set with one more Job pod: once that one finished and its sandbox went, the passes before it
    // (the restarted agent's first one among them) are over, and their events are before its sandbox's destroy.
    const once: Pod = { metadata: { name: 'once', namespace: 'default', uid: 'uid-once' }, spec: { restartPolicy: 'Never', containers: [{ name: 'once', image: BUSYBOX_IMAGE, command: ['true'] }] } };
    // The Job's template changed after its pod finished: a finished pod does not run the new spec either.
    const nightlyV2: Pod = { ...nightly, spec: { ...nightly.spec!, containers: [{ ...nightly.spec!.containers[0], command: ['sh', '-c', 'echo backup v2'] }] } };
    await client.setDesired({ generation: 2, pods: [web, nightlyV2, migrate, once], configMaps: [], secrets: [] });
    await eventSeen(mark, 'destroy', 'once', 'POD');
    expect(finishedCreations(mark)).toEqual([]);
    await expectFinishedReadable();
    expect((await reported(nightly.metadata!.name)).metadata?.annotations?.['berth.dev/spec-hash']).toBe(specHashOf(nightly));
    expect((await reported('once')).status?.phase).toBe('Succeeded');
  }, 60_000);

  it('removes a finished pod that leaves the desired set, its containers and logs with it', async () => {
    await client.setDesired({ generation: 3, pods: [web], configMaps: [], secrets: [] });
    await eventually(async () => expect([...(await containersOf(nightly)), ...(await containersOf(migrate))]).toEqual([]));
    expect((await client.listPods()).items.map((p) => p.metadata?.name)).toEqual(['web']);
    await expect(logsOf(nightly.metadata!.name!)).rejects.toThrow(/is not on this host/);
  });
});
