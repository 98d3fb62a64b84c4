import { describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { observeJob, reconcileJob, type JobRecord } from '../../../src/controllers';
import { job, podSpec, template } from './fixtures';
import { after, live } from './job-fixtures';

const t0 = '2024-03-10T12:00:00Z';
const iso = (seconds: number) => after(t0, seconds).toISOString();
const names = (pods: Pod[]) => pods.map((p) => p.metadata!.name!);

/** One pass of the loop for a Job: observe what agents report, store the record, choose the pods. */
function pass(j: Job, pods: Pod[], record: JobRecord | undefined, seconds: number) {
  const observed = observeJob(j, pods, record, after(t0, seconds));
  return { observed, result: reconcileJob(j, observed), record: observed.record! };
}

const onFailure = (overrides: Parameters<typeof job>[1]) =>
  job('retry', { template: template({ app: 'batch' }, podSpec('registry.local/batch:1', { restartPolicy: 'OnFailure' })), ...overrides });

describe('a Job with a flaky pod', () => {
  const flaky = job('flaky', { backoffLimit: 3 });

  it('completes within its backoffLimit, waiting out the failure back-off, never reusing a name', () => {
    const p1 = pass(flaky, [], undefined, 0);
    const [first] = p1.result.pods;
    const failed1 = live(first, { phase: 'Failed', finishedAt: iso(5) });

    const p2 = pass(flaky, [failed1], p1.record, 6);
    expect(p2.observed.backoffUntil).toBe(iso(15));
    expect(names(p2.result.pods)).toEqual([first.metadata.name]);

    const p3 = pass(flaky, [failed1], p2.record, 16);
    const second = p3.result.pods.find((p) => p.metadata.name !== first.metadata.name)!;
    const failed2 = live(second, { phase: 'Failed', finishedAt: iso(20) });

    const p4 = pass(flaky, [failed1, failed2], p3.record, 30);
    expect(p4.observed.backoffUntil).toBe(iso(40));
    const p5 = pass(flaky, [failed1, failed2], p4.record, 40);
    const third = p5.result.pods.find((p) => ![first, second].some((q) => q.metadata.name === p.metadata.name))!;
    expect(new Set([first, second, third].map((p) => p.metadata.name)).size).toBe(3);

    const reported = [failed1, failed2, live(third, { phase: 'Succeeded', finishedAt: iso(45) })];
    const p6 = pass(flaky, reported, p5.record, 46);
    expect(p6.result.condition).toBe('Complete');
    expect(p6.observed.events).toEqual([{ type: 'Normal', reason: 'Completed', message: 'Job completed' }]);
    expect(p6.result.job.status).toMatchObject({ succeeded: 1, failed: 2, startTime: iso(0), completionTime: iso(46), ready: 0 });
    expect(p6.result.job.status!.conditions).toEqual([
      { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: iso(46), lastTransitionTime: iso(46) },
    ]);
    // Finished pods stay desired (kept for their logs); nothing new runs.
    expect(names(p6.result.pods).sort()).toEqual(names(reported).sort());
    expect(pass(flaky, reported, p6.record, 60).observed.events).toEqual([]);
  });

  it('does not give a finished pod’s name to a new pod after the pod is gone, across a controller restart', () => {
    const p1 = pass(flaky, [], undefined, 0);
    const failed = live(p1.result.pods[0], { phase: 'Failed', finishedAt: iso(1) });
    const p2 = pass(flaky, [failed], p1.record, 2);
    const stored: JobRecord = JSON.parse(JSON.stringify(p2.record));
    const p3 = pass(flaky, [], stored, 60);
    expect(p3.result.pods).toHaveLength(1);
    expect(p3.result.pods[0].metadata.name).not.toBe(failed.metadata!.name);
    expect(p3.result.job.status).toMatchObject({ failed: 1, active: 1 });
  });
});

describe('when a Job fails', () => {
  const two = job('pair', { completions: 2, parallelism: 2, backoffLimit: 1 });
  const [a, b] = reconcileJob(two).pods;
  const running = onFailure({ backoffLimit: 2 });
  const [r] = reconcileJob(running).pods;

  it.each<[string, Job, Pod[], string | undefined]>([
    ['failed pods beyond backoffLimit', two, [live(a, { phase: 'Failed' }), live(b, { phase: 'Failed' })], 'BackoffLimitExceeded'],
    ['failed pods up to backoffLimit', two, [live(a, { phase: 'Failed' }), live(b)], undefined],
    ['restartPolicy OnFailure: restarts reach backoffLimit', running, [live(r, { restarts: 2 })], 'BackoffLimitExceeded'],
    ['restartPolicy OnFailure: restarts below backoffLimit', running, [live(r, { restarts: 1 })], undefined],
    ['restartPolicy OnFailure, backoffLimit 0: any restart', onFailure({ backoffLimit: 0 }), [live(r, { restarts: 1 })], 'BackoffLimitExceeded'],
    ['restartPolicy Never: restarts are not counted', job('retry', { backoffLimit: 0 }), [live(r, { restarts: 5 })], undefined],
  ])('%s → %s', (_, j, pods, reason) => {
    const { observed } = pass(j, pods, undefined, 0);
    expect(observed.finished).toBe(reason ? 'Failed' : undefined);
    expect(terminal(observed.status?.conditions)?.reason).toBe(reason);
  });

  it('stops its active pods and keeps the finished ones', () => {
    const { result } = pass(two, [live(a, { phase: 'Failed' }), live(b, { phase: 'Failed' })], undefined, 0);
    expect(names(result.pods).sort()).toEqual(names([a, b]).sort());
    const stopped = pass(job('pair', { completions: 3, parallelism: 3, backoffLimit: 1 }), [live(a, { phase: 'Failed' }), live(b, { phase: 'Failed' })], undefined, 0);
    expect(stopped.result.pods.every((p) => [a, b].some((q) => q.metadata.name === p.metadata.name))).toBe(true);
  });
});

describe('activeDeadlineSeconds', () => {
  const timed = job('timed', { activeDeadlineSeconds: 60 });
  const [pod] = reconcileJob(timed).pods;

  it.each<[number, string | undefined]>([
    [59, undefined],
    [60, 'DeadlineExceeded'],
  ])('%d s after the start → %s', (seconds, reason) => {
    const start = pass(timed, [], undefined, 0).record;
    const { observed, result } = pass(timed, [live(pod)], start, seconds);
    expect(terminal(observed.status?.conditions)?.reason).toBe(reason);
    expect(result.pods).toHaveLength(reason ? 0 : 1);
    if (!reason) expect(observed.requeueAt).toBe(iso(60));
    else expect(observed.events).toEqual([{ type: 'Warning', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }]);
  });
});

describe('ttlSecondsAfterFinished', () => {
  const short = job('short', { ttlSecondsAfterFinished: 100 });
  const [pod] = reconcileJob(short).pods;
  const done = live(pod, { phase: 'Succeeded', finishedAt: iso(1) });
  const finished = pass(short, [done], undefined, 2).record;

  it.each<[number, boolean]>([
    [101, false],
    [102, true],
  ])('%d s after the start → expired %s', (seconds, expired) => {
    const { observed, result } = pass(short, [done], finished, seconds);
    expect(observed.expired).toBe(expired);
    expect(result.expired ?? false).toBe(expired);
    expect(result.pods).toHaveLength(expired ? 0 : 1);
    if (!expired) expect(observed.requeueAt).toBe(iso(102));
  });
});

describe('parallel NonIndexed pods', () => {
  const wide = job('wide', { completions: 3, parallelism: 2 });
  const [a, b] = reconcileJob(wide).pods;

  it('keeps a running pod’s name when its sibling fails, and names the replacement anew', () => {
    const { result } = pass(wide, [live(a), live(b, { phase: 'Failed', finishedAt: iso(1) })], undefined, 30);
    const running = result.pods.filter((p) => p.metadata.name !== b.metadata.name);
    expect(names(running)).toContain(a.metadata.name);
    expect(running).toHaveLength(2);
    expect(result.job.status).toMatchObject({ active: 2, ready: 1, failed: 1 });
  });

  it('names pods the same from pass to pass while agents have not reported them yet', () => {
    const first = pass(wide, [live(a)], undefined, 0);
    const again = pass(wide, [live(a)], first.record, 5);
    expect(names(again.result.pods)).toEqual(names(first.result.pods));
  });

  it('stops the least advanced pods first when parallelism shrinks', () => {
    const three = reconcileJob(job('wide', { completions: 3, parallelism: 3 })).pods;
    const pods = [live(three[0]), live(three[1], { ready: false }), live(three[2])];
    const { result } = pass(job('wide', { completions: 3, parallelism: 2 }), pods, undefined, 0);
    expect(names(result.pods).sort()).toEqual([three[0], three[2]].map((p) => p.metadata.name).sort());
  });
});

describe('an Indexed Job', () => {
  const render = job('render', { completionMode: 'Indexed', completions: 5, parallelism: 5 });
  const pods = reconcileJob(render).pods;
  const reported = pods.map((p, i) => live(p, { phase: i === 1 ? 'Failed' : 'Succeeded', finishedAt: iso(1) }));

  it('reports completed indexes compressed, and reruns a failed index under a new name', () => {
    const { result } = pass(render, reported, undefined, 20);
    expect(result.job.status).toMatchObject({ succeeded: 4, failed: 1, completedIndexes: '0,2-4', active: 1 });
    const rerun = result.pods.find((p) => !names(reported).includes(p.metadata.name))!;
    expect(rerun.metadata.labels!['batch.kubernetes.io/job-completion-index']).toBe('1');
  });
});

describe('suspend and resume', () => {
  const paused = job('batch', { suspend: true });
  const [pod] = reconcileJob(job('batch')).pods;

  it('stops the active pods, clears startTime and says Suspended; resuming restarts the clock', () => {
    const running = pass(job('batch'), [live(pod)], undefined, 0);
    const suspended = pass(paused, [live(pod)], running.record, 10);
    expect(suspended.result.pods).toEqual([]);
    expect(suspended.result.job.status!.startTime).toBeUndefined();
    expect(suspended.observed.events!.map((e) => e.reason)).toEqual(['Suspended']);
    const resumed = pass(job('batch'), [], suspended.record, 20);
    expect(resumed.observed.events!.map((e) => e.reason)).toEqual(['Resumed']);
    expect(resumed.result.job.status).toMatchObject({ startTime: iso(20), active: 1 });
    expect(resumed.result.job.status!.conditions).toContainEqual(expect.objectContaining({ type: 'Suspended', status: 'False', reason: 'JobResumed' }));
  });
});

describe('the pod failure back-off', () => {
  it.each<[number, number]>([
    [1, 10],
    [2, 20],
    [3, 40],
    [7, 600],
    [9, 600],
  ])('after %d failures in a row, new pods wait %d s', (failures, seconds) => {
    const many = job('many', { completions: 1, parallelism: 1, backoffLimit: 20 });
    const record: JobRecord = { startTime: iso(0), finished: {}, failuresAfterLastSuccess: failures, lastFailureTime: iso(0) };
    expect(pass(many, [], record, 1).observed.backoffUntil).toBe(iso(seconds));
  });
});

function terminal(conditions: Array<{ type: string; status: string; reason?: string }> | undefined) {
  return conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}
