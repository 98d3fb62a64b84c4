// The tcpSocket prober: success when a TCP connection opens within the timeout. Messages as Go's dialer writes them,
// since that is what people search for ("dial tcp 10.1.0.7:8080: connect: connection refused").
import net from 'node:net';
import type { ProbeResult } from './state';

export interface DialOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export function tcpSocketProbe(host: string, port: number, { timeoutMs, signal }: DialOptions): Promise<ProbeResult> {
  const address = joinHostPort(host, port);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: ProbeResult) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => done({ result: 'Unknown', message: 'probe cancelled' });
    const timer = setTimeout(() => done({ result: 'Failure', message: `dial tcp ${address}: i/o timeout` }), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done({ result: 'Success' }));
    socket.once('error', (err) => done({ result: 'Failure', message: dialMessage(host, port, err) }));
  });
}

/** Go's text for a failed dial, for the usual errno values of connect(2). */
export function dialMessage(host: string, port: number, err: Error & { code?: string }): string {
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `dial tcp: lookup ${host}: no such host`;
  return `dial tcp ${joinHostPort(host, port)}: ${dialError(err)}`;
}

function dialError(err: Error & { code?: string }): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connect: connection refused';
    case 'EHOSTUNREACH':
      return 'connect: no route to host';
    case 'ENETUNREACH':
      return 'connect: network is unreachable';
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    default:
      return err.message;
  }
}

export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
