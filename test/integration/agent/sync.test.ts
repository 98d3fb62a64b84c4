// The pod lifecycle (syncPod, killPod) against the real engine. Everything created here carries this file's cluster
// label and is removed in afterAll.
import Docker from 'dockerode';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killPod, syncPod, type SyncContext, type SyncResult } from '../../../src/agent/pods/sync';
import { DockerRuntime, type ObservedContainer } from '../../../src/agent/runtime';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images';

const docker = new Docker();
const runtime = new DockerRuntime(docker);
const cluster = `test-sync-${process.pid}-${Date.now()}`;
const handMade: string[] = [];
let serial = 0;

function pod(containers: Array<Partial<Container>>, extra: Partial<Pod['spec']> = {}): Pod {
  const name = `pod${serial++}`;
  const withImage = (c: Partial<Container>) => ({ image: BUSYBOX_IMAGE, ...c }) as Container;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { ...extra, containers: containers.map(withImage), initContainers: extra?.initContainers?.map(withImage) },
  };
}

const ctx = (more: Partial<SyncContext> = {}): SyncContext => ({ cluster, now: new Date(), hostIP: '127.0.0.1', nodeName: 'h1', ...more });

async function observedOf(p: Pod): Promise<ObservedContainer[]> {
  return (await runtime.listManaged(cluster)).filter((c) => c.identity.podUid === p.metadata!.uid);
}

async function running(p: Pod, name: string): Promise<ObservedContainer> {
  const c = (await observedOf(p)).filter((o) => o.identity.container === name).sort((a, b) => b.identity.attempt - a.identity.attempt)[0];
  expect(c, `container ${name}`).toBeDefined();
  return c;
}

/** Syncs until every app container has been started (init containers finish in between), as the agent's loop would. */
async function converge(p: Pod, more: Partial<SyncContext> = {}, timeoutMs = 15_000): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const observed = await observedOf(p);
    const sandbox = observed.find((o) => o.identity.container === 'POD' && o.state === 'running');
    const started = (name: string) => observed.some((o) => o.identity.container === name && o.state !== 'created' && o.networkMode === `container:${sandbox?.id}`);
    if (sandbox && p.spec!.containers.every((c) => started(c.name))) return results;
    if (Date.now() > deadline) throw new Error(`pod did not converge: ${JSON.stringify(results)}`);
    results.push(await syncPod(runtime, p, observed, ctx(more)));
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitExited(id: string, timeoutMs = 10_000): Promise<ObservedContainer> {
  await Promise.race([docker.getContainer(id).wait(), new Promise((r) => setTimeout(r, timeoutMs))]);
  return runtime.inspect(id);
}

beforeAll(async () => {
  await ensureBusyboxImage();
  await runtime.ensureSandboxImage();
});

afterAll(async () => {
  const mine = await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${cluster}`] } });
  await Promise.all([...mine.map((c) => c.Id), ...handMade].map((id) => docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
});

describe('syncPod', () => {
  it('runs a pod whose containers share localhost', async () => {
    const p = pod([
      { name: 'server', command: ['sh', '-c', 'mkdir /www && echo hello > /www/index.html && exec httpd -f -p 8080 -h /www'] },
      { name: 'client', command: ['sleep', 'inf'] },
    ]);
    const [first] = await converge(p);
    expect(first.actions.map((a) => `${a.type} ${a.container}`)).toEqual(['create POD', 'start POD', 'create server', 'start server', 'create client', 'start client']);
    expect(first.podIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const client = await running(p, 'client');
    let got = { exitCode: -1, stdout: '', stderr: '' };
    for (let i = 0; i < 20 && got.exitCode !== 0; i++) {
      got = await runtime.exec(client.id, ['wget', '-qO-', 'http://localhost:8080/']);
      if (got.exitCode !== 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(got).toMatchObject({ exitCode: 0, stdout: 'hello\n' });
    expect((await runtime.exec(client.id, ['hostname'])).stdout).toBe(`${p.metadata!.name}\n`);
  });

  it('runs init containers in order, each to completion, before the app containers', async () => {
    const p = pod([{ name: 'app', command: ['sleep', 'inf'] }], {
      initContainers: [
        { name: 'first', command: ['sleep', '0.3'] },
        { name: 'second', command: ['true'] },
      ] as Container[],
    });
    await converge(p);
    const [first, second, app] = await Promise.all(['first', 'second', 'app'].map((n) => running(p, n)));
    expect(first).toMatchObject({ state: 'exited', exitCode: 0 });
    expect(second).toMatchObject({ state: 'exited', exitCode: 0 });
    expect(Date.parse(second.startedAt!)).toBeGreaterThanOrEqual(Date.parse(first.finishedAt!));
    expect(Date.parse(app.startedAt!)).toBeGreaterThanOrEqual(Date.parse(second.finishedAt!));
  });

  it('gives containers their env, fieldRef values included, and their memory limit', async () => {
    const p = pod([
      {
        name: 'app',
        command: ['sleep', 'inf'],
        env: [
          { name: 'GREETING', value: 'hi $(POD)' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
          { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level' } } },
        ],
        resources: { limits: { memory: '64Mi', cpu: '500m' } },
      },
    ]);
    const [result] = await converge(p, { configMaps: new Map([['settings', { data: { level: 'debug' } }]]) });
    const app = await running(p, 'app');
    const env = Object.fromEntries((await runtime.exec(app.id, ['env'])).stdout.trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
    expect(env).toMatchObject({ GREETING: 'hi $(POD)', POD: p.metadata!.name, NS: 'default', IP: result.podIP, NODE: 'h1', LEVEL: 'debug' });
    const { HostConfig } = await docker.getContainer(app.id).inspect();
    expect(HostConfig).toMatchObject({ Memory: 64 * 1024 * 1024, CpuQuota: 50_000, CpuPeriod: 100_000, NetworkMode: `container:${result.sandboxId}` });
  });

  it('reports a container that cannot get its config as waiting with CreateContainerConfigError', async () => {
    const p = pod([{ name: 'app', command: ['sleep', 'inf'], env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'absent', key: 'k' } } }] }]);
    const result = await syncPod(runtime, p, [], ctx());
    expect(result.waiting.app).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "absent" not found' });
  });

  it('does not start app containers while an init container fails, and reports image errors as waiting reasons', async () => {
    const p = pod([{ name: 'app', command: ['sleep', 'inf'] }], { initContainers: [{ name: 'init', command: ['sh', '-c', 'exit 1'] }] as Container[] });
    await syncPod(runtime, p, [], ctx());
    await waitExited((await running(p, 'init')).id);
    const again = await syncPod(runtime, p, await observedOf(p), ctx({ shouldRestart: () => false }));
    expect(again.actions).toEqual([]);
    expect((await observedOf(p)).map((c) => c.identity.container).sort()).toEqual(['POD', 'init']);

    const never = pod([{ name: 'app', image: 'berth-test/absent:1', imagePullPolicy: 'Never' }]);
    expect((await syncPod(runtime, never, [], ctx())).waiting.app).toMatchObject({ reason: 'ErrImageNeverPull' });
  });

  it('reports a container over its memory limit as OOM-killed', async () => {
    const p = pod([{ name: 'hog', command: ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=64M', 'count=1'], resources: { limits: { memory: '16Mi' } } }]);
    await converge(p, { shouldRestart: () => false });
    const hog = await waitExited((await running(p, 'hog')).id);
    expect(hog).toMatchObject({ state: 'exited', oomKilled: true, exitCode: 137 });
  });

  it('adopts what runs: a second sync creates nothing and keeps every container', async () => {
    const p = pod([{ name: 'a', command: ['sleep', 'inf'] }, { name: 'b', command: ['sleep', 'inf'] }]);
    await converge(p);
    const before = (await observedOf(p)).map((c) => c.id).sort();
    // A fresh runtime, as an agent restarted from nothing would have.
    const again = await syncPod(new DockerRuntime(), p, await new DockerRuntime().listManaged(cluster), ctx());
    expect(again.actions).toEqual([]);
    expect((await observedOf(p)).map((c) => c.id).sort()).toEqual(before);
  });

  it('recreates a container removed by hand, and leaves the others running', async () => {
    const p = pod([{ name: 'a', command: ['sleep', 'inf'] }, { name: 'b', command: ['sleep', 'inf'] }]);
    await converge(p);
    const [a, b] = await Promise.all([running(p, 'a'), running(p, 'b')]);
    await docker.getContainer(a.id).remove({ force: true });
    const result = await syncPod(runtime, p, await observedOf(p), ctx());
    expect(result.actions.map((x) => `${x.type} ${x.container}`)).toEqual(['create a', 'start a']);
    expect((await running(p, 'a')).state).toBe('running');
    expect(await running(p, 'b')).toMatchObject({ id: b.id, state: 'running' });
  });

  it('restarts an exited container as a new instance with the restart count increased', async () => {
    const p = pod([{ name: 'a', command: ['sh', '-c', 'exit 2'] }]);
    await converge(p);
    const first = await waitExited((await running(p, 'a')).id);
    expect(first).toMatchObject({ exitCode: 2, identity: { attempt: 0, restartCount: 0 } });
    const result = await syncPod(runtime, p, await observedOf(p), ctx());
    expect(result.actions.map((x) => `${x.type} ${x.container}`)).toEqual(['create a', 'start a']);
    expect((await running(p, 'a')).identity).toMatchObject({ attempt: 1, restartCount: 1 });
  });

  it('brings a pod back after its containers all stopped (an engine restart): new sandbox, containers replaced', async () => {
    const p = pod([{ name: 'a', command: ['sleep', 'inf'] }], { initContainers: [{ name: 'init', command: ['true'] }] as Container[] });
    await converge(p);
    const before = await observedOf(p);
    await Promise.all(before.map((c) => runtime.stop(c.id, 0)));
    const first = await syncPod(runtime, p, await observedOf(p), ctx());
    expect(first.actions.map((x) => `${x.type} ${x.container}`)).toEqual(['remove POD', 'create POD', 'start POD', 'create init', 'start init']);
    await converge(p);
    const [sandbox, a] = await Promise.all([running(p, 'POD'), running(p, 'a')]);
    expect(sandbox).toMatchObject({ state: 'running', identity: { attempt: 1 } });
    expect(a).toMatchObject({ state: 'running', networkMode: `container:${sandbox.id}`, identity: { restartCount: 1 } });
    expect(before.map((c) => c.id)).not.toContain(a.id);
  });

  it('never lists or touches a container started by hand', async () => {
    const byHand = await docker.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['sleep', 'inf'], Labels: { 'berth.dev/cluster': cluster, 'berth.dev/pod': 'x' } });
    handMade.push(byHand.id);
    await byHand.start();
    const p = pod([{ name: 'a', command: ['sleep', 'inf'] }]);
    await converge(p);
    const all = await runtime.listManaged(cluster);
    await killPod(runtime, all, 0);
    expect(all.map((c) => c.id)).not.toContain(byHand.id);
    expect((await byHand.inspect()).State.Running).toBe(true);
  });
});

describe('killPod', () => {
  it('stops app containers with SIGTERM, SIGKILL after the grace period, then the sandbox', async () => {
    const p = pod([
      { name: 'polite', command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 0.1; done"] },
      { name: 'stubborn', command: ['sleep', 'inf'] }, // PID 1 without a handler: SIGTERM is ignored
    ]);
    await converge(p);
    const actions = await killPod(runtime, await observedOf(p), 2);
    expect(actions.map((a) => `${a.type} ${a.container}`).sort()).toEqual(['stop POD', 'stop polite', 'stop stubborn']);
    const [polite, stubborn, sandbox] = await Promise.all(['polite', 'stubborn', 'POD'].map((n) => running(p, n)));
    expect(polite).toMatchObject({ state: 'exited', exitCode: 0 });
    expect(stubborn).toMatchObject({ state: 'exited', exitCode: 137 });
    expect(sandbox.state).toBe('exited');
    // In the engine's own order of events: polite went at SIGTERM, stubborn at the SIGKILL that ends the grace
    // period, and the sandbox after both.
    const finished = (c: ObservedContainer) => Date.parse(c.finishedAt!);
    expect(finished(polite)).toBeLessThan(finished(stubborn));
    expect(finished(stubborn)).toBeLessThanOrEqual(finished(sandbox));
  });
});
