import fs from 'node:fs';
import { UsageError } from '../errors';
import { parseLiveSnapshot, type LiveSnapshot } from '../plan';
import { EMPTY_FLEET } from '../controller';

/** Reads a live snapshot file (what agents report), or the empty fleet when none is given. */
export function readLiveSnapshot(file: string | undefined): LiveSnapshot {
  if (file === undefined) return EMPTY_FLEET;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the live snapshot ${file}: no such file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message}); a live snapshot is the JSON that agents report`);
  }
  const parsed = parseLiveSnapshot(json, file);
  if ('errors' in parsed) throw new UsageError(`${file} is not a valid live snapshot:\n  ${parsed.errors.map((e) => e.message).join('\n  ')}`);
  return parsed;
}
