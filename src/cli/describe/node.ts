// `kubectl describe node` (describeNode): a host as the controller sees it, with the pods placed on it.
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { bytes, cpuMillis, quantityFromBytes, quantityFromMillis } from '../../manifest';
import { podRequests } from '../../scheduler';
import { rfc1123z, since } from '../humanize';
import { nodeRoles } from '../printers';
import { DescribeWriter, writeAnnotations, writeEvents, writeLabels } from './writer';

export function describeNode(node: Node, pods: Pod[], events: Event[], now: Date): string {
  const w = new DescribeWriter();
  const status = node.status ?? {};
  w.line(0, 'Name:', node.metadata?.name ?? '');
  w.line(0, 'Roles:', nodeRoles(node));
  writeLabels(w, 'Labels', node.metadata?.labels);
  writeAnnotations(w, node.metadata?.annotations);
  w.line(0, 'CreationTimestamp:', rfc1123z(node.metadata?.creationTimestamp));
  w.write(0, 'Taints:\t');
  const taints = node.spec?.taints ?? [];
  if (taints.length === 0) w.write(0, '<none>\n');
  taints.forEach((t, i) => w.write(0, `${i === 0 ? '' : '\t'}${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`));
  w.line(0, 'Unschedulable:', String(node.spec?.unschedulable === true));
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.line(1, '----', '------', '-----------------', '------------------', '------', '-------');
    for (const c of status.conditions) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.line(1, `${a.type}:`, a.address);
  writeResourceList(w, 'Capacity', status.capacity);
  writeResourceList(w, 'Allocatable', status.allocatable);
  const info = status.nodeInfo;
  w.write(0, 'System Info:\n');
  const infoLines: Array<[string, string | undefined]> = [
    ['Machine ID', info?.machineID],
    ['System UUID', info?.systemUUID],
    ['Boot ID', info?.bootID],
    ['Kernel Version', info?.kernelVersion],
    ['OS Image', info?.osImage],
    ['Operating System', info?.operatingSystem],
    ['Architecture', info?.architecture],
    ['Container Runtime Version', info?.containerRuntimeVersion],
    ['Kubelet Version', info?.kubeletVersion],
  ];
  for (const [title, value] of infoLines) w.write(0, `  ${title}:\t${value ?? ''}\n`);
  writePods(w, node, pods, now);
  writeEvents(w, events, now);
  return w.toString();
}

function writeResourceList(w: DescribeWriter, title: string, list: Record<string, string> | undefined): void {
  const names = Object.keys(list ?? {}).sort();
  if (names.length === 0) return;
  w.write(0, `${title}:\n`);
  for (const name of names) w.write(0, `  ${name}:\t${list![name]}\n`);
}

/** Non-terminated pods with their requests and limits as a share of allocatable, then the totals. */
function writePods(w: DescribeWriter, node: Node, all: Pod[], now: Date): void {
  const pods = all.filter((p) => p.spec?.nodeName === node.metadata?.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const allocatable = { ...node.status?.capacity, ...node.status?.allocatable };
  const cpuTotal = allocatable.cpu ? cpuMillis(allocatable.cpu) : 0;
  const memTotal = allocatable.memory ? bytes(allocatable.memory) : 0;
  const pct = (n: number, total: number) => (total > 0 ? Math.trunc((n / total) * 100) : 0);
  const cpu = (m: number) => `${quantityFromMillis(m)} (${pct(m, cpuTotal)}%)`;
  const mem = (b: number) => `${quantityFromBytes(b)} (${pct(b, memTotal)}%)`;
  w.line(0, 'Non-terminated Pods:', `(${pods.length} in total)`);
  w.line(1, 'Namespace', 'Name', '', 'CPU Requests', 'CPU Limits', 'Memory Requests', 'Memory Limits', 'Age');
  w.line(1, '---------', '----', '', '------------', '----------', '---------------', '-------------', '---');
  const totals = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const pod of pods) {
    const req = pod.spec ? podRequests(pod.spec) : { milliCPU: 0, memory: 0 };
    const lim = podLimits(pod);
    totals.cpuReq += req.milliCPU;
    totals.memReq += req.memory;
    totals.cpuLim += lim.milliCPU;
    totals.memLim += lim.memory;
    w.line(1, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', '', cpu(req.milliCPU), cpu(lim.milliCPU), mem(req.memory), mem(lim.memory), since(pod.metadata?.creationTimestamp, now));
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.line(1, 'Resource', 'Requests', 'Limits');
  w.line(1, '--------', '--------', '------');
  w.line(1, 'cpu', cpu(totals.cpuReq), cpu(totals.cpuLim));
  w.line(1, 'memory', mem(totals.memReq), mem(totals.memLim));
}

function podLimits(pod: Pod): { milliCPU: number; memory: number } {
  let milliCPU = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const l = c.resources?.limits;
    if (l?.cpu !== undefined) milliCPU += cpuMillis(l.cpu);
    if (l?.memory !== undefined) memory += bytes(l.memory);
  }
  return { milliCPU, memory };
}
