import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Secret } from 'kubernetes-types/core/v1';
import { TEMP_PREFIX, writeFileAtomicSync } from '../../common';
import type { DesiredSet } from './desired-set';
import { GenerationConflictError, StateCorruptError } from './errors';
import { ensureTmpfs } from './tmpfs';
import { formatIssues, parseDesiredSet } from './validate';

export const EMPTY_DESIRED_SET: DesiredSet = Object.freeze({ generation: 0, pods: [], configMaps: [], secrets: [] });

export interface StatePaths {
  stateDir: string;
  runtimeDir: string;
}

/** The secrets folder: a tmpfs, so secret values never reach the host's disk. */
export function secretsDir(runtimeDir: string): string {
  return join(runtimeDir, 'secrets');
}

export function desiredFiles({ stateDir, runtimeDir }: StatePaths): { desired: string; secrets: string } {
  return { desired: join(stateDir, 'desired.json'), secrets: join(secretsDir(runtimeDir), 'desired-secrets.json') };
}

/**
 * The host's desired set, kept so that an agent restart or a controller outage changes nothing that runs: pods and
 * other objects on disk under stateDir, secrets on a tmpfs under runtimeDir (lost on reboot, by design: the
 * controller sends them again; `secretsStale` says when that is needed).
 */
export class DesiredStore {
  #set: DesiredSet;
  #secretsGeneration: number;
  readonly #files: { desired: string; secrets: string };

  private constructor(files: { desired: string; secrets: string }, set: DesiredSet, secretsGeneration: number) {
    this.#files = files;
    this.#set = set;
    this.#secretsGeneration = secretsGeneration;
  }

  /** Mounts the secrets tmpfs if needed, then loads what the last agent stored (nothing stored → generation 0). */
  static async open(paths: StatePaths): Promise<DesiredStore> {
    await ensureTmpfs(secretsDir(paths.runtimeDir));
    const files = desiredFiles(paths);
    removeCrashLeftovers(files.desired);
    removeCrashLeftovers(files.secrets);
    const stored = readDesired(files.desired);
    const secrets = readSecrets(files.secrets);
    const set = { ...stored, secrets: secrets?.secrets ?? [] };
    return new DesiredStore(files, set, secrets?.generation ?? (stored.generation === 0 ? 0 : -1));
  }

  get current(): DesiredSet {
    return this.#set;
  }

  get generation(): number {
    return this.#set.generation;
  }

  /** True when the secrets in memory are not those of the current generation (e.g. the tmpfs was lost at reboot). */
  get secretsStale(): boolean {
    return this.#secretsGeneration !== this.#set.generation;
  }

  /**
   * Stores `next` and makes it current. The same generation again is accepted (the controller re-sends after a
   * timeout or a reboot); an older one is refused with GenerationConflict.
   */
  apply(next: DesiredSet): DesiredSet {
    if (next.generation < this.#set.generation) throw new GenerationConflictError(this.#set.generation, next.generation);
    const { secrets, ...rest } = next;
    // Secrets first: a crash between the two writes leaves newer secrets beside the older pods, which `secretsStale`
    // reports, rather than newer pods whose secrets are missing.
    writeFileAtomicSync(this.#files.secrets, JSON.stringify({ generation: next.generation, secrets }));
    writeFileAtomicSync(this.#files.desired, JSON.stringify({ apiVersion: 'berth.dev/v1', kind: 'AgentDesiredSet', ...rest }));
    this.#set = next;
    this.#secretsGeneration = next.generation;
    return next;
  }
}

function readDesired(path: string): Omit<DesiredSet, 'secrets'> {
  const value = readJson(path);
  if (value === undefined) return { ...EMPTY_DESIRED_SET };
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = value as Record<string, unknown>;
  const parsed = parseDesiredSet({ ...rest, secrets: [] });
  if (!parsed.ok) throw new StateCorruptError(path, formatIssues(parsed.issues));
  const { secrets: _secrets, ...set } = parsed.set;
  return set;
}

function readSecrets(path: string): { generation: number; secrets: Secret[] } | undefined {
  const value = readJson(path) as { generation?: unknown; secrets?: unknown } | undefined;
  if (value === undefined) return undefined;
  const parsed = parseDesiredSet({ generation: value.generation, pods: [], configMaps: [], secrets: value.secrets });
  if (!parsed.ok) throw new StateCorruptError(path, formatIssues(parsed.issues));
  return { generation: parsed.set.generation, secrets: parsed.set.secrets };
}

/** Temp files of a write that a crash interrupted: never the state, only litter. */
function removeCrashLeftovers(file: string): void {
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  const prefix = `${TEMP_PREFIX}${basename(file)}-`;
  for (const name of names) if (name.startsWith(prefix)) rmSync(join(dirname(file), name), { force: true });
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateCorruptError(path, (error as Error).message);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new StateCorruptError(path, `not valid JSON (${(error as Error).message})`);
  }
}
