import type { z } from 'zod';
import type { FieldPath, Issue, IssueCode } from '../types';
import { KEY_MESSAGE_SEPARATOR, type Schema } from './fields';

/** Structural check of one object: the Kubernetes strict decoding step. Empty when the shape is right. */
export function checkShape(schema: Schema, raw: unknown): Issue[] {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return [];
  const out: Issue[] = [];
  for (const iss of result.error.issues) {
    if (iss.code === 'unrecognized_keys') {
      const messages = iss.message.split(KEY_MESSAGE_SEPARATOR);
      iss.keys.forEach((key, i) => out.push({ path: [...toPath(iss.path), key], code: 'FieldNotSupported', message: messages[i] ?? `unknown field ${JSON.stringify(key)}` }));
    } else {
      out.push(toIssue(iss));
    }
  }
  return out;
}

function toIssue(iss: z.core.$ZodIssue): Issue {
  const path = toPath(iss.path);
  const input = (iss as { input?: unknown }).input;
  const own = (iss as { params?: { code?: IssueCode } }).params?.code;
  const missing = input === undefined || input === null;
  const code: IssueCode =
    missing && own !== 'FieldNotSupported' ? 'FieldValueRequired' : (own ?? (iss.code === 'invalid_type' ? 'FieldValueTypeInvalid' : 'FieldValueInvalid'));
  return { path, code, message: iss.message };
}

function toPath(path: PropertyKey[]): FieldPath {
  return path.map((p) => (typeof p === 'symbol' ? String(p) : p));
}
