import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { ANNOTATION_SPEC_HASH } from '../../../src/manifest';
import { silentHost } from '../../../src/controller/silent-host';
import { podRow } from '../../../src/cli/printers/pod';

const now = new Date('2026-11-26T05:00:00Z');
const readyPod = (name: string): Pod => ({
  metadata: { namespace: 'demo', name, annotations: { [ANNOTATION_SPEC_HASH]: 'h1' } },
  spec: { containers: [{ name: 'web' }], nodeName: 'h2' },
  status: { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }] },
});

describe('silentHost: the pods of a host that did not answer this pass', () => {
  it('keeps what the host last reported while the host is still Ready (one missed status call says nothing of its pods)', () => {
    const pods = [readyPod('web-a'), readyPod('web-b')];
    const host = silentHost('h2', pods, { pods: { 'demo/web-a': 'h1', 'demo/web-b': 'h1' } }, true, now);
    expect(host).toEqual({ name: 'h2', pods });
  });

  it('turns the Ready condition False once the host is NotReady, as Kubernetes marks the pods of a NotReady node', () => {
    const host = silentHost('h2', [readyPod('web-a')], {}, false, now);
    const conditions = host.pods[0].status?.conditions ?? [];
    expect(conditions).toContainEqual({ type: 'PodScheduled', status: 'True' });
    expect(conditions.find((c) => c.type === 'Ready')).toEqual({ type: 'Ready', status: 'False', reason: 'NodeNotReady', message: 'host h2 is not ready', lastTransitionTime: now.toISOString() });
    expect(host.pods[0].metadata?.annotations?.[ANNOTATION_SPEC_HASH]).toBe('h1');
  });

  it('shows the pods of a NotReady host 0/1: containers no longer counted ready, ContainersReady False too', () => {
    const pod = readyPod('web-a');
    pod.status!.conditions!.push({ type: 'ContainersReady', status: 'True' });
    pod.status!.containerStatuses = [{ name: 'web', image: 'web:1', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-26T04:00:00Z' } } }];
    expect(podRow(pod, now, false)[1]).toBe('1/1');
    const [marked] = silentHost('h2', [pod], {}, false, now).pods;
    expect(marked.status?.containerStatuses?.[0]).toMatchObject({ ready: false, state: { running: {} } });
    expect(marked.status?.conditions?.find((c) => c.type === 'ContainersReady')).toMatchObject({ status: 'False', reason: 'NodeNotReady' });
    expect(podRow(marked, now, false).slice(1, 3)).toEqual(['0/1', 'Running']);
  });

  it('leaves a pod that was already not Ready as it was, keeping its transition time', () => {
    const pod = readyPod('web-a');
    pod.status!.conditions![1] = { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: '2026-11-26T04:00:00Z' };
    expect(silentHost('h2', [pod], {}, false, now).pods[0]).toBe(pod);
  });

  it('stands in the recorded spec hashes, without status, when nothing was reported since the controller started', () => {
    const host = silentHost('h2', undefined, { pods: { 'demo/web-a': 'abc' } }, true, now);
    expect(host.pods).toEqual([{ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'demo', name: 'web-a', annotations: { [ANNOTATION_SPEC_HASH]: 'abc' } }, spec: { containers: [] } }]);
  });
});
