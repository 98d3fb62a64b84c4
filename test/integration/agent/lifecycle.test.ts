// Graceful stops and image pulls, through the agent's API against the real engine: preStop hooks (exec and httpGet)
// run before SIGTERM, and an image that cannot be pulled goes ErrImagePull → ImagePullBackOff.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../helpers/images';
import { eventually, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('lifecycle', { allowHostPath: true });
});

afterAll(async () => {
  await h?.stop();
});

/** Sleeps in the background so that the TERM trap runs at once. */
const waitForTerm = (onTerm: string) => `trap '${onTerm}; exit 0' TERM; while true; do sleep 1 & wait $!; done`;

describe('preStop hooks', () => {
  it('runs an exec hook before SIGTERM when the pod is removed', async () => {
    const out = join(h.root, 'out');
    mkdirSync(out);
    const pod: Pod = {
      metadata: { name: 'hooked', namespace: 'default', uid: 'uid-hooked' },
      spec: {
        terminationGracePeriodSeconds: 10,
        volumes: [{ name: 'out', hostPath: { path: out, type: 'Directory' } }],
        containers: [
          {
            name: 'app',
            image: BUSYBOX_IMAGE,
            command: ['sh', '-c', `echo started >> /out/log; ${waitForTerm('echo term >> /out/log')}`],
            volumeMounts: [{ name: 'out', mountPath: '/out' }],
            lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo prestop >> /out/log; sleep 1'] } } },
          },
        ],
      },
    };
    await h.setPods([pod]);
    await eventually(() => expect(readFileSync(join(out, 'log'), 'utf8')).toBe('started\n'));
    await h.setPods([]);
    await eventually(() => expect(readFileSync(join(out, 'log'), 'utf8')).toBe('started\nprestop\nterm\n'));
  });

  it('runs the hook of the old version before SIGTERM when a pod is replaced', async () => {
    const out = join(h.root, 'swap');
    mkdirSync(out);
    const version = (v: string): Pod => ({
      metadata: { name: 'swap', namespace: 'default', uid: 'uid-swap' },
      spec: {
        terminationGracePeriodSeconds: 10,
        volumes: [{ name: 'out', hostPath: { path: out, type: 'Directory' } }],
        containers: [
          {
            name: 'app',
            image: BUSYBOX_IMAGE,
            env: [{ name: 'V', value: v }],
            command: ['sh', '-c', `echo $V started >> /out/log; ${waitForTerm('echo $V term >> /out/log')}`],
            volumeMounts: [{ name: 'out', mountPath: '/out' }],
            lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo $V prestop >> /out/log'] } } },
          },
        ],
      },
    });
    await h.setPods([version('v1')]);
    await eventually(() => expect(readFileSync(join(out, 'log'), 'utf8')).toBe('v1 started\n'));
    await h.setPods([version('v2')]);
    await eventually(() => expect(readFileSync(join(out, 'log'), 'utf8')).toBe('v1 started\nv2 started\nv1 prestop\nv1 term\n'));
    await h.setPods([]);
  });

  it('calls an httpGet hook on a named port before SIGTERM when liveness kills the container', async () => {
    const script = `mkdir -p /tmp /www && echo bye > /www/prestop && httpd -f -vv -p 8080 -h /www & ${waitForTerm('echo term')}`;
    const pod: Pod = {
      metadata: { name: 'web', namespace: 'default', uid: 'uid-web-hook' },
      spec: {
        terminationGracePeriodSeconds: 10,
        containers: [
          {
            name: 'web',
            image: BUSYBOX_IMAGE,
            command: ['sh', '-c', script],
            ports: [{ name: 'http', containerPort: 8080 }],
            livenessProbe: { exec: { command: ['sh', '-c', 'test ! -f /tmp/die'] }, periodSeconds: 1, failureThreshold: 1 },
            lifecycle: { preStop: { httpGet: { path: '/prestop', port: 'http' } } },
          },
        ],
      },
    };
    await h.setPods([pod]);
    await eventually(async () => expect((await h.pod('web')).status?.containerStatuses?.[0]?.state?.running).toBeDefined());
    expect((await h.client.exec('default', 'web', { command: ['touch', '/tmp/die'] })).exitCode).toBe(0);
    await eventually(async () => expect((await h.pod('web')).status?.containerStatuses?.[0]?.restartCount).toBe(1), 20_000);
    const previous = await h.logs('web', { previous: true });
    expect(previous).toContain('url:/prestop');
    expect(previous.indexOf('url:/prestop')).toBeLessThan(previous.indexOf('term'));
  });
});

describe('image pulls', () => {
  it('reports ErrImagePull after a failed pull, then ImagePullBackOff until the next attempt', async () => {
    const pod: Pod = {
      metadata: { name: 'nopull', namespace: 'default', uid: 'uid-nopull' },
      spec: { containers: [{ name: 'app', image: 'localhost:1/none:1' }] },
    };
    await h.setPods([pod]);
    // Watched closely: ErrImagePull shows only until the next pass after a failed attempt, and the first one may be
    // gone before the first look; the retry, 10 s later, shows the transition.
    const seen: { reason: string; pass: number }[] = [];
    const deadline = Date.now() + 16_000;
    const done = () => seen.length >= 3 && seen.at(-2)!.reason === 'ErrImagePull' && seen.at(-1)!.reason === 'ImagePullBackOff';
    while (Date.now() < deadline && !done()) {
      const reason = (await h.pod('nopull')).status?.containerStatuses?.[0]?.state?.waiting?.reason;
      if (reason && reason !== 'ContainerCreating' && seen.at(-1)?.reason !== reason) seen.push({ reason, pass: h.agent.passes });
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(seen.slice(-3).map((s) => s.reason)).toEqual(['ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff']);
    // The retry waited out the back-off (10 s after the failure, which came before the first ImagePullBackOff): the
    // passes in between (one per 500 ms) did not pull, where a retry without back-off would come at the next one.
    expect(seen.at(-2)!.pass - seen.at(-3)!.pass).toBeGreaterThan(5);
    await eventually(async () => expect((await h.pod('nopull')).status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ImagePullBackOff'));
    const status = (await h.pod('nopull')).status?.containerStatuses?.[0]?.state?.waiting;
    // With the last pull's error, as the kubelet says it since 1.30.
    expect(status?.message).toMatch(/^Back-off pulling image "localhost:1\/none:1": ErrImagePull: .*connect/);
  });
});
