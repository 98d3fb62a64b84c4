// Pods spread as hosts come up (issue 12 item 3): the quick start's web Deployment, with h2 and h3 not answering yet
// when the controller starts (their links cut, as hosts still being bootstrapped do not answer), ends with its 3
// replicas on 3 hosts — placement waits the settle time for them instead of giving h1, the first to answer, all 3.
// Then the rebalancer: a Deployment spread over hosts (DoNotSchedule) placed while h3 was out of hosts.yaml moves one
// pod to h3 when it joins again.
import { execFileSync } from 'node:child_process';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { labConfig, labFiles } from '../../../src/lab';
import { acquireLock } from '../../../src/lab/lock';
import { commitEdit, controllerSuite, git, isReady, podsOf, startController, waitUntil } from './controller-lab';

let veths: string[] = [];
const linksUp = () => {
  for (const v of veths) execFileSync('ip', ['link', 'set', v, 'up']);
};
const suite = controllerSuite('e2e-controller/spread', ({ lab, repo }) => {
  veths = lab.hosts.filter((h) => h.name !== 'h1').map((h) => h.veth!);
  // The web Deployment alone: the DaemonSet and the CronJob have nothing to say about spreading.
  git(repo, 'rm', '-q', '-r', 'apps/jobs', 'apps/log-shipper');
  git(repo, 'commit', '-q', '-m', 'web alone');
});

const webPods = async () => (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.['app.kubernetes.io/name'] === 'web' && !p.metadata?.deletionTimestamp);
const evenPods = async () => (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.app === 'even' && !p.metadata?.deletionTimestamp);

describe('pods spread as hosts come up', () => {
  it('puts the 3 web replicas on 3 hosts when h2 and h3 answer only after the controller started', async () => {
    // The lab's own lock while links are down: a `berth lab up` meanwhile would "repair" the hosts.
    const releaseLab = await acquireLock(labFiles(labConfig()).lock, () => undefined);
    try {
      for (const v of veths) execFileSync('ip', ['link', 'set', v, 'down']);
      // Resolves after the controller's first pass: h1 answered, h2 and h3 did not.
      suite.controller = await startController(suite.repo);
    } finally {
      linksUp();
      releaseLab();
    }
    await waitUntil('3 web pods Ready', async () => (await webPods()).filter(isReady).length === 3, 120_000, 500);
    const hosts = (await webPods()).map((p) => p.spec?.nodeName).sort();
    expect(hosts, suite.controller.log()).toEqual(['h1', 'h2', 'h3']);
  }, 180_000);

  it('moves one pod of a Deployment spread over hosts to h3 when h3 joins hosts.yaml', async () => {
    suite.controller ??= await startController(suite.repo);
    const inventory = git(suite.repo, 'show', 'HEAD:hosts.yaml');
    commitEdit(suite.repo, 'hosts.yaml', (text) => {
      const doc = parseDocument(text);
      const hosts = doc.get('hosts') as { items: Array<{ get(k: string): unknown }> };
      hosts.items = hosts.items.filter((h) => h.get('name') !== 'h3');
      return String(doc);
    }, 'h3 out');
    commitEdit(suite.repo, 'apps/even.yaml', () => EVEN, 'even: spread over hosts');
    const placed = async () => (await evenPods()).filter(isReady).map((p) => p.spec?.nodeName).sort();
    await waitUntil('3 even pods Ready on h1 and h2', async () => (await placed()).join() === 'h1,h1,h2' || (await placed()).join() === 'h1,h2,h2', 90_000, 500);
    commitEdit(suite.repo, 'hosts.yaml', () => inventory, 'h3 back');
    await waitUntil('3 even pods Ready on 3 hosts', async () => (await placed()).join() === 'h1,h2,h3' && (await evenPods()).length === 3, 90_000, 500);
    const events = await suite.controller.client.events();
    expect(events.filter((e) => e.reason === 'Descheduled').map((e) => e.message), suite.controller.log()).toEqual([expect.stringContaining('(RemovePodsViolatingTopologySpreadConstraint)')]);
  }, 240_000);
});

const EVEN = `apiVersion: apps/v1
kind: Deployment
metadata: { name: even, namespace: demo }
spec:
  replicas: 3
  selector: { matchLabels: { app: even } }
  strategy: { rollingUpdate: { maxUnavailable: 1 } }
  template:
    metadata: { labels: { app: even } }
    spec:
      topologySpreadConstraints:
        - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: even } } }
      containers:
        - name: even
          image: berth-demo/web:1.0
          command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
          readinessProbe: { httpGet: { path: /, port: 8080 }, periodSeconds: 1 }
          resources: { requests: { cpu: 10m, memory: 8Mi } }
`;
