import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CrashLoopBackOff } from '../../../../src/agent/pods/backoff';
import { ensureSandbox, SandboxBackOff } from '../../../../src/agent/pods/sandbox';
import { orphansOf, type SyncResult } from '../../../../src/agent/pods/sync';
import type { ContainerRuntime, ObservedContainer } from '../../../../src/agent/runtime';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function container(name: string, id: string, state: ObservedContainer['state'], attempt = 0, networkMode = 'bridge'): ObservedContainer {
  return {
    id,
    name: id,
    labels: {},
    identity: { cluster: 'c', namespace: 'default', pod: 'web', podUid: 'u1', container: name, specHash: 'h', restartCount: attempt, attempt },
    image: 'i',
    imageId: 'sha256:i',
    state,
    exitCode: state === 'exited' ? 137 : 0,
    oomKilled: false,
    networkMode,
  };
}

describe('orphansOf: running containers their sandbox no longer holds', () => {
  it.each([
    ['none while the sandbox runs and holds them', [container('POD', 's1', 'running'), container('app', 'a1', 'running', 0, 'container:s1')], []],
    ['every running app container once the sandbox died', [container('POD', 's1', 'exited'), container('app', 'a1', 'running', 0, 'container:s1')], ['a1']],
    ['every running app container once the sandbox was removed', [container('app', 'a1', 'running', 0, 'container:s1')], ['a1']],
    ['not those that exited already', [container('POD', 's1', 'exited'), container('app', 'a1', 'exited', 0, 'container:s1')], []],
    [
      'an older sandbox still running, and what it holds',
      [container('POD', 's1', 'running', 0), container('POD', 's2', 'running', 1), container('app', 'a1', 'running', 0, 'container:s1'), container('app', 'a2', 'running', 1, 'container:s2')],
      ['s1', 'a1'],
    ],
  ])('%s', (_name, observed, ids) => {
    expect(orphansOf(observed).map((c) => c.id)).toEqual(ids);
  });
});

/** A runtime whose sandbox starts fail while `failing` is set, and whose removals may fail. */
function fakeRuntime(o: { failing: boolean; removeFails?: boolean }) {
  const calls: string[] = [];
  let n = 0;
  const runtime = {
    async ensureSandboxImage() {
      return 'berth/sandbox:1';
    },
    async remove(id: string) {
      calls.push(`remove ${id}`);
      if (o.removeFails) throw new Error('driver "overlay2" failed to remove root filesystem: device or resource busy');
    },
    async createContainer() {
      calls.push('create');
      return `s${++n}`;
    },
    async start(id: string) {
      calls.push(`start ${id}`);
      if (o.failing) throw new Error('port is already allocated');
    },
    async inspect(id: string) {
      return container('POD', id, 'running', n);
    },
  };
  return { runtime: runtime as unknown as ContainerRuntime, calls };
}

const pod: Pod = { metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'app', image: 'i' }] } };
const result = (): SyncResult => ({ actions: [], waiting: {} });

describe('ensureSandbox', () => {
  it('retries a sandbox that fails to start at once, then only after 10 s, then 20 s: never on every pass', async () => {
    const o = { failing: true };
    const fake = fakeRuntime(o);
    const sandboxBackoff = new CrashLoopBackOff();
    const attempt = (at: number) =>
      ensureSandbox(fake.runtime, pod, [], { cluster: 'c', now: new Date(at), sandboxBackoff }, result()).then(
        () => 'created',
        (err) => (err instanceof SandboxBackOff ? err.message : 'failed'),
      );
    const outcomes: string[] = [];
    for (const at of [T0, T0 + 100, T0 + 5000, T0 + 10_200, T0 + 20_000]) outcomes.push(await attempt(at));
    o.failing = false;
    outcomes.push(await attempt(T0 + 30_300));
    expect(outcomes).toEqual([
      'failed',
      'failed',
      'back-off 10s creating the pod sandbox after it failed',
      'failed',
      'back-off 20s creating the pod sandbox after it failed',
      'created',
    ]);
    expect(fake.calls.filter((c) => c === 'create')).toHaveLength(4);
    expect(sandboxBackoff.window('u1/POD')).toBe(0); // a success forgets the failures
  });

  it('makes a new sandbox even when Docker cannot remove the dead one', async () => {
    const fake = fakeRuntime({ failing: false, removeFails: true });
    const sandbox = await ensureSandbox(fake.runtime, pod, [container('POD', 's0', 'exited', 3)], { cluster: 'c', now: new Date(T0) }, result());
    expect(sandbox.state).toBe('running');
    expect(fake.calls).toEqual(['remove s0', 'create', 'start s1']);
  });
});
