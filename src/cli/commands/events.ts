import type { Command } from 'commander';
import { controllerOf, namespaceOf, withNamespace, withRepo, type ControllerFlags, type NamespaceFlags } from '../controller-input';
import { parseOutputFormat, printData } from '../output';
import { eventNamespace, renderEvents } from '../printers/events';
import { parseResourceArg } from '../resources';
import type { CommandContext } from '../context';
import { UsageError } from '../../errors';

interface EventsFlags extends ControllerFlags, NamespaceFlags {
  for?: string;
  output?: string;
}

/** `berth events`: every decision the controller recorded, newest last, like `kubectl events`. */
export function registerEvents(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('events')
    .description("the controller's decisions, newest last: what it did to which object on which host, and why")
    .option('--for <type/name>', 'only the events of this object, e.g. deployment/web or pod/web-1')
    .option('-o, --output <format>', 'json or yaml: a v1 List of Events');
  withRepo(withNamespace(cmd)).action((flags: EventsFlags) => events(ctx, flags));
}

async function events({ io }: CommandContext, flags: EventsFlags): Promise<void> {
  const format = parseOutputFormat(flags.output);
  const namespace = namespaceOf(flags);
  let target: { kind: string; name: string; namespaced: boolean } | undefined;
  if (flags.for) {
    const { resource, name } = parseResourceArg(flags.for);
    if (!name) throw new UsageError(`--for needs TYPE/NAME, e.g. deployment/web, not "${flags.for}"`);
    target = { kind: resource.kind, name, namespaced: resource.namespaced };
  }
  const all = await controllerOf(flags).events();
  const shown = all.filter((e) => {
    const o = e.involvedObject;
    if (target && (o.kind !== target.kind || o.name !== target.name)) return false;
    // A host's events are cluster-wide: --for host/NAME finds them whatever the namespace.
    if (target && !target.namespaced) return true;
    return namespace === undefined || eventNamespace(e) === namespace;
  });
  if (format !== 'human') return printData(io, format, { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: shown });
  const text = renderEvents(shown, { now: new Date(), allNamespaces: namespace === undefined });
  if (text) io.out(text);
  else io.err(namespace === undefined ? 'No events found.' : `No events found in ${namespace} namespace.`);
}
