import type { Container, Pod, PodStatus } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { instanceOf, podStatus, type ContainerInstance, type PodStatusInput } from '../../../../src/agent/pods/status';
import type { ObservedContainer } from '../../../../src/agent/runtime';

const t = (s: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, s)).toISOString().replace('.000Z', 'Z');
const NOW = t(50);

function pod(policy: 'Always' | 'OnFailure' | 'Never', containers: string[], init: string[] = []): Pod {
  const c = (name: string): Container => ({ name, image: `img/${name}:1` });
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'u1' },
    spec: { restartPolicy: policy, containers: containers.map(c), ...(init.length ? { initContainers: init.map(c) } : {}) },
  };
}

const running = (name: string, restartCount = 0, startedAt = t(restartCount * 10 + 1)): ContainerInstance => ({
  name,
  id: `${name}-${restartCount}`,
  state: 'running',
  exitCode: 0,
  startedAt: `${startedAt.slice(0, -1)}.123456789Z`,
  finishedAt: '0001-01-01T00:00:00Z',
  oomKilled: false,
  restartCount,
  image: `img/${name}:1`,
  imageID: 'sha256:abc',
});
const exited = (name: string, exitCode: number, restartCount = 0, extra: Partial<ContainerInstance> = {}): ContainerInstance => ({
  ...running(name, restartCount),
  state: 'exited',
  exitCode,
  finishedAt: t(restartCount * 10 + 5),
  ...extra,
});

const phaseOf = (input: Omit<PodStatusInput, 'now'>) => podStatus({ ...input, now: NOW }).phase;

describe('the pod phase', () => {
  it.each<[string, Omit<PodStatusInput, 'now'>, string]>([
    ['nothing created yet: Pending', { pod: pod('Always', ['app']), instances: [] }, 'Pending'],
    ['an image being pulled: Pending', { pod: pod('Always', ['app']), instances: [], waiting: { app: { reason: 'ErrImagePull' } } }, 'Pending'],
    ['every container running: Running', { pod: pod('Always', ['a', 'b']), instances: [running('a'), running('b')] }, 'Running'],
    ['one running, one not yet created: Pending', { pod: pod('Always', ['a', 'b']), instances: [running('a')] }, 'Pending'],
    ['an init container running: Pending', { pod: pod('Always', ['app'], ['setup']), instances: [running('setup')] }, 'Pending'],
    ['a failed init container under Never: Failed', { pod: pod('Never', ['app'], ['setup']), instances: [exited('setup', 1)] }, 'Failed'],
    ['a failed init container backing off under Always: Pending', { pod: pod('Always', ['app'], ['setup']), instances: [exited('setup', 1)], waiting: { setup: { reason: 'CrashLoopBackOff' } } }, 'Pending'],
    ['init done, app running: Running', { pod: pod('Always', ['app'], ['setup']), instances: [exited('setup', 0), running('app')] }, 'Running'],
    ['all exited under Always (restarting): Running', { pod: pod('Always', ['app']), instances: [exited('app', 0)] }, 'Running'],
    ['a crash loop under Always: Running', { pod: pod('Always', ['app']), instances: [exited('app', 1, 3)], waiting: { app: { reason: 'CrashLoopBackOff' } } }, 'Running'],
    ['all completed under OnFailure: Succeeded', { pod: pod('OnFailure', ['a', 'b']), instances: [exited('a', 0), exited('b', 0)] }, 'Succeeded'],
    ['one failed under OnFailure (restarting): Running', { pod: pod('OnFailure', ['a', 'b']), instances: [exited('a', 0), exited('b', 2)] }, 'Running'],
    ['all completed under Never: Succeeded', { pod: pod('Never', ['app']), instances: [exited('app', 0)] }, 'Succeeded'],
    ['one failed under Never: Failed', { pod: pod('Never', ['a', 'b']), instances: [exited('a', 0), exited('b', 1)] }, 'Failed'],
    ['one still running under Never: Running', { pod: pod('Never', ['a', 'b']), instances: [running('a'), exited('b', 1)] }, 'Running'],
    ['a terminal phase stays terminal', { pod: pod('Never', ['app']), instances: [], previous: { phase: 'Succeeded' } }, 'Succeeded'],
  ])('%s', (_name, input, want) => {
    expect(phaseOf(input)).toBe(want);
  });
});

describe('container statuses', () => {
  it('a running container after a crash: state running, lastState terminated, restartCount, ids', () => {
    const s = podStatus({ pod: pod('Always', ['app']), instances: [exited('app', 1, 0), running('app', 1)], now: NOW });
    expect(s.containerStatuses).toEqual([
      {
        name: 'app',
        state: { running: { startedAt: t(11) } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: t(1), finishedAt: t(5), containerID: 'docker://app-0' } },
        ready: true,
        restartCount: 1,
        image: 'img/app:1',
        imageID: 'docker://sha256:abc',
        containerID: 'docker://app-1',
        started: true,
      },
    ]);
  });

  it.each<[string, Partial<ContainerInstance>, string, number]>([
    ['exit 0 is Completed', {}, 'Completed', 0],
    ['another exit code is Error', {}, 'Error', 2],
    ['the OOM killer is OOMKilled', { oomKilled: true }, 'OOMKilled', 137],
    ['a container Docker could not start is ContainerCannotRun', { error: 'exec: "nope": executable file not found' }, 'ContainerCannotRun', 127],
  ])('terminated: %s', (_name, extra, reason, exitCode) => {
    const s = podStatus({ pod: pod('Never', ['app']), instances: [exited('app', exitCode, 0, extra)], now: NOW });
    expect(s.containerStatuses![0].state!.terminated).toMatchObject({ reason, exitCode });
  });

  it.each<[string, Omit<PodStatusInput, 'now' | 'pod'>, object, object]>([
    ['no instance yet: ContainerCreating', { instances: [] }, { waiting: { reason: 'ContainerCreating' } }, {}],
    ['an image pull error, with its message', { instances: [], waiting: { app: { reason: 'ErrImagePull', message: 'failed to pull image "img/app:1"' } } }, { waiting: { reason: 'ErrImagePull', message: 'failed to pull image "img/app:1"' } }, {}],
    ['CrashLoopBackOff moves the exited instance to lastState', { instances: [exited('app', 1, 2)], waiting: { app: { reason: 'CrashLoopBackOff', message: 'back-off 20s' } } }, { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s' } }, { terminated: { exitCode: 1, reason: 'Error', startedAt: t(21), finishedAt: t(25), containerID: 'docker://app-2' } }],
    ['a stale waiting reason does not hide a running container', { instances: [running('app')], waiting: { app: { reason: 'CrashLoopBackOff' } } }, { running: { startedAt: t(1) } }, {}],
    ['created, not started: ContainerCreating', { instances: [{ ...running('app'), state: 'created' }] }, { waiting: { reason: 'ContainerCreating' } }, {}],
  ])('%s', (_name, input, state, lastState) => {
    const s = podStatus({ pod: pod('Always', ['app']), ...input, now: NOW }).containerStatuses![0];
    expect([s.state, s.lastState]).toEqual([state, lastState]);
  });

  it('a completed container that will not restart stays terminated, whatever reason the loop has', () => {
    const s = podStatus({ pod: pod('OnFailure', ['app']), instances: [exited('app', 0)], waiting: { app: { reason: 'CrashLoopBackOff' } }, now: NOW });
    expect(s.containerStatuses![0].state!.terminated?.reason).toBe('Completed');
  });

  it.each<[string, PodStatusInput['probes'], boolean, boolean]>([
    ['no probes: started and ready when running', undefined, true, true],
    ['readiness not passed: started, not ready', { app: { started: true, ready: false } }, true, false],
    ['startup not passed: neither', { app: { started: false, ready: false } }, false, false],
  ])('%s', (_name, probes, started, ready) => {
    const s = podStatus({ pod: pod('Always', ['app']), instances: [running('app')], probes, now: NOW }).containerStatuses![0];
    expect([s.started, s.ready]).toEqual([started, ready]);
  });

  it.each<[string, 'readinessProbe' | 'startupProbe', boolean, boolean]>([
    ['a readiness probe the prober has not run yet: started, not ready', 'readinessProbe', true, false],
    ['a startup probe the prober has not run yet: neither started nor ready', 'startupProbe', false, false],
  ])('%s (a pod never shows Ready before its probe passed once)', (_name, kind, started, ready) => {
    const p = pod('Always', ['app']);
    p.spec!.containers[0][kind] = { httpGet: { path: '/', port: 8080 } };
    const s = podStatus({ pod: p, instances: [running('app')], now: NOW });
    expect([s.containerStatuses![0].started, s.containerStatuses![0].ready]).toEqual([started, ready]);
    expect(s.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
  });

  it('init containers: PodInitializing before they run, ready once completed', () => {
    const p = pod('Always', ['app'], ['one', 'two']);
    const s = podStatus({ pod: p, instances: [exited('one', 0)], now: NOW });
    expect(s.initContainerStatuses!.map((c) => [c.name, c.ready, c.state])).toEqual([
      ['one', true, { terminated: expect.objectContaining({ reason: 'Completed' }) }],
      ['two', false, { waiting: { reason: 'PodInitializing' } }],
    ]);
    expect(s.containerStatuses![0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
  });

  it('reads the runtime’s observed containers', () => {
    const observed = {
      id: 'abc',
      identity: { container: 'app', restartCount: 4 },
      state: 'exited',
      exitCode: 137,
      oomKilled: true,
      image: 'img/app:1',
      imageId: 'sha256:1',
      startedAt: t(1),
      finishedAt: t(2),
    } as ObservedContainer;
    expect(instanceOf(observed)).toEqual({ name: 'app', id: 'abc', state: 'exited', exitCode: 137, oomKilled: true, restartCount: 4, image: 'img/app:1', imageID: 'sha256:1', startedAt: t(1), finishedAt: t(2), error: undefined });
  });
});

describe('pod conditions', () => {
  const conditions = (input: Omit<PodStatusInput, 'now'>, now = NOW) =>
    Object.fromEntries(podStatus({ ...input, now }).conditions!.map(({ type, ...rest }) => [type, rest]));

  it('all running and ready: every condition True, in the kubelet’s order', () => {
    const s = podStatus({ pod: pod('Always', ['app']), instances: [running('app')], now: NOW });
    expect(s.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual(['Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  });

  it('unready containers are named, the way the kubelet prints them', () => {
    const c = conditions({ pod: pod('Always', ['a', 'b', 'c']), instances: [running('a'), running('b')], probes: { b: { started: true, ready: false } } });
    expect(c.ContainersReady).toEqual({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [b c]', lastTransitionTime: NOW });
    expect(c.Ready).toEqual(c.ContainersReady);
  });

  it('incomplete init containers are named', () => {
    const c = conditions({ pod: pod('Always', ['app'], ['one', 'two']), instances: [running('one')] });
    expect(c.Initialized).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [one two]' });
  });

  it('a Succeeded pod: Initialized True and ContainersReady False with reason PodCompleted', () => {
    const c = conditions({ pod: pod('Never', ['app']), instances: [exited('app', 0)] });
    expect([c.Initialized.reason, c.ContainersReady.status, c.ContainersReady.reason, c.Ready.reason]).toEqual(['PodCompleted', 'False', 'PodCompleted', 'PodCompleted']);
  });

  it('an unmet readiness gate keeps the pod unready', () => {
    const p = pod('Always', ['app']);
    p.spec!.readinessGates = [{ conditionType: 'example.com/lb' }];
    const c = conditions({ pod: p, instances: [running('app')] });
    expect(c.Ready).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.' });
  });

  it('keeps lastTransitionTime while a status holds, and moves it when it flips', () => {
    const input = { pod: pod('Always', ['app']), instances: [running('app')] };
    const first = podStatus({ ...input, probes: { app: { started: true, ready: true } }, now: t(10) });
    const same = podStatus({ ...input, probes: { app: { started: true, ready: true } }, previous: first, now: t(20) });
    const flipped = podStatus({ ...input, probes: { app: { started: true, ready: false } }, previous: same, now: t(30) });
    const time = (s: PodStatus, type: string) => s.conditions!.find((c) => c.type === type)!.lastTransitionTime;
    expect([time(same, 'Ready'), time(flipped, 'Ready'), time(flipped, 'PodScheduled')]).toEqual([t(10), t(30), t(10)]);
    expect(flipped.startTime).toBe(t(10));
  });
});

describe('addresses and the rest', () => {
  it('fills hostIP, podIP, their lists, startTime and qosClass', () => {
    const s = podStatus({ pod: pod('Always', ['app']), instances: [running('app')], hostIP: '192.168.1.5', podIP: '172.17.0.4', now: NOW });
    expect(s).toMatchObject({ hostIP: '192.168.1.5', hostIPs: [{ ip: '192.168.1.5' }], podIP: '172.17.0.4', podIPs: [{ ip: '172.17.0.4' }], startTime: NOW, qosClass: 'BestEffort' });
  });

  it('leaves addresses out until they are known', () => {
    const s = podStatus({ pod: pod('Always', ['app']), instances: [], now: NOW });
    expect(['hostIP', 'podIP', 'podIPs'].filter((k) => k in s)).toEqual([]);
  });
});
