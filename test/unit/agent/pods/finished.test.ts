import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { containerDone, finishedPhase } from '../../../../src/agent/pods/finished';
import type { RestartPolicy } from '../../../../src/agent/pods/restart';
import { syncPod } from '../../../../src/agent/pods/sync';
import type { ContainerRuntime, CreateSpec, ObservedContainer } from '../../../../src/agent/runtime';
import { specHashOf } from '../../../../src/manifest';

const podOf = (restartPolicy: RestartPolicy, containers = ['app'], initContainers: string[] = []): Pod => ({
  metadata: { name: 'job-x', namespace: 'default', uid: 'u1' },
  spec: {
    restartPolicy,
    initContainers: initContainers.map((name) => ({ name, image: 'i' })),
    containers: containers.map((name) => ({ name, image: 'i' })),
  },
});

/** An instance of a container; `exited` with its exit code, else in that state. */
function instance(name: string, state: ObservedContainer['state'] | number, attempt = 0, sandbox = 's0'): ObservedContainer {
  return {
    id: `${name}-${attempt}`,
    name: `${name}-${attempt}`,
    labels: {},
    identity: { cluster: 'c', namespace: 'default', pod: 'job-x', podUid: 'u1', container: name, specHash: 'h', restartCount: attempt, attempt },
    image: 'i',
    imageId: 'sha256:i',
    state: typeof state === 'number' ? 'exited' : state,
    exitCode: typeof state === 'number' ? state : 0,
    oomKilled: false,
    networkMode: name === 'POD' ? 'bridge' : `container:${sandbox}`,
  };
}

describe('finishedPhase: whether a pod is done for good, from its containers', () => {
  it.each<[string, Pod, ObservedContainer[], string | undefined]>([
    ['Never, exited 0: Succeeded', podOf('Never'), [instance('POD', 'exited'), instance('app', 0)], 'Succeeded'],
    ['Never, exited 3: Failed', podOf('Never'), [instance('app', 3)], 'Failed'],
    ['Never, killed by an engine restart while it ran: Failed', podOf('Never'), [instance('POD', 'exited'), instance('app', 137)], 'Failed'],
    ['Never, one container still running: not yet', podOf('Never', ['a', 'b']), [instance('a', 0), instance('b', 'running')], undefined],
    ['Never, one container not created yet: not yet', podOf('Never', ['a', 'b']), [instance('a', 0)], undefined],
    ['Never, created but not started: not yet', podOf('Never'), [instance('app', 'created')], undefined],
    ['Never, a failed init container: Failed', podOf('Never', ['app'], ['setup']), [instance('setup', 1)], 'Failed'],
    ['Never, init done, app not created yet: not yet', podOf('Never', ['app'], ['setup']), [instance('setup', 0)], undefined],
    ['OnFailure, exited 0: Succeeded (a CronJob run)', podOf('OnFailure'), [instance('app', 1), instance('app', 0, 1)], 'Succeeded'],
    ['OnFailure, exited 1: restarts, not finished', podOf('OnFailure'), [instance('app', 1)], undefined],
    ['OnFailure, a failed init container: restarts, not finished', podOf('OnFailure', ['app'], ['setup']), [instance('setup', 1)], undefined],
    ['OnFailure, the newest instance decides', podOf('OnFailure'), [instance('app', 0), instance('app', 'running', 1)], undefined],
    ['Always never finishes', podOf('Always'), [instance('app', 0)], undefined],
    ['nothing ran yet', podOf('Never'), [], undefined],
  ])('%s', (_name, pod, observed, want) => {
    expect(finishedPhase(pod, observed)).toBe(want);
  });
});

describe('containerDone: a container the restart policy never runs again', () => {
  it.each<[RestartPolicy, ObservedContainer | undefined, boolean]>([
    ['Never', instance('app', 0), true],
    ['Never', instance('app', 137), true],
    ['OnFailure', instance('app', 0), true],
    ['OnFailure', instance('app', 137), false],
    ['Always', instance('app', 0), false],
    ['Never', instance('app', 'running'), false],
    ['Never', undefined, false],
  ])('%s, %o', (policy, last, want) => {
    expect(containerDone(podOf(policy), last)).toBe(want);
  });
});

/** A runtime that records the containers created, by container name. */
function recordingRuntime() {
  const created: string[] = [];
  const runtime = {
    async ensureSandboxImage() {
      return 'berth/sandbox:1';
    },
    async ensureImage() {},
    async remove() {},
    async createContainer(spec: CreateSpec) {
      const name = spec.Labels!['berth.dev/container'];
      created.push(name);
      return name === 'POD' ? 's1' : `${name}-new`;
    },
    async start() {},
    async inspect(id: string) {
      return { ...instance('POD', 'running', 1), id };
    },
  };
  return { runtime: runtime as unknown as ContainerRuntime, created };
}

describe('syncPod after the sandbox died (an engine restart)', () => {
  const withHash = (pod: Pod, list: ObservedContainer[]) => list.map((c) => ({ ...c, identity: { ...c.identity, specHash: specHashOf(pod) } }));

  it('creates nothing for a finished pod: no sandbox, no init container, no app container', async () => {
    const pod = podOf('OnFailure', ['app'], ['setup']);
    const fake = recordingRuntime();
    const result = await syncPod(fake.runtime, pod, withHash(pod, [instance('POD', 'exited'), instance('setup', 0), instance('app', 0)]), { cluster: 'c', now: new Date() });
    expect(fake.created).toEqual([]);
    expect(result.actions).toEqual([]);
  });

  it('under OnFailure, runs again only the containers that failed, not those that succeeded', async () => {
    const pod = podOf('OnFailure', ['done', 'killed']);
    const fake = recordingRuntime();
    await syncPod(fake.runtime, pod, withHash(pod, [instance('POD', 'exited'), instance('done', 0), instance('killed', 137)]), { cluster: 'c', now: new Date() });
    expect(fake.created).toEqual(['POD', 'killed']);
  });
});
