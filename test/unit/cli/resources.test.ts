import { describe, expect, it } from 'vitest';
import { parseResourceArg, parseTypedName, qualifiedName, resolveResource } from '../../../src/cli/resources';

describe('resource names are taken as kubectl takes them', () => {
  it.each([
    ['pods', 'Pod'],
    ['po', 'Pod'],
    ['Pod', 'Pod'],
    ['deploy', 'Deployment'],
    ['deployments.apps', 'Deployment'],
    ['rs', 'ReplicaSet'],
    ['ds', 'DaemonSet'],
    ['job', 'Job'],
    ['cj', 'CronJob'],
    ['no', 'Node'],
    ['nodes', 'Node'],
    ['hosts', 'Node'],
    ['host', 'Node'],
    ['svc', 'Service'],
    ['hpa', 'HorizontalPodAutoscaler'],
  ])('%s is %s', (name, kind) => {
    expect(resolveResource(name).kind).toBe(kind);
  });

  it('an unknown type lists the known ones', () => {
    expect(() => resolveResource('widgets')).toThrow(/^unknown resource type "widgets"; use one of: pods, deployments, /);
  });

  it('TYPE/NAME splits, and verbs that take some types only say which', () => {
    expect(parseResourceArg('deploy/web')).toMatchObject({ resource: { kind: 'Deployment' }, name: 'web' });
    expect(parseResourceArg('pods')).toEqual({ resource: expect.objectContaining({ kind: 'Pod' }) });
    expect(() => parseResourceArg('deploy/')).toThrow('"deploy/" is not TYPE/NAME, e.g. deployment/web');
    expect(() => parseTypedName('deployment', ['Deployment'], 'rollout status')).toThrow('rollout status needs TYPE/NAME, e.g. deployment/web');
    expect(() => parseTypedName('job/x', ['Deployment', 'ReplicaSet'], 'scale')).toThrow('scale works on deployments and replicasets, not jobs');
  });

  it('objects are named in messages as kubectl names them', () => {
    expect(qualifiedName(resolveResource('deploy'), 'web')).toBe('deployment.apps/web');
    expect(qualifiedName(resolveResource('po'), 'web-1')).toBe('pod/web-1');
    expect(qualifiedName(resolveResource('cj'), 'nightly')).toBe('cronjob.batch/nightly');
  });
});
