// `berth events`: kubectl events' columns plus the host, newest last.
import type { Event } from 'kubernetes-types/core/v1';
import { eventAge } from '../describe';
import { table } from '../output';

export function eventNamespace(e: Event): string {
  return e.metadata?.namespace ?? e.involvedObject.namespace ?? 'default';
}

export function renderEvents(events: readonly Event[], { now, allNamespaces = false }: { now: Date; allNamespaces?: boolean }): string {
  if (events.length === 0) return '';
  const rows = events.map((e) => {
    const cells = [eventAge(e, now), e.type ?? '', e.reason ?? '', `${e.involvedObject.kind}/${e.involvedObject.name}`, e.source?.host ?? '', (e.message ?? '').trim()];
    return allNamespaces ? [eventNamespace(e), ...cells] : cells;
  });
  const headers = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'HOST', 'MESSAGE'];
  return table(allNamespaces ? ['NAMESPACE', ...headers] : headers, rows);
}
