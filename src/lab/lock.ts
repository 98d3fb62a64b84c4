// One `berth lab up` or `down` at a time per lab (a test run's setup and a person may start one together).
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from './errors';
import { isAlive, readPidFile, waitUntil } from './processes';

const WAIT_MS = 5 * 60_000;

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Takes the lock file (its content: our pid), waiting while a live process holds it; a dead holder's lock is taken over. */
export async function acquireLock(file: string, progress: (line: string) => void): Promise<() => void> {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let told = false;
  const take = () => {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readPidFile(file);
    if (holder === process.pid) throw new LabError(`this process already holds the lab lock ${file}`);
    // An empty file may be a lock being written this instant: only an old one is abandoned.
    const abandoned = holder === undefined ? ageMs(file) > 2_000 : !isAlive(holder);
    if (abandoned) {
      fs.rmSync(file, { force: true });
      return false; // retry at once
    }
    if (!told) progress(`waiting for process ${holder}, which holds ${file}`);
    told = true;
    return false;
  };
  if (!(await waitUntil(take, WAIT_MS, 200))) throw new LabError(`the lab is busy: another process holds ${file}`, { file });
  return () => {
    if (readPidFile(file) === process.pid) fs.rmSync(file, { force: true });
  };
}
