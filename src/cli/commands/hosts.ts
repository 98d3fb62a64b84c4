import path from 'node:path';
import type { Command } from 'commander';
import type { Node } from 'kubernetes-types/core/v1';
import { Fleet, allocatedOn, hostNode, nodeConditions, nodeStatusText, statusRound, type HostStatus } from '../../fleet';
import { bytes, cpuMillis } from '../../manifest';
import type { CommandContext } from '../context';
import { readHeartbeats, writeHeartbeats, type HostRecords } from '../heartbeats';
import { readFleetConfig } from '../inventory-input';
import { parseOutputFormat, printData, table } from '../output';
import { registerHostsBootstrap } from './hosts-bootstrap';
import { registerHostsTrust } from './hosts-trust';

interface ListFlags {
  repo: string;
  output?: string;
  timeout: string;
}

/** `berth hosts`: the inventory's hosts as Nodes, with what their agents report; `trust` and `bootstrap` beneath. */
export function registerHosts(program: Command, ctx: CommandContext): void {
  const hosts = program.command('hosts').description('list the hosts with their status; trust their keys; install their agents');
  hosts
    .command('list', { isDefault: true })
    .description('ask every host\'s agent for its status (over SSH) and list the hosts like `kubectl get nodes`')
    .option('--repo <dir>', 'the cluster repo', '.')
    .option('--timeout <seconds>', 'how long each host has to answer', '10')
    .option('-o, --output <format>', 'json or yaml: a v1 List of Node objects')
    .action((flags: ListFlags) => list(ctx, flags));
  registerHostsTrust(hosts, ctx);
  registerHostsBootstrap(hosts, ctx);
}

async function list({ io }: CommandContext, flags: ListFlags): Promise<void> {
  const format = parseOutputFormat(flags.output, ['human', 'json', 'yaml']);
  const repoRoot = path.resolve(flags.repo);
  const { inventory, nodes } = await readFleetConfig(io, repoRoot);
  const fleet = new Fleet(inventory.object, { repoRoot });
  const records = readHeartbeats(repoRoot);
  let results;
  try {
    results = await statusRound(fleet, undefined, { timeoutMs: Number(flags.timeout) * 1000 });
  } finally {
    await fleet.close();
  }
  const now = new Date();
  const next: HostRecords = {};
  const shown = nodes.map((declared) => {
    const name = declared.metadata!.name!;
    const result = results.find((r) => r.host === name);
    const before = records[name] ?? {};
    const record = result?.ok ? { lastHeartbeat: now.toISOString() } : { lastHeartbeat: before.lastHeartbeat, lastError: result?.error.message };
    const conditions = nodeConditions(
      { lastHeartbeat: record.lastHeartbeat ? new Date(record.lastHeartbeat) : undefined, lastError: record.lastError, previous: before.conditions },
      now,
    );
    next[name] = { ...record, conditions };
    const status: HostStatus | undefined = result?.ok ? result.value : undefined;
    return { node: hostNode(declared, { facts: status?.facts, agentVersion: status?.facts.agentVersion, pods: status?.pods, conditions }), status, record: next[name] };
  });
  await writeHeartbeats(repoRoot, next);
  if (format !== 'human') return printData(io, format, { apiVersion: 'v1', kind: 'List', items: shown.map((s) => s.node) });
  const rows = shown.map(({ node, status, record }) => {
    const allocated = status ? allocatedOn(status.pods) : undefined;
    const alloc = node.status?.allocatable ?? {};
    return [
      node.metadata!.name!,
      nodeStatusText(node),
      node.status!.addresses!.find((a) => a.type === 'InternalIP')?.address ?? '',
      status?.facts.agentVersion ?? '<unknown>',
      allocated ? `${formatCpu(allocated.milliCPU)}/${alloc.cpu ? formatCpu(cpuMillis(alloc.cpu)) : '?'}` : '',
      allocated ? `${formatBytes(allocated.memory)}/${alloc.memory ? formatBytes(bytes(alloc.memory)) : '?'}` : '',
      allocated ? `${allocated.pods}/${alloc.pods ?? '?'}` : '',
      record.lastHeartbeat ? `${since(new Date(record.lastHeartbeat), now)} ago` : 'never',
    ];
  });
  io.out(table(['NAME', 'STATUS', 'ADDRESS', 'AGENT', 'CPU', 'MEMORY', 'PODS', 'LAST HEARTBEAT'], rows));
  for (const line of notReadyLines(shown.map((s) => s.node), results)) io.out(line);
}

/** Why each host that is not Ready is not, and what to try, under the table. */
function notReadyLines(nodes: Node[], results: { host: string; ok: boolean; error?: Error }[]): string[] {
  const lines: string[] = [];
  for (const node of nodes) {
    const name = node.metadata!.name!;
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    const failed = results.find((r) => r.host === name && !r.ok);
    if (ready?.status === 'True' && !failed) continue;
    const why = failed?.error?.message ?? ready?.message ?? ready?.reason ?? 'no report';
    const hint = /agent|socket|ENOENT|ECONNREFUSED.*sock/i.test(why) ? ` (install or restart its agent: berth hosts bootstrap ${name})` : '';
    lines.push(`${name}: ${ready?.reason ?? 'NotReady'}: ${why}${hint}`);
  }
  return lines;
}

function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

function formatBytes(n: number): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n >= 10 ? Math.round(n) : Math.round(n * 10) / 10}${units[i]}`;
}

function since(then: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
