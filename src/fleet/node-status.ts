// A host as a v1 Node: what hosts.yaml declares (labels, taints, cordon, declared capacity) joined with what its
// agent last reported (facts, images, pods) and the health conditions. Pure.
import type { Node, NodeCondition, Pod } from 'kubernetes-types/core/v1';
import type { HostFacts } from '../agent';
import { podRequests } from '../scheduler';

export interface HostReport {
  /** Undefined when the agent has never answered. */
  facts?: HostFacts;
  agentVersion?: string;
  pods?: Pod[];
  conditions: NodeCondition[];
}

/** The Node's status from the report; capacity declared in hosts.yaml wins over what the host says it has. */
export function hostNode(declared: Node, report: HostReport): Node {
  const facts = report.facts;
  const override = declared.status?.capacity ?? {};
  const status: NonNullable<Node['status']> = {
    ...declared.status,
    capacity: { ...facts?.capacity, ...override },
    allocatable: { ...facts?.allocatable, ...override },
    conditions: withDiskPressure(withRuntime(report.conditions, facts), facts),
  };
  if (facts) {
    status.nodeInfo = {
      architecture: facts.architecture,
      operatingSystem: facts.operatingSystem,
      osImage: facts.osImage ?? facts.operatingSystem,
      kernelVersion: facts.kernel,
      containerRuntimeVersion: `docker://${facts.docker.version}`,
      kubeletVersion: report.agentVersion ? `berth/${report.agentVersion}` : '',
      kubeProxyVersion: '',
      bootID: '',
      machineID: '',
      systemUUID: '',
    };
    status.images = facts.images;
  }
  return { ...declared, status };
}

/** What to do about a host whose Docker Engine does not answer, after the agent's own words. */
export const RUNTIME_DOWN_ADVICE = "start the host's Docker Engine (systemctl start docker); its pods start again when it answers";

/** An agent that answers while its Docker Engine does not is up but cannot run pods: Ready False, as the kubelet
 * reports "container runtime is down". */
function withRuntime(conditions: NodeCondition[], facts: HostFacts | undefined): NodeCondition[] {
  const runtime = facts?.runtime;
  if (!runtime || runtime.ready) return conditions;
  const message = `${runtime.message ?? 'the Docker Engine does not answer'}; ${RUNTIME_DOWN_ADVICE}`;
  return conditions.map((c) =>
    c.type === 'Ready' && c.status === 'True'
      ? { ...c, status: 'False', reason: runtime.reason ?? 'ContainerRuntimeDown', message, ...(runtime.since ? { lastTransitionTime: runtime.since } : {}) }
      : c,
  );
}

/** Why each host that is not Ready is not, one line each (`h3: ContainerRuntimeDown: …`), for under a table. */
export function notReadyReasons(nodes: readonly Node[]): string[] {
  const lines: string[] = [];
  for (const node of nodes) {
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === 'True') continue;
    lines.push(`${node.metadata?.name}: ${ready?.reason ?? 'NotReady'}: ${ready?.message ?? 'no report from its agent'}`);
  }
  return lines;
}

/** An agent whose state folder is full refuses new pods: the kubelet's DiskPressure condition, with the agent's reason. */
function withDiskPressure(conditions: NodeCondition[], facts: HostFacts | undefined): NodeCondition[] {
  const full = facts?.stateFolder?.full;
  if (!full) return conditions;
  return [...conditions, { type: 'DiskPressure', status: 'True', reason: full.reason, message: full.message, lastTransitionTime: full.since }];
}

export interface Allocated {
  pods: number;
  milliCPU: number;
  memory: number;
}

/** What the host's pods request, as `kubectl describe node` sums it under "Allocated resources". */
export function allocatedOn(pods: readonly Pod[]): Allocated {
  const total: Allocated = { pods: 0, milliCPU: 0, memory: 0 };
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || !pod.spec) continue;
    const r = podRequests(pod.spec);
    total.pods += 1;
    total.milliCPU += r.milliCPU;
    total.memory += r.memory;
  }
  return total;
}

/** kubectl's STATUS column: Ready / NotReady / Unknown, with SchedulingDisabled when cordoned. */
export function nodeStatusText(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const text = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
  return node.spec?.unschedulable ? `${text},SchedulingDisabled` : text;
}
