/** What one Service holds. */
export interface ServiceAllocation {
  /** The virtual IP; "None" for a headless Service; absent for ExternalName (which holds nothing). */
  clusterIP?: string;
  /** By "<port>/<protocol>" of spec.ports: the port opened on every edge host. */
  nodePorts: Record<string, number>;
}

/**
 * Who holds which ClusterIP and node port while one pass of allocateServiceAddresses decides, with an undo log for a
 * Service whose request fails half way (its new address is given back when its port cannot be had).
 */
export class Claims {
  /** By address as written (dotted IPv4 has one spelling): the key of the Service holding it. */
  readonly #ips = new Map<string, string>();
  readonly #ports = new Map<number, string>();
  readonly #log: Array<{ ip: string } | { port: number }> = [];
  /** A search found nothing: later ones would not either, until something is released. */
  ipFull = false;
  portFull = false;
  /** A Service gave something back during the pass. */
  released = false;

  /** What a Service held before the pass; a second holder of one thing (a damaged record) does not get it. */
  hold(key: string, held: ServiceAllocation | undefined): void {
    if (!held) return;
    const ip = held.clusterIP;
    if (ip !== undefined && ip !== 'None' && !this.#ips.has(ip)) this.#ips.set(ip, key);
    const nodePorts = held.nodePorts;
    for (const k in nodePorts) if (!this.#ports.has(nodePorts[k])) this.#ports.set(nodePorts[k], key);
  }

  ipOwner(ip: string): string | undefined {
    return this.#ips.get(ip);
  }

  portOwner(port: number): string | undefined {
    return this.#ports.get(port);
  }

  claimIP(key: string, ip: string): void {
    this.#ips.set(ip, key);
    this.#log.push({ ip });
  }

  claimPort(key: string, port: number): void {
    this.#ports.set(port, key);
    this.#log.push({ port });
  }

  mark(): number {
    return this.#log.length;
  }

  rollback(mark: number): void {
    for (const claim of this.#log.splice(mark)) {
      if ('ip' in claim) this.#ips.delete(claim.ip);
      else this.#ports.delete(claim.port);
      this.ipFull = this.portFull = false;
    }
  }

  releaseIP(key: string, ip: string): void {
    if (this.#ips.get(ip) !== key) return;
    this.#ips.delete(ip);
    this.ipFull = false;
    this.released = true;
  }

  releasePort(key: string, port: number): void {
    if (this.#ports.get(port) !== key) return;
    this.#ports.delete(port);
    this.portFull = false;
    this.released = true;
  }

  releaseAll(key: string, held: ServiceAllocation | undefined): void {
    if (held?.clusterIP) this.releaseIP(key, held.clusterIP);
    for (const n of Object.values(held?.nodePorts ?? {})) this.releasePort(key, n);
  }
}
