// `kubectl describe pod` (describePod), section by section.
import type { Event, Pod } from 'kubernetes-types/core/v1';
import { qosClass } from '../../agent';
import { rfc1123z, since } from '../humanize';
import { writeContainers } from './container';
import { writeTolerations, writeVolumes } from './template';
import { writeController } from './workloads';
import { DescribeWriter, writeAnnotations, writeEvents, writeLabels } from './writer';

export function describePod(pod: Pod, events: Event[], now: Date): string {
  const w = new DescribeWriter();
  const spec = pod.spec;
  const status = pod.status ?? {};
  w.line(0, 'Name:', pod.metadata?.name ?? '');
  w.line(0, 'Namespace:', pod.metadata?.namespace ?? '');
  if (spec?.priority != null) w.line(0, 'Priority:', spec.priority);
  if (spec?.priorityClassName) w.line(0, 'Priority Class Name:', spec.priorityClassName);
  if (spec?.serviceAccountName) w.line(0, 'Service Account:', spec.serviceAccountName);
  w.line(0, 'Node:', spec?.nodeName ? `${spec.nodeName}/${status.hostIP ?? ''}` : '<none>');
  if (status.startTime) w.line(0, 'Start Time:', rfc1123z(status.startTime));
  writeLabels(w, 'Labels', pod.metadata?.labels);
  writeAnnotations(w, pod.metadata?.annotations);
  if (pod.metadata?.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.line(0, 'Status:', `Terminating (lasts ${since(pod.metadata.deletionTimestamp, now)})`);
    w.line(0, 'Termination Grace Period:', `${pod.metadata.deletionGracePeriodSeconds ?? 30}s`);
  } else w.line(0, 'Status:', status.phase ?? '');
  if (status.reason) w.line(0, 'Reason:', status.reason);
  if (status.message) w.line(0, 'Message:', status.message);
  w.line(0, 'IP:', status.podIP ?? '');
  if (!status.podIPs?.length) w.line(0, 'IPs:', '<none>');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of status.podIPs) w.line(1, 'IP:', ip.ip ?? '');
  }
  writeController(w, pod);
  if (status.nominatedNodeName) w.line(0, 'NominatedNodeName:', status.nominatedNodeName);
  if (spec?.initContainers?.length) writeContainers(w, 'Init Containers', spec.initContainers, { statuses: status.initContainerStatuses, pod });
  writeContainers(w, 'Containers', spec?.containers ?? [], { statuses: status.containerStatuses, pod });
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  writeVolumes(w, spec?.volumes, '');
  // The agent always reports it; the same computation for a pod no agent has reported yet.
  w.line(0, 'QoS Class:', status.qosClass ?? qosClass(pod));
  writeLabels(w, 'Node-Selectors', spec?.nodeSelector);
  writeTolerations(w, 'Tolerations', spec?.tolerations);
  writeEvents(w, events, now);
  return w.toString();
}
