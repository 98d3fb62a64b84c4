// Container resources → cgroup settings, with the kubelet's arithmetic (pkg/kubelet/cm/helpers_linux.go).
import type { HostConfig } from 'dockerode';
import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import { bytes, cpuMillis } from '../../manifest';

const MIN_SHARES = 2;
const SHARES_PER_CPU = 1024;
const MAX_SHARES = 262144;
export const CPU_PERIOD_US = 100_000;
const MIN_QUOTA_US = 1000;

/** MilliCPUToShares: a container with no CPU request still gets the minimum weight, 2. */
export function milliCpuToShares(milli: number): number {
  if (milli <= 0) return MIN_SHARES;
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor((milli * SHARES_PER_CPU) / 1000)));
}

/** MilliCPUToQuota over a 100 ms period; 0 means no limit. */
export function milliCpuToQuota(milli: number, period = CPU_PERIOD_US): number {
  if (milli <= 0) return 0;
  return Math.max(MIN_QUOTA_US, Math.floor((milli * period) / 1000));
}

export type ResourceConfig = Pick<HostConfig, 'CpuShares' | 'CpuQuota' | 'CpuPeriod' | 'Memory' | 'MemorySwap'>;

export function resourceConfig(resources: ResourceRequirements | undefined): ResourceConfig {
  const limits = resources?.limits ?? {};
  // The API server defaults a missing request to the limit; pods that skipped defaulting get the same here.
  const cpuRequest = resources?.requests?.cpu ?? limits.cpu;
  const config: ResourceConfig = { CpuShares: milliCpuToShares(cpuRequest === undefined ? 0 : cpuMillis(cpuRequest)) };
  if (limits.cpu !== undefined) {
    const quota = milliCpuToQuota(cpuMillis(limits.cpu));
    if (quota > 0) Object.assign(config, { CpuQuota: quota, CpuPeriod: CPU_PERIOD_US });
  }
  if (limits.memory !== undefined) {
    const memory = bytes(limits.memory);
    // Swap equal to the limit means no swap: the kubelet runs containers without swap, so the limit is the limit.
    if (memory > 0) Object.assign(config, { Memory: memory, MemorySwap: memory });
  }
  return config;
}
