// A container whose liveness or startup probe failed is killed (preStop hook, SIGTERM, SIGKILL), in the background;
// the next pass restarts it as its restart policy and back-off say, as the kubelet does.
import { stopGracefully } from '../pods/stop';
import type { ProbeKind } from '../probes';
import type { ContainerRuntime } from '../runtime';
import { currentSandbox } from './instance';
import type { PodWorkers } from './workers';

export interface ProbeKill {
  /** The instance key (uid@hash) the probe ran under. */
  key: string;
  container: string;
  containerId: string;
  kind: ProbeKind;
}

export function killForProbe({ book, tasks }: PodWorkers, runtime: ContainerRuntime, cluster: string, { key, container, containerId, kind }: ProbeKill, log: (message: string) => void): void {
  const uid = key.slice(0, key.lastIndexOf('@'));
  const hash = key.slice(key.lastIndexOf('@') + 1);
  const spec = book.specOf(uid, hash)?.spec?.containers.find((c) => c.name === container);
  const probe = kind === 'startup' ? spec?.startupProbe : spec?.livenessProbe;
  // A probe's own terminationGracePeriodSeconds replaces the pod's for this kill (Kubernetes 1.25+).
  const grace = probe?.terminationGracePeriodSeconds ?? book.graceOf(uid, hash);
  tasks.run(`kill:${containerId}`, async () => {
    const version = (await runtime.listManaged(cluster)).filter((c) => c.identity.podUid === uid && c.identity.specHash === hash);
    await stopGracefully(runtime, { id: containerId, spec, podIP: currentSandbox(version)?.ip }, grace, log);
  });
}
