import path from 'node:path';
import type { Command } from 'commander';
import Docker from 'dockerode';
import { Controller, FileStore, LoopView, controllerSocketPath, lockState, serveControllerSocket, type Decision } from '../../controller';
import type { StateRecovery } from '../../common';
import { ImageShipper, readAgentBundle } from '../../fleet';
import type { CommandContext } from '../context';
import { exitSoon, untilStopSignal } from '../daemon';
import { VERSION } from '../version';
import { UsageError } from '../../errors';
import { detachController, stopController } from './controller-detach';

interface ControllerFlags {
  repo: string;
  ref: string;
  state?: string;
  interval: string;
  evictionTimeout: string;
  nodeGracePeriod: string;
  bootstrap: boolean;
  shipImages: boolean;
  detach?: boolean;
  stop?: boolean;
}

/**
 * `berth controller`: follows a ref of the cluster repo and makes the hosts run it, until SIGTERM. Its bookkeeping
 * lives in the state folder (default <repo>/.berth); the CLI finds it there through a local socket.
 */
export function registerController(program: Command, { io }: CommandContext): void {
  program
    .command('controller')
    .description('run the controller: make the hosts run what the cluster repo says, pass after pass')
    .option('--repo <dir>', 'the cluster repo', '.')
    .option('--ref <ref>', 'the branch or ref to follow', 'main')
    .option('--state <dir>', 'where the controller keeps its state (default <repo>/.berth)')
    .option('--interval <seconds>', 'seconds between passes when nothing happens', '2')
    .option('--eviction-timeout <seconds>', 'seconds a host may be NotReady before its pods are placed elsewhere', '300')
    .option('--node-grace-period <seconds>', "seconds of a host's silence before it is NotReady (kube-controller-manager's --node-monitor-grace-period)", '40')
    .option('--no-bootstrap', 'do not install or upgrade agents on hosts automatically')
    .option('--no-ship-images', "do not send hosts the images they lack from this machine's Docker Engine")
    .option('-d, --detach', 'run in the background (log in <state>/controller.log); returns once it answers')
    .option('--stop', 'stop the controller started with --detach (pods keep running)')
    .action(async (flags: ControllerFlags) => {
      const repoDir = path.resolve(flags.repo);
      const stateDir = path.resolve(flags.state ?? path.join(repoDir, '.berth'));
      if (flags.stop) {
        const pid = await stopController(stateDir);
        io.out(pid ? `controller (pid ${pid}) stopped; pods keep running` : `no detached controller runs for ${repoDir}`);
        return;
      }
      if (flags.detach) {
        const { pid, log } = await detachController(repoDir, stateDir, process.argv.slice(2));
        io.out(`controller started (pid ${pid}), following ${flags.ref} of ${repoDir}; log: ${log}`);
        io.out(`next: berth get pods -A --repo ${flags.repo} · berth events --repo ${flags.repo} · berth controller --stop --repo ${flags.repo}`);
        return;
      }
      // One controller per state, for this process's life: before anything of the state is read.
      const lock = lockState(stateDir, new Date());
      const store = FileStore.open(stateDir);
      const recovered = store.recovery ? storeRecovered(store.recovery, flags.ref) : [];
      for (const d of recovered) io.err(`berth controller: ${d.message}`);
      const bundle = flags.bootstrap ? await readAgentBundle().catch((err: Error) => (io.err(`berth controller: no automatic bootstrap: ${err.message}`), undefined)) : undefined;
      const controller = new Controller({
        repoDir,
        ref: flags.ref,
        store,
        intervalMs: seconds(flags.interval, '--interval') * 1000,
        evictionTimeoutMs: seconds(flags.evictionTimeout, '--eviction-timeout') * 1000,
        gracePeriodMs: seconds(flags.nodeGracePeriod, '--node-grace-period') * 1000,
        bundle,
        images: flags.shipImages ? new ImageShipper({ localDocker: new Docker() }) : undefined,
        log: (line) => io.err(`berth controller: ${line}`),
        startupDecisions: recovered,
      });
      const socket = await serveControllerSocket(new LoopView(controller), controllerSocketPath(repoDir));
      controller.start();
      io.err(`berth controller ${VERSION}: following ${flags.ref} of ${repoDir}; state in ${stateDir}`);
      const signal = await untilStopSignal();
      io.err(`berth controller: ${signal}, stopping (pods keep running)`);
      await socket.close();
      await controller.stop();
      lock.release();
      exitSoon();
    });
}

function seconds(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number of seconds, not ${value}`);
  return n;
}

/** The store found torn at start: an event, never a crash loop (the agents' reports rebuild what runs where). */
function storeRecovered(r: StateRecovery, ref: string): Decision[] {
  const then = r.from === 'copy' ? 'went on with its last good copy' : 'its last good copy was unreadable too: started with an empty store, rebuilt from what the agents report (pods stay where they run; allocations, rollout history and events before now are lost)';
  return [{ object: { kind: 'Cluster', name: ref }, reason: 'StoreRecovered', type: 'Warning', message: `the controller's store ${r.file} was torn (${r.reason}); kept aside as ${r.keptAs}; ${then}` }];
}
