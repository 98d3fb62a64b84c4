import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DesiredStore,
  desiredFiles,
  ensureTmpfs,
  isTmpfs,
  secretsDir,
  unmountTmpfs,
  type DesiredSet,
} from '../../../src/agent/state';
import { writeFileAtomicSync as writeFileAtomic } from '../../../src/common';

const roots: string[] = [];
function dirs() {
  const root = mkdtempSync(join(tmpdir(), 'berth-state-'));
  roots.push(root);
  return { stateDir: join(root, 'state'), runtimeDir: join(root, 'run') };
}
afterAll(async () => {
  for (const root of roots) {
    await unmountTmpfs(secretsDir(join(root, 'run')));
    rmSync(root, { recursive: true, force: true });
  }
});

const SECRET_VALUE = 'hunter2-never-on-disk';
function desired(generation: number): DesiredSet {
  return {
    generation,
    pods: [{ metadata: { name: 'web', namespace: 'default', uid: `uid-${generation}` }, spec: { containers: [{ name: 'web', image: 'busybox' }] } }],
    configMaps: [{ metadata: { name: 'conf', namespace: 'default' }, data: { 'a.conf': 'x=1' } }],
    secrets: [{ metadata: { name: 'db', namespace: 'default' }, data: { password: Buffer.from(SECRET_VALUE).toString('base64') }, stringData: { token: SECRET_VALUE } }],
  };
}

describe('the desired set on disk', () => {
  it('is empty at generation 0 when nothing was stored', async () => {
    const store = await DesiredStore.open(dirs());
    expect(store.current).toEqual({ generation: 0, pods: [], configMaps: [], secrets: [] });
    expect(store.secretsStale).toBe(false);
  });

  it('survives a restart of the agent, secrets included', async () => {
    const paths = dirs();
    (await DesiredStore.open(paths)).apply(desired(4));
    const reopened = await DesiredStore.open(paths);
    expect(reopened.current).toEqual(desired(4));
    expect(reopened.secretsStale).toBe(false);
  });

  it('refuses an older generation with GenerationConflict and keeps the stored one', async () => {
    const paths = dirs();
    const store = await DesiredStore.open(paths);
    store.apply(desired(5));
    expect(() => store.apply(desired(4))).toThrow(expect.objectContaining({ code: 'GenerationConflict', data: { stored: 5, received: 4 } }));
    expect(store.apply(desired(5)).generation).toBe(5); // the same generation again is a re-send, accepted
    expect((await DesiredStore.open(paths)).generation).toBe(5);
  });

  it('keeps secrets on a tmpfs outside the state folder, never on disk', async () => {
    const paths = dirs();
    (await DesiredStore.open(paths)).apply(desired(1));
    const files = desiredFiles(paths);
    expect(isTmpfs(dirname(files.secrets))).toBe(true);
    expect(files.secrets.startsWith(paths.stateDir)).toBe(false);
    expect(readFileSync(files.secrets, 'utf8')).toContain(Buffer.from(SECRET_VALUE).toString('base64'));
    // grep exits 1 when it finds nothing: no file under the state folder holds the value, raw or base64.
    const grep = spawnSync('grep', ['-rl', '-e', SECRET_VALUE, '-e', Buffer.from(SECRET_VALUE).toString('base64'), paths.stateDir], {
      encoding: 'utf8',
    });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1);
  });

  it('reports secrets as stale when the tmpfs lost them (a reboot) and the pods are still there', async () => {
    const paths = dirs();
    (await DesiredStore.open(paths)).apply(desired(2));
    await unmountTmpfs(secretsDir(paths.runtimeDir));
    const store = await DesiredStore.open(paths);
    expect(store.current.pods).toHaveLength(1);
    expect(store.current.secrets).toEqual([]);
    expect(store.secretsStale).toBe(true);
  });

  it('keeps a torn or truncated file aside and goes on with its last good copy, saying so', async () => {
    const paths = dirs();
    (await DesiredStore.open(paths)).apply(desired(3));
    const file = desiredFiles(paths).desired;
    const whole = readFileSync(file, 'utf8');
    writeFileSync(file, whole.slice(0, whole.length / 2)); // torn mid-write by something outside the agent
    const store = await DesiredStore.open(paths);
    expect(store.current).toEqual(desired(3));
    expect(store.holding).toBe(false);
    expect(store.recoveries).toEqual([expect.objectContaining({ file, from: 'copy', reason: expect.stringContaining('not valid JSON') })]);
    expect(readFileSync(store.recoveries[0].keptAs, 'utf8')).toBe(whole.slice(0, whole.length / 2));
    expect(readFileSync(file, 'utf8')).toBe(whole);
    writeFileSync(file, '{"generation": -2, "pods": [], "configMaps": []}'); // valid JSON, not a desired set
    const again = await DesiredStore.open(paths);
    expect(again.current).toEqual(desired(3));
    expect(again.recoveries[0].reason).toContain('generation: must be a non-negative integer');
  });

  it('holds what runs when the file and its copy are both unreadable: generation 0, never an empty set to act on', async () => {
    const paths = dirs();
    (await DesiredStore.open(paths)).apply(desired(2));
    const file = desiredFiles(paths).desired;
    writeFileSync(file, '');
    writeFileSync(`${file}.last-good`, '{"gener');
    const store = await DesiredStore.open(paths);
    expect(store.generation).toBe(0);
    expect(store.holding).toBe(true);
    expect(store.recoveries).toEqual([expect.objectContaining({ from: 'nothing' })]);
    expect(readdirSync(paths.stateDir).filter((f) => f.includes('.corrupt-'))).toHaveLength(2);
    store.apply(desired(3)); // the controller sends the set again
    expect(store.holding).toBe(false);
  });

  it('refuses a set a full state folder cannot hold, keeps the one it has, leaves no torn or temp file, and says when it fits again', async () => {
    const paths = dirs();
    await ensureTmpfs(paths.stateDir, { size: '64k', ownMount: true });
    try {
      const store = await DesiredStore.open(paths);
      store.apply(desired(1));
      const filler = join(paths.stateDir, 'filler');
      spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k', 'count=64']); // fills the tmpfs (dd stops at ENOSPC)
      const big = { ...desired(2), configMaps: [{ metadata: { name: 'big', namespace: 'default' }, data: { blob: 'x'.repeat(20_000) } }] };
      expect(() => store.apply(big)).toThrow(expect.objectContaining({ code: 'StateFolderFull' }));
      expect(store.current).toEqual(desired(1));
      expect(store.disk.status()).toMatchObject({ full: true, reason: 'StateFolderFull' });
      expect(store.disk.probe()).toBe(false);
      expect(readdirSync(paths.stateDir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
      expect((await DesiredStore.open(paths)).current).toEqual(desired(1));
      rmSync(filler);
      expect(store.disk.probe()).toBe(true);
      expect(store.disk.status()).toEqual({ full: false });
      expect(store.apply(big).generation).toBe(2);
    } finally {
      await unmountTmpfs(paths.stateDir);
    }
  });
});

describe('an atomic write', () => {
  it('leaves the old file whole when the writer dies between the temp write and the rename', async () => {
    const paths = dirs();
    (await DesiredStore.open(paths)).apply(desired(1));
    const file = desiredFiles(paths).desired;
    const before = readFileSync(file, 'utf8');
    expect(() =>
      writeFileAtomic(file, '{"generation": 2', { beforeRename: () => { throw new Error('crash'); } }),
    ).toThrow('crash');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await DesiredStore.open(paths)).generation).toBe(1);
  });

  it('leaves the old file whole when the process is SIGKILLed before the rename, and the litter is cleaned at open', async () => {
    const paths = dirs();
    (await DesiredStore.open(paths)).apply(desired(1));
    const file = desiredFiles(paths).desired;
    const script = `
      import { writeFileAtomicSync as writeFileAtomic } from ${JSON.stringify(join(process.cwd(), 'src/common/atomic-write.ts'))};
      writeFileAtomic(${JSON.stringify(file)}, 'half', { beforeRename: () => process.kill(process.pid, 'SIGKILL') });
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    expect(readdirSync(paths.stateDir).filter((name) => name.startsWith('.tmp-'))).toHaveLength(1);
    const store = await DesiredStore.open(paths);
    expect(store.current).toEqual(desired(1));
    expect(readdirSync(paths.stateDir).filter((name) => name.startsWith('.tmp-'))).toHaveLength(0);
    expect(existsSync(file)).toBe(true);
  });
});
