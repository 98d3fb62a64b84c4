import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastGoodCopyOf, loadStateFile, writeStateFileSync } from '../../../src/common';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-state-file-'));
  file = path.join(dir, 'state.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const parse = (text: string) => JSON.parse(text) as { n: number };
const now = new Date('2026-12-08T03:00:00.123Z');

describe('a state file with its last good copy', () => {
  it('is nothing, and no recovery, on a first start', () => {
    expect(loadStateFile(file, parse, now)).toEqual({ value: undefined });
  });

  it('writes the copy and the file alike, and reads the file', () => {
    writeStateFileSync(file, '{"n":1}');
    expect(fs.readFileSync(lastGoodCopyOf(file), 'utf8')).toBe('{"n":1}');
    expect(loadStateFile(file, parse, now)).toEqual({ value: { n: 1 } });
  });

  it('takes the copy, silently, when the file is missing (a crash between the two writes of the first one)', () => {
    fs.writeFileSync(lastGoodCopyOf(file), '{"n":2}');
    expect(loadStateFile(file, parse, now)).toEqual({ value: { n: 2 } });
    expect(fs.readFileSync(file, 'utf8')).toBe('{"n":2}');
  });

  it('keeps a torn file aside, takes the copy and writes it back as the file', () => {
    writeStateFileSync(file, '{"n":3}');
    fs.writeFileSync(file, '{"n');
    const { value, recovery } = loadStateFile(file, parse, now);
    expect(value).toEqual({ n: 3 });
    expect(recovery).toEqual({ file, keptAs: `${file}.corrupt-2026-12-08T03-00-00-123Z`, reason: expect.any(String), from: 'copy', at: now.toISOString() });
    expect(fs.readFileSync(recovery!.keptAs, 'utf8')).toBe('{"n');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"n":3}');
  });

  it('keeps both aside and loads nothing when the copy is torn too, saying both reasons', () => {
    fs.writeFileSync(file, '');
    fs.writeFileSync(lastGoodCopyOf(file), '{');
    const { value, recovery } = loadStateFile(file, parse, now);
    expect(value).toBeUndefined();
    expect(recovery).toMatchObject({ from: 'nothing', reason: expect.stringMatching(/; its last good copy too: /) });
    expect(fs.readdirSync(dir).sort()).toEqual([`state.json.corrupt-2026-12-08T03-00-00-123Z`, `state.json.last-good.corrupt-2026-12-08T03-00-00-123Z`]);
  });
});
