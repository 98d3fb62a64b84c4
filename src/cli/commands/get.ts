import type { Command } from 'commander';
import type { Node } from 'kubernetes-types/core/v1';
import { UsageError } from '../../errors';
import { notReadyReasons } from '../../fleet';
import { controllerOf, listResource, namespaceOf, notFound, withNamespace, withRepo, type ControllerFlags, type NamespaceFlags } from '../controller-input';
import { printData } from '../output';
import { renderTable } from '../printers';
import { parseResourceArg } from '../resources';
import type { CommandContext } from '../context';

interface GetFlags extends ControllerFlags, NamespaceFlags {
  output?: string;
}

/** `berth get TYPE [NAME…]`: what the running controller knows, as `kubectl get` prints it. */
export function registerGet(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('get <type> [names...]')
    .description('list objects as the running controller sees them: pods, deployments, replicasets, daemonsets, jobs, cronjobs, services, hosts')
    .option('-o, --output <format>', 'wide for more columns; json or yaml for Kubernetes objects (a v1 List)');
  withRepo(withNamespace(cmd)).action((type: string, names: string[], flags: GetFlags) => get(ctx, type, names, flags));
}

async function get({ io }: CommandContext, type: string, names: string[], flags: GetFlags): Promise<void> {
  const format = flags.output ?? 'human';
  if (!['human', 'wide', 'json', 'yaml'].includes(format)) throw new UsageError(`unknown output format "${format}"; use one of: wide, json, yaml`);
  const parsed = parseResourceArg(type);
  if (parsed.name !== undefined) names = [parsed.name, ...names];
  const { resource } = parsed;
  const namespace = namespaceOf(flags);
  let items = await listResource(controllerOf(flags), resource, namespace);
  if (names.length > 0) {
    const missing = names.filter((n) => !items.some((o) => o.metadata?.name === n));
    if (missing.length > 0) throw notFound(resource, missing[0], namespace);
    items = names.map((n) => items.find((o) => o.metadata?.name === n)!);
  }
  if (format === 'json' || format === 'yaml') {
    const data = names.length === 1 ? items[0] : { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };
    return printData(io, format, data);
  }
  const text = renderTable(resource.kind, items, { now: new Date(), wide: format === 'wide', allNamespaces: resource.namespaced && namespace === undefined });
  if (text) {
    io.out(text);
    // kubectl's table says only NotReady; the reason (a silent agent, a Docker Engine down) and what to do, beneath.
    if (resource.kind === 'Node') for (const line of notReadyReasons(items as Node[])) io.err(line);
    return;
  }
  io.err(resource.namespaced && namespace !== undefined ? `No resources found in ${namespace} namespace.` : 'No resources found');
}
