// Faults of the controller, on the shared 3-host lab: `berth controller` killed with SIGKILL in the middle of a
// rollout, and restarted on a store file found torn. Each time nothing is lost (the rollout completes, the store's
// records — the Service's ClusterIP, the rollout history, the events — carry on) and no healthy pod restarts: every
// container that ran before runs still, same ID, same start time, never started again by its host's engine.
import fs from 'node:fs';
import path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { commitEdit, controllerSuite, git, isReady, podsOf, startController, waitUntil } from '../controller-lab';
import { epochSeconds, onHosts, restartedOf, runningContainers } from './fault-lab';

const ARGS = ['--eviction-timeout', '20'];
const suite = controllerSuite('e2e-controller/faults/controller', ({ repo }) => {
  git(repo, 'rm', '-q', '-r', 'apps/web', 'apps/jobs');
  fs.writeFileSync(path.join(repo, 'apps/api.yaml'), API);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'api and the log shipper');
});

const apiPods = async () => (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.app === 'api' && !p.metadata?.deletionTimestamp);
const revisionOf = (p: Pod) => p.spec?.containers[0].env?.find((e) => e.name === 'REVISION')?.value;
const rolledTo = async (revision: string) => {
  const pods = await apiPods();
  return pods.length === 2 && pods.every((p) => revisionOf(p) === revision && isReady(p));
};
const clusterIP = async () => {
  const services = await suite.controller!.client.objects({ kind: 'Service', namespace: 'demo' });
  return (services.find((o) => o.metadata.name === 'api') as { spec?: { clusterIP?: string } } | undefined)?.spec?.clusterIP;
};
const shippers = async () => (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.['app.kubernetes.io/name'] === 'log-shipper');

describe('the controller killed, its store torn', () => {
  it('resumes a rollout after SIGKILL mid-way: the rollout completes, the store carries on, no healthy pod restarts', async () => {
    suite.controller = await startController(suite.repo, ARGS);
    await waitUntil('2 api pods Ready and a log shipper Running on every host', async () => (await rolledTo('1')) && (await shippers()).filter((p) => p.status?.phase === 'Running').length === 3, 120_000, 500);
    const ip = await clusterIP();
    expect(ip).toMatch(/^10\.96\./);
    const eventsBefore = await suite.controller.client.events();
    const healthy = [...(await runningContainers(suite.lab, suite.controller!.client)).values()].filter((r) => !r.name.includes('/api-'));
    const since = epochSeconds();
    expect(healthy.length).toBeGreaterThanOrEqual(6); // each shipper: sandbox + container

    commitEdit(suite.repo, 'apps/api.yaml', (t) => t.replace('value: "1"', 'value: "2"'), 'api: revision 2');
    await waitUntil('the rollout under way', async () => (await apiPods()).some((p) => revisionOf(p) === '2'), 60_000, 100);
    const atKill = (await apiPods()).map(revisionOf);
    await suite.controller.stop('SIGKILL');
    expect(atKill, 'revision 1 still serving at the kill').toContain('1');
    suite.controller = await startController(suite.repo, ARGS);
    const ms = await waitUntil('the rollout completed by the restarted controller', () => rolledTo('2'), 120_000, 500);
    console.log(`controller SIGKILLed mid-rollout: completed ${(ms / 1000).toFixed(1)} s after the restart`);

    expect(await restartedOf(suite.lab, new Map(healthy.map((r) => [r.id, r])), since)).toEqual([]);
    expect(await clusterIP()).toBe(ip);
    const history = await suite.controller.client.rolloutHistory('demo', 'api');
    expect(history.length).toBe(2);
    // The events from before the kill are still there, first one first: the store was not started afresh.
    const after = await suite.controller.client.events();
    expect(after[0]).toMatchObject({ reason: eventsBefore[0].reason, message: eventsBefore[0].message });
    expect(after.length).toBeGreaterThan(eventsBefore.length);
  }, 300_000);

  it('starts on a torn store file: keeps it aside, goes on with the last good copy, says so in an event, restarts no pod', async () => {
    const ip = await clusterIP();
    const before = await runningContainers(suite.lab, suite.controller!.client);
    const since = epochSeconds();
    await suite.controller!.stop('SIGKILL');
    const file = path.join(suite.repo, '.berth', 'controller-store.json');
    const whole = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, whole.slice(0, Math.floor(whole.length / 3))); // truncated, as a lost write leaves it

    suite.controller = await startController(suite.repo, ARGS);
    // Its first pass records what the start found (the sync status it answers with before that is the store's).
    await waitUntil('the StoreRecovered event', async () => (await suite.controller!.client.events()).some((e) => e.reason === 'StoreRecovered'), 30_000, 250);
    const recovered = (await suite.controller.client.events()).find((e) => e.reason === 'StoreRecovered');
    expect(recovered?.message).toMatch(/controller-store\.json was torn \(not valid JSON.*kept aside as .*controller-store\.json\.corrupt-.*last good copy/);
    const aside = fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('controller-store.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(file), aside[0]), 'utf8')).toBe(whole.slice(0, Math.floor(whole.length / 3)));
    expect(() => JSON.parse(fs.readFileSync(file, 'utf8'))).not.toThrow();

    expect(await clusterIP()).toBe(ip);
    expect((await suite.controller.client.rolloutHistory('demo', 'api')).length).toBe(2);
    // A few passes on the recovered store: the pods stay as they run.
    const passes = (await suite.controller.client.sync()).lastPass;
    await waitUntil('another pass', async () => (await suite.controller!.client.sync()).lastPass !== passes && (await rolledTo('2')), 30_000, 500);
    expect(await restartedOf(suite.lab, onHosts(before, ['h1', 'h2', 'h3']), since)).toEqual([]);
  }, 120_000);
});

const API = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: demo }
spec:
  replicas: 2
  strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: api
          image: berth-demo/web:1.0
          command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
          env: [{ name: REVISION, value: "1" }]
          readinessProbe: { httpGet: { path: /, port: 8080 }, periodSeconds: 1 }
          resources: { requests: { cpu: 10m, memory: 8Mi } }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: demo }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: 8080 }]
`;
