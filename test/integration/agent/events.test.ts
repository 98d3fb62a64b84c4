// The agent's pod events against the real engine and a real registry: what the kubelet would say of each pod
// (Pulling, Pulled, Created, Started; Failed with the registry's message and BackOff; Unhealthy with the probe's
// output; Killing with why; OOMKilled), reported with the pods by GET /v1/pods, deduplicated and counted.
import Docker from 'dockerode';
import type { Container, Event, Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../helpers/images';
import { pushImage, removeImageRefs, startRegistry, type TestRegistry } from '../../helpers/registry';
import { eventually, startHarness, type Harness } from './harness';

let h: Harness;
let registry: TestRegistry;
let pulled: string;
let absent: string;

beforeAll(async () => {
  h = await startHarness('events');
  registry = await startRegistry({ prefix: 'berth-agent-events-registry-' });
  pulled = (await pushImage(registry, BUSYBOX_IMAGE, 'berth-events/busybox', String(process.pid))).ref;
  absent = `${registry.address}/berth-events/absent:${process.pid}`;
  // Pushing tagged it here: untagged, the agent must pull it.
  await removeImageRefs(new Docker(), [pulled]);
}, 60_000);

afterAll(async () => {
  await h?.stop();
  if (pulled) await removeImageRefs(new Docker(), [pulled]);
  await registry?.stop();
});

const pod = (name: string, container: Partial<Container>, restartPolicy = 'Always'): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: {
    restartPolicy,
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'app', image: BUSYBOX_IMAGE, command: ['sleep', '3600'], ...container }],
  },
});

async function eventsOf(name: string): Promise<Event[]> {
  return ((await h.client.listPods()).events ?? []).filter((e) => e.involvedObject.name === name);
}

const failing = (output: string) => ({ exec: { command: ['sh', '-c', `echo ${output}; exit 1`] }, periodSeconds: 1, failureThreshold: 1 });

describe('the agent’s pod events, in GET /v1/pods', () => {
  it('tells what happened to each pod as the kubelet does, a repeat counted, not repeated', async () => {
    await h.setPods([
      pod('pulled', { image: pulled, readinessProbe: failing('db is not up') }),
      pod('absent', { image: absent }),
      pod('liveness', { livenessProbe: failing('deadlocked') }),
      // tail buffers /dev/zero's one endless line: past the limit, the kernel's OOM killer ends it.
      pod('oom', { command: ['tail', '/dev/zero'], resources: { limits: { memory: '16Mi' } } }, 'Never'),
    ]);

    const pulledEvents = await eventually(async () => {
      const events = await eventsOf('pulled');
      expect(events.find((e) => e.reason === 'Unhealthy')?.count).toBeGreaterThanOrEqual(2);
      return events;
    }, 30_000);
    expect(pulledEvents.slice(0, 4).map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Normal', 'Pulling', `Pulling image "${pulled}"`],
      ['Normal', 'Pulled', expect.stringMatching(new RegExp(`^Successfully pulled image "${pulled}" in \\d`))],
      ['Normal', 'Created', 'Created container app'],
      ['Normal', 'Started', 'Started container app'],
    ]);
    const unhealthy = pulledEvents.filter((e) => e.reason === 'Unhealthy');
    // Counted: one event, its count and lastTimestamp moved, about the container.
    expect(unhealthy).toHaveLength(1);
    expect(unhealthy[0]).toMatchObject({ type: 'Warning', message: 'Readiness probe failed: db is not up', involvedObject: { kind: 'Pod', namespace: 'default', name: 'pulled', fieldPath: 'spec.containers{app}' }, source: { component: 'berth-agent', host: 'h1' } });
    expect(Date.parse(unhealthy[0]!.lastTimestamp!)).toBeGreaterThan(Date.parse(unhealthy[0]!.firstTimestamp!));

    // The registry's own words: the tag is not there.
    const absentEvents = await eventually(async () => {
      const events = await eventsOf('absent');
      expect(events.map((e) => e.reason)).toEqual(expect.arrayContaining(['Failed', 'BackOff']));
      return events;
    });
    const failed = absentEvents.find((e) => e.reason === 'Failed')!;
    expect(failed).toMatchObject({ type: 'Warning', message: expect.stringMatching(new RegExp(`^Failed to pull image "${absent}": .*manifest unknown`)) });
    expect(absentEvents.find((e) => e.reason === 'BackOff')).toMatchObject({ type: 'Normal', message: `Back-off pulling image "${absent}"` });
    const waiting = await eventually(async () => {
      const w = (await h.pod('absent')).status?.containerStatuses?.[0]?.state?.waiting;
      expect(w?.reason).toBe('ImagePullBackOff');
      return w!;
    });
    expect(waiting.message).toMatch(new RegExp(`^Back-off pulling image "${absent}": ErrImagePull: .*manifest unknown`));

    const killing = await eventually(async () => {
      const found = (await eventsOf('liveness')).find((e) => e.reason === 'Killing');
      expect(found).toBeDefined();
      return found!;
    });
    expect(killing).toMatchObject({ type: 'Normal', message: 'Container app failed liveness probe, will be restarted', involvedObject: { fieldPath: 'spec.containers{app}' } });
    expect((await eventsOf('liveness')).find((e) => e.reason === 'Unhealthy')).toMatchObject({ type: 'Warning', message: 'Liveness probe failed: deadlocked' });

    const oom = await eventually(async () => {
      const found = (await eventsOf('oom')).find((e) => e.reason === 'OOMKilled');
      expect(found).toBeDefined();
      return found!;
    }, 30_000);
    expect(oom).toMatchObject({ type: 'Warning', count: 1, message: 'Container app was OOM-killed (exit code 137): it used more than its memory limit of 16Mi' });
    expect((await h.pod('oom')).status?.containerStatuses?.[0]?.state?.terminated?.reason).toBe('OOMKilled');
  }, 90_000);

  it('changes the report’s ETag when a repeated event is counted', async () => {
    const first = await h.client.listPods();
    const count = (first.events ?? []).find((e) => e.involvedObject.name === 'pulled' && e.reason === 'Unhealthy')!.count!;
    const later = await eventually(async () => {
      const list = await h.client.listPods();
      expect((list.events ?? []).find((e) => e.involvedObject.name === 'pulled' && e.reason === 'Unhealthy')!.count).toBeGreaterThan(count);
      return list;
    });
    expect(later.resourceVersion).not.toBe(first.resourceVersion);
  });

  it('says why it stops a pod that is no longer wanted, and forgets its events once it is gone', async () => {
    await h.setPods([]);
    const stopping = await eventually(async () => {
      const found = (await eventsOf('pulled')).find((e) => e.reason === 'Killing');
      expect(found).toBeDefined();
      return found!;
    });
    expect(stopping.message).toBe('Stopping container app');
    await eventually(async () => expect((await h.client.listPods()).events ?? []).toEqual([]), 30_000);
  }, 40_000);
});
