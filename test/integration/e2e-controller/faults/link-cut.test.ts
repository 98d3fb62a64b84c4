// A host's link cut for longer than the eviction timeout, then restored, on the shared 3-host lab under a running
// `berth controller --eviction-timeout 5 --node-grace-period 10`: after the grace period and the timeout, the pods of h3 run on h1 and
// h2; when h3 answers again its stale copies are stopped. Nothing lost (3 api pods Ready throughout the end), and no
// pod that ran on h1 or h2 restarted. The link is always restored, whatever fails.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentClientFor } from '../../../../src/fleet';
import { labConfig, labFiles } from '../../../../src/lab';
import { acquireLock } from '../../../../src/lab/lock';
import { controllerSuite, git, isReady, podsOf, startController, waitUntil } from '../controller-lab';
import { epochSeconds, onHosts, restartedOf, runningContainers } from './fault-lab';

let veth: string | undefined;
const linkUp = () => veth && execFileSync('ip', ['link', 'set', veth, 'up']);
const suite = controllerSuite('e2e-controller/faults/link-cut', ({ lab, repo }) => {
  veth = lab.hosts.find((h) => h.name === 'h3')!.veth;
  git(repo, 'rm', '-q', '-r', 'apps/web', 'apps/jobs', 'apps/log-shipper');
  fs.mkdirSync(path.join(repo, 'apps'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'apps/api.yaml'), API);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'api');
});
// Registered after the suite's, so it runs first: the link back up before the hosts are emptied.
afterAll(() => {
  linkUp();
});

const apiPods = async () => (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.app === 'api' && !p.metadata?.deletionTimestamp);

describe("a host's link cut past the eviction timeout", () => {
  it("places a silent host's pods on the others, stops its stale copies when it answers again, restarts no other pod", async () => {
    suite.controller = await startController(suite.repo, ['--eviction-timeout', '5', '--node-grace-period', '10']);
    await waitUntil('3 api pods Ready', async () => (await apiPods()).filter(isReady).length === 3, 90_000, 500);
    const onH3 = (await apiPods()).filter((p) => p.spec?.nodeName === 'h3').map((p) => p.metadata!.name!);
    expect(onH3.length).toBeGreaterThan(0);
    const healthy = onHosts(await runningContainers(suite.lab, suite.controller!.client), ['h1', 'h2']);
    const since = epochSeconds();

    // The lab's own lock while the link is down: a `berth lab up` meanwhile would "repair" h3.
    const releaseLab = await acquireLock(labFiles(labConfig()).lock, () => undefined);
    execFileSync('ip', ['link', 'set', veth!, 'down']);
    try {
      const movedMs = await waitUntil('the pods of h3 Ready on h1 and h2', async () => {
        const pods = await apiPods();
        return pods.filter((p) => p.spec?.nodeName !== 'h3' && isReady(p)).length === 3;
      }, 90_000, 500);
      console.log(`h3 cut: its pods Ready elsewhere after ${(movedMs / 1000).toFixed(1)} s (10 s grace + 5 s eviction timeout)`);
      const nodes = await suite.controller.client.nodes();
      expect(nodes.find((n) => n.metadata?.name === 'h3')?.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
    } finally {
      linkUp();
      releaseLab();
    }
    const h3 = agentClientFor(suite.fleet.session('h3'));
    await waitUntil("h3's stale copies stopped", async () => {
      const items = await h3.listPods().then((l) => l.items, () => undefined);
      return items !== undefined && !items.some((p) => onH3.includes(p.metadata!.name!));
    }, 90_000, 1000);
    expect((await apiPods()).filter(isReady).length).toBe(3);
    expect(await restartedOf(suite.lab, healthy, since)).toEqual([]);
  }, 240_000);
});

const API = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: demo }
spec:
  replicas: 3
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: api
          image: berth-demo/web:1.0
          command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
          readinessProbe: { httpGet: { path: /, port: 8080 }, periodSeconds: 1 }
          resources: { requests: { cpu: 10m, memory: 8Mi } }
`;
