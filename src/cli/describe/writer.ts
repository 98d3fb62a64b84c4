// kubectl's describe PrefixWriter and the sections every describer shares: labels, annotations, events.
import type { Event } from 'kubernetes-types/core/v1';
import { since } from '../humanize';
import { tabwrite } from './tabwriter';

const MAX_ANNOTATION_LEN = 140;
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** Text with tab-separated cells, indented two spaces per level; toString aligns it like kubectl's tabwriter. */
export class DescribeWriter {
  #text = '';

  /** Writes text (with tabs between cells) at an indentation level; add '\n' yourself, as kubectl's Write. */
  write(level: number, text: string): void {
    this.#text += '  '.repeat(level) + text;
  }

  /** One line of cells at a level. */
  line(level: number, ...cells: Array<string | number>): void {
    this.write(level, `${cells.join('\t')}\n`);
  }

  toString(): string {
    return tabwrite(this.#text);
  }
}

/** printLabelsMultiline: "Labels:  a=b" then one label per line under the first, "<none>" when there are none. */
export function writeLabels(w: DescribeWriter, title: string, labels: Record<string, string> | undefined, level = 0): void {
  w.write(level, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return w.write(0, '<none>\n');
  keys.forEach((key, i) => w.write(i === 0 ? 0 : level, `${i === 0 ? '' : '\t'}${key}=${labels![key]}\n`));
}

/** printAnnotationsMultiline: "key: value", long or multi-line values on their own lines, shortened. */
export function writeAnnotations(w: DescribeWriter, annotations: Record<string, string> | undefined, title = 'Annotations'): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIPPED_ANNOTATIONS.has(k))
    .sort();
  if (keys.length === 0) return w.write(0, '<none>\n');
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, '\t');
    const value = annotations![key].replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${key}:\n`);
      for (const part of value.split('\n')) w.write(0, `\t  ${shorten(part, MAX_ANNOTATION_LEN - 2)}\n`);
    } else w.write(0, `${key}: ${value}\n`);
  });
}

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}...` : s);

/** The Events section: the object's events, oldest first, with kubectl's "3m (x4 over 10m)" for repeats. */
export function writeEvents(w: DescribeWriter, events: readonly Event[], now: Date): void {
  if (events.length === 0) return w.write(0, 'Events:\t<none>\n');
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.line(1, '----', '------', '----', '----', '-------');
  for (const e of events) {
    w.line(1, e.type ?? '', e.reason ?? '', eventAge(e, now), e.source?.component || e.reportingComponent || '', (e.message ?? '').trim());
  }
}

/** kubectl's interval of an event: its age, or for a repeated one "last (xN over first)". */
export function eventAge(e: Event, now: Date): string {
  const first = since(e.eventTime ?? e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** The events about one object, as kubectl describe selects them (kind, namespace, name). */
export function eventsFor(events: readonly Event[], kind: string, namespace: string | undefined, name: string): Event[] {
  return events.filter((e) => {
    const o = e.involvedObject;
    return o.kind === kind && o.name === name && (namespace === undefined || (o.namespace ?? e.metadata?.namespace) === namespace);
  });
}
