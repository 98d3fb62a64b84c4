import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Container } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { stopGracefully } from '../../../../src/agent/pods/stop';
import type { ContainerRuntime } from '../../../../src/agent/runtime';

/** A runtime that records exec and stop calls; exec takes `execMs` and exits with `exitCode`. */
function recording(execMs = 0, exitCode = 0): ContainerRuntime & { calls: string[] } {
  const calls: string[] = [];
  const fake = {
    calls,
    async exec(id: string, command: string[]) {
      calls.push(`exec ${id} ${command.join(' ')}`);
      await new Promise((r) => setTimeout(r, execMs));
      return { exitCode, stdout: '', stderr: '' };
    },
    async stop(id: string, grace: number) {
      calls.push(`stop ${id} ${grace}`);
    },
  };
  return fake as unknown as ContainerRuntime & { calls: string[] };
}

const withHook = (preStop: NonNullable<Container['lifecycle']>['preStop']): Container => ({ name: 'app', image: 'x', lifecycle: { preStop } });

describe('stopGracefully', () => {
  it('runs an exec preStop hook before the stop signal', async () => {
    const runtime = recording();
    await stopGracefully(runtime, { id: 'c1', spec: withHook({ exec: { command: ['sh', '-c', 'echo bye'] } }) }, 30);
    expect(runtime.calls).toEqual(['exec c1 sh -c echo bye', 'stop c1 30']);
  });

  it('stops at once with the whole grace period when there is no hook or no spec', async () => {
    const runtime = recording();
    await stopGracefully(runtime, { id: 'c1', spec: { name: 'app' } }, 5);
    await stopGracefully(runtime, { id: 'c2' }, 5);
    expect(runtime.calls).toEqual(['stop c1 5', 'stop c2 5']);
  });

  it('stops the container even when its hook fails, and says so', async () => {
    const runtime = recording(0, 1);
    const logs: string[] = [];
    await stopGracefully(runtime, { id: 'c1', spec: withHook({ exec: { command: ['false'] } }) }, 10, (m) => logs.push(m));
    expect(runtime.calls).toEqual(['exec c1 false', 'stop c1 10']);
    expect(logs[0]).toMatch(/preStop hook of app failed/);
  });

  it('counts the hook in the grace period, leaving at least 2 s for the stop signal', async () => {
    const runtime = recording(60_000); // a hook that would outlast the test: it is cut at the grace period
    await stopGracefully(runtime, { id: 'c1', spec: withHook({ exec: { command: ['sleep', '60'] } }) }, 1);
    expect(runtime.calls).toEqual(['exec c1 sleep 60', 'stop c1 2']);
  });

  it('calls an httpGet hook on the pod IP at a named port', async () => {
    const paths: string[] = [];
    const server = http.createServer((req, res) => {
      paths.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const runtime = recording();
      const spec: Container = { ...withHook({ httpGet: { path: '/shutdown', port: 'admin' } }), ports: [{ name: 'admin', containerPort: port }] };
      await stopGracefully(runtime, { id: 'c1', spec, podIP: '127.0.0.1' }, 5);
      expect(paths).toEqual(['/shutdown']);
      expect(runtime.calls).toEqual(['stop c1 5']);
    } finally {
      server.close();
    }
  });
});
