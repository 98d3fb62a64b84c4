// Pod start on the host agent: desired set accepted → pod Ready, for a busybox httpd pod with an HTTP readiness probe
// (period 1 s), beside plain `docker run` of the same image and command until its port answers, in the same run.
// Goal (issue 3): p99 under 1 s and within 2× of docker run. Prints figures, asserts nothing.
// Run: node scripts/bench.mjs pod-start   (BENCH_PODS, BENCH_BURST change the counts)
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import type { Pod } from 'kubernetes-types/core/v1';
import { AgentClient, startAgent, type DesiredSet } from '../src/agent';
import { buildImage, DockerRuntime } from '../src/agent/runtime';
import { secretsDir, unmountTmpfs } from '../src/agent/state';
import { httpAnswers, percentile, printBreakdown, printSummary, sleep, type Sample } from './pod-start-util';

const PODS = Number(process.env.BENCH_PODS ?? 50);
const BURST = Number(process.env.BENCH_BURST ?? 10);
const POLL_MS = 20;
const PORT = 8080;
const TAG = `berth-bench/pod-start-${process.pid}:1`;
const CLUSTER = `bench-pod-start-${process.pid}`;
const LABEL = `berth-bench/pod-start=${process.pid}`;
const COMMAND = ['httpd', '-f', '-p', String(PORT), '-h', '/www'];
const run = promisify(execFile);

const docker = new Docker();
const root = mkdtempSync(path.join(os.tmpdir(), 'berth-bench-pod-start-'));
const socketPath = path.join(root, 'agent.sock');
const runtimeDir = path.join(root, 'run');
let agent: Awaited<ReturnType<typeof startAgent>> | undefined;

async function buildBenchImage(): Promise<void> {
  const context = path.join(root, 'index.html');
  writeFileSync(context, 'ok\n');
  const dockerfile = ['FROM scratch', 'COPY busybox /bin/busybox', 'RUN ["/bin/busybox", "--install", "-s", "/bin"]', 'COPY index.html /www/index.html', ''].join('\n');
  await buildImage(docker, { tag: TAG, dockerfile, files: { busybox: '/bin/busybox', 'index.html': context }, labels: { 'berth-bench/pod-start': String(process.pid) } });
}

// ---- plain docker run: from the command's start until the port answers on the container's IP
async function dockerRunOnce(i: number): Promise<Sample> {
  const t0 = performance.now();
  const { stdout } = await run('docker', ['run', '-d', '--label', LABEL, '--name', `berth-bench-ps-${process.pid}-${i}`, TAG, ...COMMAND]);
  const info = await docker.getContainer(stdout.trim()).inspect();
  const ip = Object.values(info.NetworkSettings.Networks)[0].IPAddress;
  while (!(await httpAnswers(ip, PORT))) await sleep(POLL_MS);
  return { ms: performance.now() - t0 };
}

async function removeDockerRuns(): Promise<void> {
  const mine = await docker.listContainers({ all: true, filters: { label: [LABEL] } });
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}

// ---- the agent: from the PUT's response until GET /v1/pods says Ready=True
const client = new AgentClient({ socketPath }, { timeoutMs: 30_000 });
let generation = 0;
let desired: Pod[] = [];
/** How long each GET /v1/pods took (ms): the agent lists and reads every container for it. */
const listTimes: number[] = [];

function benchPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `${CLUSTER}-${name}` },
    spec: {
      containers: [{ name: 'web', image: TAG, command: COMMAND, ports: [{ containerPort: PORT }], readinessProbe: { httpGet: { path: '/', port: PORT }, periodSeconds: 1 } }],
      terminationGracePeriodSeconds: 1,
    },
  };
}

function readyNames(items: Pod[]): Set<string> {
  const ready = items.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  return new Set(ready.map((p) => p.metadata!.name!));
}

/** Adds the pods to the desired set at once; the time from the PUT's answer until each is Ready. */
async function agentStart(names: string[]): Promise<Sample[]> {
  desired = [...desired, ...names.map(benchPod)];
  const set: DesiredSet = { generation: ++generation, pods: desired, configMaps: [], secrets: [] };
  await client.setDesired(set);
  const t0 = performance.now();
  const acceptedAt = Date.now();
  const done = new Map<string, number>();
  while (done.size < names.length) {
    await sleep(POLL_MS);
    const asked = performance.now();
    const ready = readyNames((await client.listPods()).items);
    const t = performance.now();
    listTimes.push(t - asked);
    for (const n of names) if (ready.has(n) && !done.has(n)) done.set(n, t - t0);
    if (t - t0 > 60_000) throw new Error(`pods not Ready after 60 s: ${names.filter((n) => !done.has(n)).join(', ')}`);
  }
  return Promise.all(names.map(async (n) => ({ ms: done.get(n)!, steps: await podSteps(n, acceptedAt) })));
}

/** When Docker says the pod's sandbox and container were created and started, in ms after the PUT's answer. */
async function podSteps(name: string, acceptedAt: number): Promise<Record<string, number>> {
  const list = await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${CLUSTER}`, `berth.dev/pod=${name}`] } });
  const steps: Record<string, number> = {};
  for (const c of list) {
    const info = await docker.getContainer(c.Id).inspect();
    const which = info.Config.Labels['berth.dev/container'] === 'POD' ? 'sandbox' : 'container';
    steps[`${which} created`] = Date.parse(info.Created) - acceptedAt;
    steps[`${which} started`] = Date.parse(info.State.StartedAt) - acceptedAt;
  }
  return steps;
}

async function removeAgentPods(): Promise<void> {
  desired = [];
  await client.setDesired({ generation: ++generation, pods: [], configMaps: [], secrets: [] });
  const deadline = Date.now() + 60_000;
  while ((await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${CLUSTER}`] } })).length > 0 && Date.now() < deadline) await sleep(200);
}

async function cleanup(): Promise<void> {
  await agent?.close().catch(() => undefined);
  const mine = await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${CLUSTER}`] } });
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  await removeDockerRuns();
  await docker.getImage(TAG).remove({ force: true }).catch(() => undefined);
  await unmountTmpfs(secretsDir(runtimeDir)).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
}

async function main(): Promise<void> {
  await buildBenchImage();
  await new DockerRuntime(docker).ensureSandboxImage();
  agent = await startAgent({ socketPath, stateDir: path.join(root, 'state'), runtimeDir, cluster: CLUSTER, hostName: 'bench', log: () => {} });
  console.log(`pod start: ${PODS} pods one at a time, then ${BURST} at once; image ${TAG}; ${os.cpus().length} cpus; loadavg at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  // One warm-up of each (not counted): the first create of an image pays for caches in dockerd.
  await dockerRunOnce(-1);
  await removeDockerRuns();
  await agentStart(['warmup']);
  await removeAgentPods();

  const dockerSeq: Sample[] = [];
  for (let i = 0; i < PODS; i++) dockerSeq.push(await dockerRunOnce(i));
  await removeDockerRuns();
  const agentSeq: Sample[] = [];
  for (let i = 0; i < PODS; i++) agentSeq.push(...(await agentStart([`web-${i}`])));
  const loadSeq = os.loadavg();
  await removeAgentPods();

  const dockerBurst = await Promise.all(Array.from({ length: BURST }, (_, i) => dockerRunOnce(1000 + i)));
  await removeDockerRuns();
  const agentBurst = await agentStart(Array.from({ length: BURST }, (_, i) => `burst-${i}`));
  await removeAgentPods();

  printSummary(`${PODS} one at a time`, agentSeq, dockerSeq, loadSeq);
  printSummary(`${BURST} at once`, agentBurst, dockerBurst, os.loadavg());
  printBreakdown(`${PODS} one at a time`, agentSeq);
  const sortedLists = listTimes.sort((a, b) => a - b);
  console.log(`\nGET /v1/pods while polling: p50 ${percentile(sortedLists, 50).toFixed(0)} ms, p99 ${percentile(sortedLists, 99).toFixed(0)} ms over ${sortedLists.length} calls`);
  printBreakdown(`${BURST} at once`, agentBurst);
}

try {
  await main();
} finally {
  await cleanup();
}
