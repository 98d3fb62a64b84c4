// hostPort publishing against the real engine, as Kubernetes does it: on the port's hostIP when it names one, else on
// every IPv4 address of the host (0.0.0.0), not only on the address the agent reports as the pod's hostIP.
import { get } from 'node:http';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Pod } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE } from '../../helpers/images';
import { condition, eventually, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('hostport');
});

afterAll(async () => {
  await h?.stop();
});

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The body of GET http://host:port/, or the error's code. */
function fetchText(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = get({ host, port, path: '/', timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body.trim()));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

const otherAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)!.address;

describe('hostPort', () => {
  it('is published on 0.0.0.0 when the port names no hostIP, and only on its hostIP when it names one', async () => {
    const [all, local] = [await freePort(), await freePort()];
    const pod: Pod = {
      metadata: { name: 'ported', namespace: 'default', uid: 'uid-ported' },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: [
          {
            name: 'web',
            image: BUSYBOX_IMAGE,
            command: ['sh', '-c', 'mkdir -p /www && echo hello > /www/index.html && httpd -p 8080 -h /www && exec httpd -f -p 8081 -h /www'],
            ports: [
              { containerPort: 8080, hostPort: all },
              { containerPort: 8081, hostPort: local, hostIP: '127.0.0.1' },
            ],
            readinessProbe: { tcpSocket: { port: 8081 }, periodSeconds: 1 },
          },
        ],
      },
    };
    await h.setPods([pod]);
    await eventually(async () => expect(condition(await h.pod('ported'), 'Ready')?.status).toBe('True'));
    const [sandbox] = await h.docker.listContainers({ filters: { label: [`berth.dev/cluster=${h.cluster}`, 'berth.dev/container=POD'] } });
    const bindings = (await h.docker.getContainer(sandbox.Id).inspect()).HostConfig.PortBindings;
    expect(bindings).toEqual({
      '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: String(all) }],
      '8081/tcp': [{ HostIp: '127.0.0.1', HostPort: String(local) }],
    });
    await eventually(async () => {
      expect(await fetchText('127.0.0.1', all)).toBe('hello');
      expect(await fetchText(otherAddress, all)).toBe('hello');
      expect(await fetchText('127.0.0.1', local)).toBe('hello');
    });
    expect(await fetchText(otherAddress, local)).toBe('ECONNREFUSED');
  });
});
