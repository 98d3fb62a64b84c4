// The scheduler: assigns unassigned pods to hosts (v1 Nodes), after kube-scheduler's framework. Pure and
// deterministic: the same input gives the same bindings, in order; each placement counts for the pods after it.
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1';
import { Framework } from './framework';
import { buildPlugins, type SchedulerConfig } from './registry';
import { Snapshot } from './snapshot';

export interface ScheduleInput {
  /** Pods to place, in the order to place them. */
  pods: readonly Pod[];
  nodes: readonly Node[];
  /** Pods already on hosts (spec.nodeName set): they use resources and ports and count for (anti-)affinity and
   *  spread. Pods naming a node that is not in `nodes` are ignored. */
  assigned: readonly Pod[];
  config?: SchedulerConfig;
  /** Namespaces, for namespaceSelector in pod affinity terms (every namespace has kubernetes.io/metadata.name). */
  namespaces?: readonly Namespace[];
}

export interface Binding {
  /** "namespace/name" */
  pod: string;
  node: string;
}

export interface UnschedulablePod {
  pod: string;
  /** Kubernetes' form: "0/3 hosts are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient memory." */
  message: string;
  /** How many nodes gave each reason. */
  reasons: Record<string, number>;
}

export interface ScheduleResult {
  bindings: Binding[];
  unschedulable: UnschedulablePod[];
}

export function schedule(input: ScheduleInput): ScheduleResult {
  // Nothing to place: skip indexing what runs (a steady-state pass of the controller's loop).
  if (input.pods.length === 0) return { bindings: [], unschedulable: [] };
  const config = input.config ?? {};
  const snapshot = new Snapshot(input.nodes, input.namespaces);
  const fw = new Framework(snapshot, buildPlugins(config, { snapshot }), config.percentageOfNodesToScore);
  for (const pod of input.assigned) {
    const node = snapshot.nodesByName.get(pod.spec?.nodeName ?? '');
    if (node) fw.addPod(snapshot.groups.info(pod, true), node);
  }

  const result: ScheduleResult = { bindings: [], unschedulable: [] };
  for (const pod of input.pods) {
    const info = snapshot.groups.info(pod);
    const group = info.group;
    // A pod like one that just failed, with nothing placed since, fails the same way: filtering is a function of
    // the placements, and a failed cycle evaluated every node.
    const last = group.lastFailure;
    if (last && last.version === snapshot.placed.version) {
      result.unschedulable.push({ pod: info.key, message: last.message, reasons: { ...last.reasons } });
      continue;
    }
    const out = fw.schedulePod(info);
    if (out.node) {
      fw.addPod(info, out.node);
      result.bindings.push({ pod: info.key, node: out.node.name });
    } else {
      group.lastFailure = { version: snapshot.placed.version, message: out.message, reasons: out.reasons };
      result.unschedulable.push({ pod: info.key, message: out.message, reasons: { ...out.reasons } });
    }
  }
  return result;
}

export { Code, Status, fitErrorMessage, numFeasibleNodesToFind, MAX_NODE_SCORE } from './framework';
export type { Plugin, PluginFactory, Handle } from './framework';
export { registry, DEFAULT_PLUGINS, resolvePlugins, type SchedulerConfig, type PluginName, type PluginSpec } from './registry';
export * as reasons from './reasons';
export { SYSTEM_DEFAULT_CONSTRAINTS, type PodTopologySpreadArgs } from './plugins/podtopologyspread';
export { podRequests, type Resources } from './resources';
