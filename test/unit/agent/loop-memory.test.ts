import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PodBook } from '../../../src/agent/loop/book';
import { BACKOFF_FILE, MemoryFile, memoryOf, restoreMemory } from '../../../src/agent/loop/memory';
import { CrashLoopBackOff } from '../../../src/agent/pods/backoff';
import { ImagePullBackOff } from '../../../src/agent/pods/image-backoff';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'berth-memory-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const fresh = () => ({ book: new PodBook(), backoff: new CrashLoopBackOff(), pullBackoff: new ImagePullBackOff() });

describe("the loop's back-off memory", () => {
  it('survives a restart: a back-off goes on where it was, with the waiting reasons reported before', () => {
    const dir = tempDir();
    const before = fresh();
    // Three exits: the third waits 20 s from when it finished.
    for (const at of [T0, T0 + 1000, T0 + 12_000]) before.backoff.recordExit('u1/app', at, 500);
    before.pullBackoff.recordFailure('u1_img:1', T0);
    before.book.record('u1@h1').waiting = { app: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=app pod=web_default(u1)' } };
    new MemoryFile(dir).save(memoryOf(before));

    const after = fresh();
    restoreMemory(after, new MemoryFile(dir).load());
    expect(after.backoff.delay('u1/app', T0 + 22_000)).toBe(10_000);
    expect(after.backoff.window('u1/app')).toBe(20_000);
    // The same exit seen again by the first pass after the restart counts once.
    after.backoff.recordExit('u1/app', T0 + 12_000, 500);
    expect(after.backoff.window('u1/app')).toBe(20_000);
    expect(after.pullBackoff.decide('u1_img:1', 'img:1', T0 + 5000)).toMatchObject({ action: 'backoff', reason: 'ImagePullBackOff' });
    expect(after.book.record('u1@h1').waiting).toEqual(before.book.record('u1@h1').waiting);
  });

  it('keeps nothing but what is remembered: no entries, no waiting reasons', () => {
    const empty = fresh();
    empty.book.record('u1@h1');
    expect(memoryOf(empty)).toEqual({ crashLoop: {}, imagePull: {}, waiting: {} });
  });

  it.each([
    ['a missing file', undefined],
    ['a file that is not JSON', '{"crashLoop": '],
    ['malformed entries', JSON.stringify({ crashLoop: { 'u1/app': { exits: 'x' } }, imagePull: [], waiting: { k: { app: { message: 'no reason' } } } })],
  ])('starts from nothing with %s', (_name, text) => {
    const dir = tempDir();
    if (text !== undefined) writeFileSync(join(dir, BACKOFF_FILE), text);
    const after = fresh();
    restoreMemory(after, new MemoryFile(dir).load());
    expect(memoryOf(after)).toEqual({ crashLoop: {}, imagePull: {}, waiting: {} });
  });

  it('writes the file only when the memory changed', () => {
    const dir = tempDir();
    const file = new MemoryFile(dir);
    const m = fresh();
    m.backoff.recordExit('u1/app', T0, 0);
    file.save(memoryOf(m));
    writeFileSync(file.path, 'changed behind its back');
    file.save(memoryOf(m));
    expect(readFileSync(file.path, 'utf8')).toBe('changed behind its back');
    m.backoff.recordExit('u1/app', T0 + 1000, 0);
    file.save(memoryOf(m));
    expect(JSON.parse(readFileSync(file.path, 'utf8')).crashLoop['u1/app']).toEqual({ exits: 2, lastExitAt: T0 + 1000 });
  });
});
