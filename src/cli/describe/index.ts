// `berth describe`: one describer per kind, kubectl's sections, the object's events at the end.
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describeCronJob, describeJob } from './batch';
import { describeNode } from './node';
import { describePod } from './pod';
import { describeDaemonSet, describeDeployment, describeReplicaSet, type Related } from './workloads';
import { DescribeWriter, eventsFor, writeAnnotations, writeEvents, writeLabels } from './writer';

export { eventsFor, eventAge } from './writer';
export { tabwrite } from './tabwriter';
export type { Related } from './workloads';

type Described = { kind?: string; apiVersion?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } };

/** The text of `describe KIND/NAME`; `related` holds every event, pod and object the view has (the describer picks). */
export function describeObject(kind: string, object: Described, related: Related, now: Date): string {
  const name = object.metadata?.name ?? '';
  const own = { ...related, events: eventsFor(related.events, kind, object.metadata?.namespace, name) };
  switch (kind) {
    case 'Pod':
      return describePod(object as Pod, own.events, now);
    case 'Deployment':
      return describeDeployment(object as Deployment, own, now);
    case 'ReplicaSet':
      return describeReplicaSet(object as ReplicaSet, own, now);
    case 'DaemonSet':
      return describeDaemonSet(object as DaemonSet, own, now);
    case 'Job':
      return describeJob(object as Job, own, now);
    case 'CronJob':
      return describeCronJob(object as CronJob, own, now);
    case 'Node':
      return describeNode(object as Node, related.pods, own.events, now);
    default:
      return describeGeneric(object, own, now);
  }
}

/** kubectl's generic describer: metadata, then every other field with "Smart Labels", nested by indentation. */
function describeGeneric(object: Described, related: Related, now: Date): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', object.metadata?.name ?? '');
  if (object.metadata?.namespace) w.line(0, 'Namespace:', object.metadata.namespace);
  writeLabels(w, 'Labels', object.metadata?.labels);
  writeAnnotations(w, object.metadata?.annotations);
  w.line(0, 'API Version:', object.apiVersion ?? '');
  w.line(0, 'Kind:', object.kind ?? '');
  const rest = Object.entries(object).filter(([k]) => !['apiVersion', 'kind', 'metadata'].includes(k));
  for (const [key, value] of rest.sort(([a], [b]) => (a < b ? -1 : 1))) writeValue(w, 0, key, value);
  writeEvents(w, related.events, now);
  return w.toString();
}

function writeValue(w: DescribeWriter, level: number, key: string, value: unknown): void {
  const label = smartLabel(key);
  if (Array.isArray(value)) {
    w.write(level, `${label}:\n`);
    for (const item of value) {
      if (item !== null && typeof item === 'object') {
        for (const [k, v] of Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1))) writeValue(w, level + 1, k, v);
      } else w.write(level + 1, `${String(item)}\n`);
    }
  } else if (value !== null && typeof value === 'object') {
    w.write(level, `${label}:\n`);
    for (const [k, v] of Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) writeValue(w, level + 1, k, v);
  } else w.line(level, `${label}:`, String(value));
}

/** smartLabelFor: "clusterIP" → "Cluster IP", "targetPort" → "Target Port"; keys with dots or slashes stay as they are. */
function smartLabel(key: string): string {
  if (/[./]/.test(key)) return key;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}
