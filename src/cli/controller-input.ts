// What the commands that ask a running controller share: finding it through the repo, and namespace flags.
import type { Command } from 'commander';
import { ControllerClient } from '../controller';
import { BerthError, UsageError } from '../errors';
import type { Resource } from './resources';

export interface ControllerFlags {
  repo: string;
}

export interface NamespaceFlags {
  namespace?: string;
  allNamespaces?: boolean;
}

/** kubectl's default namespace when -n is not given. */
export const DEFAULT_NAMESPACE = 'default';

export function withRepo(cmd: Command): Command {
  return cmd.option('--repo <dir>', 'the cluster repo whose running controller to ask', '.');
}

export function withNamespace(cmd: Command, allowAll = true): Command {
  cmd.option('-n, --namespace <name>', `the namespace (default: ${DEFAULT_NAMESPACE})`);
  if (allowAll) cmd.option('-A, --all-namespaces', 'every namespace');
  return cmd;
}

/** The namespace asked for, or undefined for every namespace (-A). */
export function namespaceOf(flags: NamespaceFlags): string | undefined {
  if (flags.allNamespaces && flags.namespace) throw new UsageError('give either -n NAMESPACE or -A, not both');
  return flags.allNamespaces ? undefined : (flags.namespace ?? DEFAULT_NAMESPACE);
}

export function controllerOf(flags: ControllerFlags): ControllerClient {
  return ControllerClient.forRepo(flags.repo);
}

type Listed = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };

/** Every object of a resource the controller has, in one namespace (or all), with apiVersion and kind filled in. */
export async function listResource(client: ControllerClient, resource: Resource, namespace: string | undefined): Promise<Listed[]> {
  const ns = resource.namespaced ? namespace : undefined;
  let items: Listed[];
  if (resource.kind === 'Pod') items = await client.pods();
  else if (resource.kind === 'Node') items = await client.nodes();
  else items = await client.objects({ kind: resource.kind, namespace: ns });
  const apiVersion = resource.group ? `${resource.group}/v1` : 'v1';
  return items
    .filter((o) => ns === undefined || (o.metadata?.namespace ?? DEFAULT_NAMESPACE) === ns)
    .map((o) => (o.apiVersion && o.kind ? o : { apiVersion, kind: resource.kind, ...o }));
}

/** kubectl's NotFound: `deployments.apps "web" not found`. */
export function notFound(resource: Resource, name: string, namespace: string | undefined): BerthError {
  const where = resource.namespaced && namespace ? ` in namespace "${namespace}"` : '';
  return new BerthError('NotFound', `${resource.plural}${resource.group ? `.${resource.group}` : ''} "${name}" not found${where}`, { name, namespace });
}
