// `berth agent` as a host runs it (the built CLI, a child process) with only BERTH_AGENT_HOME set, as the lab's hosts
// do: its paths, its health and version, an image streamed to it (POST /v1/images → docker load), and how it stops
// on SIGTERM and SIGINT: exit code 0 at once, every container left running.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient, type DesiredSet } from '../../../src/agent';
import { DockerRuntime } from '../../../src/agent/runtime';
import { isTmpfs, secretsDir, unmountTmpfs } from '../../../src/agent/state';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images';
import { eventually, startAgentProcess, type AgentProcess } from './harness';

const docker = new Docker();
const cluster = `test-process-${process.pid}-${Date.now()}`;
const root = mkdtempSync(join(tmpdir(), 'berth-process-'));
const home = join(root, 'home');
const client = new AgentClient({ socketPath: join(home, 'agent.sock') }, { timeoutMs: 10_000 });
const shipped = `berth-test/shipped-${process.pid}:1`;
const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
let agent: AgentProcess | undefined;
let generation = 0;

const start = async () => (agent = await startAgentProcess({ cluster, client, env: { BERTH_AGENT_HOME: home } }));
const setPods = (pods: Pod[]) => client.setDesired({ generation: ++generation, pods, configMaps: [], secrets: [] } satisfies DesiredSet);
const sleeper = (name: string, grace: number, command = ['sleep', 'inf']): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { terminationGracePeriodSeconds: grace, containers: [{ name: 'app', image: BUSYBOX_IMAGE, command }] },
});
const running = async (pod?: string) => {
  const label = [`berth.dev/cluster=${cluster}`, ...(pod ? [`berth.dev/pod=${pod}`] : [])];
  return (await docker.listContainers({ filters: { label, status: ['running'] } })).map((c) => c.Id).sort();
};

const logsOf = async (pod: string) => {
  const logs = await Promise.all((await running(pod)).map((id) => docker.getContainer(id).logs({ stdout: true, stderr: true })));
  return logs.map(String).join('');
};

beforeAll(async () => {
  await ensureBusyboxImage();
  await new DockerRuntime(docker).ensureSandboxImage();
  await start();
});

afterAll(async () => {
  await agent?.stop('SIGKILL');
  const mine = await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${cluster}`] } });
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  await docker.getImage(shipped).remove().catch(() => undefined); // only this tag: the image keeps its other one
  await unmountTmpfs(secretsDir(join(home, 'run'))).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

describe('berth agent with BERTH_AGENT_HOME', () => {
  it('keeps its socket, state and secrets tmpfs under that home', async () => {
    await setPods([]);
    expect(existsSync(join(home, 'agent.sock'))).toBe(true);
    expect(existsSync(join(home, 'desired.json'))).toBe(true);
    expect(isTmpfs(join(home, 'run', 'secrets'))).toBe(true);
  });

  it('answers healthz with its version, host name and clock, and reports its version in host facts', async () => {
    const askedAt = Date.now();
    const health = await client.healthz();
    const answeredAt = Date.now();
    expect(health).toEqual({ status: 'ok', version, hostName: 'h1', time: expect.any(String) });
    // Its clock: read while it answered (one machine, one clock).
    expect(Date.parse(health.time)).toBeGreaterThanOrEqual(askedAt);
    expect(Date.parse(health.time)).toBeLessThanOrEqual(answeredAt);
    expect(await client.hostFacts()).toMatchObject({ agentVersion: version, hostName: 'h1', runtime: { ready: true } });
  });

  it('loads a docker save tar streamed to it, and then lists the image by its tag', async () => {
    await docker.getImage(BUSYBOX_IMAGE).tag({ repo: shipped.split(':')[0], tag: '1' });
    const tar = (await docker.getImage(shipped).get()) as unknown as Readable;
    const chunks: Buffer[] = [];
    for await (const chunk of tar) chunks.push(chunk as Buffer);
    await docker.getImage(shipped).remove(); // untag: the host no longer has it by this name
    expect((await client.hostFacts()).images.some((i) => i.names?.includes(shipped))).toBe(false);

    expect(await client.loadImage(Readable.from(chunks))).toEqual({ loaded: [shipped] });
    expect((await client.hostFacts()).images.some((i) => i.names?.includes(shipped))).toBe(true);
    await expect(client.loadImage(Readable.from([Buffer.from('not a tar')]))).rejects.toMatchObject({ code: 'ImageLoadFailed', status: 400 });
  });

  it('exits 0 at once on SIGTERM, even while a graceful stop is in progress, leaving every container running', async () => {
    await setPods([sleeper('keep', 1), sleeper('leaving', 30, ['sh', '-c', "trap 'echo TERM ignored' TERM; while true; do sleep 1; done"])]);
    await eventually(async () => expect(await running()).toHaveLength(4));
    const kept = await running('keep');
    await setPods([sleeper('keep', 1)]); // `leaving` now has 30 s to stop, and ignores SIGTERM
    await eventually(async () => expect(await logsOf('leaving')).toContain('TERM ignored')); // its graceful stop under way
    expect(await agent!.stop('SIGTERM')).toBe(0);
    expect(agent!.output()).toContain('SIGTERM, stopping (containers keep running)');
    expect(await running('keep')).toEqual(kept);
    // At once: the agent did not wait out `leaving`'s 30 s, whose container still runs.
    expect(await running('leaving')).not.toEqual([]);
  }, 30_000);

  it('exits 0 on SIGINT, leaving every container running', async () => {
    await start();
    const before = await running('keep');
    expect(await agent!.stop('SIGINT')).toBe(0);
    expect(await running('keep')).toEqual(before);
  });
});
