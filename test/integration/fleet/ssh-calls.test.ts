// HostSession over a real sshd: commands, uploads, unix stream forwarding and the environment, on one connection.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet, agentClientFor, type SshSession } from '../../../src/fleet';
import { startSshd, type Sshd } from '../../helpers/sshd';

describe('calls to a host over its SSH connection', () => {
  let sshd: Sshd;
  let fleet: Fleet;
  let s: SshSession;
  const connections = () => sshd.log().match(/Accepted publickey/g)?.length ?? 0;

  beforeAll(async () => {
    sshd = await startSshd({ env: (dir) => ({ BERTH_AGENT_HOME: `${dir}/agent`, BERTH_TEST_NAME: 'h1' }) });
    fs.writeFileSync(path.join(sshd.dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
    fleet = new Fleet(sshd.inventory(), { repoRoot: sshd.dir, readyTimeoutMs: 5_000 });
    s = fleet.session('h1');
  });
  afterAll(async () => {
    await fleet.close();
    await sshd.stop();
    fs.rmSync(sshd.dir, { recursive: true, force: true });
  });

  it('runs commands with their exit codes, signals, and stdin from a string, a buffer or a stream', async () => {
    expect(await s.exec('exit 0')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await s.exec('exit 42')).code).toBe(42);
    expect(await s.exec('kill -TERM $$')).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect((await s.exec('cat', { stdin: 'from a string\n' })).stdout).toBe('from a string\n');
    expect((await s.exec('wc -c', { stdin: Buffer.alloc(100_000, 1) })).stdout.trim()).toBe('100000');
    expect((await s.exec('tr a-z A-Z', { stdin: Readable.from(['str', 'eam']) })).stdout).toBe('STREAM');
    expect((await s.exec('cat')).stdout).toBe(''); // no stdin given: it is closed, nothing waits on it
  });

  it('gives up on a command past its time limit with an error naming host and command, and stays usable', async () => {
    const err = await s.exec('sleep 10', { timeoutMs: 300 }).catch((e) => e);
    expect(err.code).toBe('HostTimeout');
    expect(err.message).toBe('host h1: `sleep 10` timed out after 300ms');
    expect((await s.exec('echo still')).stdout).toBe('still\n');
  });

  it('runs more commands at once than sshd allows sessions (MaxSessions 10), all over one connection', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => s.exec(`sleep 0.1; echo ${i}`)));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
    expect(connections()).toBe(1);
  });

  it('uploads a file with its mode, creating folders, and replaces an existing one without a half-written moment', async () => {
    const target = path.join(sshd.dir, 'up', 'a', 'file.bin');
    await s.upload(Buffer.from('first'), target, { mode: 0o640 });
    expect(fs.readFileSync(target, 'utf8')).toBe('first');
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);

    const big = Buffer.alloc(8 * 1024 * 1024, 'x');
    const seen = new Set<number>();
    const upload = s.upload(Readable.from([big.subarray(0, 4_000_000), big.subarray(4_000_000)]), target, { mode: 0o755 });
    let done = false;
    void upload.finally(() => (done = true));
    while (!done) {
      seen.add(fs.readFileSync(target).length); // the path always holds a whole file: the old one or the new one
      await new Promise((r) => setImmediate(r));
    }
    await upload;
    expect([...seen].every((n) => n === 5 || n === big.length)).toBe(true);
    expect(fs.readFileSync(target).equals(big)).toBe(true);
    expect(fs.statSync(target).mode & 0o777).toBe(0o755);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['file.bin']); // no temp file left
  });

  it('reports a failed upload naming the host and path, leaving nothing behind', async () => {
    const blocker = path.join(sshd.dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const err = await s.upload(Buffer.from('x'), path.join(blocker, 'f')).catch((e) => e);
    expect(err.code).toBe('HostCallFailed');
    expect(err.message).toMatch(/^host h1: upload to .*\/not-a-folder\/f failed: /);
  });

  it("reads the host's environment as its SSH sessions see it (sshd's SetEnv)", async () => {
    const env = await s.env();
    expect(env.BERTH_TEST_NAME).toBe('h1');
    expect(env.BERTH_AGENT_HOME).toBe(`${sshd.dir}/agent`);
    expect(await s.env()).toEqual(env);
  });

  it("talks HTTP to a unix socket on the host through stream forwarding: the agent's API, found from the environment", async () => {
    fs.mkdirSync(path.join(sshd.dir, 'agent'), { recursive: true });
    const server = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    await new Promise<void>((r) => server.listen(path.join(sshd.dir, 'agent', 'agent.sock'), r));
    try {
      const client = agentClientFor(s);
      expect(await client.hostFacts()).toEqual({ path: '/v1/host', method: 'GET' });
      expect(await Promise.all([client.listPods(), client.listPods()])).toEqual([
        { path: '/v1/pods', method: 'GET' },
        { path: '/v1/pods', method: 'GET' },
      ]);
    } finally {
      server.close();
    }
    expect(connections()).toBe(1);
  });

  it('names the socket when nothing listens there', async () => {
    const err = await s.openUnixStream(path.join(sshd.dir, 'missing.sock')).catch((e) => e);
    expect(err.code).toBe('HostCallFailed');
    expect(err.message).toMatch(/^host h1: opening unix socket .*\/missing.sock failed: /);
  });
});
