import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { berth, git, tempDir } from '../../helpers/cli';
import { controllerSocketPath, serveControllerSocket, type ControllerSocket } from '../../../src/controller/socket';
import { testView, type TestView } from './test-view';

/** The CLI (in this process) against a real controller socket served over the test view. */
describe('berth get, describe, events, logs, exec and rollout ask the running controller of the repo', () => {
  let repo: string;
  let view: TestView;
  let server: ControllerSocket;
  const run = (...args: string[]) => berth(...args, '--repo', repo);

  beforeAll(async () => {
    repo = path.join(tempDir(), 'cluster');
    view = testView();
    server = await serveControllerSocket(view, controllerSocketPath(repo));
    process.env.BERTH_POLL_MS = '10';
  });
  afterAll(async () => {
    delete process.env.BERTH_POLL_MS;
    await server.close();
    rmSync(path.dirname(repo), { recursive: true, force: true });
  });

  it('get pods prints aligned kubectl columns for the namespace', async () => {
    const r = await run('get', 'pods', '-n', 'demo');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^NAME {4}READY {3}STATUS {4}RESTARTS {3}AGE\napi-1 {3}0\/1 {5}Running {3}0 {10}\d+\S*\nweb-1 {3}1\/1 {5}Running {3}0 {10}\d+\S*\n$/);
  });

  it('get -A -o wide adds NAMESPACE first and IP, NODE, NOMINATED NODE, READINESS GATES', async () => {
    const r = await run('get', 'po', '-A', '-o', 'wide');
    const [header, first] = r.stdout.split('\n');
    expect(header.split(/ {2,}/)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(first.split(/ {2,}/)).toEqual(['demo', 'api-1', '0/1', 'Running', '0', expect.any(String), '10.0.0.5', 'h2', '<none>', '<none>']);
  });

  it('get hosts lists the controller nodes, a cordoned one as SchedulingDisabled', async () => {
    const r = await run('get', 'hosts');
    expect(r.stdout.split('\n').map((l) => l.split(/ {2,}/).slice(0, 3))).toEqual([
      ['NAME', 'STATUS', 'ROLES'],
      ['h1', 'Ready', '<none>'],
      ['h2', 'Ready', '<none>'],
      ['h3', 'Ready,SchedulingDisabled', '<none>'],
      [''],
    ]);
  });

  it('-o json prints a v1 List of Kubernetes objects, and one named object as itself', async () => {
    const list = JSON.parse((await run('get', 'deploy', '-n', 'demo', '-o', 'json')).stdout);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }] });
    const pod = JSON.parse((await run('get', 'pod', 'web-1', '-n', 'demo', '-o', 'json')).stdout);
    expect(pod).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' } });
  });

  it('says when nothing is found, and names what is missing', async () => {
    expect(await run('get', 'pods')).toMatchObject({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    expect(await run('get', 'deploy/api', '-n', 'demo')).toMatchObject({ code: 1, stderr: 'error: deployments.apps "api" not found in namespace "demo"\n' });
    expect(await run('get', 'widgets')).toMatchObject({ code: 2 });
  });

  it('describe deployment shows kubectl sections and its events at the end', async () => {
    const r = await run('describe', 'deployment/web', '-n', 'demo');
    expect(r.stdout).toContain('Replicas:           2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n');
    expect(r.stdout).toContain('NewReplicaSet:     web-5d8f (2/2 replicas created)\n');
    expect(r.stdout).toMatch(/Events:\n {2}Type {4}Reason {13}Age +From {14}Message\n.*\n {2}Normal {2}ScalingReplicaSet {2}\S+ +berth-controller {2}Scaled up replica set web-5d8f to 2\n$/);
  });

  it('events lists decisions oldest first with the host, and --for narrows to one object', async () => {
    const all = await run('events', '-n', 'demo');
    expect(all.stdout.split('\n').map((l) => l.split(/ {2,}/))).toEqual([
      ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'HOST', 'MESSAGE'],
      [expect.any(String), 'Normal', 'Scheduled', 'Pod/web-1', 'h1', 'Successfully assigned demo/web-1 to h1'],
      [expect.any(String), 'Normal', 'ScalingReplicaSet', 'Deployment/web', 'Scaled up replica set web-5d8f to 2'],
      [''],
    ]);
    const one = await run('events', '-n', 'demo', '--for', 'pod/web-1');
    expect(one.stdout.split('\n')).toHaveLength(3);
  });

  it('logs follows a pod log until the controller ends it', async () => {
    const pending = run('logs', 'web-1', '-n', 'demo', '-f', '--tail', '5', '--since', '2m');
    await expect.poll(() => view.follow !== undefined && !view.follow.destroyed).toBe(true);
    view.follow!.write('hello\nwor');
    view.follow!.end('ld\n');
    expect(await pending).toEqual({ code: 0, stdout: 'hello\nworld\n', stderr: '' });
    expect(view.logRequests.at(-1)).toEqual({ follow: true, tailLines: 5, sinceSeconds: 120 });
  });

  it('exec exits with the command exit code and prints its output', async () => {
    const r = await berth('exec', 'web-1', '-n', 'demo', '--repo', repo, '--', 'false', '-x');
    expect(r).toEqual({ code: 3, stdout: 'ran false -x\n', stderr: 'failed\n' });
    expect((await berth('exec', 'web-1', '--repo', repo)).code).toBe(2);
  });

  it('rollout status prints kubectl progress lines until the rollout is complete', async () => {
    view.deploymentStatuses.push(
      { observedGeneration: 1 },
      { observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 2 },
      { observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 2 },
      { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1 },
      { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
    );
    const r = await run('rollout', 'status', 'deployment/web', '-n', 'demo');
    expect(r.stdout).toBe(
      [
        'Waiting for deployment spec update to be observed...',
        'Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...',
        'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
        'Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...',
        'deployment "web" successfully rolled out',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
  });

  it('rollout status exits 1 with the reason when the controller rolled the rollout back', async () => {
    view.deploymentStatuses.splice(0, view.deploymentStatuses.length, {
      observedGeneration: 2,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'RolledBack', message: 'new pods not Ready within progressDeadlineSeconds (600 s)' }],
    });
    const r = await run('rollout', 'status', 'deploy/web', '-n', 'demo');
    expect(r).toMatchObject({ code: 1, stderr: 'error: deployment "web" was rolled back: new pods not Ready within progressDeadlineSeconds (600 s)\n' });
    view.deploymentStatuses.splice(0, 1, { observedGeneration: 2, updatedReplicas: 0 });
    const timeout = await run('rollout', 'status', 'deploy/web', '-n', 'demo', '--timeout', '50ms');
    expect(timeout).toMatchObject({ code: 1, stderr: 'error: timed out waiting for the condition\n' });
    view.deploymentStatuses.splice(0, 1, {});
  });

  it('rollout history lists revisions with their commits; undo says where it went', async () => {
    const history = await run('rollout', 'history', 'deployment/web', '-n', 'demo');
    expect(history.stdout).toBe(
      'deployment.apps/web\nREVISION  REPLICASET  COMMIT   CURRENT  CHANGE-CAUSE\n1         web-7c9b    a1b2c3d           <none>\n2         web-5d8f    f6e5d4c  *        image berth-demo/web:1.0\n',
    );
    const undo = await run('rollout', 'undo', 'deployment/web', '-n', 'demo', '--to-revision', '1');
    expect(undo.stdout.split('\n')[0]).toBe('deployment.apps/web rolled back to revision 1 (web-7c9b)');
    expect((await run('rollout', 'history', 'daemonset/logs')).stderr).toBe('error: rollout history works on deployments, not daemonsets\n');
  });
});

describe('berth drain cordons the host with a commit, then shows the controller evicting its pods', () => {
  let repo: string;
  let view: TestView;
  let server: ControllerSocket;

  beforeAll(async () => {
    repo = path.join(tempDir(), 'cluster');
    expect((await berth('init', repo)).code).toBe(0);
    view = testView();
    server = await serveControllerSocket(view, controllerSocketPath(repo));
    process.env.BERTH_POLL_MS = '10';
  });
  beforeEach(() => view.drained.splice(0));
  afterAll(async () => {
    delete process.env.BERTH_POLL_MS;
    await server.close();
    rmSync(path.dirname(repo), { recursive: true, force: true });
  });

  it('waits while a PodDisruptionBudget holds a pod back, and ends when the host is empty', async () => {
    view.drainSteps.splice(
      0,
      view.drainSteps.length,
      { host: 'h2', remaining: ['demo/web-1', 'demo/web-2'], blocked: [{ pod: 'demo/web-2', budget: 'web' }], done: false },
      { host: 'h2', remaining: ['demo/web-2'], blocked: [{ pod: 'demo/web-2', budget: 'web' }], done: false },
      { host: 'h2', remaining: [], blocked: [], done: true },
    );
    const r = await berth('drain', 'h2', '--repo', repo);
    expect(r.stdout).toMatch(/^host\/h2 cordoned \(commit [0-9a-f]{7}\)\nevicting pod demo\/web-1\nevicting pod demo\/web-2\npod\/web-1 evicted\npod\/web-2 evicted\nhost\/h2 drained\n$/);
    expect(r.stderr).toBe(`error when evicting pods/"web-2" -n "demo" (will retry): Cannot evict pod as it would violate the pod's disruption budget (PodDisruptionBudget web).\n`);
    expect(r.code).toBe(0);
    expect(git(repo, 'log', '-1', '--format=%s').trim()).toBe('cordon h2');
    expect(git(repo, 'show', 'HEAD:hosts.yaml')).toMatch(/name: h2[\s\S]*?unschedulable: true/);
  });

  it('gives up at --timeout, says which pods and budgets are left, and leaves the host cordoned', async () => {
    view.drainSteps.splice(0, view.drainSteps.length, { host: 'h2', remaining: ['demo/web-2'], blocked: [{ pod: 'demo/web-2', budget: 'web' }], done: false });
    const r = await berth('drain', 'h2', '--repo', repo, '--timeout', '50ms');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('host/h2 already cordoned; nothing to commit');
    expect(r.stderr).toContain('error: drain of h2 did not finish within 50ms: 1 pod(s) left (demo/web-2); held back by PodDisruptionBudget web;');
  });

  it('does not commit anything when no controller runs', async () => {
    const other = path.join(tempDir(), 'cluster');
    expect((await berth('init', other)).code).toBe(0);
    const before = git(other, 'rev-parse', 'HEAD');
    const r = await berth('drain', 'h1', '--repo', other);
    expect(r).toMatchObject({ code: 1, stderr: `error: no controller is running for ${other}; start one with \`berth controller --repo ${other}\`\n` });
    expect(git(other, 'rev-parse', 'HEAD')).toBe(before);
    rmSync(path.dirname(other), { recursive: true, force: true });
  });
});
