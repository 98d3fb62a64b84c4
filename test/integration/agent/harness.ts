// An agent started in this process (startAgent) against the real engine, with its own cluster label, state and
// socket, and the helpers the agent-level tests share. stop() removes every container carrying the label.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Pod } from 'kubernetes-types/core/v1';
import { AgentClient, startAgent, type Agent, type DesiredSet } from '../../../src/agent';
import { DockerRuntime } from '../../../src/agent/runtime';
import { secretsDir, unmountTmpfs } from '../../../src/agent/state';
import { ensureBusyboxImage } from '../../helpers/images';
import { waitFor } from '../../helpers/wait';

export interface Harness {
  docker: Docker;
  cluster: string;
  root: string;
  client: AgentClient;
  agent: Agent;
  /** Sends the pods as the next generation of the desired set. */
  setPods(pods: Pod[]): Promise<void>;
  /** The reported pod of that name in namespace default. */
  pod(name: string): Promise<Pod>;
  logs(name: string, options?: { previous?: boolean; container?: string }): Promise<string>;
  stop(): Promise<void>;
}

export async function startHarness(name: string, options: { allowHostPath?: boolean } = {}): Promise<Harness> {
  const docker = new Docker();
  const cluster = `test-${name}-${process.pid}-${Date.now()}`;
  const root = mkdtempSync(join(tmpdir(), `berth-${name}-`));
  const socketPath = join(root, 'agent.sock');
  const runtimeDir = join(root, 'run');
  await ensureBusyboxImage();
  await new DockerRuntime(docker).ensureSandboxImage();
  const agent = await startAgent({ socketPath, stateDir: join(root, 'state'), runtimeDir, cluster, hostName: 'h1', syncIntervalMs: 500, log: process.env.BERTH_TEST_LOG ? (m) => console.error(m) : () => {}, ...options });
  const client = new AgentClient({ socketPath }, { timeoutMs: 10_000 });
  let generation = 0;
  return {
    docker,
    cluster,
    root,
    client,
    agent,
    async setPods(pods) {
      const set: DesiredSet = { generation: ++generation, pods, configMaps: [], secrets: [] };
      await client.setDesired(set);
    },
    async pod(podName) {
      const found = (await client.listPods()).items.find((p) => p.metadata?.name === podName);
      if (!found) throw new Error(`pod ${podName} is not reported`);
      return found;
    },
    async logs(podName, logOptions = {}) {
      const stream = await client.logs('default', podName, logOptions);
      let text = '';
      for await (const chunk of stream) text += chunk.toString();
      return text;
    },
    async stop() {
      await agent.close();
      const mine = await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${cluster}`] } });
      await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
      await unmountTmpfs(secretsDir(runtimeDir)).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Retries `check` until it stops throwing (waitFor). */
export function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000): Promise<Exclude<T, false>> {
  return waitFor(check, { timeoutMs });
}

export function condition(pod: Pod, type: string) {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** `berth agent` from the bundle the test setup built, run as a child process, as a host runs it. */
export interface AgentProcess {
  pid: number;
  /** What the agent wrote to stderr so far. */
  output(): string;
  /** Sends the signal and waits for the process to exit; its exit code (null when the signal killed it). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

export interface AgentProcessOptions {
  /** Paths given as flags; omitted ones come from the environment (BERTH_AGENT_HOME) or the defaults. */
  socketPath?: string;
  stateDir?: string;
  runtimeDir?: string;
  cluster: string;
  client: AgentClient;
  /** Added to this process's environment (DOCKER_HOST, BERTH_AGENT_HOME, …). */
  env?: Record<string, string>;
  /** A network namespace (/var/run/netns/NAME) to run the agent in, so its probes reach that engine's pods. */
  netns?: string;
}

/** Starts `berth agent` and waits until its API answers. */
export async function startAgentProcess(o: AgentProcessOptions): Promise<AgentProcess> {
  const flags = [
    ...(o.socketPath ? ['--socket', o.socketPath] : []),
    ...(o.stateDir ? ['--state', o.stateDir] : []),
    ...(o.runtimeDir ? ['--runtime-dir', o.runtimeDir] : []),
  ];
  const args = ['dist/berth.mjs', 'agent', ...flags, '--cluster', o.cluster, '--host', 'h1'];
  // nsenter execs node in the namespace: the child's pid is the agent's.
  const [command, argv] = o.netns ? ['nsenter', [`--net=${o.netns}`, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...o.env } });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`berth agent exited with ${child.exitCode}: ${output}`);
      return o.client.listPods();
    }, 10_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    pid: child.pid!,
    output: () => output,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
