import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berth, commitEdit, git, tempDir } from '../../helpers/cli';

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: demo
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
`;

describe('berth scale commits the new replica count to the file that defines the object (needs no controller)', () => {
  let repo: string;
  const file = 'apps/web/deployment.yaml';

  beforeAll(async () => {
    repo = path.join(tempDir(), 'cluster');
    expect((await berth('init', repo)).code).toBe(0);
  });
  afterAll(() => fs.rmSync(path.dirname(repo), { recursive: true, force: true }));

  it('changes one line of that file in one commit, comments kept, and the repo still validates', async () => {
    const before = fs.readFileSync(path.join(repo, file), 'utf8');
    const r = await berth('scale', 'deployment/web', '-n', 'demo', '--replicas', '5', '--repo', repo);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^deployment\.apps\/web scaled to 5 \(commit [0-9a-f]{7}, apps\/web\/deployment\.yaml\)\n$/);
    expect(git(repo, 'log', '-1', '--format=%s').trim()).toBe('scale deployment demo/web to 5');
    expect(git(repo, 'diff', '--name-only', 'HEAD~1', 'HEAD').trim()).toBe(file);
    expect(fs.readFileSync(path.join(repo, file), 'utf8')).toBe(before.replace(/^ {2}replicas: 3$/m, '  replicas: 5'));
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect((await berth('validate', '--repo', repo)).code).toBe(0);
  });

  it('commits nothing when the file already says so', async () => {
    const head = git(repo, 'rev-parse', 'HEAD');
    const r = await berth('scale', 'deploy/web', '-n', 'demo', '--replicas', '5', '--repo', repo, '-o', 'json');
    expect(JSON.parse(r.stdout)).toEqual({ kind: 'Deployment', namespace: 'demo', name: 'web', replicas: 5, previous: 5, file, changed: false });
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('warns that an HorizontalPodAutoscaler owns the count of a Deployment it targets', async () => {
    commitEdit(repo, 'apps/web/hpa.yaml', () => HPA, 'autoscale web');
    const r = await berth('scale', 'deployment/web', '-n', 'demo', '--replicas', '4', '--repo', repo);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: HorizontalPodAutoscaler demo/web owns the replica count of deployment.apps/web; it will scale it back within its minReplicas..maxReplicas\n');
  });

  it.each([
    [['deployment/api', '-n', 'demo', '--replicas', '2'], 1, 'error: Deployment demo/api is not defined in any file of the cluster repo at HEAD\n'],
    [['deployment/web', '--replicas', '2'], 1, 'error: Deployment default/web is not defined in any file of the cluster repo at HEAD\n'],
    [['daemonset/log-shipper', '--replicas', '2'], 2, 'error: scale works on deployments and replicasets, not daemonsets\n'],
    [['deployment/web', '-n', 'demo', '--replicas', 'many'], 2, 'error: --replicas: give the number of pods, e.g. --replicas 3, not "many"\n'],
  ])('refuses berth scale %j', async (args, code, stderr) => {
    const head = git(repo, 'rev-parse', 'HEAD');
    expect(await berth('scale', ...args, '--repo', repo)).toMatchObject({ code, stderr });
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
  });
});
