import jsonpatch, { type Operation } from 'fast-json-patch';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { formatFieldPath } from '../manifest';

const { unescapePathComponent } = jsonpatch;
const MAX_FIELDS = 3;

/**
 * Why a pod is replaced, from the patch between its live and desired versions, in a line:
 * "spec changed: image web:1.0 → web:1.1, containers[0].env". Image changes are spelled out (they are what people
 * look for); other changes name the field, down to the container.
 */
export function specChangeReason(live: Pod, patch: readonly Operation[]): string {
  const parts: string[] = [];
  for (const op of patch) {
    const path = op.path.split('/').slice(1).map(unescapePathComponent);
    if (path[0] !== 'spec' || path[1] === 'nodeName') continue;
    const field = path.slice(1);
    const part = imageChange(live, field, op) ?? fieldName(field);
    if (!parts.includes(part)) parts.push(part);
  }
  if (!parts.length) return 'spec changed';
  const more = parts.length > MAX_FIELDS ? ` and ${parts.length - MAX_FIELDS} more` : '';
  return `spec changed: ${parts.slice(0, MAX_FIELDS).join(', ')}${more}`;
}

function imageChange(live: Pod, field: string[], op: Operation): string | undefined {
  const [list, index, name] = field;
  if ((list !== 'containers' && list !== 'initContainers') || name !== 'image' || field.length !== 3 || op.op !== 'replace') return undefined;
  const before = (live.spec?.[list] as Container[] | undefined)?.[Number(index)]?.image;
  return `image ${before} → ${String(op.value)}`;
}

// containers/0/env/1/value → containers[0].env; volumes/2/configMap/name → volumes[2]; restartPolicy → restartPolicy.
function fieldName(field: string[]): string {
  const depth = (field[0] === 'containers' || field[0] === 'initContainers') && field.length > 2 ? 3 : 2;
  return formatFieldPath(field.slice(0, depth).map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
}
