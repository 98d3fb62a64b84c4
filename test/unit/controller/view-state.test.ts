import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { podsWithStatus } from '../../../src/controller/view-state';
import { pod, t0 } from './fixtures';

const running = (p: Pod, uid = `live-${p.metadata!.name}`): Pod => ({ ...p, metadata: { ...p.metadata, uid }, status: { phase: 'Running', podIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'True' }] } });
const NO_FIT = '0/3 hosts are available: 3 Insufficient memory.';

describe('podsWithStatus', () => {
  it('joins the status a host reports to the desired pod placed there', () => {
    const desired = pod('web-1', { node: 'h1' });
    const [shown] = podsWithStatus([desired], { hosts: [{ name: 'h1', pods: [running(desired)] }] }, new Map(), t0);
    expect(shown.spec).toEqual(desired.spec);
    expect(shown.metadata).toMatchObject({ name: 'web-1', uid: 'live-web-1' });
    expect(shown.status).toMatchObject({ phase: 'Running', podIP: '10.0.0.5' });
  });

  it('does not take the status of a copy on another host', () => {
    const desired = pod('web-1', { node: 'h2' });
    const shown = podsWithStatus([desired], { hosts: [{ name: 'h1', pods: [running(pod('web-1', { node: 'h1' }))] }, { name: 'h2', pods: [] }] }, new Map(), t0);
    expect(shown[0].status).toEqual({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] });
  });

  it('shows an unschedulable pod Pending with PodScheduled False, reason Unschedulable and the scheduler’s message', () => {
    const [shown] = podsWithStatus([pod('web-4')], { hosts: [] }, new Map([['default/web-4', NO_FIT]]), t0);
    expect(shown.status).toEqual({
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: NO_FIT, lastTransitionTime: t0.toISOString() }],
    });
  });

  it('shows a pod placed but not yet reported Pending with PodScheduled True', () => {
    const [shown] = podsWithStatus([pod('web-1', { node: 'h1' })], { hosts: [{ name: 'h1', pods: [] }] }, new Map(), t0);
    expect(shown.status).toEqual({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] });
    expect(shown.spec?.nodeName).toBe('h1');
  });

  it('shows a pod still running that git no longer wants as terminating, on its host', () => {
    const old = running(pod('old-1'));
    const shown = podsWithStatus([], { hosts: [{ name: 'h3', pods: [old] }] }, new Map(), t0);
    expect(shown).toHaveLength(1);
    expect(shown[0].metadata).toMatchObject({ name: 'old-1', deletionTimestamp: t0.toISOString() });
    expect(shown[0].spec?.nodeName).toBe('h3');
    expect(shown[0].status?.phase).toBe('Running');
  });

  it('shows a pod moved to another host twice: the new copy, then the old one terminating', () => {
    const desired = pod('web-1', { node: 'h2' });
    const shown = podsWithStatus([desired], { hosts: [{ name: 'h1', pods: [running(pod('web-1'))] }, { name: 'h2', pods: [running(desired, 'new')] }] }, new Map(), t0);
    expect(shown.map((p) => [p.spec?.nodeName, p.metadata?.uid, p.metadata?.deletionTimestamp])).toEqual([
      ['h2', 'new', undefined],
      ['h1', 'live-web-1', t0.toISOString()],
    ]);
  });

  it('keys pods by namespace as well as name', () => {
    const desired = pod('web', { node: 'h1', namespace: 'shop' });
    const other = running(pod('web', { namespace: 'blog' }));
    const shown = podsWithStatus([desired], { hosts: [{ name: 'h1', pods: [other] }] }, new Map(), t0);
    expect(shown.map((p) => [p.metadata?.namespace, p.status?.phase, p.metadata?.deletionTimestamp])).toEqual([
      ['shop', 'Pending', undefined],
      ['blog', 'Running', t0.toISOString()],
    ]);
  });

  it('answers a steady pass with the very same pods, and a changed report with its new status', () => {
    const desired = [pod('web-1', { node: 'h1' }), pod('web-2', { node: 'h1' })];
    const report = desired.map((p) => running(p));
    const first = podsWithStatus(desired, { hosts: [{ name: 'h1', pods: report }] }, new Map(), t0);
    expect(podsWithStatus([...desired], { hosts: [{ name: 'h1', pods: report }] }, new Map(), t0)).toBe(first);
    const notReady = { ...report[1], status: { ...report[1].status, conditions: [{ type: 'Ready', status: 'False' }] } };
    const next = podsWithStatus(desired, { hosts: [{ name: 'h1', pods: [report[0], notReady] }] }, new Map(), t0);
    expect(next[0]).toBe(first[0]);
    expect(next[1].status?.conditions).toEqual([{ type: 'Ready', status: 'False' }]);
  });
});
