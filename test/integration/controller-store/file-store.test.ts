import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../../src/controller/store';

let dir: string;
const FILE = 'controller-store.json';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-ctlstore-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('FileStore', () => {
  it('starts empty in a new state directory, creating it', () => {
    const store = FileStore.open(path.join(dir, 'state', '.berth'));
    expect(store.get('anything')).toBeUndefined();
    expect(store.list('')).toEqual([]);
    expect(fs.statSync(path.join(dir, 'state', '.berth')).isDirectory()).toBe(true);
  });

  it('puts, gets, lists by prefix in key order, and deletes', () => {
    const store = FileStore.open(dir);
    store.put('rollout/shop/web', { revision: 2 });
    store.put('host/h2', { generation: 7 });
    store.put('rollout/blog/api', { revision: 1 });
    store.put('host/h1', { generation: 3 });
    expect(store.get('host/h2')).toEqual({ generation: 7 });
    expect(store.list('host/')).toEqual([
      ['host/h1', { generation: 3 }],
      ['host/h2', { generation: 7 }],
    ]);
    expect(store.list('rollout/').map(([key]) => key)).toEqual(['rollout/blog/api', 'rollout/shop/web']);
    store.delete('host/h1');
    expect(store.get('host/h1')).toBeUndefined();
    expect(store.list('host/').map(([key]) => key)).toEqual(['host/h2']);
  });

  it('makes nothing durable before commit, and everything after', async () => {
    const store = FileStore.open(dir);
    store.put('sync', { status: 'Synced' });
    store.put('events', [{ reason: 'Scheduled' }]);
    expect(FileStore.open(dir).get('sync')).toBeUndefined();
    await store.commit();
    const reopened = FileStore.open(dir);
    expect(reopened.get('sync')).toEqual({ status: 'Synced' });
    expect(reopened.get('events')).toEqual([{ reason: 'Scheduled' }]);
  });

  it('makes a delete durable on commit', async () => {
    const store = FileStore.open(dir);
    store.put('failed-commit', { commit: 'abc' });
    await store.commit();
    store.delete('failed-commit');
    expect(FileStore.open(dir).get('failed-commit')).toEqual({ commit: 'abc' });
    await store.commit();
    expect(FileStore.open(dir).get('failed-commit')).toBeUndefined();
  });

  it('commits on close', async () => {
    const store = FileStore.open(dir);
    store.put('cron/default/backup', { lastScheduleTime: '2026-03-01T10:00:00Z' });
    await store.close();
    expect(FileStore.open(dir).get('cron/default/backup')).toEqual({ lastScheduleTime: '2026-03-01T10:00:00Z' });
  });

  it('keeps a copy of what was put: changing the object afterwards changes nothing', async () => {
    const store = FileStore.open(dir);
    const record = { generation: 1, pods: { 'default/web': 'h1' } };
    store.put('host/h1', record);
    record.generation = 2;
    record.pods['default/web'] = 'changed';
    expect(store.get('host/h1')).toEqual({ generation: 1, pods: { 'default/web': 'h1' } });
    await store.commit();
    expect(FileStore.open(dir).get('host/h1')).toEqual({ generation: 1, pods: { 'default/web': 'h1' } });
  });

  it.each([
    ['not JSON (torn)', '{"format": "berth.dev/v1 ControllerStore", "items": {', /not valid JSON/],
    ['JSON of something else', '{"apiVersion": "v1", "kind": "ConfigMap"}', /not a Berth controller store/],
    ['empty (truncated)', '', /not valid JSON/],
  ])('keeps a store file that is %s aside and goes on with its last good copy, saying so', async (_, text, problem) => {
    const good = FileStore.open(dir);
    good.put('sync', { status: 'Synced', commit: 'aaa' });
    await good.commit();
    fs.writeFileSync(path.join(dir, FILE), text);
    const store = FileStore.open(dir, new Date('2026-12-08T03:00:00Z'));
    expect(store.get('sync')).toEqual({ status: 'Synced', commit: 'aaa' });
    const keptAs = path.join(dir, `${FILE}.corrupt-2026-12-08T03-00-00-000Z`);
    expect(store.recovery).toMatchObject({ file: path.join(dir, FILE), keptAs, from: 'copy', reason: expect.stringMatching(problem) });
    expect(fs.readFileSync(keptAs, 'utf8')).toBe(text);
    // The file itself is whole again: the next open needs no recovery.
    expect(FileStore.open(dir).recovery).toBeUndefined();
  });

  it('starts empty when the file and its copy are both unreadable, keeping both aside and saying so, never throwing', () => {
    fs.writeFileSync(path.join(dir, FILE), '{"format"');
    fs.writeFileSync(path.join(dir, `${FILE}.last-good`), '');
    const store = FileStore.open(dir);
    expect(store.list('')).toEqual([]);
    expect(store.recovery).toMatchObject({ from: 'nothing', reason: expect.stringMatching(/not valid JSON.*last good copy too/) });
    expect(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(2);
  });

  it('ignores a temp file left by a crash mid-write and reads the previous content', async () => {
    const store = FileStore.open(dir);
    store.put('sync', { status: 'Synced', commit: 'aaa' });
    await store.commit();
    // A temp file left by a write killed between writing it and the rename.
    fs.writeFileSync(path.join(dir, `${FILE}.2734928347`), '{"format": "berth.dev/v1 ControllerStore", "items": {"sync": {"commit": "bb');
    expect(FileStore.open(dir).get('sync')).toEqual({ status: 'Synced', commit: 'aaa' });
  });

  it('serializes concurrent commits: the last one wins and the file is always valid JSON', async () => {
    const store = FileStore.open(dir);
    const file = path.join(dir, FILE);
    const seen: string[] = [];
    const watcher = setInterval(() => {
      if (fs.existsSync(file)) seen.push(fs.readFileSync(file, 'utf8'));
    }, 1);
    const commits: Promise<void>[] = [];
    const big = 'x'.repeat(64 * 1024);
    for (let i = 1; i <= 20; i++) {
      store.put('counter', i);
      store.put(`blob/${i % 3}`, `${big}${i}`);
      commits.push(store.commit());
    }
    await Promise.all(commits);
    clearInterval(watcher);
    seen.push(fs.readFileSync(file, 'utf8'));
    for (const text of seen) expect(() => JSON.parse(text)).not.toThrow();
    expect(FileStore.open(dir).get('counter')).toBe(20);
    expect(FileStore.open(dir).get('blob/2')).toBe(`${big}20`);
  });

  it('writes again after a failed commit once the cause is gone', async () => {
    const store = FileStore.open(dir);
    store.put('sync', { status: 'Synced' });
    fs.rmSync(dir, { recursive: true });
    await expect(store.commit()).rejects.toThrow(/ENOENT/);
    fs.mkdirSync(dir);
    await store.commit();
    expect(FileStore.open(dir).get('sync')).toEqual({ status: 'Synced' });
  });

  it('writes the file readable by its owner only', async () => {
    const store = FileStore.open(dir);
    store.put('sync', {});
    await store.commit();
    expect(fs.statSync(path.join(dir, FILE)).mode & 0o777).toBe(0o600);
  });
});
