import path from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../../errors';
import { DEFAULT_HOSTS, labDown, labStatus, labUp, LabError, renderLabStatus, type LabConfig } from '../../lab';
import { projectRoot, type CommandContext } from '../context';
import { EXIT_FAILED } from '../exit-codes';
import { parseOutputFormat, printData, table } from '../output';

interface LabFlags {
  home?: string;
  runDir?: string;
  netnsPrefix?: string;
  vethPrefix?: string;
  bridge?: string;
  subnet?: string;
  dockerSubnets?: string;
}

/** Hidden flags: where the lab lives and what it names, so a second lab can run beside the default one. */
function withLabFlags(command: Command): Command {
  const flags: Array<[string, string]> = [
    ['--home <dir>', 'lab home'],
    ['--run-dir <dir>', 'runtime folder'],
    ['--netns-prefix <prefix>', 'network namespace prefix'],
    ['--veth-prefix <prefix>', 'veth prefix'],
    ['--bridge <name>', 'bridge name'],
    ['--subnet <cidr>', "hosts' /24"],
    ['--docker-subnets <cidr>', "engines' /16"],
  ];
  for (const [flag, description] of flags) command.addOption(new Option(flag, description).hideHelp());
  return command;
}

function configOf(flags: LabFlags): Partial<LabConfig> {
  return Object.fromEntries(Object.entries(flags).filter(([k, v]) => v !== undefined && k in ({ home: 1, runDir: 1, netnsPrefix: 1, vethPrefix: 1, bridge: 1, subnet: 1, dockerSubnets: 1 } as const)));
}

/** `berth lab up | down | status`: a fleet of SSH hosts on this machine, for trying Berth and for its tests. */
export function registerLab(program: Command, { io, setExit }: CommandContext): void {
  const lab = program
    .command('lab')
    .description('a local fleet on this machine: hosts in network namespaces, each with its own sshd and Docker Engine (needs root)');
  const progress = (line: string) => io.err(`berth lab: ${line}`);

  withLabFlags(lab.command('up'))
    .description(`make the lab, or repair and grow it (default ${DEFAULT_HOSTS} hosts; never removes hosts)`)
    .option('--hosts <n>', 'how many hosts')
    .action(async (flags: LabFlags & { hosts?: string }) => {
      const hosts = flags.hosts === undefined ? undefined : Number(flags.hosts);
      if (hosts !== undefined && !/^\d+$/.test(flags.hosts!)) throw new UsageError(`--hosts: "${flags.hosts}" is not a number`);
      const status = await labUp({ config: configOf(flags), hosts, template: path.join(projectRoot(), 'cluster-repo-template'), progress });
      io.out(renderLabStatus(status, table));
      io.out(`Next: cd ${status.repo} && berth validate && berth plan`);
    });

  withLabFlags(lab.command('down'))
    .description('remove everything the lab made: processes, namespaces, bridge, iptables rule, images it built, files')
    .action(async (flags: LabFlags) => {
      await labDown({ config: configOf(flags), progress });
      io.err('berth lab: down');
    });

  withLabFlags(lab.command('status'))
    .description("the lab's hosts, whether their sshd and Docker Engine answer, and its cluster repo")
    .option('-o, --output <format>', 'json or yaml instead of the table')
    .action(async (flags: LabFlags & { output?: string }) => {
      const format = parseOutputFormat(flags.output);
      const status = await labStatus({ config: configOf(flags) });
      if (!status) throw new LabError('there is no lab on this machine; make one with: berth lab up');
      if (format === 'human') io.out(renderLabStatus(status, table));
      else printData(io, format, status);
      if (status.hosts.some((h) => h.ssh !== 'Running' || h.docker !== 'Running')) setExit(EXIT_FAILED);
    });
}
