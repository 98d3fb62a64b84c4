import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { ImagePullBackOff, pullBackoffKey, pullBackoffWindow } from '../../../../src/agent/pods/image-backoff';
import { syncPod } from '../../../../src/agent/pods/sync';
import type { PodEventInput } from '../../../../src/agent/events';
import { ErrImagePull, type ContainerRuntime, type ObservedContainer } from '../../../../src/agent/runtime';

describe('ImagePullBackOff', () => {
  it.each([
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [4, 80_000],
    [5, 160_000],
    [6, 300_000],
    [9, 300_000],
  ])('after failed pull %i the next attempt waits %i ms', (failures, want) => {
    expect(pullBackoffWindow(failures)).toBe(want);
  });

  it('pulls at first, backs off after a failure, and pulls again once the window has passed', () => {
    const b = new ImagePullBackOff();
    const key = pullBackoffKey('uid-1', 'localhost:1/none:1');
    expect(b.decide(key, 'img', 0).action).toBe('pull');
    b.recordFailure(key, 0);
    expect(b.decide(key, 'img', 9_999)).toEqual({ action: 'backoff', reason: 'ImagePullBackOff', message: 'Back-off pulling image "img"', at: 10_000 });
    expect(b.decide(key, 'img', 10_000).action).toBe('pull');
    b.recordFailure(key, 10_000);
    expect(b.decide(key, 'img', 29_999).action).toBe('backoff');
    expect(b.decide(key, 'img', 30_000).action).toBe('pull');
  });

  it('forgets the failures after a successful pull, and entries idle for 10 minutes', () => {
    const b = new ImagePullBackOff();
    b.recordFailure('a', 0);
    b.recordSuccess('a');
    expect(b.decide('a', 'img', 1).action).toBe('pull');
    b.recordFailure('b', 0);
    b.recordFailure('b', 1);
    b.gc(600_002);
    b.recordFailure('b', 600_002);
    expect(b.decide('b', 'img', 600_002 + 10_000).action).toBe('pull'); // the sequence started again at 10 s
  });
});

/** A runtime whose sandbox works and whose pulls always fail; counts the pulls. */
function failingPulls(): ContainerRuntime & { pulls: number } {
  const sandbox = { id: 'sb', state: 'running', ip: '172.17.0.9', identity: { attempt: 0 } } as unknown as ObservedContainer;
  const fake = {
    pulls: 0,
    async ensureSandboxImage() {
      return 'pause';
    },
    async createContainer() {
      return 'sb';
    },
    async start() {},
    async inspect() {
      return sandbox;
    },
    async ensureImage(image: string) {
      fake.pulls++;
      throw new ErrImagePull(image, 'connection refused');
    },
  };
  return fake as unknown as ContainerRuntime & { pulls: number };
}

const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'uid-p' }, spec: { containers: [{ name: 'app', image: 'localhost:1/none:1' }] } };

describe('syncPod with an image that cannot be pulled', () => {
  it('reports ErrImagePull after a failed attempt, ImagePullBackOff while backing off, then tries again', async () => {
    const runtime = failingPulls();
    const pullBackoff = new ImagePullBackOff();
    const reasons: string[] = [];
    for (const t of [0, 1_000, 9_000, 10_000, 11_000, 30_000]) {
      const result = await syncPod(runtime, pod, [], { cluster: 'c', now: new Date(t), pullBackoff });
      reasons.push(result.waiting.app.reason);
    }
    expect(reasons).toEqual(['ErrImagePull', 'ImagePullBackOff', 'ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull']);
    expect(runtime.pulls).toBe(3);
  });

  it('says why in the back-off’s waiting message, and reports each failed pull as a Failed event with the registry’s words', async () => {
    const runtime = failingPulls();
    const pullBackoff = new ImagePullBackOff();
    const events: PodEventInput[] = [];
    const first = await syncPod(runtime, pod, [], { cluster: 'c', now: new Date(0), pullBackoff, recordEvent: (e) => events.push(e) });
    const second = await syncPod(runtime, pod, [], { cluster: 'c', now: new Date(1_000), pullBackoff, recordEvent: (e) => events.push(e) });
    expect(first.waiting.app).toEqual({ reason: 'ErrImagePull', message: 'failed to pull image "localhost:1/none:1": connection refused' });
    expect(second.waiting.app).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "localhost:1/none:1": ErrImagePull: connection refused' });
    expect(events).toEqual([{ type: 'Warning', reason: 'Failed', message: 'Failed to pull image "localhost:1/none:1": connection refused', container: 'app' }]);
  });

  it('keeps the last pull’s error across an agent restart (snapshot and restore)', () => {
    const before = new ImagePullBackOff();
    before.recordFailure('k', 0, 'ErrImagePull: manifest unknown');
    const after = new ImagePullBackOff();
    after.restore(JSON.parse(JSON.stringify(before.snapshot())));
    expect(after.decide('k', 'x', 1_000)).toMatchObject({ action: 'backoff', message: 'Back-off pulling image "x": ErrImagePull: manifest unknown' });
  });
});
