import type { Container } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { createProber, execProbe, probeURL, resolvePort, type ExecFunction } from '../../../../src/agent/probes';

const container: Container = { name: 'app', ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }] };

describe('a probe’s port', () => {
  it.each<[string, number | string, number | string]>([
    ['a number is the port', 80, 80],
    ['a name is the container port of that name', 'metrics', 9090],
    ['a number written as a string is that number', '8443', 8443],
    ['an unknown name is an error', 'admin', "couldn't find port: admin in container app"],
    ['zero is not a port', 0, 'invalid port number: 0'],
    ['nor is 65536', 65536, 'invalid port number: 65536'],
  ])('%s', (_name, port, want) => {
    expect(resolvePort(port, container)).toBe(want);
  });
});

describe('the URL of an httpGet probe', () => {
  it.each<[string, Parameters<typeof probeURL>[0], string]>([
    ['HTTP by default, path / by default', { host: '10.0.0.5', port: 80 }, 'http://10.0.0.5/'],
    ['HTTPS and a path with a query', { host: '10.0.0.5', port: 8443, scheme: 'HTTPS', path: '/healthz?full=1' }, 'https://10.0.0.5:8443/healthz?full=1'],
    ['a path without its slash', { host: 'localhost', port: 8080, path: 'ready' }, 'http://localhost:8080/ready'],
    ['an IPv6 host in brackets', { host: 'fd00::5', port: 8080 }, 'http://[fd00::5]:8080/'],
  ])('%s', (_name, request, want) => {
    expect(probeURL(request).href).toBe(want);
  });
});

describe('the exec prober (with a fake exec function standing in for Docker exec)', () => {
  const fakeExec =
    (answer: Awaited<ReturnType<ExecFunction>> | Error | 'hang'): ExecFunction =>
    () =>
      answer === 'hang' ? new Promise(() => {}) : answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  const timeout = Object.assign(new Error('timed out'), { code: 'ExecTimeout' });

  it.each<[string, Parameters<typeof fakeExec>[0], { result: string; message?: string }]>([
    ['exit code 0 is success', { exitCode: 0 }, { result: 'Success' }],
    ['another exit code is failure, with the output as message', { exitCode: 1, stdout: 'not yet\n' }, { result: 'Failure', message: 'not yet' }],
    ['a silent failure names the command and code', { exitCode: 2 }, { result: 'Failure', message: 'command "cat /tmp/healthy" exited with code 2' }],
    ['the runtime’s timeout is a failure', timeout, { result: 'Failure', message: 'command "cat /tmp/healthy" timed out' }],
    ['another error means the probe could not run', new Error('no such container'), { result: 'Unknown', message: 'no such container' }],
  ])('%s', async (_name, answer, want) => {
    const r = await execProbe(fakeExec(answer), 'c1', ['cat', '/tmp/healthy'], 1000);
    expect({ result: r.result, ...(r.message ? { message: r.message } : {}) }).toEqual(want);
  });

  it('gives up on an exec function that never answers', async () => {
    const r = await execProbe(fakeExec('hang'), 'c1', ['sleep', '60'], 10);
    expect(r).toEqual({ result: 'Failure', message: 'command "sleep 60" timed out' });
  });

  it('passes the container id, the command and the timeout through', async () => {
    const seen: unknown[] = [];
    const prober = createProber({
      exec: async (...args) => {
        seen.push(args);
        return { exitCode: 0 };
      },
    });
    await prober.probe({ exec: { command: ['true'] }, timeoutSeconds: 3 }, { container, containerId: 'c9' });
    expect(seen).toEqual([['c9', ['true'], { timeoutMs: 3000 }]]);
  });
});

describe('probes that cannot run', () => {
  const prober = createProber({ exec: async () => ({ exitCode: 0 }) });
  it.each<[string, Parameters<typeof prober.probe>[0], string | undefined]>([
    ['an httpGet probe before the pod has an IP', { httpGet: { port: 80 } }, undefined],
    ['a tcpSocket probe on a port the container does not name', { tcpSocket: { port: 'admin' } }, '10.0.0.2'],
    ['a probe without a handler', {}, '10.0.0.2'],
  ])('%s is Unknown', async (_name, probe, podIP) => {
    expect((await prober.probe(probe, { podIP, container, containerId: 'c1' })).result).toBe('Unknown');
  });
});
