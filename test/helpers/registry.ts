// A private image registry for tests: Debian's docker-registry (distribution 2.8) as a child process on the lab's
// bridge address, so the lab's hosts reach it, with TLS from a self-signed certificate for that IP. Docker engines
// trust it through /etc/docker/certs.d/HOST:PORT/ca.crt, which dockerd reads at each pull (no restart). The lab's
// engines run in the root mount namespace and only move daemon.json (--config-file), so they read the same certs.d
// as the machine's engine. Everything made here is removed by stop(), and nothing else is touched.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import Docker from 'dockerode';
import { bridgeAddress, DEFAULT_LAB_CONFIG } from '../../src/lab';
import { tempDir } from './cli';

/** The shared lab's bridge address: reachable from this machine and from every lab host. */
export const LAB_BRIDGE_ADDRESS = bridgeAddress(DEFAULT_LAB_CONFIG).split('/')[0];

const CERTS_D = '/etc/docker/certs.d';
const START_MS = 15_000;

export interface TestRegistry {
  /** host:port, as cluster.yaml's spec.registry.url and image references name it. */
  address: string;
  /** The self-signed certificate, which is its own CA. */
  caFile: string;
  /** Everything it wrote to stdout and stderr so far. */
  log(): string;
  /** Stops the process and removes its certs.d folder and temp folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** The path of the docker-registry binary; installs Debian's package when missing (as scripts/setup-machine.sh does). */
export function registryBinary(): string {
  const which = () => spawnSync('sh', ['-c', 'command -v docker-registry'], { encoding: 'utf8' }).stdout.trim();
  if (which()) return which();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', 'docker-registry'], { encoding: 'utf8', env });
  if (install().status !== 0) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    const second = install();
    if (second.status !== 0) throw new Error(`cannot install docker-registry: ${second.stderr}`);
  }
  if (!which()) throw new Error('docker-registry is installed but not on PATH');
  return which();
}

/** Starts a registry on `host` (default the lab bridge) and a free port; resolves once it answers over TLS. */
export async function startRegistry({ host = LAB_BRIDGE_ADDRESS, prefix = 'berth-e2e-registry-' } = {}): Promise<TestRegistry> {
  const binary = registryBinary();
  const port = await freePort(host);
  const address = `${host}:${port}`;
  const dir = tempDir(prefix);
  const certsDir = path.join(CERTS_D, address);
  // Another registry's trust on this address is not ours to replace (the port is free, so this is a leftover).
  if (fs.existsSync(certsDir)) throw new Error(`${certsDir} exists already: not ours, left alone`);
  const madeCertsD = !fs.existsSync(CERTS_D);
  let child: ReturnType<typeof spawn> | undefined;
  let output = '';
  let exited: Promise<void> = Promise.resolve();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(certsDir, { recursive: true, force: true });
    // /etc/docker/certs.d itself only when this made it and nobody has put anything else there since.
    if (madeCertsD && fs.existsSync(CERTS_D) && fs.readdirSync(CERTS_D).length === 0) fs.rmdirSync(CERTS_D);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    makeCertificate(host, cert, key);
    fs.mkdirSync(certsDir, { recursive: true });
    fs.copyFileSync(cert, path.join(certsDir, 'ca.crt'));
    const config = path.join(dir, 'config.yml');
    fs.writeFileSync(config, registryConfig(address, path.join(dir, 'data'), cert, key));
    child = spawn(binary, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    const c = child;
    exited = new Promise((resolve) => c.once('exit', () => resolve()));
    c.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    c.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const ca = fs.readFileSync(cert);
    const deadline = Date.now() + START_MS;
    while (!(await answers(host, port, ca))) {
      if (c.exitCode !== null) throw new Error(`docker-registry exited ${c.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`docker-registry did not answer on https://${address}/v2/ within ${START_MS} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { address, caFile: path.join(certsDir, 'ca.crt'), log: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Tags `source` as REGISTRY/repository:tag on the engine and pushes it; returns the reference and the manifest digest. */
export async function pushImage(registry: TestRegistry, source: string, repository: string, tag: string, docker = new Docker()): Promise<{ ref: string; digest: string }> {
  const repo = `${registry.address}/${repository}`;
  await docker.getImage(source).tag({ repo, tag });
  const ref = `${repo}:${tag}`;
  const stream = await docker.getImage(ref).push({ authconfig: {} });
  const events = await new Promise<Array<{ error?: string; aux?: { Digest?: string } }>>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => (err ? reject(err) : resolve(out)));
  });
  const failed = events.find((e) => e.error);
  if (failed) throw new Error(`push of ${ref} failed: ${failed.error}`);
  const digest = events.find((e) => e.aux?.Digest)?.aux?.Digest;
  if (!digest) throw new Error(`push of ${ref} reported no digest: ${JSON.stringify(events)}`);
  return { ref, digest };
}

/**
 * Removes the given references (tags, `repo@digest`) from an engine: only those names; the image itself goes only
 * when nothing else names it. Absent ones are fine. Returns the failures, so a caller can clean every engine first.
 */
export async function removeImageRefs(docker: Docker, refs: string[]): Promise<string[]> {
  const failures: string[] = [];
  for (const ref of refs) {
    try {
      await docker.getImage(ref).remove();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) failures.push(`${ref}: ${(err as Error).message}`);
    }
  }
  return failures;
}

function makeCertificate(ip: string, cert: string, key: string): void {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-keyout', key, '-out', cert, '-subj', `/CN=${ip}`, '-addext', `subjectAltName=IP:${ip}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function registryConfig(address: string, storage: string, cert: string, key: string): string {
  return [
    'version: 0.1',
    'log: { level: warn }',
    'storage:',
    `  filesystem: { rootdirectory: ${JSON.stringify(storage)} }`,
    '  delete: { enabled: true }',
    'http:',
    `  addr: ${JSON.stringify(address)}`,
    `  tls: { certificate: ${JSON.stringify(cert)}, key: ${JSON.stringify(key)} }`,
    '',
  ].join('\n');
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether GET /v2/ answers 200 over TLS, the certificate checked against `ca` (as Docker will check it). */
function answers(host: string, port: number, ca: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get({ host, port, path: '/v2/', ca, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}
