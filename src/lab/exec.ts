// Running the system's tools (ip, iptables, ssh-keygen, apt-get): argv arrays, never a shell.
import { execFile, spawn } from 'node:child_process';
import { LabError } from './errors';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; a non-zero exit is a result, not an error. */
export function run(command: string, args: string[], { timeoutMs = 60_000 } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
      if (e && typeof e.code === 'string') {
        reject(new LabError(`cannot run ${command}: ${e.code === 'ENOENT' ? 'not installed' : e.message}`, { command }));
        return;
      }
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed; its stderr is in the error. */
export async function must(command: string, args: string[], options?: { timeoutMs?: number }): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join('; ');
    throw new LabError(`${command} ${args.join(' ')} failed (exit ${result.code}): ${detail}`, { command, args, code: result.code });
  }
  return result.stdout;
}

/** Runs a long command and hands each line of its output to `line` as it comes (apt-get's progress). */
export function runStreaming(command: string, args: string[], env: Record<string, string>, line: (text: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const feed = (chunk: Buffer) => {
      const lines = (tail + chunk.toString('utf8')).split(/\r?\n/);
      tail = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) line(l);
    };
    child.stdout.on('data', feed);
    child.stderr.on('data', feed);
    child.on('error', (err) => reject(new LabError(`cannot run ${command}: ${err.message}`, { command })));
    child.on('close', (code) => {
      if (tail.trim()) line(tail);
      if (code === 0) resolve();
      else reject(new LabError(`${command} ${args.join(' ')} failed (exit ${code})`, { command, args, code }));
    });
  });
}
