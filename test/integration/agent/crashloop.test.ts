// CrashLoopBackOff as GET /v1/pods shows it, against the real engine: a container that exits at once is restarted
// at once the first time, then waits 10 s (counted from when it finished), then 20 s, with the kubelet's message.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../helpers/images';
import { eventually, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('crashloop');
});

afterAll(async () => {
  await h?.stop();
});

const status = async (): Promise<ContainerStatus | undefined> => (await h.pod('crash')).status?.containerStatuses?.[0];
const message = (windowSeconds: number) =>
  `back-off ${windowSeconds}s restarting failed container=app pod=crash_default(uid-crash)`;

describe('CrashLoopBackOff in GET /v1/pods', () => {
  it('restarts at once, then only after 10 s, then reports a 20 s back-off', async () => {
    const pod: Pod = {
      metadata: { name: 'crash', namespace: 'default', uid: 'uid-crash' },
      spec: {
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'app', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'exit 1'] }],
      },
    };
    await h.setPods([pod]);
    const first = await eventually(async () => {
      const s = await status();
      expect(s?.restartCount).toBe(1);
      expect(s?.state?.waiting?.reason).toBe('CrashLoopBackOff');
      return s!;
    });
    expect(first.state?.waiting?.message).toBe(message(10));
    expect(first.lastState?.terminated?.exitCode).toBe(1);
    const backingOffFrom = h.agent.passes;

    // The restart does not come at the next pass, as it did the first time: the passes in between (one per 500 ms,
    // about 20 in the 10 s window) leave the container waiting.
    let restartPass = 0;
    await eventually(async () => {
      const s = await status();
      if ((s?.restartCount ?? 0) >= 2) restartPass ||= h.agent.passes;
      expect(s?.restartCount).toBeGreaterThanOrEqual(2);
    }, 20_000);
    expect(restartPass - backingOffFrom).toBeGreaterThan(5);

    const second = await eventually(async () => {
      const s = await status();
      expect(s?.restartCount).toBe(2);
      expect(s?.state?.waiting?.reason).toBe('CrashLoopBackOff');
      return s!;
    });
    expect(second.state?.waiting?.message).toBe(message(20));
    // One BackOff event, counted once per back-off (two so far), not once per pass spent waiting.
    const backOff = ((await h.client.listPods()).events ?? []).filter((e) => e.reason === 'BackOff');
    expect(backOff).toMatchObject([{ type: 'Warning', message: 'Back-off restarting failed container app in pod crash_default(uid-crash)', count: 2, involvedObject: { fieldPath: 'spec.containers{app}' } }]);
  }, 40_000);
});
