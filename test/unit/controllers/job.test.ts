import { describe, expect, it } from 'vitest';
import { objectUid, reconcileJob, type JobObserved } from '../../../src/controllers';
import { job } from './fixtures';

const uid = objectUid('Job', 'default', 'backup');

describe('reconcileJob for a fresh Job', () => {
  it.each([
    [1, 1, 1],
    [5, 2, 2],
    [2, 5, 2],
    [3, 0, 0],
  ])('completions %d, parallelism %d → %d pods', (completions, parallelism, expected) => {
    expect(reconcileJob(job('backup', { completions, parallelism })).pods).toHaveLength(expected);
  });

  it('runs parallelism pods for a work queue (completions unset)', () => {
    expect(reconcileJob(job('backup', { completions: undefined, parallelism: 3 })).pods).toHaveLength(3);
  });

  it('labels the template and selects on the controller uid, as the API server does', () => {
    const { job: stored, pods } = reconcileJob(job('backup'));
    const labels = { app: 'batch', 'job-name': 'backup', 'batch.kubernetes.io/job-name': 'backup', 'controller-uid': uid, 'batch.kubernetes.io/controller-uid': uid };
    expect(stored.spec!.template.metadata!.labels).toEqual(labels);
    expect(stored.spec!.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(pods[0].metadata.labels).toEqual(labels);
  });

  it('keeps the selector and labels of a Job with manualSelector', () => {
    const manual = job('backup', { manualSelector: true, selector: { matchLabels: { app: 'batch' } } });
    expect(reconcileJob(manual).job.spec).toBe(manual.spec);
  });

  it('keeps restartPolicy from the template and names pods <job>-<suffix>', () => {
    const [pod] = reconcileJob(job('backup')).pods;
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.metadata.name).toMatch(/^backup-[a-z0-9]{5}$/);
    expect(pod.metadata.ownerReferences![0]).toMatchObject({ kind: 'Job', name: 'backup', uid });
  });

  it('runs nothing while suspended', () => {
    expect(reconcileJob(job('backup', { suspend: true }))).toMatchObject({ pods: [], condition: 'Suspended' });
  });

  it('keeps the names of a fresh Job’s pods as before: ordinals 0..parallelism-1', () => {
    const names = reconcileJob(job('backup', { completions: 4, parallelism: 4 })).pods.map((p) => p.metadata.name);
    expect(new Set(names).size).toBe(4);
    expect(reconcileJob(job('backup', { completions: 4, parallelism: 2 })).pods.every((p) => names.includes(p.metadata.name))).toBe(true);
  });
});

describe('reconcileJob for an Indexed Job', () => {
  const indexed = job('render', { completionMode: 'Indexed', completions: 5, parallelism: 3 });
  const { pods } = reconcileJob(indexed);

  it('starts the lowest indexes, named <job>-<index>-<suffix>', () => {
    expect(pods.map((p) => p.metadata.name.replace(/-[a-z0-9]{5}$/, ''))).toEqual(['render-0', 'render-1', 'render-2']);
  });

  it('labels and annotates each pod with its completion index and sets its hostname', () => {
    expect(pods[1].metadata.labels!['batch.kubernetes.io/job-completion-index']).toBe('1');
    expect(pods[1].metadata.annotations!['batch.kubernetes.io/job-completion-index']).toBe('1');
    expect(pods[1].spec.hostname).toBe('render-1');
  });

  it('sets JOB_COMPLETION_INDEX from the annotation in every container', () => {
    expect(pods[0].spec.containers[0].env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
    });
  });

  it('gives each index its own spec hash, since the index reaches the containers', () => {
    expect(new Set(pods.map((p) => p.metadata.annotations!['berth.dev/spec-hash'])).size).toBe(3);
  });

  it('skips completed indexes and renames an index after it failed', () => {
    const next = reconcileJob(indexed, { succeeded: 2, failed: 1, completedIndexes: [0, 2], indexFailures: { 1: 1 } }).pods;
    expect(next.map((p) => p.metadata.labels!['batch.kubernetes.io/job-completion-index'])).toEqual(['1', '3', '4']);
    expect(next[0].metadata.name).not.toBe(pods[1].metadata.name);
  });
});

describe('reconcileJob with observed pods', () => {
  const batch = job('backup', { completions: 5, parallelism: 2, backoffLimit: 2 });

  it.each<[string, number, JobObserved]>([
    ['nothing finished yet', 2, { succeeded: 0, failed: 0 }],
    ['four of five succeeded: one left', 1, { succeeded: 4, failed: 0 }],
    ['all succeeded', 0, { succeeded: 5, failed: 0 }],
    ['failures up to backoffLimit: retry', 2, { succeeded: 1, failed: 2 }],
    ['finished (observeJob decided)', 0, { succeeded: 1, failed: 3, finished: 'Failed' }],
    ['held back by the failure back-off', 0, { succeeded: 1, failed: 1, backoffUntil: '2024-03-10T12:00:10.000Z' }],
  ])('%s → %d pods to run', (_, active, observed) => {
    expect(reconcileJob(batch, observed).pods).toHaveLength(active);
  });

  it('completes a work queue once a pod has succeeded, and starts no more pods', () => {
    expect(reconcileJob(job('q', { completions: undefined, parallelism: 3 }), { succeeded: 1, failed: 0 }).pods).toEqual([]);
  });

  it('reports the condition observeJob reached', () => {
    expect(reconcileJob(batch, { succeeded: 5, failed: 0, finished: 'Complete' }).condition).toBe('Complete');
  });
});
