import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Secret } from 'kubernetes-types/core/v1';
import { lastGoodCopyOf, loadStateFile, TEMP_PREFIX, writeStateFileSync, type StateRecovery } from '../../common';
import type { DesiredSet } from './desired-set';
import { isNoSpace, StateDisk } from './disk';
import { GenerationConflictError, StateFolderFullError } from './errors';
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
 * controller sends them again; `secretsStale` says when that is needed). Each file has a last good copy beside it
 * (common/state-file.ts): a file found torn at open is kept aside and the copy used, and `recoveries` says so.
 */
export class DesiredStore {
  #set: DesiredSet;
  #secretsGeneration: number;
  #holding: boolean;
  readonly #files: { desired: string; secrets: string };
  /** What open had to do about unreadable files: the agent logs them and reports them in its host facts. */
  readonly recoveries: readonly StateRecovery[];
  /** Whether the state folder takes writes (a full one refuses new sets). */
  readonly disk: StateDisk;

  private constructor(files: { desired: string; secrets: string }, set: DesiredSet, secretsGeneration: number, recoveries: StateRecovery[], holding: boolean) {
    this.#files = files;
    this.#set = set;
    this.#secretsGeneration = secretsGeneration;
    this.recoveries = recoveries;
    this.#holding = holding;
    this.disk = new StateDisk(dirname(files.desired));
  }

  /** Mounts the secrets tmpfs if needed, then loads what the last agent stored (nothing stored → generation 0). */
  static async open(paths: StatePaths): Promise<DesiredStore> {
    await ensureTmpfs(secretsDir(paths.runtimeDir));
    const files = desiredFiles(paths);
    removeCrashLeftovers(files.desired);
    removeCrashLeftovers(lastGoodCopyOf(files.desired));
    removeCrashLeftovers(files.secrets);
    removeCrashLeftovers(lastGoodCopyOf(files.secrets));
    const stored = loadStateFile(files.desired, parseDesired);
    const secrets = loadStateFile(files.secrets, parseSecrets);
    const recoveries = [stored.recovery, secrets.recovery].filter((r): r is StateRecovery => r !== undefined);
    const set = { ...(stored.value ?? EMPTY_DESIRED_SET), secrets: secrets.value?.secrets ?? [] };
    const generation = stored.value?.generation ?? 0;
    // Neither the set nor its copy could be read: the pods that run are unknown to this agent, not unwanted. It holds
    // them as they are until the controller sends the set again (it does, seeing generation 0 here).
    const holding = stored.recovery?.from === 'nothing';
    return new DesiredStore(files, set, secrets.value?.generation ?? (generation === 0 ? 0 : -1), recoveries, holding);
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
   * True while the stored set was lost (torn, and its copy too) and no new one has come: containers that run are
   * left alone, neither stopped nor adopted, rather than taken for unwanted.
   */
  get holding(): boolean {
    return this.#holding;
  }

  /**
   * Stores `next` and makes it current. The same generation again is accepted (the controller re-sends after a
   * timeout or a reboot); an older one is refused with GenerationConflict. A state folder without room for it →
   * StateFolderFull, and the set held stays current (nothing torn is left: each write is atomic).
   */
  apply(next: DesiredSet): DesiredSet {
    if (next.generation < this.#set.generation) throw new GenerationConflictError(this.#set.generation, next.generation);
    const { secrets, ...rest } = next;
    const desiredText = JSON.stringify({ apiVersion: 'berth.dev/v1', kind: 'AgentDesiredSet', ...rest });
    // Secrets first: a crash between the two writes leaves newer secrets beside the older pods, which `secretsStale`
    // reports, rather than newer pods whose secrets are missing.
    try {
      writeStateFileSync(this.#files.secrets, JSON.stringify({ generation: next.generation, secrets }));
      writeStateFileSync(this.#files.desired, desiredText);
    } catch (error) {
      if (!isNoSpace(error)) throw error;
      this.disk.full(error, Buffer.byteLength(desiredText));
      throw new StateFolderFullError(dirname(this.#files.desired), (error as Error).message);
    }
    this.disk.wrote();
    this.#set = next;
    this.#secretsGeneration = next.generation;
    this.#holding = false;
    return next;
  }
}

function parseDesired(text: string): Omit<DesiredSet, 'secrets'> {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = parseJson(text) as Record<string, unknown>;
  const parsed = parseDesiredSet({ ...rest, secrets: [] });
  if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
  const { secrets: _secrets, ...set } = parsed.set;
  return set;
}

function parseSecrets(text: string): { generation: number; secrets: Secret[] } {
  const value = parseJson(text) as { generation?: unknown; secrets?: unknown };
  const parsed = parseDesiredSet({ generation: value.generation, pods: [], configMaps: [], secrets: value.secrets });
  if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
  return { generation: parsed.set.generation, secrets: parsed.set.secrets };
}

function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  return value;
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
