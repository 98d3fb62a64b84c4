import type { Container, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CrashLoopBackOff } from '../../../../src/agent/pods/backoff';
import {
  backoffMessage,
  decideRestart,
  goDuration,
  initContainerOutcome,
  restartDecider,
  restartOnProbeFailure,
  shouldRestart,
  type RestartPolicy,
} from '../../../../src/agent/pods/restart';

const app: Container = { name: 'app', image: 'x' };
const init: Container = { name: 'setup', image: 'x' };
const pod = (restartPolicy: RestartPolicy, extra: Partial<Pod['metadata']> = {}): Pod => ({
  metadata: { name: 'web-0', namespace: 'shop', uid: 'u-1', ...extra },
  spec: { restartPolicy, initContainers: [init], containers: [app] },
});
const at = (s: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, s)).toISOString();
const NOW = Date.parse(at(30));

describe('the restart policy for app containers', () => {
  it.each<[RestartPolicy, number, boolean]>([
    ['Always', 0, true],
    ['Always', 1, true],
    ['OnFailure', 0, false],
    ['OnFailure', 137, true],
    ['Never', 0, false],
    ['Never', 1, false],
  ])('%s, exit code %i: restart %s', (policy, code, want) => {
    expect(shouldRestart(policy, code)).toBe(want);
  });
});

describe('init containers', () => {
  it.each<[RestartPolicy, number, string]>([
    ['Always', 0, 'done'],
    ['Always', 1, 'restart'],
    ['OnFailure', 1, 'restart'],
    ['Never', 0, 'done'],
    ['Never', 1, 'podFailed'],
  ])('%s, exit code %i: %s', (policy, code, want) => {
    expect(initContainerOutcome(policy, code)).toBe(want);
  });
});

describe('a failed liveness or startup probe', () => {
  it.each<[RestartPolicy, boolean]>([['Always', true], ['OnFailure', true], ['Never', false]])('under %s restarts: %s', (policy, want) => {
    expect(restartOnProbeFailure(policy)).toBe(want);
  });
});

describe('deciding a restart', () => {
  it.each<[string, Pod, Container, number, string]>([
    ['an app container that failed under Always restarts', pod('Always'), app, 1, 'restart'],
    ['one that completed under OnFailure stays terminated', pod('OnFailure'), app, 0, 'none'],
    ['any under Never stays terminated', pod('Never'), app, 1, 'none'],
    ['a failed init container under Always restarts', pod('Always'), init, 1, 'restart'],
    ['a completed init container under Always is done', pod('Always'), init, 0, 'none'],
    ['a failed init container under Never fails the pod', pod('Never'), init, 2, 'podFailed'],
    ['nothing restarts in a pod being deleted', pod('Always', { deletionTimestamp: at(0) }), app, 1, 'none'],
  ])('%s', (_name, p, c, exitCode, want) => {
    expect(decideRestart(p, c, { exitCode, startedAt: at(0), finishedAt: at(1) }, new CrashLoopBackOff(), NOW).action).toBe(want);
  });

  it('backs off a crash loop, saying so as the kubelet does', () => {
    const backoff = new CrashLoopBackOff();
    const p = pod('Always');
    expect(decideRestart(p, app, { exitCode: 1, startedAt: at(0), finishedAt: at(1) }, backoff, Date.parse(at(1)))).toEqual({ action: 'restart' });
    expect(decideRestart(p, app, { exitCode: 1, startedAt: at(2), finishedAt: at(3) }, backoff, Date.parse(at(4)))).toEqual({
      action: 'backoff',
      at: Date.parse(at(13)),
      reason: 'CrashLoopBackOff',
      message: 'back-off 10s restarting failed container=app pod=web-0_shop(u-1)',
    });
    expect(decideRestart(p, app, { exitCode: 1, startedAt: at(2), finishedAt: at(3) }, backoff, Date.parse(at(13)))).toEqual({ action: 'restart' });
  });

  it('fits the pod loop’s RestartDecider, reporting every decision', () => {
    const decisions: string[] = [];
    const decide = restartDecider(pod('OnFailure'), new CrashLoopBackOff(), (c, d) => decisions.push(`${c.name}:${d.action}`));
    expect([decide(app, { exitCode: 0 }, new Date(NOW)), decide(init, { exitCode: 3 }, new Date(NOW))]).toEqual([false, true]);
    expect(decisions).toEqual(['app:none', 'setup:restart']);
  });

  it.each([
    [10_000, '10s'],
    [80_000, '1m20s'],
    [300_000, '5m0s'],
  ])('prints %i ms as Go does: %s', (ms, want) => {
    expect(goDuration(ms)).toBe(want);
    expect(backoffMessage(pod('Always'), 'app', ms)).toContain(`back-off ${want} `);
  });
});
