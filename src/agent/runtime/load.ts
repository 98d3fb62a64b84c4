// `docker load` through the Engine API: how an image reaches a host without a registry (the controller streams a
// `docker save` tar over SSH to the agent, which hands it to its engine as it arrives).
import type Docker from 'dockerode';
import { ImageLoadFailed, messageOf, RuntimeError, statusOf } from './errors';

interface LoadEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Returns the names Docker loaded; throws ImageLoadFailed when Docker refused the tar, RuntimeError when it did not answer. */
export async function loadImage(docker: Docker, tar: NodeJS.ReadableStream, signal?: AbortSignal): Promise<string[]> {
  let events: LoadEvent[];
  try {
    const stream = await docker.loadImage(tar, { quiet: true, abortSignal: signal });
    events = await new Promise<LoadEvent[]>((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null, out: LoadEvent[]) => (err ? reject(err) : resolve(out))),
    );
  } catch (err) {
    // An answer from Docker is about the tar; no answer at all is the engine's trouble.
    if (statusOf(err) !== undefined) throw new ImageLoadFailed(messageOf(err));
    throw err instanceof RuntimeError ? err : new RuntimeError(messageOf(err));
  }
  const failed = events.find((e) => e.error || e.errorDetail);
  if (failed) throw new ImageLoadFailed(failed.error ?? failed.errorDetail?.message ?? 'unknown error');
  return loadedNames(events);
}

/** Docker says "Loaded image: repo:tag" for each tag, and "Loaded image ID: sha256:…" for an untagged image. */
export function loadedNames(events: readonly LoadEvent[]): string[] {
  const names: string[] = [];
  for (const e of events) {
    for (const line of (e.stream ?? '').split('\n')) {
      const m = /^Loaded image(?: ID)?: (.+)$/.exec(line.trim());
      if (m) names.push(m[1].trim());
    }
  }
  return names;
}
