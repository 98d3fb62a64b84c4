// The local transport: a HostSession for this machine itself, as the fleet's code uses every host.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalSession } from '../../../src/fleet';

const dir = mkdtempSync(join(tmpdir(), 'berth-fleet-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const session = new LocalSession({ host: 'h1', env: { BERTH_HOST: 'h1' } });

describe('the local transport', () => {
  it('runs a command with sh and gives its exit code and output', async () => {
    expect(await session.exec('echo out; echo err >&2; exit 3')).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('feeds stdin from a string or a stream', async () => {
    expect((await session.exec('cat', { stdin: 'hello' })).stdout).toBe('hello');
    expect((await session.exec('wc -c', { stdin: Readable.from([Buffer.alloc(70_000)]) })).stdout.trim()).toBe('70000');
  });

  it('gives the session environment to commands and env()', async () => {
    expect((await session.exec('echo $BERTH_HOST')).stdout).toBe('h1\n');
    expect((await session.env()).BERTH_HOST).toBe('h1');
    expect((await session.env()).PATH).toBe(process.env.PATH);
  });

  it('abandons a command past its time limit with HostTimeout', async () => {
    await expect(session.exec('sleep 5', { timeoutMs: 200 })).rejects.toMatchObject({ code: 'HostTimeout', data: { host: 'h1' } });
  });

  it('writes a file atomically with its mode, creating the folder, and leaves no temp file', async () => {
    const path = join(dir, 'a/b/file.sh');
    await session.upload(Buffer.from('one'), path, { mode: 0o755 });
    await session.upload(Readable.from([Buffer.from('two')]), path, { mode: 0o755 });
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(statSync(path).mode & 0o777).toBe(0o755);
    expect(readdirSync(join(dir, 'a/b'))).toEqual(['file.sh']);
  });

  it('names the host when a write fails', async () => {
    await session.upload(Buffer.from('x'), join(dir, 'plain'));
    await expect(session.upload(Buffer.from('x'), join(dir, 'plain/file'))).rejects.toMatchObject({ code: 'HostCallFailed', message: expect.stringContaining('host h1') });
  });

  it('opens a byte stream to a unix socket, and says which host could not', async () => {
    const socketPath = join(dir, 'echo.sock');
    const server: Server = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const stream = await session.openUnixStream(socketPath);
      stream.end('ping');
      let echoed = '';
      for await (const chunk of stream) echoed += chunk;
      expect(echoed).toBe('ping');
    } finally {
      server.close();
    }
    await expect(session.openUnixStream(join(dir, 'none.sock'))).rejects.toMatchObject({ code: 'HostCallFailed', message: expect.stringContaining('none.sock') });
  });
});
