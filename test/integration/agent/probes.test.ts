// httpGet and tcpSocket probes against real servers on 127.0.0.1 (the kinds that do not need Docker).
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProber, httpGetProbe, tcpSocketProbe, PROBE_USER_AGENT } from '../../../src/agent/probes';

const HOST = '127.0.0.1';
let server: http.Server;
let port: number;
let closedPort: number;
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/slow') return void setTimeout(() => res.end('late'), 2000);
    if (url.pathname === '/stall') return void res.writeHead(200).write('partial');
    if (url.pathname === '/redirect') return void res.writeHead(302, { location: '/status/500' }).end();
    if (url.pathname === '/away') return void res.writeHead(301, { location: 'http://example.invalid/' }).end('moved');
    res.writeHead(Number(url.pathname.split('/')[2] ?? 200)).end('body');
  });
  await new Promise<void>((r) => server.listen(0, HOST, r));
  port = (server.address() as net.AddressInfo).port;
  // A port nothing listens on: bind one, note it, close it.
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, HOST, r));
  closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('the httpGet prober', () => {
  it.each<[string, string, string, string | undefined]>([
    ['200 is success', '/status/200', 'Success', 'body'],
    ['399 is success', '/status/399', 'Success', 'body'],
    ['500 fails with the status code', '/status/500', 'Failure', 'HTTP probe failed with statuscode: 500'],
    ['404 fails too', '/status/404', 'Failure', 'HTTP probe failed with statuscode: 404'],
    ['a redirect on the same host is followed', '/redirect', 'Failure', 'HTTP probe failed with statuscode: 500'],
    ['a redirect to another host is a warning', '/away', 'Warning', 'Probe terminated redirects, Response body: moved'],
  ])('%s', async (_name, path, result, message) => {
    expect(await httpGetProbe({ host: HOST, port, path }, { timeoutMs: 1000 })).toEqual({ result, message });
  });

  it('fails after the timeout', async () => {
    const r = await httpGetProbe({ host: HOST, port, path: '/slow' }, { timeoutMs: 200 });
    expect(r).toEqual({ result: 'Failure', message: `Get "http://${HOST}:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
  });

  it('fails after the timeout when the body never ends', async () => {
    expect((await httpGetProbe({ host: HOST, port, path: '/stall' }, { timeoutMs: 200 })).result).toBe('Failure');
  });

  it('fails when nothing listens, as Go says it', async () => {
    const r = await httpGetProbe({ host: HOST, port: closedPort, path: '/healthz' }, { timeoutMs: 1000 });
    expect(r).toEqual({ result: 'Failure', message: `Get "http://${HOST}:${closedPort}/healthz": dial tcp ${HOST}:${closedPort}: connect: connection refused` });
  });

  it('sends the probe’s headers over the kubelet’s defaults, Host included', async () => {
    seen.length = 0;
    await httpGetProbe({ host: HOST, port, httpHeaders: [{ name: 'X-Probe', value: 'yes' }, { name: 'host', value: 'web.example' }] }, { timeoutMs: 1000 });
    expect(seen[0]).toMatchObject({ 'user-agent': PROBE_USER_AGENT, accept: '*/*', 'x-probe': 'yes', host: 'web.example' });
  });

  it('probes the pod IP on the named container port', async () => {
    const prober = createProber({ exec: async () => ({ exitCode: 0 }) });
    const container = { name: 'app', ports: [{ name: 'http', containerPort: port }] };
    expect(await prober.probe({ httpGet: { port: 'http', path: '/status/204' } }, { podIP: HOST, container, containerId: 'c1' })).toMatchObject({ result: 'Success' });
  });
});

describe('the tcpSocket prober', () => {
  it('succeeds when a connection opens', async () => {
    expect(await tcpSocketProbe(HOST, port, { timeoutMs: 1000 })).toEqual({ result: 'Success' });
  });

  it('fails when the connection is refused', async () => {
    expect(await tcpSocketProbe(HOST, closedPort, { timeoutMs: 1000 })).toEqual({ result: 'Failure', message: `dial tcp ${HOST}:${closedPort}: connect: connection refused` });
  });

  it('fails at its timeout when the address does not answer', async () => {
    // TEST-NET-1 (RFC 5737) is never routed: the SYN goes unanswered (i/o timeout), or a firewall answers at once.
    const r = await tcpSocketProbe('192.0.2.1', 80, { timeoutMs: 200 });
    expect(r.result).toBe('Failure');
    expect(r.message).toMatch(/^dial tcp 192\.0\.2\.1:80: (i\/o timeout|connect: .+)$/);
  });

  it('is cancelled by its signal', async () => {
    const abort = new AbortController();
    const pending = tcpSocketProbe('192.0.2.1', 80, { timeoutMs: 5000, signal: abort.signal });
    abort.abort();
    expect((await pending).result).toMatch(/Unknown|Failure/);
  });
});
