import type { Command } from 'commander';
import { controllerOf, listResource, namespaceOf, notFound, withNamespace, withRepo, type ControllerFlags, type NamespaceFlags } from '../controller-input';
import { describeObject } from '../describe';
import { parseResourceArg } from '../resources';
import type { CommandContext } from '../context';

/** `berth describe TYPE/NAME` (or TYPE NAME, or TYPE for all): kubectl describe's sections, with the object's events. */
export function registerDescribe(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('describe <type> [names...]')
    .description('show an object in detail as the running controller sees it, with its events, like kubectl describe');
  withRepo(withNamespace(cmd)).action((type: string, names: string[], flags: ControllerFlags & NamespaceFlags) => describe(ctx, type, names, flags));
}

async function describe({ io }: CommandContext, type: string, names: string[], flags: ControllerFlags & NamespaceFlags): Promise<void> {
  const parsed = parseResourceArg(type);
  if (parsed.name !== undefined) names = [parsed.name, ...names];
  const { resource } = parsed;
  const namespace = namespaceOf(flags);
  const client = controllerOf(flags);
  const kind = resource.kind;
  // Only what the describer shows: pods under their controllers and hosts, ReplicaSets under Deployments.
  const needsPods = ['ReplicaSet', 'DaemonSet', 'Node'].includes(kind);
  const needsObjects = kind === 'Deployment';
  const [items, events, pods, objects] = await Promise.all([
    listResource(client, resource, namespace),
    client.events(),
    needsPods ? client.pods() : Promise.resolve([]),
    needsObjects ? client.objects({ kind: 'ReplicaSet', namespace }) : Promise.resolve([]),
  ]);
  const chosen = names.length === 0 ? items : names.map((n) => items.find((o) => o.metadata?.name === n) ?? n);
  const missing = chosen.find((o): o is string => typeof o === 'string');
  if (missing !== undefined) throw notFound(resource, missing, namespace);
  const now = new Date();
  const texts = (chosen as object[]).map((o) => describeObject(kind, o, { events, pods, objects }, now));
  if (texts.length === 0) io.err(resource.namespaced && namespace ? `No resources found in ${namespace} namespace.` : 'No resources found');
  else io.out(texts.join('\n\n'));
}
