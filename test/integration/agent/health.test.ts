// Health as the controller reads it from GET /v1/pods, against the real engine: readiness flips Ready both ways, a
// container over its memory limit is OOMKilled, and containers Berth did not create are left alone.
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../helpers/images';
import { condition, eventually, startHarness, type Harness } from './harness';

let h: Harness;
/** Containers started by hand in these tests, removed in afterAll. */
const byHand: string[] = [];

beforeAll(async () => {
  h = await startHarness('health');
});

afterAll(async () => {
  await Promise.all(byHand.map((id) => h.docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
  await h?.stop();
});

const ready = async (name: string) => condition(await h.pod(name), 'Ready')?.status;

describe('health in GET /v1/pods', () => {
  it('flips Ready both ways with a readiness probe', async () => {
    const pod: Pod = {
      metadata: { name: 'flip', namespace: 'default', uid: 'uid-flip' },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: [
          {
            name: 'app',
            image: BUSYBOX_IMAGE,
            command: ['sh', '-c', 'mkdir -p /tmp; exec sleep 3600'],
            readinessProbe: { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 1 },
          },
        ],
      },
    };
    await h.setPods([pod]);
    await eventually(async () => expect((await h.pod('flip')).status?.phase).toBe('Running'));
    expect(await ready('flip')).toBe('False');
    const exec = async (command: string[]) => expect((await h.client.exec('default', 'flip', { command })).exitCode).toBe(0);
    await exec(['touch', '/tmp/ready']);
    await eventually(async () => expect(await ready('flip')).toBe('True'));
    expect((await h.pod('flip')).status?.containerStatuses?.[0]?.ready).toBe(true);
    await exec(['rm', '/tmp/ready']);
    await eventually(async () => expect(await ready('flip')).toBe('False'));
    expect((await h.pod('flip')).status?.containerStatuses?.[0]?.ready).toBe(false);
    await exec(['touch', '/tmp/ready']);
    await eventually(async () => expect(await ready('flip')).toBe('True'));
  });

  it('reports OOMKilled for a container over its memory limit', async () => {
    const pod: Pod = {
      metadata: { name: 'hog', namespace: 'default', uid: 'uid-hog' },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'hog',
            image: BUSYBOX_IMAGE,
            // tail keeps the whole "last line" of /dev/zero, which never ends, in memory.
            command: ['tail', '/dev/zero'],
            resources: { limits: { memory: '16Mi' } },
          },
        ],
      },
    };
    await h.setPods([pod]);
    const status = await eventually(async () => {
      const s = (await h.pod('hog')).status?.containerStatuses?.[0];
      expect(s?.state?.terminated ?? s?.lastState?.terminated).toBeDefined();
      return s!;
    });
    const terminated = status.state?.terminated ?? status.lastState?.terminated;
    expect(terminated?.reason).toBe('OOMKilled');
    expect(terminated?.exitCode).toBe(137);
  });

  it('leaves running, through several passes, containers started by hand on the same engine', async () => {
    // One with no label at all, one that names the cluster but is not berth.dev/managed.
    const labelSets: Record<string, string>[] = [{}, { 'berth.dev/cluster': h.cluster }];
    for (const Labels of labelSets) {
      const c = await h.docker.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['sleep', '3600'], Labels });
      byHand.push(c.id);
      await c.start();
    }
    await h.setPods([]);
    for (let i = 0; i < 3; i++) await h.agent.sync(); // each awaited: three passes, not a time that should be enough
    for (const id of byHand) {
      const info = await h.docker.getContainer(id).inspect();
      expect(info.State.Running).toBe(true);
      expect(info.RestartCount).toBe(0);
    }
    expect((await h.client.listPods()).items).toEqual([]);
  });
});
