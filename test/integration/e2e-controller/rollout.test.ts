// From a git commit to running pods on the shared 3-host lab, driven as a user would: the template app comes up; a
// new image tag rolls out pod by pod, never below the Deployment's availability; a broken version is rolled back on
// its own while the old pods keep serving; `git revert` brings the previous version back; an image that does not exist
// is rolled back within the failure timeout (a minute), with the pull error in `berth describe` and `berth rollout
// status` failing. (A controller killed with SIGKILL mid-rollout is in faults/controller.test.ts.)
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { berthBin } from '../../helpers/cli';
import { commitEdit, controllerSuite, git, isReady, podsOf, startController, waitUntil } from './controller-lab';

const DEPLOYMENT = 'apps/web/deployment.yaml';
const suite = controllerSuite('e2e-controller/rollout');
const webPods = async () => (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.['app.kubernetes.io/name'] === 'web' && !p.metadata?.deletionTimestamp);
const imageOf = (p: Pod) => p.spec?.containers[0].image;
const clusterIPOf = async (name: string) => {
  const services = await suite.controller!.client.objects({ kind: 'Service', namespace: 'demo' });
  return (services.find((o) => o.metadata.name === name) as { spec?: { clusterIP?: string } } | undefined)?.spec?.clusterIP;
};
let webClusterIP: string | undefined;
const readyWeb = async (image: string) => (await webPods()).filter((p) => imageOf(p) === image && isReady(p));

/** Samples the web pods every 250 ms while `until` is false: the fewest Ready and the most pods seen. */
async function watchRollout(until: () => Promise<boolean>, timeoutMs: number): Promise<{ minReady: number; maxPods: number; ms: number; atMin: string[] }> {
  let minReady = Infinity;
  let maxPods = 0;
  let atMin: string[] = [];
  const ms = await waitUntil('the rollout', async () => {
    const all = await podsOf(suite.controller!.client);
    const web = all.filter((p) => p.metadata?.labels?.['app.kubernetes.io/name'] === 'web');
    const ready = web.filter((p) => isReady(p) && !p.metadata?.deletionTimestamp).length;
    // What the pods looked like when the fewest were Ready: the failure message says which one was not, and why.
    if (ready < minReady) {
      const events = (await suite.controller!.client.events()).filter((e) => e.involvedObject?.name?.startsWith('web')).slice(-12);
      atMin = [...web.map(describePod), ...events.map((e) => `${e.lastTimestamp} ${e.involvedObject?.kind}/${e.involvedObject?.name} ${e.reason}: ${e.message}`)];
    }
    minReady = Math.min(minReady, ready);
    maxPods = Math.max(maxPods, web.length);
    return until();
  }, timeoutMs, 250);
  return { minReady, maxPods, ms, atMin };
}

function describePod(p: Pod): string {
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
  const container = p.status?.containerStatuses?.[0];
  const state = container?.state ? Object.keys(container.state)[0] : 'none';
  return `${p.metadata?.name} on ${p.spec?.nodeName} ${imageOf(p)} ready-path=${p.spec?.containers[0].readinessProbe?.httpGet?.path} phase=${p.status?.phase} ready=${ready?.status}(${ready?.reason ?? ''} ${ready?.message ?? ''}) container=${state} restarts=${container?.restartCount ?? 0}${p.metadata?.deletionTimestamp ? ' terminating' : ''}`;
}

describe('berth controller on the lab', () => {
  it('brings the template app up: 3 web pods Ready across the hosts, a log shipper on every host', async () => {
    suite.controller = await startController(suite.repo, ['--eviction-timeout', '20']);
    await waitUntil('3 web pods Ready', async () => (await readyWeb('berth-demo/web:1.0')).length === 3, 120_000, 500);
    await waitUntil('a log shipper on every host', async () => {
      const shippers = (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.['app.kubernetes.io/name'] === 'log-shipper' && p.status?.phase === 'Running');
      return new Set(shippers.map((p) => p.spec?.nodeName)).size === 3;
    }, 60_000, 500);
    const sync = await suite.controller.client.sync();
    expect(sync.commit).toBe(git(suite.repo, 'rev-parse', 'HEAD').trim());
    // The Service has its ClusterIP from cluster.yaml's serviceCIDR (10.96.0.0/16 by default), kept in the store.
    webClusterIP = await clusterIPOf('web');
    expect(webClusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
  }, 200_000);

  it('rolls a new image out pod by pod: never fewer than 3 Ready (maxUnavailable 0), never more than 4 pods (maxSurge 1)', async () => {
    commitEdit(suite.repo, DEPLOYMENT, (t) => t.replace('berth-demo/web:1.0', 'berth-demo/web:1.1'), 'web 1.1');
    const seen = await watchRollout(async () => {
      const web = await webPods();
      return web.length === 3 && web.every((p) => imageOf(p) === 'berth-demo/web:1.1' && isReady(p));
    }, 180_000);
    expect(seen.minReady, seen.atMin.join('\n')).toBeGreaterThanOrEqual(3);
    expect(seen.maxPods).toBeLessThanOrEqual(4);
    const events = await suite.controller!.client.events();
    expect(events.filter((e) => e.reason === 'ScalingReplicaSet').length).toBeGreaterThanOrEqual(4);
  }, 200_000);

  it('rolls a version whose pods never get Ready back on its own; the old pods keep serving; the commit is reported failed', async () => {
    commitEdit(
      suite.repo,
      DEPLOYMENT,
      (t) => t.replace('berth-demo/web:1.1', 'berth-demo/web:1.0').replace(/readinessProbe:\n(\s+)httpGet:\n(\s+)path: \//, 'readinessProbe:\n$1httpGet:\n$2path: /broken').replace('replicas: 3', 'replicas: 3\n  progressDeadlineSeconds: 15'),
      'web: broken readiness',
    );
    const seen = await watchRollout(async () => (await suite.controller!.client.events()).some((e) => e.reason === 'RolledBack'), 120_000);
    expect(seen.minReady, seen.atMin.join('\n')).toBeGreaterThanOrEqual(3);
    await waitUntil('only the old, Ready pods left', async () => {
      const web = await webPods();
      return web.length === 3 && web.every((p) => imageOf(p) === 'berth-demo/web:1.1' && isReady(p));
    }, 60_000, 500);
    const sync = await suite.controller!.client.sync();
    expect(sync.status).toBe('Failed');
    expect(sync.message).toMatch(/rolled back/i);
  }, 200_000);

  it('brings the previous version back with git revert', async () => {
    git(suite.repo, 'revert', '--no-edit', 'HEAD'); // the broken commit
    git(suite.repo, 'revert', '--no-edit', 'HEAD~2'); // web 1.1
    await watchRollout(async () => {
      const web = await webPods();
      return web.length === 3 && web.every((p) => imageOf(p) === 'berth-demo/web:1.0' && isReady(p));
    }, 180_000);
    const history = await suite.controller!.client.rolloutHistory('demo', 'web');
    expect(history.length).toBeGreaterThanOrEqual(2);
  }, 200_000);

  it('rolls an image that does not exist back within the failure timeout, says why in describe, and rollout status fails', async () => {
    // On the lab host's own loopback, where nothing listens: the pull fails at once, and no traffic leaves the lab.
    const missing = 'localhost:1/berth-demo/web:does-not-exist';
    commitEdit(suite.repo, DEPLOYMENT, (t) => t.replace('berth-demo/web:1.0', missing), 'web: an image that does not exist');
    // Bounded at 90 s from the commit: the default failure timeout is a minute, the progress deadline ten.
    let message = '';
    await waitUntil('the rollback of the missing image', async () => {
      const event = (await suite.controller!.client.events()).find((e) => e.reason === 'RolledBack' && e.message?.includes(missing));
      message = event?.message ?? '';
      return event !== undefined;
    }, 90_000, 500);
    // The agent's reason and its message: ErrImagePull with the pull's error, or ImagePullBackOff while it waits.
    expect(message).toMatch(/: container web of pod web-\S+: (ErrImagePull|ImagePullBackOff): .*berth-demo\/web:does-not-exist/);
    await waitUntil('only the old, Ready pods left', async () => {
      const web = await webPods();
      return web.length === 3 && web.every((p) => imageOf(p) === 'berth-demo/web:1.0' && isReady(p));
    }, 60_000, 500);
    const describe = berthBin(['describe', 'deployment/web', '-n', 'demo', '--repo', suite.repo]);
    expect(describe.code, describe.stderr).toBe(0);
    expect(describe.stdout).toMatch(/RolledBack +True +(ErrImagePull|ImagePullBackOff)/);
    expect(describe.stdout).toContain(message);
    const status = berthBin(['rollout', 'status', 'deployment/web', '-n', 'demo', '--repo', suite.repo]);
    expect(status.code, status.stdout).toBe(1);
    expect(status.stderr).toMatch(/deployment "web" was rolled back: .*: (ErrImagePull|ImagePullBackOff): .*does-not-exist/);
  }, 200_000);
});
