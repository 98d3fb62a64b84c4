// `kubectl describe` of Deployments, ReplicaSets and DaemonSets (describeDeployment, describeReplicaSet, …).
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Event, Pod } from 'kubernetes-types/core/v1';
import { formatLabelSelector, type KubeObject } from '../../manifest';
import { revisionOf } from '../../controllers';
import { rfc1123z } from '../humanize';
import { formatLabels } from '../printers';
import { writePodTemplate } from './template';
import { DescribeWriter, writeAnnotations, writeEvents, writeLabels } from './writer';

export interface Related {
  events: Event[];
  pods: Pod[];
  objects: KubeObject[];
}

export function describeDeployment(d: Deployment, related: Related, now: Date): string {
  const w = new DescribeWriter();
  const s = d.status ?? {};
  w.line(0, 'Name:', d.metadata?.name ?? '');
  w.line(0, 'Namespace:', d.metadata?.namespace ?? '');
  w.line(0, 'CreationTimestamp:', rfc1123z(d.metadata?.creationTimestamp));
  writeLabels(w, 'Labels', d.metadata?.labels);
  writeAnnotations(w, d.metadata?.annotations);
  w.line(0, 'Selector:', formatLabelSelector(d.spec?.selector));
  const replicas = `${d.spec?.replicas ?? 1} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable`;
  w.line(0, 'Replicas:', replicas);
  w.line(0, 'StrategyType:', d.spec?.strategy?.type ?? 'RollingUpdate');
  w.line(0, 'MinReadySeconds:', d.spec?.minReadySeconds ?? 0);
  const ru = d.spec?.strategy?.rollingUpdate;
  if (ru) w.line(0, 'RollingUpdateStrategy:', `${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge`);
  writePodTemplate(w, d.spec?.template);
  writeConditions(w, s.conditions);
  const owned = ownedBy(related.objects, 'Deployment', d).filter((o) => o.kind === 'ReplicaSet') as ReplicaSet[];
  const newest = owned.reduce<ReplicaSet | undefined>((best, rs) => (!best || revisionOf(rs) > revisionOf(best) ? rs : best), undefined);
  const old = owned.filter((rs) => rs !== newest && ((rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0));
  w.line(0, 'OldReplicaSets:', replicaSetList(old));
  w.line(0, 'NewReplicaSet:', replicaSetList(newest ? [newest] : []));
  writeEvents(w, related.events, now);
  return w.toString();
}

export function describeReplicaSet(rs: ReplicaSet, related: Related, now: Date): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', rs.metadata?.name ?? '');
  w.line(0, 'Namespace:', rs.metadata?.namespace ?? '');
  w.line(0, 'Selector:', formatLabelSelector(rs.spec?.selector) || '<none>');
  writeLabels(w, 'Labels', rs.metadata?.labels);
  writeAnnotations(w, rs.metadata?.annotations);
  writeController(w, rs);
  w.line(0, 'Replicas:', `${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired`);
  w.line(0, 'Pods Status:', podsStatus(ownedBy(related.pods, 'ReplicaSet', rs)));
  writePodTemplate(w, rs.spec?.template);
  writeConditions(w, rs.status?.conditions);
  writeEvents(w, related.events, now);
  return w.toString();
}

export function describeDaemonSet(ds: DaemonSet, related: Related, now: Date): string {
  const w = new DescribeWriter();
  const s = ds.status;
  w.line(0, 'Name:', ds.metadata?.name ?? '');
  w.line(0, 'Selector:', formatLabelSelector(ds.spec?.selector));
  w.line(0, 'Node-Selector:', formatLabels(ds.spec?.template.spec?.nodeSelector));
  writeLabels(w, 'Labels', ds.metadata?.labels);
  writeAnnotations(w, ds.metadata?.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${s?.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${s?.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${s?.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${s?.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${s?.numberMisscheduled ?? 0}\n`);
  w.line(0, 'Pods Status:', podsStatus(ownedBy(related.pods, 'DaemonSet', ds)));
  writePodTemplate(w, ds.spec?.template);
  writeEvents(w, related.events, now);
  return w.toString();
}

/** kubectl writes a space after the type ("%v \t%v\t%v"). */
function writeConditions(w: DescribeWriter, conditions: Array<{ type: string; status: string; reason?: string }> | undefined): void {
  if (!conditions?.length) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.line(1, '----', '------', '------');
  for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export function writeController(w: DescribeWriter, o: { metadata?: { ownerReferences?: Array<{ controller?: boolean; kind: string; name: string }> } }): void {
  const owner = o.metadata?.ownerReferences?.find((r) => r.controller);
  if (owner) w.line(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
}

type Owned = { kind?: string; metadata?: { namespace?: string; ownerReferences?: Array<{ controller?: boolean; kind: string; name: string }> } };

/** Objects whose controller is this one, by kind and name (Berth's objects may carry no uid). */
export function ownedBy<T extends Owned>(items: readonly T[], ownerKind: string, owner: { metadata?: { name?: string; namespace?: string } }): T[] {
  return items.filter(
    (o) =>
      o.metadata?.namespace === owner.metadata?.namespace &&
      o.metadata?.ownerReferences?.some((r) => r.controller && r.kind === ownerKind && r.name === owner.metadata?.name),
  );
}

/** "2 Running / 1 Waiting / 0 Succeeded / 0 Failed": pods by phase, Pending counted as Waiting. */
export function podsStatus(pods: readonly Pod[]): string {
  const count = (phase: string) => pods.filter((p) => (p.status?.phase ?? 'Pending') === phase).length;
  return `${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`;
}

function replicaSetList(sets: ReplicaSet[]): string {
  return sets.map((rs) => `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`).join(', ') || '<none>';
}
