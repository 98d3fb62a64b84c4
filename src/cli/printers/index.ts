// `berth get` tables: one printer per kind, kubectl's columns, a NAMESPACE column first with --all-namespaces.
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../manifest';
import { since } from '../humanize';
import { table } from '../output';
import { nodePrinter } from './node';
import { POD_COLUMNS, POD_WIDE_COLUMNS, podRow } from './pod';
import { servicePrinter } from './service';
import { cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter, type Printer } from './workloads';

export { podStatus, type PodStatusSummary } from './pod';
export { nodeRoles } from './node';
export { formatLabels, type Printer } from './workloads';

const podPrinter: Printer<Pod> = { columns: POD_COLUMNS, wideColumns: POD_WIDE_COLUMNS, row: podRow };

/** Kinds kubectl has no special printer for here: NAME and AGE. */
const genericPrinter: Printer<KubeObject> = {
  columns: ['NAME', 'AGE'],
  wideColumns: [],
  row: (o, now) => [o.metadata.name, since(o.metadata.creationTimestamp, now)],
};

const PRINTERS: Record<string, Printer<never>> = {
  Pod: podPrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  DaemonSet: daemonSetPrinter,
  Job: jobPrinter,
  CronJob: cronJobPrinter,
  Node: nodePrinter,
  Service: servicePrinter,
};

export interface TableOptions {
  now: Date;
  wide?: boolean;
  /** Adds the NAMESPACE column (kubectl -A). */
  allNamespaces?: boolean;
}

/** The objects of one kind as kubectl prints them, sorted by namespace and name; '' when there are none. */
export function renderTable(kind: string, objects: readonly object[], { now, wide = false, allNamespaces = false }: TableOptions): string {
  if (objects.length === 0) return '';
  const printer = (PRINTERS[kind] ?? genericPrinter) as Printer<object>;
  const headers = wide ? [...printer.columns, ...printer.wideColumns] : printer.columns;
  const sorted = [...objects].sort(byNamespaceAndName);
  const rows = sorted.map((o) => {
    const cells = printer.row(o, now, wide);
    return allNamespaces ? [metaOf(o).namespace ?? '', ...cells] : cells;
  });
  return table(allNamespaces ? ['NAMESPACE', ...headers] : headers, rows);
}

function metaOf(o: object): { namespace?: string; name?: string } {
  return (o as { metadata?: { namespace?: string; name?: string } }).metadata ?? {};
}

function byNamespaceAndName(a: object, b: object): number {
  const ma = metaOf(a);
  const mb = metaOf(b);
  return compare(ma.namespace ?? '', mb.namespace ?? '') || compare(ma.name ?? '', mb.name ?? '');
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
