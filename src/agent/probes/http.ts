// The httpGet prober, as Kubernetes' (pkg/probe/http): GET with the probe's headers, success for 200–399, redirects
// followed only to the same host (up to 10), a redirect elsewhere is a Warning; TLS certificates are not verified;
// no keep-alive. Messages as the kubelet's, so they read as people know them.
import http from 'node:http';
import https from 'node:https';
import type { HTTPHeader } from 'kubernetes-types/core/v1';
import type { ProbeResult } from './state';
import { dialMessage, joinHostPort } from './tcp';

/** The kubelet sends kube-probe/<major>.<minor>; applications filter probes out of their logs on that prefix. */
export const PROBE_USER_AGENT = 'kube-probe/1.30';
const MAX_REDIRECTS = 10;
/** The kubelet reads at most this much of a body (into the probe's output). */
const MAX_BODY = 10 * 1024;

export interface HttpGetRequest {
  host: string;
  port: number;
  path?: string;
  scheme?: string;
  httpHeaders?: HTTPHeader[];
}

export interface HttpGetOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The URL the kubelet builds for an httpGet action. */
export function probeURL({ host, port, path = '/', scheme = 'HTTP' }: HttpGetRequest): URL {
  const p = path.startsWith('/') ? path : `/${path}`;
  return new URL(`${scheme.toLowerCase()}://${joinHostPort(host, port)}${p}`);
}

export async function httpGetProbe(request: HttpGetRequest, { timeoutMs, signal }: HttpGetOptions): Promise<ProbeResult> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const abort = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const first = probeURL(request);
  let url = first;
  for (let redirects = 0; ; redirects++) {
    let response: { status: number; location?: string; body: string };
    try {
      response = await get(url, request.httpHeaders ?? [], abort);
    } catch (err) {
      if (signal?.aborted) return { result: 'Unknown', message: 'probe cancelled' };
      if (deadline.aborted) {
        return { result: 'Failure', message: `Get "${url.href}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
      }
      const e = err as Error & { code?: string };
      const text = e.code && e.code.startsWith('E') ? dialMessage(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port), e) : e.message;
      return { result: 'Failure', message: `Get "${url.href}": ${text}` };
    }
    const { status, location, body } = response;
    if (status >= 300 && status < 400 && location) {
      const target = new URL(location, url);
      if (target.hostname === first.hostname && redirects < MAX_REDIRECTS) {
        url = target;
        continue;
      }
      return { result: 'Warning', message: `Probe terminated redirects, Response body: ${body}` };
    }
    if (status >= 200 && status < 400) return { result: 'Success', message: body || undefined };
    return { result: 'Failure', message: `HTTP probe failed with statuscode: ${status}` };
  }
}

function get(url: URL, headers: HTTPHeader[], signal: AbortSignal): Promise<{ status: number; location?: string; body: string }> {
  const out: Record<string, string> = { 'User-Agent': PROBE_USER_AGENT, Accept: '*/*', Connection: 'close' };
  // A header the probe sets replaces the default of the same name (case-insensitively), Host included.
  for (const h of headers) {
    for (const k of Object.keys(out)) if (k.toLowerCase() === h.name.toLowerCase()) delete out[k];
    out[h.name] = h.value;
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: 'GET', headers: out, agent: false, signal, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < MAX_BODY) body += chunk.slice(0, MAX_BODY - body.length);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
