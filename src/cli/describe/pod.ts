// `kubectl describe pod` (describePod), section by section.
import type { Container, Event, Pod } from 'kubernetes-types/core/v1';
import { rfc1123z, since } from '../humanize';
import { writeContainers } from './container';
import { writeTolerations, writeVolumes } from './template';
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
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
  if (owner) w.line(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
  if (status.nominatedNodeName) w.line(0, 'NominatedNodeName:', status.nominatedNodeName);
  if (spec?.initContainers?.length) writeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, pod, '');
  writeContainers(w, 'Containers', spec?.containers ?? [], status.containerStatuses, pod, '');
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`);
  }
  writeVolumes(w, spec?.volumes, '');
  w.line(0, 'QoS Class:', status.qosClass ?? qosClass(spec?.containers ?? []));
  writeLabels(w, 'Node-Selectors', spec?.nodeSelector);
  writeTolerations(w, 'Tolerations', spec?.tolerations);
  writeEvents(w, events, now);
  return w.toString();
}

/** Kubernetes' QoS class: Guaranteed when every container's cpu and memory limits equal its requests. */
export function qosClass(containers: Container[]): string {
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const requests = { ...c.resources?.limits, ...c.resources?.requests };
    const limits = c.resources?.limits ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const r of ['cpu', 'memory']) if (!limits[r] || String(limits[r]) !== String(requests[r])) guaranteed = false;
  }
  return guaranteed ? 'Guaranteed' : any ? 'Burstable' : 'BestEffort';
}
