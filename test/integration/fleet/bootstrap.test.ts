// Bootstrap on this machine through the local transport, with the real agent bundle and the real Docker Engine:
// prerequisites, install under a supervisor, idempotence, restart after a crash, and an in-place upgrade that
// restarts no pod.
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClientFor, bootstrapHost, LocalSession, readAgentBundle, runningAgentVersion } from '../../../src/fleet';
import { ROOT } from '../../helpers/cli';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../helpers/images';
import { eventually } from '../agent/harness';
import { buildAgentBundle, startLocalHost, type LocalHost } from './bootstrap-host';

let host: LocalHost;
const bundles = mkdtempSync(join(tmpdir(), 'berth-fleet-bundles-'));

beforeAll(async () => {
  await ensureBusyboxImage();
  host = await startLocalHost('boot', { start: false });
}, 60_000);

afterAll(async () => {
  await host?.stop();
  rmSync(bundles, { recursive: true, force: true });
});

const sleeper: Pod = {
  metadata: { name: 'sleeper', namespace: 'default', uid: 'uid-sleeper' },
  spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: BUSYBOX_IMAGE, command: ['sleep', '3600'] }] },
};

describe('bootstrap over the local transport', () => {
  it('reports missing prerequisites with what to do, and changes nothing', async () => {
    const session = new LocalSession({ host: 'bare', env: { BERTH_AGENT_HOME: join(host.home, 'bare'), DOCKER_HOST: `unix://${host.home}/no-docker.sock` } });
    const report = await bootstrapHost(session, { bundle: await readAgentBundle(join(ROOT, 'dist/berth-agent.mjs')), minFreeBytes: Number.MAX_SAFE_INTEGER });
    expect(report.outcome).toBe('missing-prerequisites');
    expect(report.missing.map((m) => m.name)).toEqual(['docker', 'disk']);
    expect(report.missing[0].message).toContain('no-docker.sock');
    expect(report.steps).toEqual([]);
  });

  it('installs the agent under a supervisor and verifies its version', async () => {
    const report = await host.bootstrap();
    expect(report).toMatchObject({ host: 'boot', outcome: 'installed', version: '0.1.0', supervisor: 'supervisor', missing: [] });
    expect(report.steps).toContain('started the supervisor');
    expect(readlinkSync(host.layout.currentLink)).toBe('berth-agent-0.1.0.mjs');
    expect(host.pid('supervisor.pid')).toBeGreaterThan(0);
    expect(await runningAgentVersion(host.session, host.layout.socketPath)).toBe('0.1.0');
  });

  it('changes nothing when run again', async () => {
    const agentPid = host.pid('agent.pid');
    const report = await host.bootstrap();
    expect(report).toMatchObject({ outcome: 'unchanged', version: '0.1.0', previousVersion: '0.1.0', steps: [] });
    expect(host.pid('agent.pid')).toBe(agentPid);
  });

  it('has the supervisor start the agent again when it dies', async () => {
    const agentPid = host.pid('agent.pid')!;
    process.kill(agentPid, 'SIGKILL');
    await eventually(async () => {
      expect(host.pid('agent.pid')).not.toBe(agentPid);
      expect(await runningAgentVersion(host.session, host.layout.socketPath, 1_000)).toBe('0.1.0');
    }, 20_000);
    expect((await host.bootstrap()).outcome).toBe('unchanged');
  });

  it('upgrades the agent in place without restarting its pods', async () => {
    const client = agentClientFor(host.session, host.layout.socketPath, { timeoutMs: 10_000 });
    await client.setDesired({ generation: 1, pods: [sleeper], configMaps: [], secrets: [] });
    const running = await eventually(async () => {
      const pod = (await client.listPods()).items.find((p) => p.metadata?.name === 'sleeper');
      expect(pod?.status?.phase).toBe('Running');
      return pod!;
    }, 20_000);
    const docker = new Docker();
    const containers = async () =>
      (await docker.listContainers({ filters: { label: [`berth.dev/cluster=${host.cluster}`] } })).map((c) => `${c.Id}:${c.State}`).sort();
    const before = await containers();
    expect(before.length).toBeGreaterThanOrEqual(2); // the sandbox and the container

    const newer = await buildAgentBundle('0.2.0-test', bundles);
    const supervisorPid = host.pid('supervisor.pid');
    const report = await host.bootstrap(newer);
    expect(report).toMatchObject({ outcome: 'upgraded', previousVersion: '0.1.0', version: '0.2.0-test' });
    expect(report.steps).toEqual(['uploaded ' + `${host.layout.binDir}/berth-agent-0.2.0-test.mjs`, 'pointed bin/current.mjs at berth-agent-0.2.0-test.mjs', expect.stringMatching(/^restarted the agent \(SIGTERM to pid \d+/)]);
    expect(host.pid('supervisor.pid')).toBe(supervisorPid);

    await eventually(async () => {
      const pod = (await client.listPods()).items.find((p) => p.metadata?.name === 'sleeper');
      expect(pod?.status?.phase).toBe('Running');
      expect(pod?.status?.containerStatuses?.[0]?.containerID).toBe(running.status?.containerStatuses?.[0]?.containerID);
      expect(pod?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    }, 20_000);
    expect(await containers()).toEqual(before);
    expect((await host.bootstrap(newer)).outcome).toBe('unchanged');
  }, 90_000);
});
