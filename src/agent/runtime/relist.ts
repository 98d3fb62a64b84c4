// The observed containers kept between two listings, like the kubelet's PLEG: each relist is one cheap
// `GET /containers/json`, and only a container whose entry changed (new, another state or status line) is inspected
// again. Without it, every pass and every GET /v1/pods inspected every container of the host, one request each,
// which with a few dozen pods kept dockerd busy and slowed the very container starts the agent waits for.
import type Docker from 'dockerode';
import type { ObservedContainer } from './types';

interface Entry {
  /** What the listing said of the container when it was inspected. */
  seen: string;
  observed: ObservedContainer;
}

export class InspectCache {
  readonly #entries = new Map<string, Entry>();

  /** The observation of a listed container, if nothing in its listing changed since it was inspected. */
  get(listed: Docker.ContainerInfo): ObservedContainer | undefined {
    const entry = this.#entries.get(listed.Id);
    return entry && entry.seen === seenOf(listed) ? entry.observed : undefined;
  }

  set(listed: Docker.ContainerInfo, observed: ObservedContainer): void {
    // A created container is inspected every time: a start that failed leaves its listing as it was ("Created").
    if (listed.State === 'created') this.#entries.delete(listed.Id);
    else this.#entries.set(listed.Id, { seen: seenOf(listed), observed });
  }

  /** The agent changed the container (start, stop, remove): the next listing inspects it again. */
  forget(id: string): void {
    this.#entries.delete(id);
  }

  /** Keeps only the containers of the last listing. */
  retain(listed: readonly Docker.ContainerInfo[]): void {
    const ids = new Set(listed.map((c) => c.Id));
    for (const id of this.#entries.keys()) if (!ids.has(id)) this.#entries.delete(id);
  }
}

/**
 * The status line changes with every transition (Up, Exited (137), Paused, Restarting), and with the time since it,
 * so a container stopped and started again between two listings still reads differently.
 */
function seenOf(listed: Docker.ContainerInfo): string {
  return `${listed.State}\u0000${listed.Status}\u0000${listed.Names?.join(',')}`;
}
