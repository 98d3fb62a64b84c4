// Host truth on the shared lab: h3's Docker Engine stops under a running controller and agent. The agent answers, so
// the host is not silent, but it cannot run pods: `berth get hosts` shows h3 NotReady for ContainerRuntimeDown (the
// Node's Ready condition False, with a message saying what to do), its pod is not Ready and shows 0/1 in
// `berth get pods`; when the engine is back, the host and its pod are Ready again.
import type { Node, Pod } from 'kubernetes-types/core/v1';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labConfig, labFiles, labHosts } from '../../../src/lab';
import { dockerdPid, ensureDockerd } from '../../../src/lab/daemons';
import { acquireLock } from '../../../src/lab/lock';
import { stopProcess } from '../../../src/lab/processes';
import { bootstrapHost, readAgentBundle } from '../../../src/fleet';
import { ROOT } from '../../helpers/cli';
import { berthBin, readFleetConfig } from '../e2e-fleet/lab-fleet';
import { controllerSuite, git, isReady, podsOf, startController, waitUntil } from './controller-lab';

const h3 = labHosts(labConfig(), 3)[2];
const startEngine = () => ensureDockerd(h3, () => undefined);

const suite = controllerSuite('e2e-controller/runtime-down', ({ repo }) => {
  git(repo, 'rm', '-q', '-r', 'apps/web', 'apps/jobs', 'apps/log-shipper');
  fs.mkdirSync(path.join(repo, 'apps'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'apps/api.yaml'), API);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'api on h3');
});
/** A stopped (SIGSTOP) engine: its socket takes connections and answers none, as a wedged dockerd does. */
let frozen: number | undefined;
const thaw = () => {
  if (frozen !== undefined) process.kill(frozen, 'SIGCONT');
  frozen = undefined;
};
// Registered after the suite's, so it runs first: the engine back before the hosts are emptied.
afterAll(async () => {
  thaw();
  await startEngine();
}, 120_000);

const apiPod = async (): Promise<Pod | undefined> => (await podsOf(suite.controller!.client)).find((p) => p.metadata?.labels?.app === 'api' && !p.metadata?.deletionTimestamp);
const berth = (...args: string[]) => berthBin([...args, '--repo', suite.repo], { timeoutMs: 60_000 });
const readyOf = (node: Node) => node.status?.conditions?.find((c) => c.type === 'Ready');

describe("a host's Docker Engine stopping", () => {
  it('makes the host NotReady (ContainerRuntimeDown) and its pod not Ready, 0/1; both Ready again when it is back', async () => {
    suite.controller = await startController(suite.repo);
    await waitUntil('the api pod Ready on h3', async () => {
      const pod = await apiPod();
      return pod?.spec?.nodeName === 'h3' && isReady(pod);
    }, 90_000, 500);

    // The lab's own lock while the engine is down: a `berth lab up` meanwhile would start it again.
    const releaseLab = await acquireLock(labFiles(labConfig()).lock, () => undefined);
    try {
      await stopProcess(dockerdPid(h3)!, 30_000);

      await waitUntil('berth get hosts: h3 NotReady', () => / *h3 +NotReady /m.test(berth('get', 'hosts').stdout), 60_000, 500);
      const hosts = berth('get', 'hosts');
      expect(hosts.code, hosts.stderr).toBe(0);
      expect(hosts.stdout + hosts.stderr).toMatch(/h3.*ContainerRuntimeDown/);
      expect(hosts.stdout).toMatch(/^h1 +Ready /m);

      const node = JSON.parse(berth('get', 'hosts', 'h3', '-o', 'json').stdout) as Node;
      expect(readyOf(node)).toMatchObject({ status: 'False', reason: 'ContainerRuntimeDown' });
      // Says what is wrong and what to do.
      expect(readyOf(node)?.message).toMatch(/container runtime is down/);
      expect(readyOf(node)?.message).toMatch(/start .*Docker Engine/i);
      const described = berth('describe', 'host', 'h3');
      expect(described.stdout).toMatch(/Ready +False .*ContainerRuntimeDown/);

      await waitUntil('the api pod not Ready', async () => {
        const pod = await apiPod();
        return pod !== undefined && !isReady(pod);
      }, 60_000, 500);
      const pod = (await apiPod())!;
      expect(pod.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainerRuntimeDown' });
      const pods = berth('get', 'pods', '-n', 'demo');
      expect(pods.stdout).toMatch(new RegExp(`^${pod.metadata!.name} +0/1 `, 'm'));
    } finally {
      await startEngine();
      releaseLab();
    }

    await waitUntil('berth get hosts: h3 Ready', () => /^h3 +Ready /m.test(berth('get', 'hosts').stdout), 60_000, 500);
    await waitUntil('the api pod Ready again', async () => {
      const pod = await apiPod();
      return pod !== undefined && isReady(pod);
    }, 90_000, 500);
    const pod = (await apiPod())!;
    expect(berth('get', 'pods', '-n', 'demo').stdout).toMatch(new RegExp(`^${pod.metadata!.name} +1/1 +Running`, 'm'));
    expect(pod.spec?.nodeName).toBe('h3');
  }, 300_000);
});

describe("a host's Docker Engine that stops answering (wedged)", () => {
  it('makes the host NotReady (ContainerRuntimeDown) within the grace period, not Unknown as a silent host; Ready again when it answers', async () => {
    // The behaviour is the agent's (bounded engine calls): h3 gets this build's agent. Every build calls itself the same
    // version, so the controller would not upgrade it; bootstrapping in place restarts no pod.
    const bundle = await readAgentBundle(path.join(ROOT, 'dist/berth-agent.mjs'));
    const installed = await bootstrapHost(suite.fleet.session('h3'), { bundle, cluster: readFleetConfig(suite.repo).cluster.object.metadata.name });
    expect(installed.outcome, installed.error).not.toBe('failed');
    suite.controller ??= await startController(suite.repo);
    await waitUntil('h3 and the api pod Ready', async () => {
      const pod = await apiPod();
      return pod !== undefined && isReady(pod) && /^h3 +Ready /m.test(berth('get', 'hosts').stdout);
    }, 90_000, 500);

    const releaseLab = await acquireLock(labFiles(labConfig()).lock, () => undefined);
    try {
      frozen = dockerdPid(h3)!;
      process.kill(frozen, 'SIGSTOP');
      // The agent still answers, and says its engine does not: Ready False, not the Unknown of a host gone silent.
      await waitUntil('h3 NotReady for ContainerRuntimeDown', async () => {
        const node = JSON.parse(berth('get', 'hosts', 'h3', '-o', 'json').stdout) as Node;
        return readyOf(node)?.reason === 'ContainerRuntimeDown';
      }, 60_000, 500);
      const node = JSON.parse(berth('get', 'hosts', 'h3', '-o', 'json').stdout) as Node;
      expect(readyOf(node)).toMatchObject({ status: 'False', reason: 'ContainerRuntimeDown' });
      expect(readyOf(node)?.message).toMatch(/did not answer within \d+ s.*start .*Docker Engine/);
      await waitUntil('the api pod not Ready', async () => {
        const pod = await apiPod();
        return pod !== undefined && !isReady(pod);
      }, 60_000, 500);
      const pod = (await apiPod())!;
      expect(berth('get', 'pods', '-n', 'demo').stdout).toMatch(new RegExp(`^${pod.metadata!.name} +0/1 `, 'm'));
    } finally {
      thaw();
      releaseLab();
    }

    await waitUntil('berth get hosts: h3 Ready', () => /^h3 +Ready /m.test(berth('get', 'hosts').stdout), 60_000, 500);
    await waitUntil('the api pod Ready again', async () => {
      const pod = await apiPod();
      return pod !== undefined && isReady(pod);
    }, 90_000, 500);
  }, 300_000);
});

const API = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: demo }
spec:
  replicas: 1
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      nodeSelector: { kubernetes.io/hostname: h3 }
      containers:
        - name: api
          image: berth-demo/web:1.0
          command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
          readinessProbe: { httpGet: { path: /, port: 8080 }, periodSeconds: 1 }
          resources: { requests: { cpu: 10m, memory: 8Mi } }
`;
