// A pod whose sandbox died or was removed, against the real engine: as the kubelet (killPodWithSyncResult before a
// new sandbox), the agent stops the old app containers gracefully — preStop hook, SIGTERM within the grace period —
// and only then makes a new sandbox and starts the containers again in it.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../helpers/images';
import { condition, eventually, startHarness, type Harness } from './harness';

let h: Harness;
let out: string;

beforeAll(async () => {
  h = await startHarness('sandbox', { allowHostPath: true });
  out = join(h.root, 'out');
  mkdirSync(out);
});

afterAll(async () => {
  await h?.stop();
});

const log = () => readFileSync(join(out, 'log'), 'utf8');
const sandbox = async () => {
  const [c] = await h.docker.listContainers({ filters: { label: [`berth.dev/cluster=${h.cluster}`, 'berth.dev/container=POD'], status: ['running'] } });
  return h.docker.getContainer(c.Id);
};

describe('a pod whose sandbox is gone', () => {
  it('stops its containers through their preStop hook and SIGTERM before the new sandbox, whether removed or killed', async () => {
    const pod: Pod = {
      metadata: { name: 'hooked', namespace: 'default', uid: 'uid-sandbox-hooked' },
      spec: {
        terminationGracePeriodSeconds: 10,
        volumes: [{ name: 'out', hostPath: { path: out, type: 'Directory' } }],
        containers: [
          {
            name: 'app',
            image: BUSYBOX_IMAGE,
            // Sleeps in the background so that the TERM trap runs at once.
            command: ['sh', '-c', "echo started >> /out/log; trap 'echo term >> /out/log; exit 0' TERM; while true; do sleep 1 & wait $!; done"],
            volumeMounts: [{ name: 'out', mountPath: '/out' }],
            lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo prestop >> /out/log'] } } },
          },
        ],
      },
    };
    await h.setPods([pod]);
    await eventually(() => expect(log()).toBe('started\n'));

    await (await sandbox()).remove({ force: true });
    await eventually(() => expect(log()).toBe('started\nprestop\nterm\nstarted\n'), 20_000);
    const again = await eventually(async () => {
      const p = await h.pod('hooked');
      expect(condition(p, 'Ready')?.status).toBe('True');
      return p;
    });
    // The stopped instance exited by its own TERM trap (0), not by SIGKILL (137).
    expect(again.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 0, reason: 'Completed' } } });

    await (await sandbox()).kill();
    await eventually(() => expect(log()).toBe('started\nprestop\nterm\nstarted\nprestop\nterm\nstarted\n'), 20_000);
    await eventually(async () => expect((await h.pod('hooked')).status?.containerStatuses?.[0]).toMatchObject({ restartCount: 2, state: { running: {} } }));
  }, 60_000);
});
