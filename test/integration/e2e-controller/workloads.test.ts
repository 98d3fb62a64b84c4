// The scheduler and the workload controllers on the shared 3-host lab, driven with git commits: a DaemonSet lands
// on every host, including one added to hosts.yaml later; 3 replicas with required anti-affinity spread over the 3
// hosts and a 4th stays Pending with the scheduler's reason; a Job whose pod fails once completes within its
// backoffLimit; a CronJob fires on its schedule.
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { agentClientFor, agentLayout, bootstrapHost, readAgentBundle } from '../../../src/fleet';
import { ROOT } from '../../helpers/cli';
import { commitEdit, controllerSuite, git, podsOf, startController, waitUntil } from './controller-lab';

const suite = controllerSuite('e2e-controller/workloads', ({ repo }) => {
  // Only the log shipper of the template app, and h3 out of the inventory for now.
  git(repo, 'rm', '-q', '-r', 'apps/web', 'apps/jobs');
  commitEdit(repo, 'hosts.yaml', (text) => {
    const doc = parseDocument(text);
    const hosts = doc.get('hosts') as { items: Array<{ get(k: string): unknown }> };
    hosts.items = hosts.items.filter((h) => h.get('name') !== 'h3');
    return String(doc);
  }, 'h1 and h2 only');
});

// Whatever happened above, h3 keeps an agent for the lab's cluster (the other files need one on every host).
afterAll(async () => {
  if (!suite.fleet) return;
  const h3 = suite.fleet.session('h3');
  if (await agentClientFor(h3).healthz().then(() => true, () => false)) return;
  const report = await bootstrapHost(h3, { bundle: await readAgentBundle(path.join(ROOT, 'dist/berth-agent.mjs')), cluster: 'lab' });
  if (report.outcome === 'failed') console.error(`h3's agent could not be put back: ${report.error}`);
}, 120_000);

const labelled = async (name: string) => (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.app === name || p.metadata?.labels?.['app.kubernetes.io/name'] === name);

describe('workloads on the lab', () => {
  it('runs a DaemonSet pod on every host, and on a host added to hosts.yaml later, whose agent the controller installs', async () => {
    suite.controller = await startController(suite.repo);
    const hostsRunning = async () => new Set((await labelled('log-shipper')).filter((p) => p.status?.phase === 'Running').map((p) => p.spec?.nodeName));
    await waitUntil('log shippers on h1 and h2', async () => (await hostsRunning()).size === 2, 90_000, 500);
    // h3 as a new host: no agent installed (its supervisor and agent stopped, its bundle removed).
    const h3 = suite.fleet.session('h3');
    const layout = agentLayout(await h3.env(), 'h3');
    await h3.exec(`kill $(cat ${layout.supervisorPidFile} ${layout.agentPidFile} 2>/dev/null) 2>/dev/null; sleep 1; rm -rf ${layout.binDir} ${layout.socketPath}`);
    await expect(agentClientFor(h3).healthz()).rejects.toThrow();
    git(suite.repo, 'checkout', '-q', 'HEAD~1', '--', 'hosts.yaml');
    git(suite.repo, 'commit', '-q', '-m', 'add h3');
    await waitUntil('a log shipper on h3 too', async () => (await hostsRunning()).has('h3'), 120_000, 500);
    expect([...(await hostsRunning())].sort()).toEqual(['h1', 'h2', 'h3']);
    const installed = (await suite.controller!.client.events()).find((e) => e.involvedObject.name === 'h3' && e.reason === 'Bootstrapped');
    expect(installed?.message).toMatch(/agent .* installed on h3/);
  }, 200_000);

  it('spreads 3 replicas with required anti-affinity over the 3 hosts; the 4th stays Pending with the reason', async () => {
    write('apps/spread.yaml', SPREAD);
    git(suite.repo, 'add', '-A');
    git(suite.repo, 'commit', '-q', '-m', 'spread');
    await waitUntil('3 spread pods running', async () => (await labelled('spread')).filter((p) => p.status?.phase === 'Running').length === 3, 90_000, 500);
    const pods = await labelled('spread');
    expect(new Set(pods.filter((p) => p.spec?.nodeName).map((p) => p.spec?.nodeName)).size).toBe(3);
    const pending = pods.filter((p) => !p.spec?.nodeName);
    expect(pending).toHaveLength(1);
    const scheduled = pending[0].status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(scheduled).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(scheduled?.message).toMatch(/^0\/3 hosts are available: 3 node\(s\) didn't match pod anti-affinity rules/);
  }, 200_000);

  it('completes a Job whose pod fails once, within its backoffLimit', async () => {
    write('apps/flaky-job.yaml', FLAKY_JOB);
    git(suite.repo, 'add', '-A');
    git(suite.repo, 'commit', '-q', '-m', 'flaky job');
    await waitUntil('the Job complete', async () => {
      const job = (await suite.controller!.client.objects({ kind: 'Job', namespace: 'demo' })).find((j) => j.metadata.name === 'flaky');
      return (job as { status?: { succeeded?: number } } | undefined)?.status?.succeeded === 1;
    }, 120_000, 1000);
    const job = (await suite.controller!.client.objects({ kind: 'Job', namespace: 'demo' })).find((j) => j.metadata.name === 'flaky') as { status?: { conditions?: Array<{ type: string; status: string }> } };
    expect(job.status?.conditions).toContainEqual(expect.objectContaining({ type: 'Complete', status: 'True' }));
  }, 200_000);

  it('fires a CronJob on its schedule, once per slot', async () => {
    write('apps/tick.yaml', TICK_CRONJOB);
    git(suite.repo, 'add', '-A');
    git(suite.repo, 'commit', '-q', '-m', 'tick every minute');
    await waitUntil('a Job of the CronJob succeeded', async () => {
      const jobs = (await suite.controller!.client.objects({ kind: 'Job', namespace: 'demo' })).filter((j) => j.metadata.name.startsWith('tick-'));
      return jobs.some((j) => (j as { status?: { succeeded?: number } }).status?.succeeded === 1);
    }, 150_000, 1000);
    const created = (await suite.controller!.client.events()).filter((e) => e.involvedObject.name === 'tick' && e.reason === 'SuccessfulCreate');
    expect(created.length).toBeGreaterThanOrEqual(1);
    // One Job per slot: every SuccessfulCreate names a different Job.
    expect(new Set(created.map((e) => e.message)).size).toBe(created.length);
  }, 200_000);

  it('scales a busy Deployment up with a HorizontalPodAutoscaler on the pods\' cpu, git keeping its own count', async () => {
    write('apps/burner.yaml', BURNER);
    git(suite.repo, 'add', '-A');
    git(suite.repo, 'commit', '-q', '-m', 'burner with an autoscaler');
    suite.controller ??= await startController(suite.repo);
    await waitUntil('the autoscaler scales burner to 3', async () => (await labelled('burner')).filter((p) => p.status?.phase === 'Running').length === 3, 120_000, 1000);
    const hpa = (await suite.controller!.client.objects({ kind: 'HorizontalPodAutoscaler', namespace: 'demo' }))[0] as { status?: { desiredReplicas?: number; currentMetrics?: unknown[] } };
    expect(hpa.status?.desiredReplicas).toBe(3);
    const rescaled = (await suite.controller!.client.events()).filter((e) => e.involvedObject.name === 'burner' && e.reason === 'SuccessfulRescale');
    expect(rescaled.length).toBeGreaterThanOrEqual(1);
    expect(git(suite.repo, 'show', 'HEAD:apps/burner.yaml')).toMatch(/replicas: 1/);
  }, 200_000);

  it('preempts a pod of lower priority when a more important one fits nowhere else', async () => {
    suite.controller ??= await startController(suite.repo);
    const hosts = (await suite.controller.client.nodes()).length;
    write('apps/fillers.yaml', FILLERS.replace('replicas: 3', `replicas: ${hosts}`));
    git(suite.repo, 'add', '-A');
    git(suite.repo, 'commit', '-q', '-m', 'fillers: low priority, most of every host');
    await waitUntil('a filler on every host', async () => (await labelled('filler')).filter((p) => p.status?.phase === 'Running').length === hosts, 90_000, 500);
    write('apps/important.yaml', IMPORTANT);
    git(suite.repo, 'add', '-A');
    git(suite.repo, 'commit', '-q', '-m', 'an important pod');
    await waitUntil('the important pod running', async () => (await labelled('important')).some((p) => p.status?.phase === 'Running'), 90_000, 500);
    const preempted = (await suite.controller!.client.events()).filter((e) => e.reason === 'Preempted');
    expect(preempted).toHaveLength(1);
    expect(preempted[0].message).toMatch(/by demo\/important.*higher priority/);
    const pending = (await labelled('filler')).filter((p) => !p.spec?.nodeName);
    expect(pending).toHaveLength(1);
    expect(pending[0].status?.conditions?.find((c) => c.type === 'PodScheduled')?.message).toMatch(new RegExp(`^0/${hosts} hosts are available: .*Insufficient cpu`));
    git(suite.repo, 'rm', '-q', 'apps/fillers.yaml', 'apps/important.yaml');
    git(suite.repo, 'commit', '-q', '-m', 'no more fillers');
  }, 200_000);

  it('refuses a commit with an invalid manifest whole, naming file, line and field, and keeps running the last good one', async () => {
    suite.controller ??= await startController(suite.repo);
    await waitUntil('log shippers running', async () => (await labelled('log-shipper')).filter((p) => p.status?.phase === 'Running').length >= 2, 60_000, 500);
    const before = (await labelled('log-shipper')).map((p) => `${p.metadata?.name}@${p.spec?.nodeName}`).sort();
    const good = git(suite.repo, 'rev-parse', 'HEAD').trim();
    await waitUntil('the last good commit synced', async () => (await suite.controller!.client.sync()).commit === good, 30_000, 250);
    write('apps/broken.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: broken, namespace: demo }\nspec:\n  replicas: many\n  selector: { matchLabels: { app: broken } }\n  template:\n    metadata: { labels: { app: broken } }\n    spec: { containers: [{ name: c, image: berth-demo/busybox:1.0 }] }\n');
    write('apps/fine.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: fine, namespace: demo }\ndata: { a: b }\n');
    git(suite.repo, 'add', '-A');
    git(suite.repo, 'commit', '-q', '-m', 'a broken deployment');
    const bad = git(suite.repo, 'rev-parse', 'HEAD').trim();
    await waitUntil('the commit refused', async () => (await suite.controller!.client.sync()).refusedCommit === bad, 30_000, 500);
    const sync = await suite.controller!.client.sync();
    expect(sync).toMatchObject({ status: 'Failed', commit: good });
    expect(sync.message).toMatch(/apps\/broken\.yaml:5:\d+.*replicas/);
    // Nothing of the broken commit applied, not even its valid parts; what ran keeps running.
    expect((await suite.controller!.client.objects({ kind: 'ConfigMap', namespace: 'demo' })).some((o) => o.metadata.name === 'fine')).toBe(false);
    expect((await labelled('log-shipper')).map((p) => `${p.metadata?.name}@${p.spec?.nodeName}`).sort()).toEqual(before);
    git(suite.repo, 'rm', '-q', 'apps/broken.yaml');
    git(suite.repo, 'commit', '-q', '-m', 'drop the broken deployment');
    await waitUntil('the fix synced', async () => (await suite.controller!.client.sync()).commit === git(suite.repo, 'rev-parse', 'HEAD').trim(), 30_000, 500);
    expect((await suite.controller!.client.objects({ kind: 'ConfigMap', namespace: 'demo' })).some((o) => o.metadata.name === 'fine')).toBe(true);
  }, 120_000);
});

function write(file: string, text: string): void {
  fs.writeFileSync(path.join(suite.repo, file), text);
}

const SPREAD = `apiVersion: apps/v1
kind: Deployment
metadata: { name: spread, namespace: demo }
spec:
  replicas: 4
  selector: { matchLabels: { app: spread } }
  template:
    metadata: { labels: { app: spread } }
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: { matchLabels: { app: spread } }
              topologyKey: kubernetes.io/hostname
      containers:
        - name: sleep
          image: berth-demo/busybox:1.0
          command: ["sleep", "3600"]
          resources: { requests: { cpu: 10m, memory: 8Mi } }
`;

// Fails the first time (the emptyDir outlives a container restart under OnFailure), succeeds the second.
const FLAKY_JOB = `apiVersion: batch/v1
kind: Job
metadata: { name: flaky, namespace: demo }
spec:
  backoffLimit: 3
  template:
    metadata: { labels: { app: flaky } }
    spec:
      restartPolicy: OnFailure
      containers:
        - name: try
          image: berth-demo/busybox:1.0
          command: ["sh", "-c", "if [ -f /work/tried ]; then echo second try works; exit 0; fi; touch /work/tried; echo first try fails; exit 1"]
          volumeMounts: [{ name: work, mountPath: /work }]
      volumes: [{ name: work, emptyDir: {} }]
`;

// Each host has 2 cpus allocatable: a filler takes 1.5 of them, so nothing else of 1 cpu fits anywhere.
const FILLERS = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: low }
value: 100
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high }
value: 1000
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: filler, namespace: demo }
spec:
  replicas: 3
  selector: { matchLabels: { app: filler } }
  template:
    metadata: { labels: { app: filler } }
    spec:
      priorityClassName: low
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: { matchLabels: { app: filler } }
              topologyKey: kubernetes.io/hostname
      containers:
        - name: sleep
          image: berth-demo/busybox:1.0
          command: ["sleep", "3600"]
          resources: { requests: { cpu: 1500m, memory: 8Mi } }
`;

const IMPORTANT = `apiVersion: v1
kind: Pod
metadata: { name: important, namespace: demo, labels: { app: important } }
spec:
  priorityClassName: high
  containers:
    - name: sleep
      image: berth-demo/busybox:1.0
      command: ["sleep", "3600"]
      resources: { requests: { cpu: "1", memory: 8Mi } }
`;

// A busy loop against a tiny cpu request: far above the 50% target, so the autoscaler goes to its maximum.
const BURNER = `apiVersion: apps/v1
kind: Deployment
metadata: { name: burner, namespace: demo }
spec:
  replicas: 1
  selector: { matchLabels: { app: burner } }
  template:
    metadata: { labels: { app: burner } }
    spec:
      containers:
        - name: burn
          image: berth-demo/busybox:1.0
          command: ["sh", "-c", "while :; do :; done"]
          resources: { requests: { cpu: 20m, memory: 8Mi }, limits: { cpu: 100m } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: burner, namespace: demo }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: burner }
  minReplicas: 1
  maxReplicas: 3
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }
`;

const TICK_CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata: { name: tick, namespace: demo }
spec:
  schedule: "* * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        metadata: { labels: { app: tick } }
        spec:
          restartPolicy: Never
          containers:
            - name: tick
              image: berth-demo/busybox:1.0
              command: ["sh", "-c", "date -u; echo tick"]
`;
