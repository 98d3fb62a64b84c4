import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import pc from 'picocolors';
import { stringify } from 'yaml';
import { formatObjectKey, objectKey, type KubeObject } from '../manifest';
import { comparableObject } from './comparable';

export interface ObjectDiffOptions {
  color: boolean;
  /** What the two sides are, shown in the headers; `berth diff REF1 REF2` passes the refs. */
  labels?: [before: string, after: string];
}

/**
 * `berth diff`'s view of one object: a unified diff of its YAML (keys sorted, status and server-set fields left
 * out), headed `--- Deployment default/web (live)` / `+++ Deployment default/web (desired)`. A missing side diffs
 * against nothing; identical objects give ''.
 */
export function renderObjectDiff(
  a: KubeObject | undefined,
  b: KubeObject | undefined,
  { color, labels = ['live', 'desired'] }: ObjectDiffOptions,
): string {
  const subject = a ?? b;
  if (!subject) return '';
  const before = a ? toYAML(a) : '';
  const after = b ? toYAML(b) : '';
  if (before === after) return '';
  const name = formatObjectKey(objectKey(subject));
  const patch = createTwoFilesPatch(`${name} (${labels[0]})`, `${name} (${labels[1]})`, before, after, undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
  return color ? paint(patch) : patch;
}

function toYAML(o: KubeObject): string {
  return stringify(comparableObject(o), { sortMapEntries: true });
}

function paint(patch: string): string {
  const c = pc.createColors(true);
  return patch
    .split('\n')
    .map((line) =>
      line.startsWith('---') || line.startsWith('+++')
        ? c.bold(line)
        : line.startsWith('@@')
          ? c.cyan(line)
          : line.startsWith('+')
            ? c.green(line)
            : line.startsWith('-')
              ? c.red(line)
              : line,
    )
    .join('\n');
}
