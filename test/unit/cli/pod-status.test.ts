import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { podStatus } from '../../../src/cli/printers';

const running = (name: string, ready = true): ContainerStatus => ({ name, image: 'i', imageID: '', ready, restartCount: 0, state: { running: { startedAt: '2024-05-01T10:00:00Z' } } });

function pod(status: Pod['status'], extra: { containers?: number; init?: number; deleting?: boolean } = {}): Pod {
  const names = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}` }));
  return {
    metadata: { name: 'p', ...(extra.deleting ? { deletionTimestamp: '2024-05-01T10:00:00Z' } : {}) },
    spec: { containers: names(extra.containers ?? 1, 'c'), initContainers: extra.init ? names(extra.init, 'i') : undefined },
    status,
  };
}

describe('STATUS, READY and RESTARTS follow kubectl printPod', () => {
  it.each([
    ['a running, ready pod', pod({ phase: 'Running', containerStatuses: [running('c0')] }), 'Running', '1/1'],
    ['a pod not placed yet', pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }), 'Pending', '0/1'],
    ['the reason of a waiting container', pod({ phase: 'Running', containerStatuses: [{ ...running('c0', false), state: { waiting: { reason: 'CrashLoopBackOff' } } }] }), 'CrashLoopBackOff', '0/1'],
    ['the reason of a terminated container', pod({ phase: 'Succeeded', containerStatuses: [{ ...running('c0', false), state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }), 'Completed', '0/1'],
    ['an exit code when there is no reason', pod({ phase: 'Failed', containerStatuses: [{ ...running('c0', false), state: { terminated: { exitCode: 2 } } }] }), 'ExitCode:2', '0/1'],
    ['a signal when there is no reason', pod({ phase: 'Failed', containerStatuses: [{ ...running('c0', false), state: { terminated: { exitCode: 137, signal: 9 } } }] }), 'Signal:9', '0/1'],
    ['the pod reason over its phase', pod({ phase: 'Failed', reason: 'Evicted' }), 'Evicted', '0/1'],
    ['an init container still running', pod({ phase: 'Pending', initContainerStatuses: [{ ...running('i0', false) }] }, { init: 2 }), 'Init:0/2', '0/1'],
    ['an init container crash-looping', pod({ phase: 'Pending', initContainerStatuses: [{ ...running('i0', false), state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { init: 1 }), 'Init:CrashLoopBackOff', '0/1'],
    [
      'Completed with another container still running and ready',
      pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running('c0'), { ...running('c1', false), state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, { containers: 2 }),
      'Running',
      '1/2',
    ],
    ['Terminating while being deleted', pod({ phase: 'Running', containerStatuses: [running('c0')] }, { deleting: true }), 'Terminating', '1/1'],
  ])('%s', (_name, p, status, ready) => {
    const s = podStatus(p);
    expect(s.status).toBe(status);
    expect(`${s.ready}/${s.total}`).toBe(ready);
  });

  it('sums restarts and remembers when the last one ended', () => {
    const s = podStatus(
      pod(
        {
          phase: 'Running',
          containerStatuses: [
            { ...running('c0'), restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: '2024-05-01T09:55:00Z' } } },
            { ...running('c1'), restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: '2024-05-01T09:50:00Z' } } },
          ],
        },
        { containers: 2 },
      ),
    );
    expect(s).toEqual({ status: 'Running', ready: 2, total: 2, restarts: 3, lastRestart: '2024-05-01T09:55:00Z' });
  });
});
