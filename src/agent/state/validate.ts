import { z } from 'zod';
import type { DesiredSet } from './desired-set';

// The shape the agent needs to act on a desired set. Objects stay loose (Kubernetes objects have many more fields,
// and the controller has validated them); what is checked is what the agent keys on or indexes by.
const name = z.string().min(1, 'must be a non-empty string');
const objectMeta = z.looseObject({ name, namespace: name });
const podMeta = z.looseObject({ name, namespace: name, uid: name });
const container = z.looseObject({ name, image: name });

const pod = z.looseObject({
  metadata: podMeta,
  spec: z.looseObject({ containers: z.array(container).min(1, 'must have at least one container') }),
});
const stringMap = z.record(z.string(), z.string());
const configMap = z.looseObject({ metadata: objectMeta, data: stringMap.optional(), binaryData: stringMap.optional() });
const secret = z.looseObject({ metadata: objectMeta, data: stringMap.optional(), stringData: stringMap.optional() });
const persistentVolume = z.looseObject({ metadata: z.looseObject({ name }), spec: z.looseObject({}) });
const persistentVolumeClaim = z.looseObject({ metadata: objectMeta });

const desiredSet = z.object({
  generation: z
    .number('must be a non-negative integer')
    .int('must be a non-negative integer')
    .nonnegative('must be a non-negative integer')
    .max(Number.MAX_SAFE_INTEGER, 'must be a safe integer'),
  pods: z.array(pod),
  configMaps: z.array(configMap),
  secrets: z.array(secret),
  persistentVolumes: z.array(persistentVolume).optional(),
  persistentVolumeClaims: z.array(persistentVolumeClaim).optional(),
});

export interface DesiredSetIssue {
  /** The field, as Kubernetes writes paths: `pods[0].metadata.uid`. */
  path: string;
  message: string;
}

export type DesiredSetParse = { ok: true; set: DesiredSet } | { ok: false; issues: DesiredSetIssue[] };

/** Checks that `value` is a desired set the agent can act on; every problem names its field. */
export function parseDesiredSet(value: unknown): DesiredSetParse {
  const result = desiredSet.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, set: result.data as unknown as DesiredSet };
  return { ok: false, issues: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: describe(issue) })) };
}

export function formatIssues(issues: DesiredSetIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}

function formatPath(path: PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_type' && !['number', 'int'].includes(issue.expected)) return `must be ${article(issue.expected)}`;
  return issue.message;
}

function article(expected: string): string {
  return expected === 'array' || expected === 'object' ? `an ${expected}` : `a ${expected}`;
}
