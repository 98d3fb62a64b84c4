import { describe, expect, it } from 'vitest';
import { kubeTime, nodeConditions, readyStatus } from '../../../src/fleet/health-conditions';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const ready = (conditions: ReturnType<typeof nodeConditions>) => conditions.find((c) => c.type === 'Ready')!;

describe('Ready from heartbeats', () => {
  it.each([
    ['answered just now', 0, 'True', 'AgentReady'],
    ['answered 40 s ago (the grace period, inclusive)', 40, 'True', 'AgentReady'],
    ['silent for 41 s', 41, 'Unknown', 'NodeStatusUnknown'],
    ['silent for an hour', 3600, 'Unknown', 'NodeStatusUnknown'],
  ])('is as Kubernetes says when the agent %s', (_, silentSeconds, status, reason) => {
    const condition = ready(nodeConditions({ lastHeartbeat: t0 }, at(silentSeconds)));
    expect(condition).toMatchObject({ type: 'Ready', status, reason, lastHeartbeatTime: '2026-03-01T10:00:00Z' });
  });

  it('is Unknown, never updated, for a host never heard from', () => {
    expect(ready(nodeConditions({ lastError: 'connect ECONNREFUSED' }, t0))).toEqual({
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Agent never answered: connect ECONNREFUSED',
      lastTransitionTime: '2026-03-01T10:00:00Z',
    });
  });

  it('gives the last error as the message of a silent host', () => {
    const condition = ready(nodeConditions({ lastHeartbeat: t0, lastError: 'host h1 is unreachable: timed out' }, at(45)));
    expect(condition.message).toBe('Agent stopped answering: host h1 is unreachable: timed out');
  });

  it('takes a shorter grace period when told', () => {
    expect(readyStatus(nodeConditions({ lastHeartbeat: t0 }, at(3), 2_000))).toBe('Unknown');
  });
});

describe('transition times', () => {
  it('follows a host through Ready, silent, Ready again', () => {
    // Answers at 0 and 10 s, then silence until 70 s.
    const first = nodeConditions({ lastHeartbeat: t0 }, t0);
    expect(ready(first).lastTransitionTime).toBe('2026-03-01T10:00:00Z');
    const still = nodeConditions({ lastHeartbeat: at(10), previous: first }, at(10));
    expect(ready(still)).toMatchObject({ status: 'True', lastHeartbeatTime: '2026-03-01T10:00:10Z', lastTransitionTime: '2026-03-01T10:00:00Z' });
    const silent = nodeConditions({ lastHeartbeat: at(10), lastError: 'refused', previous: still }, at(51));
    expect(ready(silent)).toMatchObject({ status: 'Unknown', lastHeartbeatTime: '2026-03-01T10:00:10Z', lastTransitionTime: '2026-03-01T10:00:51Z' });
    const stillSilent = nodeConditions({ lastHeartbeat: at(10), lastError: 'refused', previous: silent }, at(60));
    expect(ready(stillSilent).lastTransitionTime).toBe('2026-03-01T10:00:51Z');
    const back = nodeConditions({ lastHeartbeat: at(70), previous: stillSilent }, at(70));
    expect(ready(back)).toMatchObject({ status: 'True', lastHeartbeatTime: '2026-03-01T10:01:10Z', lastTransitionTime: '2026-03-01T10:01:10Z' });
  });

  it('writes times as Kubernetes does: UTC, whole seconds', () => {
    expect(kubeTime(new Date('2026-03-01T10:00:00.999Z'))).toBe('2026-03-01T10:00:00Z');
  });
});
