// Every plugin, by kube-scheduler's name, in one literal; which run, in what order and with what score weight is
// configuration: kube-scheduler's default profile unless SchedulerConfig says otherwise.
import { TerminalError } from '../errors';
import type { PluginFactory, WeightedPlugin, Handle } from './framework';
import { defaultPreemption, type DefaultPreemptionArgs } from './plugins/defaultpreemption';
import { imageLocality } from './plugins/imagelocality';
import { interPodAffinity, type InterPodAffinityArgs } from './plugins/interpodaffinity';
import { nodeAffinity } from './plugins/nodeaffinity';
import { nodeName } from './plugins/nodename';
import { nodePorts } from './plugins/nodeports';
import { balancedAllocation, type BalancedAllocationArgs } from './plugins/noderesources/balancedallocation';
import { nodeResourcesFit, type NodeResourcesFitArgs } from './plugins/noderesources/fit';
import { nodeUnschedulable } from './plugins/nodeunschedulable';
import { podTopologySpread, type PodTopologySpreadArgs } from './plugins/podtopologyspread';
import { taintToleration } from './plugins/tainttoleration';

export const registry = {
  NodeUnschedulable: nodeUnschedulable,
  NodeName: nodeName,
  TaintToleration: taintToleration,
  NodeAffinity: nodeAffinity,
  NodePorts: nodePorts,
  NodeResourcesFit: nodeResourcesFit,
  PodTopologySpread: podTopologySpread,
  InterPodAffinity: interPodAffinity,
  DefaultPreemption: defaultPreemption,
  NodeResourcesBalancedAllocation: balancedAllocation,
  ImageLocality: imageLocality,
} satisfies Record<string, PluginFactory>;

export type PluginName = keyof typeof registry;

export interface PluginSpec {
  name: PluginName;
  /** Score weight; default 1. Ignored for plugins that do not score. */
  weight?: number;
}

/**
 * kube-scheduler's default profile, in its order (filters run in this order) with its score weights. Its queue sort,
 * PrioritySort, is built into the scheduling loop (see queue.ts).
 */
export const DEFAULT_PLUGINS: readonly Required<PluginSpec>[] = [
  { name: 'NodeUnschedulable', weight: 0 },
  { name: 'NodeName', weight: 0 },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts', weight: 0 },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption', weight: 0 },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
];

export interface SchedulerConfig {
  /** Share of nodes to find feasible before scoring; 0 or unset: adaptive (50% − nodes/125, at least 5%). */
  percentageOfNodesToScore?: number;
  /** Like a KubeSchedulerProfile's multiPoint: `disabled` removes defaults ("*": all), `enabled` adds or reweighs. */
  plugins?: { enabled?: PluginSpec[]; disabled?: (PluginName | '*')[] };
  pluginConfig?: {
    NodeResourcesFit?: NodeResourcesFitArgs;
    NodeResourcesBalancedAllocation?: BalancedAllocationArgs;
    InterPodAffinity?: InterPodAffinityArgs;
    /** Default constraints for pods that set none: `defaultingType: System` (the default) or `List`. */
    PodTopologySpread?: PodTopologySpreadArgs;
    DefaultPreemption?: DefaultPreemptionArgs;
  };
}

/** The plugins a configuration enables, in order, with weights. */
export function resolvePlugins(config: SchedulerConfig = {}): Required<PluginSpec>[] {
  const disabled = new Set<string>(config.plugins?.disabled ?? []);
  const out = disabled.has('*') ? [] : DEFAULT_PLUGINS.filter((p) => !disabled.has(p.name)).map((p) => ({ ...p }));
  for (const p of config.plugins?.enabled ?? []) {
    if (!Object.hasOwn(registry, p.name)) {
      throw new TerminalError('SchedulerConfigError', `unknown scheduler plugin "${p.name}"`, { plugin: p.name });
    }
    const existing = out.find((q) => q.name === p.name);
    if (existing) existing.weight = p.weight ?? existing.weight;
    else out.push({ name: p.name, weight: p.weight ?? 1 });
  }
  return out;
}

export function buildPlugins(config: SchedulerConfig, handle: Handle): WeightedPlugin[] {
  const args = config.pluginConfig as Record<string, unknown> | undefined;
  return resolvePlugins(config).map(({ name, weight }) => ({ plugin: registry[name](args?.[name], handle), weight }));
}
