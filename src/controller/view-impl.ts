import type { Readable } from 'node:stream';
import { BerthError } from '../errors';
import { agentClientFor } from '../fleet';
import type { Controller } from './loop';
import { ControllerNotFoundError } from './errors';

export { ControllerNotFoundError };
import type { ControllerView, DrainStatus, ExecResult, PodLogOptions, RolloutRevision } from './view';


/** The ControllerView of a running Controller: reads from its last pass, logs and exec through the pod's host. */
export class LoopView implements ControllerView {
  constructor(private readonly controller: Controller) {}

  pods() {
    return this.controller.snapshot.pods;
  }

  objects() {
    return this.controller.snapshot.objects;
  }

  nodes() {
    return this.controller.snapshot.nodes;
  }

  events() {
    return this.controller.snapshot.events;
  }

  sync() {
    return this.controller.snapshot.sync;
  }

  podLogs(namespace: string, name: string, options: PodLogOptions): Promise<Readable> {
    return this.#agentOf(namespace, name).logs(namespace, name, options);
  }

  podExec(namespace: string, name: string, container: string | undefined, command: string[]): Promise<ExecResult> {
    return this.#agentOf(namespace, name).exec(namespace, name, { container, command });
  }

  rolloutHistory(namespace: string, name: string): RolloutRevision[] {
    const history = this.controller.workloads.history(namespace, name);
    if (!history) throw new ControllerNotFoundError(`deployment ${namespace}/${name}`, 'berth get deployments -A lists them');
    return history;
  }

  async rolloutUndo(namespace: string, name: string, toRevision?: number): Promise<RolloutRevision> {
    return this.controller.undo(namespace, name, toRevision);
  }

  async drain(host: string): Promise<DrainStatus> {
    return this.controller.drain(host);
  }

  #agentOf(namespace: string, name: string) {
    const pod = this.pods().find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name && !p.metadata?.deletionTimestamp);
    if (!pod) throw new ControllerNotFoundError(`pod ${namespace}/${name}`, 'berth get pods -A lists them');
    const host = pod.spec?.nodeName;
    const fleet = this.controller.fleet;
    if (!host || !fleet) throw new BerthError('PodNotRunning', `pod ${namespace}/${name} is not placed on a host yet (${pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message ?? 'pending'})`);
    return agentClientFor(fleet.session(host));
  }
}
