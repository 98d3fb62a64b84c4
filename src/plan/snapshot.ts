import type { Pod } from 'kubernetes-types/core/v1';
import { z } from 'zod';
import { BerthError } from '../errors';
import { formatFieldPath, type FieldPath, type KubeObject } from '../manifest';
import { podKey } from './order';

/**
 * What runs, as the agents report it: per host, the answer of the agent's `GET /v1/pods` (v1 Pods with status as
 * the kubelet fills it, and Berth's spec hash in annotation berth.dev/spec-hash), plus the non-pod objects as last
 * applied.
 */
export interface LiveSnapshot {
  hosts: LiveHost[];
  objects?: KubeObject[];
}

export interface LiveHost {
  name: string;
  /** The generation of the desired set the agent last accepted. */
  generation?: number;
  pods: Pod[];
  /** RFC 3339 time of the agent's last report. */
  heartbeat?: string;
}

export interface SnapshotErrorData extends Record<string, unknown> {
  file: string;
  /** `hosts[2].pods[0].metadata.name`; absent when the whole document is wrong. */
  field?: string;
  problem: string;
}

/** A snapshot file a person passed to the CLI is malformed: `live.json: hosts[2].pods[0].metadata.name: required`. */
export class SnapshotError extends BerthError {
  declare readonly data: SnapshotErrorData;

  constructor(data: SnapshotErrorData) {
    super('InvalidSnapshot', `${data.file}: ${data.field ? `${data.field}: ` : ''}${data.problem}`, data);
  }

  /** The message alone (it names the file already), so lists of these print as people expect. */
  override toString(): string {
    return this.message;
  }
}

/** The snapshot, or every problem found in it (then no snapshot: a plan against half a fleet would delete the rest). */
export type SnapshotResult = LiveSnapshot | { errors: SnapshotError[] };

// Only what the plan reads is checked; the rest of a pod is the kubelet's and passes through as is, uncopied
// (z.custom, not z.looseObject, for the spec: at 150,000 pods, copying specs doubles the time).
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const stringMap = z.record(z.string(), z.string());
const meta = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});
const pod = z.looseObject({
  apiVersion: z.literal('v1').optional(),
  kind: z.literal('Pod').optional(),
  metadata: meta,
  spec: z.custom<Record<string, unknown>>(isObject),
  status: z.looseObject({ phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']).optional() }).optional(),
});
const host = z.looseObject({
  name: z.string().min(1),
  generation: z.number().int().min(0).optional(),
  pods: z.array(pod),
  heartbeat: z.iso.datetime({ offset: true }).optional(),
});
const object = z.looseObject({ apiVersion: z.string().min(1), kind: z.string().min(1), metadata: meta });
// Strict at the top: the file is Berth's own format, so a misspelt key is a mistake to report, not to ignore.
const snapshot = z.strictObject({ hosts: z.array(host), objects: z.array(object).optional() });

/**
 * Validates a live snapshot read from `file` (JSON already parsed): the snapshot, or `{ errors }` with every problem,
 * each naming the file and the JSON path. Tell them apart with `'errors' in result`.
 */
export function parseLiveSnapshot(json: unknown, file: string): SnapshotResult {
  const result = snapshot.safeParse(json, { error: message });
  if (!result.success) {
    const errors = result.error.issues.map((i) => snapshotError(file, i.path as FieldPath, i.message));
    return { errors };
  }
  const live = result.data as unknown as LiveSnapshot;
  const errors = crossCheck(live).map(([path, problem]) => snapshotError(file, path, problem));
  return errors.length ? { errors } : live;
}

function snapshotError(file: string, path: FieldPath, problem: string): SnapshotError {
  return new SnapshotError({ file, ...(path.length ? { field: formatFieldPath(path) } : {}), problem });
}

/** Rules across entries: one report per host, one pod per name on a host, pods only under hosts. */
function crossCheck(live: LiveSnapshot): Array<[FieldPath, string]> {
  const problems: Array<[FieldPath, string]> = [];
  const hosts = new Map<string, number>();
  live.hosts.forEach((h, i) => {
    const first = hosts.get(h.name);
    if (first !== undefined) problems.push([['hosts', i, 'name'], `duplicate host ${h.name} (also hosts[${first}])`]);
    else hosts.set(h.name, i);
    const pods = new Map<string, number>();
    h.pods.forEach((p, j) => {
      const key = podKey(p);
      const firstPod = pods.get(key);
      if (firstPod !== undefined) problems.push([['hosts', i, 'pods', j, 'metadata', 'name'], `duplicate pod ${key} on host ${h.name} (also pods[${firstPod}])`]);
      else pods.set(key, j);
    });
  });
  live.objects?.forEach((o, i) => {
    if (o.kind === 'Pod') problems.push([['objects', i, 'kind'], 'pods belong under hosts[].pods, where their host reports them']);
  });
  return problems;
}

const NOUNS: Record<string, string> = { string: 'a string', number: 'a number', int: 'an integer', object: 'an object', array: 'a list', record: 'an object' };

// Messages for people, in the style of the manifest errors: what is expected, and what was found.
function message(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `must be ${NOUNS[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`;
    case 'invalid_value':
      return `must be ${issue.values.length > 1 ? 'one of ' : ''}${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(issue.input)}`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `must be at least ${String(issue.minimum)}`;
    case 'invalid_format':
      return `must be an RFC 3339 time (e.g. 2024-05-01T12:00:00Z), got ${JSON.stringify(issue.input)}`;
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length > 1 ? 'fields' : 'field'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (a snapshot has hosts and objects)`;
    case 'custom': // only the spec's z.custom: must be an object
      return issue.input === undefined ? 'required' : `must be an object, got ${describe(issue.input)}`;
    default:
      return undefined;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number' && !Number.isInteger(v)) return String(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}
