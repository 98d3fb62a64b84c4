import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from '../../common';
import { ControllerClient, lockState } from '../../controller';
import { BerthError } from '../../errors';

const PID_FILE = 'controller.pid';
const LOG_FILE = 'controller.log';

/**
 * `berth controller --detach`: the same command again as a background process (its own session, output to
 * <state>/controller.log, pid in <state>/controller.pid); returns once its socket answers, so the next command can
 * use it.
 */
export async function detachController(repoDir: string, stateDir: string, args: string[], timeoutMs = 30_000): Promise<{ pid: number; log: string }> {
  const running = runningPid(stateDir);
  if (running) throw new BerthError('ControllerRunning', `a controller already runs for ${repoDir} (pid ${running}); stop it with \`berth controller --stop --repo ${repoDir}\``);
  // One in the foreground holds the state: said here, not only in the log of a background process that exits at once.
  lockState(stateDir, new Date()).release();
  const log = path.join(stateDir, LOG_FILE);
  const out = fs.openSync(log, 'a', 0o600);
  const child = spawn(process.execPath, [process.argv[1], ...args.filter((a) => a !== '--detach' && a !== '-d')], { detached: true, stdio: ['ignore', out, out], cwd: process.cwd(), env: process.env });
  fs.closeSync(out);
  child.unref();
  fs.writeFileSync(path.join(stateDir, PID_FILE), `${child.pid}\n`);
  const client = ControllerClient.forRepo(repoDir, { timeoutMs: 2000 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || !alive(child.pid!)) throw new BerthError('ControllerExited', `the controller exited at once; see ${log}`);
    if (await client.sync().then(() => true, () => false)) return { pid: child.pid!, log };
    if (Date.now() > deadline) throw new BerthError('ControllerSlow', `the controller did not answer within ${timeoutMs / 1000} s; see ${log}`);
    await sleep(200);
  }
}

/** `berth controller --stop`: SIGTERM to the detached controller, then waits for it to exit (pods keep running). */
export async function stopController(stateDir: string, timeoutMs = 30_000): Promise<number | undefined> {
  const pid = runningPid(stateDir);
  if (!pid) return undefined;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new BerthError('ControllerSlow', `controller pid ${pid} did not stop within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
  fs.rmSync(path.join(stateDir, PID_FILE), { force: true });
  return pid;
}

function runningPid(stateDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(stateDir, PID_FILE), 'utf8').trim());
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
