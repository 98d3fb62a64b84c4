// The end-to-end controller tests' harness: `berth controller` run as a child process (the built CLI, as a person
// runs it) on a private copy of the shared lab's cluster repo, driven with git commits, read through its local
// socket. Holds the lab lock of the fleet tests, and leaves every host with an empty desired set.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1';
import { ControllerClient, controllerSocketPath } from '../../../src/controller';
import { afterAll, beforeAll } from 'vitest';
import { agentClientFor, type Fleet } from '../../../src/fleet';
import type { LabStatus } from '../../../src/lab';
import { ROOT } from '../../helpers/cli';
import { copyLabRepo, holdLab, labFleet, removeRepoCopy, sharedLab, waitUntil } from '../e2e-fleet/lab-fleet';

export { waitUntil } from '../e2e-fleet/lab-fleet';
export { commitEdit, git } from '../../helpers/cli';

export interface RunningController {
  process: ChildProcess;
  /** Everything it wrote to stderr so far (its event log). */
  log(): string;
  client: ControllerClient;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `berth controller --repo REPO` with short intervals; resolves once its socket answers after a first pass. */
export async function startController(repo: string, extraArgs: string[] = []): Promise<RunningController> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/berth.mjs'), 'controller', '--repo', repo, '--interval', '1', ...extraArgs], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new ControllerClient({ repo, socketPath: controllerSocketPath(repo) });
  await waitUntil('the controller answers on its socket', async () => {
    if (child.exitCode !== null) throw new Error(`berth controller exited ${child.exitCode}:\n${log}`);
    // Answering, and through its first pass: what it shows is then the fleet's, not an empty start.
    return client.sync().then((sync) => sync.lastPass !== undefined, () => false);
  }, 30_000);
  return {
    process: child,
    log: () => log,
    client,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** The pods the controller shows, by `namespace/name`. */
export async function podsOf(client: ControllerClient, namespace = 'demo'): Promise<Pod[]> {
  return (await client.pods()).filter((p) => p.metadata?.namespace === namespace);
}

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Sends every host an empty desired set (a generation above the agent's), so the next test file starts clean. */
export async function emptyHosts(fleet: Fleet): Promise<void> {
  await fleet.fanOut(undefined, async (session) => {
    const agent = agentClientFor(session);
    const { generation } = await agent.listPods();
    await agent.setDesired({ generation: generation + 1, pods: [], configMaps: [], secrets: [] });
    await waitUntil(`${session.host} has no pods`, async () => (await agent.listPods()).items.length === 0, 60_000, 500);
  }, { timeoutMs: 90_000 });
}

/** What a test file of these works with: set by controllerSuite's beforeAll. */
export interface LabSuite {
  lab: LabStatus;
  /** A private copy of the lab's cluster repo. */
  repo: string;
  fleet: Fleet;
  /** The file's controller, once started: stopped by the suite at the end. */
  controller?: RunningController;
}

/**
 * The set-up every file shares: the lab held (one file at a time), a private repo copy, empty hosts before and after,
 * and `prepare` (the file's own commits) run before the first test.
 */
export function controllerSuite(name: string, prepare?: (suite: LabSuite) => void | Promise<void>): LabSuite {
  const suite = {} as LabSuite;
  let release: (() => void) | undefined;
  beforeAll(async () => {
    release = await holdLab(name);
    suite.lab = await sharedLab();
    suite.repo = copyLabRepo(suite.lab);
    suite.fleet = labFleet(suite.repo);
    await emptyHosts(suite.fleet);
    await prepare?.(suite);
  }, 180_000);
  afterAll(async () => {
    try {
      await suite.controller?.stop();
      if (suite.fleet) await emptyHosts(suite.fleet);
    } finally {
      await suite.fleet?.close();
      removeRepoCopy(suite.repo);
      release?.();
    }
  }, 180_000);
  return suite;
}
