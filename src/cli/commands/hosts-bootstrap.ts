import path from 'node:path';
import type { Command } from 'commander';
import { Fleet, bootstrapHost, readAgentBundle, type BootstrapReport } from '../../fleet';
import type { CommandContext } from '../context';
import { readFleetConfig } from '../inventory-input';
import { EXIT_FAILED } from '../exit-codes';
import { parseOutputFormat, printData, table } from '../output';

interface BootstrapFlags {
  repo: string;
  bundle?: string;
  output?: string;
  timeout: string;
}

/**
 * `berth hosts bootstrap [NAME…]`: checks each host's prerequisites, installs or upgrades its agent under the host's
 * supervisor and verifies the running version. Idempotent; an upgrade restarts the agent, never a pod.
 */
export function registerHostsBootstrap(hosts: Command, ctx: CommandContext): void {
  hosts
    .command('bootstrap')
    .description("install or upgrade the agent on hosts (default: every host in hosts.yaml) and check it runs")
    .argument('[names...]', 'hosts, as named in hosts.yaml')
    .option('--repo <dir>', 'the cluster repo', '.')
    .option('--bundle <file>', 'the agent bundle to install (default: dist/berth-agent.mjs of this berth)')
    .option('--timeout <seconds>', 'how long each host may take', '180')
    .option('-o, --output <format>', 'json or yaml for machines')
    .action((names: string[], flags: BootstrapFlags) => bootstrap(ctx, names, flags));
}

async function bootstrap({ io, setExit }: CommandContext, names: string[], flags: BootstrapFlags): Promise<void> {
  const format = parseOutputFormat(flags.output, ['human', 'json', 'yaml']);
  const repoRoot = path.resolve(flags.repo);
  const { cluster, inventory } = await readFleetConfig(io, repoRoot);
  const bundle = await readAgentBundle(flags.bundle);
  const fleet = new Fleet(inventory.object, { repoRoot });
  const targets = names.length > 0 ? names : fleet.hosts;
  io.err(`bootstrapping berth agent ${bundle.version} on ${targets.length} host(s)…`);
  const results = await fleet
    .fanOut(
      targets,
      async (session) => {
        const report = await bootstrapHost(session, { bundle, cluster: cluster.object.metadata.name });
        io.err(`  ${report.host}: ${report.outcome}${report.version ? ` (${report.version})` : ''}`);
        return report;
      },
      { timeoutMs: Number(flags.timeout) * 1000, what: 'bootstrap' },
    )
    .finally(() => fleet.close());
  const reports: BootstrapReport[] = results.map((r) =>
    r.ok ? r.value : { host: r.host, outcome: 'failed', missing: [], steps: [], error: r.error.message },
  );
  if (reports.some((r) => r.outcome === 'failed' || r.outcome === 'missing-prerequisites')) setExit(EXIT_FAILED);
  if (format !== 'human') return printData(io, format, { items: reports });
  io.out(
    table(
      ['HOST', 'OUTCOME', 'VERSION', 'SUPERVISOR', 'STEPS'],
      reports.map((r) => [r.host, r.outcome, r.version ?? '', r.supervisor ?? '', r.steps.join('; ')]),
    ),
  );
  for (const r of reports) {
    for (const m of r.missing) io.out(`${r.host}: missing ${m.name}: ${m.message}; ${m.fix}`);
    if (r.error) io.out(`${r.host}: ${r.error}`);
  }
}
