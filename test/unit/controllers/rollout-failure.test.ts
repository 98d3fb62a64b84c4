import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { podStartFailure, rolloutFailureTimeoutMs, templateHash } from '../../../src/controllers';
import { RolloutSim, web } from './rollout-sim';

const T0 = Date.parse('2024-03-10T12:00:00Z');
const MINUTE = 60_000;
const PULL_ERROR = 'failed to pull image "registry.local/web:nope": manifest unknown';

/** A pod of a new ReplicaSet, not Ready since T0, whose container `app` has this status. */
function pod(status: Partial<ContainerStatus>, container: Partial<Container> = {}): Pod {
  return {
    metadata: { name: 'web-abc-x1', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'registry.local/web:2', ...container }] },
    status: {
      phase: 'Pending',
      startTime: '2024-03-10T12:00:00Z',
      conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2024-03-10T12:00:00Z' }],
      containerStatuses: [{ name: 'app', image: 'registry.local/web:2', imageID: '', ready: false, restartCount: 0, ...status }],
    },
  };
}
const waitingFor = (reason: string, message?: string) => pod({ state: { waiting: { reason, ...(message ? { message } : {}) } } });
const running = { state: { running: { startedAt: '2024-03-10T12:00:01Z' } }, started: true };
const readinessProbe = { httpGet: { path: '/ready', port: 80 }, periodSeconds: 10, failureThreshold: 3 };

describe('a new pod that cannot start fails its rollout after the failure timeout', () => {
  it.each<[string, Pod, string, RegExp]>([
    ['an image that cannot be pulled (ErrImagePull)', waitingFor('ErrImagePull', PULL_ERROR), 'ErrImagePull', /^container app of pod web-abc-x1: ErrImagePull: failed to pull image .*manifest unknown$/],
    [
      'pulls backing off (ImagePullBackOff), with the pull error',
      waitingFor('ImagePullBackOff', `Back-off pulling image "registry.local/web:nope": ErrImagePull: ${PULL_ERROR}`),
      'ImagePullBackOff',
      /^container app of pod web-abc-x1: ImagePullBackOff: Back-off pulling image .*ErrImagePull: failed to pull .*manifest unknown$/,
    ],
    ['a missing ConfigMap or Secret (CreateContainerConfigError)', waitingFor('CreateContainerConfigError', 'configmap "web-config" not found'), 'CreateContainerConfigError', /: CreateContainerConfigError: configmap "web-config" not found$/],
    ['a container waiting to restart after crashes (CrashLoopBackOff)', waitingFor('CrashLoopBackOff', 'back-off 20s restarting failed container'), 'CrashLoopBackOff', /: CrashLoopBackOff: back-off 20s/],
    [
      'a container that crashed and runs again, not ready (between two crashes)',
      pod({ ...running, restartCount: 2, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }),
      'CrashLoopBackOff',
      /^container app of pod web-abc-x1 keeps crashing \(2 restarts, last exit code 1 \(Error\)\)$/,
    ],
    ['a readiness probe that keeps failing', pod(running, { readinessProbe }), 'ReadinessProbeFailed', /^container app of pod web-abc-x1 runs but its readiness probe has not passed in 60 s$/],
  ])('%s', (_name, p, cause, reason) => {
    expect(podStartFailure(p, T0 + MINUTE - 1000, MINUTE)).toBeUndefined();
    const failure = podStartFailure(p, T0 + MINUTE, MINUTE);
    expect(failure?.cause).toBe(cause);
    expect(failure?.reason).toMatch(reason);
  });

  it('gives a readiness probe its own budget when it is longer: initial delay plus failureThreshold periods', () => {
    const slow = pod(running, { readinessProbe: { ...readinessProbe, initialDelaySeconds: 90 } });
    expect(podStartFailure(slow, T0 + 119_000, MINUTE)).toBeUndefined();
    expect(podStartFailure(slow, T0 + 120_000, MINUTE)?.cause).toBe('ReadinessProbeFailed');
    const startup = pod({ ...running, started: false }, { readinessProbe, startupProbe: { exec: { command: ['true'] }, periodSeconds: 10, failureThreshold: 12 } });
    expect(podStartFailure(startup, T0 + 149_000, MINUTE)).toBeUndefined();
    expect(podStartFailure(startup, T0 + 150_000, MINUTE)?.reason).toMatch(/its startup probe has not passed/);
  });

  it.each<[string, Pod, number]>([
    ['a pod still being created (a slow pull is progress)', waitingFor('ContainerCreating'), MINUTE],
    ['a Ready pod', { ...pod(running), status: { ...pod(running).status, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-03-10T12:00:05Z' }] } }, MINUTE],
    [
      'an init container that runs long (a migration), not restarted',
      {
        ...pod({ state: { waiting: { reason: 'PodInitializing' } } }),
        spec: { initContainers: [{ name: 'migrate', image: 'web:2' }], containers: [{ name: 'app', image: 'web:2' }] },
        status: { ...pod({}).status, initContainerStatuses: [{ name: 'migrate', image: 'web:2', imageID: '', ready: false, restartCount: 0, ...running }] },
      },
      MINUTE,
    ],
    ['any pod when the timeout is 0 (turned off)', waitingFor('ImagePullBackOff'), 0],
    ['a pod without times (left to the progress deadline)', { ...waitingFor('ErrImagePull'), status: { ...waitingFor('ErrImagePull').status, startTime: undefined, conditions: [] } }, MINUTE],
  ])('leaves alone %s', (_name, p, timeout) => {
    expect(podStartFailure(p, T0 + 10 * MINUTE, timeout)).toBeUndefined();
  });

  it("leaves a pod alone that is not Ready through its host's fault (silent host, engine down)", () => {
    for (const reason of ['NodeNotReady', 'ContainerRuntimeDown']) {
      const p = pod(running, { readinessProbe });
      p.status!.conditions = [{ type: 'Ready', status: 'False', reason, lastTransitionTime: '2024-03-10T12:00:00Z' }];
      expect(podStartFailure(p, T0 + 10 * MINUTE, MINUTE)).toBeUndefined();
    }
  });

  it('fails an init container that cannot start, as an app container', () => {
    const p = pod({ state: { waiting: { reason: 'PodInitializing' } } });
    p.spec!.initContainers = [{ name: 'migrate', image: 'web:nope' }];
    p.status!.initContainerStatuses = [{ name: 'migrate', image: 'web:nope', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull', message: 'failed to pull image "web:nope"' } } }];
    expect(podStartFailure(p, T0 + MINUTE, MINUTE)).toEqual({ cause: 'ErrImagePull', reason: 'container migrate of pod web-abc-x1: ErrImagePull: failed to pull image "web:nope"' });
  });

  it('counts from when the pod last stopped being Ready', () => {
    const p = waitingFor('CrashLoopBackOff');
    p.status!.conditions = [{ type: 'Ready', status: 'False', lastTransitionTime: '2024-03-10T12:05:00Z' }];
    expect(podStartFailure(p, T0 + 5 * MINUTE + 59_000, MINUTE)).toBeUndefined();
    expect(podStartFailure(p, T0 + 6 * MINUTE, MINUTE)?.cause).toBe('CrashLoopBackOff');
  });
});

describe('the failure timeout', () => {
  const d = (annotation?: string) => ({ ...web('1', 1, 1, 0), metadata: { name: 'web', ...(annotation !== undefined ? { annotations: { 'berth.dev/rollout-failure-timeout': annotation } } : {}) } });
  it.each<[string, string | undefined, number | undefined, number]>([
    ['is one minute by default', undefined, undefined, 60_000],
    ["is cluster.yaml's when set", undefined, 30_000, 30_000],
    ['is the Deployment annotation when set', '90s', 30_000, 90_000],
    ['is off with an annotation of 0', '0', undefined, 0],
    ['falls back to the cluster value for an annotation that does not parse (the manifest refuses it)', 'soon', 45_000, 45_000],
  ])('%s', (_name, annotation, cluster, ms) => {
    expect(rolloutFailureTimeoutMs(d(annotation), cluster)).toBe(ms);
  });
});

describe('automatic rollback of a new ReplicaSet whose pods cannot start', () => {
  const START = '2024-03-10T12:00:00Z';
  const v = (version: string, annotations?: Record<string, string>) => {
    const d = web(version, 2, 1, 0); // progressDeadlineSeconds 600: the deadline is not what fails these
    return annotations ? { ...d, metadata: { ...d.metadata, annotations } } : d;
  };
  const rsName = (version: string) => `web-${templateHash(v(version))}`;
  const pullFailure = (image: string) => (image.endsWith(':2') ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ErrImagePull: ${PULL_ERROR}` } : undefined);

  /** Passes every 5 s until the rollback; the seconds from the first pass of version 2 to it. */
  function rollbackAfter(sim: RolloutSim, d: ReturnType<typeof v>) {
    const start = sim.t;
    for (let i = 0; i < 200; i++) {
      const r = sim.step(d);
      if (r.rollback) return { r, seconds: (sim.t - 5000 - start) / 1000 };
    }
    throw new Error('never rolled back');
  }
  function healthy(options: ConstructorParameters<typeof RolloutSim>[1]) {
    const sim = new RolloutSim(START, options);
    for (let i = 0; i < 3; i++) sim.step(v('1'));
    return sim;
  }

  it('rolls back an image that cannot be pulled about a minute after its pod started, naming the pull error', () => {
    const sim = healthy({ waiting: pullFailure });
    const { r, seconds } = rollbackAfter(sim, v('2'));
    // The new pod starts with the first pass of version 2; it reports itself not Ready since then.
    expect(seconds).toBe(60);
    expect(r.rollback).toMatchObject({ cause: 'ImagePullBackOff', toReplicaSet: rsName('1'), fromReplicaSet: rsName('2') });
    expect(r.rollback!.reason).toContain('ErrImagePull: failed to pull image "registry.local/web:nope": manifest unknown');
    expect(r.deployment.status!.conditions!.find((c) => c.type === 'RolledBack')).toMatchObject({ status: 'True', reason: 'ImagePullBackOff' });
    expect(sim.sizes()).toEqual({ '1': 2, '2': 0 });
  });

  it.each<[string, { failureTimeoutMs?: number; annotation?: string }, number | undefined]>([
    ["after cluster.yaml's failure timeout", { failureTimeoutMs: 30_000 }, 30],
    ['after the Deployment annotation, over the cluster value', { failureTimeoutMs: 30_000, annotation: '2m' }, 120],
    ['only at the progress deadline when the annotation is 0', { annotation: '0' }, 610],
  ])('rolls back %s', (_name, { failureTimeoutMs, annotation }, seconds) => {
    const sim = healthy({ waiting: pullFailure, failureTimeoutMs });
    const d = v('2', annotation !== undefined ? { 'berth.dev/rollout-failure-timeout': annotation } : undefined);
    const { r, seconds: after } = rollbackAfter(sim, d);
    expect(after).toBe(seconds);
    expect(r.rollback!.cause).toBe(annotation === '0' ? 'ProgressDeadlineExceeded' : 'ImagePullBackOff');
  });

  it('rolls back a CreateContainerConfigError', () => {
    const sim = healthy({ waiting: (image) => (image.endsWith(':2') ? { reason: 'CreateContainerConfigError', message: 'secret "db" not found' } : undefined) });
    const { r } = rollbackAfter(sim, v('2'));
    expect(r.rollback).toMatchObject({ cause: 'CreateContainerConfigError', toReplicaSet: rsName('1') });
    expect(r.rollback!.reason).toMatch(/CreateContainerConfigError: secret "db" not found$/);
  });
});
