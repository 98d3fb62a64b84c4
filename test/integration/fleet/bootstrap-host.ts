// A "host" on this machine for the fleet tests: a LocalSession whose environment gives the agent its own home (as
// the lab's SetEnv does), bootstrapped with the real agent bundle against the machine's real Docker Engine, under a
// test-specific cluster name. stop() ends the supervisor and agent by their pid files and removes what it made.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { secretsDir, unmountTmpfs } from '../../../src/agent/state';
import { agentLayout, bootstrapHost, LocalSession, readAgentBundle, type AgentBundle, type AgentLayout, type BootstrapReport } from '../../../src/fleet';
import { ROOT } from '../../helpers/cli';

export interface LocalHost {
  session: LocalSession;
  layout: AgentLayout;
  cluster: string;
  home: string;
  bootstrap(bundle?: AgentBundle): Promise<BootstrapReport>;
  /** The pid in a pid file of the agent's home, if the file is there. */
  pid(file: 'supervisor.pid' | 'agent.pid'): number | undefined;
  /** Stops the supervisor (and so the agent) by its pid file and waits for both to go. */
  stopSupervisor(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds an agent bundle of this version into a temp folder (for upgrade tests). */
export async function buildAgentBundle(version: string, dir: string): Promise<AgentBundle> {
  const outfile = join(dir, `berth-agent-${version}.mjs`);
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-agent.mjs'), '--version', version, '--outfile', outfile], { stdio: 'ignore' });
  return readAgentBundle(outfile);
}

export async function startLocalHost(name: string, { start = true } = {}): Promise<LocalHost> {
  const home = mkdtempSync(join(tmpdir(), `berth-fleet-${name}-`));
  const cluster = `test-fleet-${name}-${process.pid}`;
  const session = new LocalSession({ host: name, env: { BERTH_AGENT_HOME: join(home, 'agent'), BERTH_HOST: name } });
  const layout = agentLayout(await session.env(), name);
  const defaultBundle = await readAgentBundle(join(ROOT, 'dist/berth-agent.mjs'));
  const pid = (file: string) => {
    try {
      return Number(readFileSync(join(layout.home, file), 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  };
  const alive = (p: number) => {
    try {
      process.kill(p, 0);
      return !/^State:\s*Z/m.test(readFileSync(`/proc/${p}/status`, 'utf8'));
    } catch {
      return false;
    }
  };
  const host: LocalHost = {
    session,
    layout,
    cluster,
    home,
    bootstrap: (bundle = defaultBundle) => bootstrapHost(session, { bundle, cluster, verifyTimeoutMs: 20_000 }),
    pid,
    async stopSupervisor() {
      const pids = [pid('supervisor.pid'), pid('agent.pid')].filter((p): p is number => p !== undefined && alive(p));
      if (pids[0] !== undefined) process.kill(pids[0], 'SIGTERM');
      const deadline = Date.now() + 20_000;
      while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    },
    async stop() {
      await host.stopSupervisor();
      const docker = new Docker();
      const mine = await docker.listContainers({ all: true, filters: { label: [`berth.dev/cluster=${cluster}`] } });
      await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
      await unmountTmpfs(secretsDir(layout.runtimeDir)).catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
  if (start) {
    const report = await host.bootstrap();
    if (report.outcome !== 'installed') {
      await host.stop();
      throw new Error(`bootstrap of ${name} failed: ${JSON.stringify(report)}`);
    }
  }
  return host;
}
