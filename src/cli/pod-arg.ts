import { UsageError } from '../errors';
import { parseResourceArg } from './resources';

/** "web-1" or "pod/web-1" → the pod's name (logs and exec act on one pod). */
export function podName(arg: string): string {
  if (!arg.includes('/')) return arg;
  const { resource, name } = parseResourceArg(arg);
  if (resource.kind !== 'Pod' || !name) throw new UsageError(`"${arg}" is not a pod; give a pod's name, e.g. web-7d4b9c-x2x7q (berth get pods lists them)`);
  return name;
}
