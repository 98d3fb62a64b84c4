// ContainerRuntime over the Docker Engine API (dockerode): the only code in Berth that talks to Docker.
import { PassThrough, Readable } from 'node:stream';
import Docker from 'dockerode';
import { sleep } from '../../common';
import { LABEL_CLUSTER, LABEL_MANAGED, parseIdentity } from '../labels';
import { ContainerNotFound, CreateContainerError, ErrImageNeverPull, ErrImagePull, ExecTimeout, messageOf, RunContainerError, RuntimeError, statusOf } from './errors';
import { loadImage } from './load';
import { InspectCache } from './relist';
import { ensureSandboxImage, imageExists } from './sandbox';
import { toStats } from './stats';
import type {
  ContainerRuntime,
  ContainerState,
  ContainerStats,
  CreateSpec,
  ExecOptions,
  ExecResult,
  ImageSummary,
  LogOptions,
  ObservedContainer,
  PullPolicy,
  RuntimeInfo,
  RuntimeVersion,
} from './types';

export class DockerRuntime implements ContainerRuntime {
  readonly docker: Docker;
  private sandboxImage?: Promise<string>;
  private readonly inspected = new InspectCache();

  /** Without options, Docker is found as the docker CLI finds it (DOCKER_HOST, else /var/run/docker.sock). */
  constructor(docker: Docker | Docker.DockerOptions = {}) {
    this.docker = docker instanceof Docker ? docker : new Docker(docker);
  }

  async listManaged(cluster: string, signal?: AbortSignal): Promise<ObservedContainer[]> {
    const filters = { label: [`${LABEL_MANAGED}=true`, `${LABEL_CLUSTER}=${cluster}`] };
    const list = await this.docker.listContainers({ all: true, filters, ...(signal ? { abortSignal: signal } : {}) });
    this.inspected.retain(list);
    const found = await Promise.all(
      list.map(async (c) => {
        const cached = this.inspected.get(c);
        if (cached) return cached;
        const observed = await this.inspect(c.Id).catch(ignoreNotFound);
        if (observed) this.inspected.set(c, observed);
        return observed;
      }),
    );
    return found.filter((c): c is ObservedContainer => c !== undefined);
  }

  async inspect(id: string): Promise<ObservedContainer> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.docker.getContainer(id).inspect();
    } catch (err) {
      throw statusOf(err) === 404 ? new ContainerNotFound(id) : wrap(err);
    }
    const identity = parseIdentity(info.Config.Labels);
    // A container the agent did not make is, to the agent, not there.
    if (!identity) throw new ContainerNotFound(id);
    return toObserved(info, identity);
  }

  async ensureImage(image: string, pullPolicy: PullPolicy, onPulling?: () => void): Promise<boolean> {
    if (pullPolicy !== 'Always' && (await imageExists(this.docker, image))) return false;
    if (pullPolicy === 'Never') throw new ErrImageNeverPull(image);
    onPulling?.();
    try {
      const stream = await this.docker.pull(image);
      const events = await new Promise<Array<{ error?: string }>>((resolve, reject) =>
        this.docker.modem.followProgress(stream, (err: Error | null, out: Array<{ error?: string }>) => (err ? reject(err) : resolve(out))),
      );
      const failed = events.find((e) => e.error);
      if (failed) throw new Error(failed.error);
    } catch (err) {
      throw new ErrImagePull(image, messageOf(err));
    }
    return true;
  }

  ensureSandboxImage(): Promise<string> {
    this.sandboxImage ??= ensureSandboxImage(this.docker).catch((err) => {
      this.sandboxImage = undefined;
      throw err;
    });
    return this.sandboxImage;
  }

  async createContainer(spec: CreateSpec): Promise<string> {
    try {
      return (await this.docker.createContainer(spec)).id;
    } catch (err) {
      throw new CreateContainerError(spec.name, messageOf(err));
    }
  }

  async start(id: string): Promise<void> {
    this.inspected.forget(id);
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      if (statusOf(err) === 304) return; // already running
      throw statusOf(err) === 404 ? new ContainerNotFound(id) : new RunContainerError(id, messageOf(err));
    }
  }

  async stop(id: string, graceSeconds: number): Promise<void> {
    this.inspected.forget(id);
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.ceil(graceSeconds)) });
    } catch (err) {
      if (statusOf(err) === 304 || statusOf(err) === 404) return;
      throw wrap(err);
    }
  }

  async remove(id: string): Promise<void> {
    this.inspected.forget(id);
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      if (statusOf(err) === 404 || (statusOf(err) === 409 && /already in progress/.test(messageOf(err)))) return;
      throw wrap(err);
    }
  }

  async logs(id: string, { tailLines, sinceSeconds, follow = false, timestamps = false }: LogOptions = {}): Promise<NodeJS.ReadableStream> {
    const container = this.docker.getContainer(id);
    const tty = (await container.inspect().catch((err) => Promise.reject(statusOf(err) === 404 ? new ContainerNotFound(id) : wrap(err)))).Config.Tty;
    const options = {
      stdout: true,
      stderr: true,
      timestamps,
      ...(tailLines !== undefined ? { tail: tailLines } : {}),
      ...(sinceSeconds !== undefined ? { since: Math.floor(Date.now() / 1000) - sinceSeconds } : {}),
    };
    const raw: NodeJS.ReadableStream = follow
      ? await container.logs({ ...options, follow: true })
      : Readable.from([await container.logs({ ...options, follow: false })]);
    if (tty) return raw;
    const out = new PassThrough();
    this.docker.modem.demuxStream(raw, out, out);
    raw.on('end', () => out.end());
    raw.on('error', (err: Error) => out.destroy(err));
    out.on('close', () => (raw as Readable).destroy?.());
    return out;
  }

  async exec(id: string, command: string[], { timeoutMs }: ExecOptions = {}): Promise<ExecResult> {
    const container = this.docker.getContainer(id);
    let exec: Docker.Exec;
    let stream: NodeJS.ReadableStream;
    try {
      exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true, Tty: false });
      stream = await exec.start({ hijack: true, stdin: false });
    } catch (err) {
      throw statusOf(err) === 404 ? new ContainerNotFound(id) : wrap(err);
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    this.docker.modem.demuxStream(stream, collect(stdout), collect(stderr));
    await new Promise<void>((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        (stream as Readable).destroy?.();
        reject(new ExecTimeout(id, command, timeoutMs));
      }, timeoutMs);
      const done = (err?: Error) => {
        clearTimeout(timer);
        if (err) reject(wrap(err));
        else resolve();
      };
      stream.on('end', () => done());
      stream.on('close', () => done());
      stream.on('error', done);
    });
    // The stream can end a moment before the engine records the exit code.
    let info = await exec.inspect();
    for (let i = 0; info.Running && i < 100; i++) {
      await sleep(10);
      info = await exec.inspect();
    }
    return { exitCode: info.ExitCode ?? -1, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
  }

  async stats(id: string): Promise<ContainerStats> {
    try {
      return toStats(await this.docker.getContainer(id).stats({ stream: false }));
    } catch (err) {
      throw statusOf(err) === 404 ? new ContainerNotFound(id) : wrap(err);
    }
  }

  async version(signal?: AbortSignal): Promise<RuntimeVersion> {
    // @types/dockerode leaves out version's options; dockerode passes { abortSignal } on all the same.
    const version = this.docker.version as unknown as (opts: { abortSignal?: AbortSignal }) => Promise<Docker.DockerVersion>;
    const v = await version.call(this.docker, signal ? { abortSignal: signal } : {});
    return { version: v.Version, apiVersion: v.ApiVersion };
  }

  async info(): Promise<RuntimeInfo> {
    const i = await this.docker.info();
    return {
      cpus: i.NCPU,
      memoryBytes: i.MemTotal,
      kernelVersion: i.KernelVersion,
      operatingSystem: i.OperatingSystem,
      dockerRootDir: i.DockerRootDir,
      cgroupVersion: i.CgroupVersion ?? '1',
    };
  }

  async listImages(signal?: AbortSignal): Promise<ImageSummary[]> {
    const images = await this.docker.listImages(signal ? { abortSignal: signal } : {});
    return images.map((i) => ({ id: i.Id, repoTags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'), sizeBytes: i.Size }));
  }

  loadImage(tar: NodeJS.ReadableStream, signal?: AbortSignal): Promise<string[]> {
    return loadImage(this.docker, tar, signal);
  }
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function toObserved(info: Docker.ContainerInspectInfo, identity: ObservedContainer['identity']): ObservedContainer {
  const s = info.State;
  // A container whose start failed stays "created" with an error: for the pod it has run and failed.
  const state: ContainerState = s.Status === 'created' && !s.Error ? 'created' : s.Running || s.Status === 'paused' || s.Status === 'restarting' ? 'running' : 'exited';
  const networks = Object.values(info.NetworkSettings?.Networks ?? {});
  const ip = (info.NetworkSettings as { IPAddress?: string } | undefined)?.IPAddress || networks.find((n) => n.IPAddress)?.IPAddress || undefined;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    labels: info.Config.Labels ?? {},
    identity,
    image: info.Config.Image,
    imageId: info.Image,
    state,
    exitCode: s.Status === 'created' && s.Error && !s.ExitCode ? 128 : s.ExitCode,
    ...(s.StartedAt && s.StartedAt !== ZERO_TIME ? { startedAt: s.StartedAt } : {}),
    ...(s.FinishedAt && s.FinishedAt !== ZERO_TIME ? { finishedAt: s.FinishedAt } : {}),
    oomKilled: s.OOMKilled,
    ...(ip ? { ip } : {}),
    networkMode: info.HostConfig.NetworkMode ?? '',
    ...(s.Error ? { error: s.Error } : {}),
  };
}

function collect(chunks: Buffer[]): PassThrough {
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  return sink;
}

function ignoreNotFound(err: unknown): undefined {
  if (err instanceof ContainerNotFound) return undefined; // removed between list and inspect
  throw err;
}

function wrap(err: unknown): RuntimeError {
  return err instanceof RuntimeError ? err : new RuntimeError(messageOf(err), { status: statusOf(err) });
}
