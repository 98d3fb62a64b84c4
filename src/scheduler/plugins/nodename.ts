// NodeName: a pod that names its node (spec.nodeName) fits only there.
import { PreFilterResult, type Plugin, type PluginFactory } from '../framework';
import { SKIP, unresolvable } from '../status';

export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";

const REJECTED = unresolvable(ERR_REASON);

export function fitsNodeName(podNodeName: string | undefined, nodeName: string): boolean {
  return !podNodeName || podNodeName === nodeName;
}

export const nodeName: PluginFactory = (): Plugin => ({
  name: NAME,
  preFilter: (_state, pod) => {
    const want = pod.group.nodeName;
    return want ? new PreFilterResult(new Set([want])) : SKIP;
  },
  filter: (_state, pod, nodes, statuses) => {
    for (let i = 0; i < nodes.length; i++) if (!fitsNodeName(pod.group.nodeName, nodes[i].name)) statuses[i] = REJECTED;
  },
});
