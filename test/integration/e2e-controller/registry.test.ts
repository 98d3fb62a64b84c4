// Images from a registry on the shared 3-host lab: with spec.registry in cluster.yaml, the hosts' engines pull a
// Deployment's image from it (Debian's docker-registry on the lab bridge, over TLS with a self-signed certificate),
// and the controller ships nothing over SSH, though its own engine holds the image.
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { pushImage, removeImageRefs, startRegistry, type TestRegistry } from '../../helpers/registry';
import { hostDocker, readFleetConfig } from '../e2e-fleet/lab-fleet';
import type { Event } from 'kubernetes-types/core/v1';
import { berthBin, ROOT } from '../../helpers/cli';
import { bootstrapHost, readAgentBundle } from '../../../src/fleet';
import { commitEdit, controllerSuite, emptyHosts, git, podsOf, startController, waitUntil } from './controller-lab';

const SOURCE_IMAGE = 'berth-demo/busybox:1.0';
const REPOSITORY = 'berth-e2e/busybox';
const TAG = String(process.pid);

let registry: TestRegistry | undefined;
let pushed: { ref: string; digest: string } | undefined;

const suite = controllerSuite('e2e-controller/registry', async ({ repo, fleet, lab }) => {
  // The hosts run this build's agent (its events are under test), however the shared lab was left: unchanged, a
  // bootstrap finds it so and does nothing.
  const bundle = await readAgentBundle(path.join(ROOT, 'dist/berth-agent.mjs'));
  const cluster = readFleetConfig(repo).cluster.object.metadata.name;
  const reports = await Promise.all(lab.hosts.map((h) => bootstrapHost(fleet.session(h.name), { bundle, cluster })));
  const failed = reports.filter((r) => r.outcome === 'failed');
  if (failed.length) throw new Error(`the lab's agents could not be brought to this build: ${failed.map((r) => `${r.host}: ${r.error}`).join('; ')}`);
  registry = await startRegistry();
  pushed = await pushImage(registry, SOURCE_IMAGE, REPOSITORY, TAG);
  // Only this file's Deployment, and the registry in cluster.yaml.
  git(repo, 'rm', '-q', '-r', 'apps');
  fs.mkdirSync(path.join(repo, 'apps'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'apps/mirrored.yaml'), mirrored(pushed.ref));
  commitEdit(repo, 'cluster.yaml', (text) => {
    const doc = parseDocument(text);
    doc.setIn(['spec', 'registry'], doc.createNode({ url: registry!.address }));
    return String(doc);
  }, `images from the registry at ${registry.address}`);
});

// Before the suite's own clean-up (vitest runs afterAll hooks in reverse): no pod may still use the image here.
afterAll(async () => {
  const failures: string[] = [];
  try {
    await suite.controller?.stop();
    if (suite.fleet) await emptyHosts(suite.fleet);
    if (pushed) {
      const refs = [pushed.ref, `${pushed.ref.slice(0, pushed.ref.lastIndexOf(':'))}@${pushed.digest}`];
      for (const host of suite.lab?.hosts ?? []) failures.push(...(await removeImageRefs(hostDocker(suite.lab, host.name), refs)).map((f) => `${host.name}: ${f}`));
      failures.push(...(await removeImageRefs(new Docker(), refs)).map((f) => `machine: ${f}`));
    }
  } finally {
    await registry?.stop();
  }
  if (failures.length) throw new Error(`image clean-up failed:\n${failures.join('\n')}`);
}, 120_000);

describe('images from a registry named in cluster.yaml', () => {
  it('has every host that runs a pod pull the image from the registry, and ships nothing over SSH', async () => {
    const { ref, digest } = pushed!;
    for (const host of suite.lab.hosts) {
      await expect(hostDocker(suite.lab, host.name).getImage(ref).inspect(), `${host.name} has ${ref} before the test`).rejects.toMatchObject({ statusCode: 404 });
    }
    suite.controller = await startController(suite.repo);
    const running = async () => (await podsOf(suite.controller!.client)).filter((p) => p.metadata?.labels?.app === 'mirrored' && p.status?.phase === 'Running');
    await waitUntil('2 mirrored pods running', async () => (await running()).length === 2, 60_000, 500);

    const hosts = (await running()).map((p) => p.spec!.nodeName!);
    expect(new Set(hosts).size).toBe(2);
    for (const host of hosts) {
      const image = await hostDocker(suite.lab, host).getImage(ref).inspect();
      // RepoDigests are only written by a pull (or a push), never by `docker load`: the image came from the registry.
      expect(image.RepoDigests, `${host}'s ${ref}`).toContain(`${registry!.address}/${REPOSITORY}@${digest}`);
    }
    const events = await suite.controller!.client.events();
    expect(events.filter((e) => e.reason === 'ImageShipped').map((e) => e.message)).toEqual([]);
    expect(suite.controller!.log()).not.toMatch(/ImageShipped|shipped to/);
  }, 90_000);
});

describe('the agents’ events, through the controller and the CLI', () => {
  it('berth events and berth describe pod show the pulls, the registry’s error, and a failing probe counted', async () => {
    const absent = `${registry!.address}/berth-e2e/absent:${TAG}`;
    suite.controller ??= await startController(suite.repo);
    commitEdit(suite.repo, 'apps/events.yaml', () => eventPods(pushed!.ref, absent), 'pods whose events the CLI shows');
    const cli = (...args: string[]) => {
      const r = berthBin([...args, '--repo', suite.repo], suite.repo);
      if (r.code !== 0) throw new Error(`berth ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return r.stdout;
    };
    const eventsOf = (name: string) => (JSON.parse(cli('events', '-n', 'demo', '--for', `pod/${name}`, '-o', 'json')) as { items: Event[] }).items;
    await waitUntil('the agents’ events of both pods, a repeated Unhealthy counted', () => {
      const unready = eventsOf('unready');
      const reasons = new Set([...unready, ...eventsOf('absent')].map((e) => e.reason));
      return ['Pulling', 'Pulled', 'Created', 'Started', 'Failed', 'BackOff'].every((r) => reasons.has(r)) && (unready.find((e) => e.reason === 'Unhealthy')?.count ?? 0) >= 2;
    }, 60_000, 500);

    const unready = cli('describe', 'pod', 'unready', '-n', 'demo');
    expect(unready).toMatch(/Normal +Pulled +\S+ +berth-agent +Container image "[^"]+" already present on machine|Normal +Pulled +\S+ +berth-agent +Successfully pulled image/);
    expect(unready).toMatch(/Normal +Started +\S+ +berth-agent +Started container app\n/);
    expect(unready).toMatch(/Warning +Unhealthy +\S+ \(x\d+ over \S+\) +berth-agent +Readiness probe failed: db is not up\n/);

    const waiting = cli('describe', 'pod', 'absent', '-n', 'demo');
    expect(waiting).toMatch(/Reason: +(ImagePullBackOff|ErrImagePull)\n/);
    expect(waiting).toMatch(/Warning +Failed +.* +berth-agent +Failed to pull image "[^"]+": .*manifest unknown/);
    await waitUntil('the waiting state says why it waits', () => /Message: +Back-off pulling image "[^"]+": ErrImagePull: .*manifest unknown/.test(cli('describe', 'pod', 'absent', '-n', 'demo')), 30_000, 500);

    // `berth events` lists them beside the controller's own, with the host.
    const all = cli('events', '-n', 'demo');
    expect(all).toMatch(/Warning +Failed +Pod\/absent +h\d +Failed to pull image/);
    expect(all).toMatch(/Normal +Scheduled +Pod\/absent +h\d/);
  }, 120_000);
});

/** A pod whose image the registry does not have, and one whose readiness probe fails, saying why. */
function eventPods(image: string, absent: string): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: unready, namespace: demo }
spec:
  terminationGracePeriodSeconds: 0
  containers:
    - name: app
      image: ${image}
      command: ["sleep", "3600"]
      readinessProbe: { exec: { command: ["sh", "-c", "echo db is not up; exit 1"] }, periodSeconds: 1 }
      resources: { requests: { cpu: 10m, memory: 8Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: absent, namespace: demo }
spec:
  terminationGracePeriodSeconds: 0
  containers:
    - name: app
      image: ${absent}
      resources: { requests: { cpu: 10m, memory: 8Mi } }
`;
}

/** Two replicas on two different hosts, so two engines pull. */
function mirrored(image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: mirrored, namespace: demo }
spec:
  replicas: 2
  selector: { matchLabels: { app: mirrored } }
  template:
    metadata: { labels: { app: mirrored } }
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: { matchLabels: { app: mirrored } }
              topologyKey: kubernetes.io/hostname
      containers:
        - name: sleep
          image: ${image}
          command: ["sleep", "3600"]
          resources: { requests: { cpu: 10m, memory: 8Mi } }
`;
}
