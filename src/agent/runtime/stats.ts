// The engine's stats sample → the numbers the kubelet reports (cadvisor's cpu rate and memory working set).
import type { ContainerStats } from './types';

interface DockerStats {
  read: string;
  preread: string;
  cpu_stats: { cpu_usage: { total_usage: number } };
  precpu_stats: { cpu_usage: { total_usage: number } };
  memory_stats: { usage?: number; limit?: number; stats?: Record<string, number> };
}

export function toStats(raw: unknown): ContainerStats {
  const s = raw as DockerStats;
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const wallNanos = (Date.parse(s.read) - Date.parse(s.preread)) * 1e6;
  const usage = s.memory_stats.usage ?? 0;
  // cgroup v2 names it inactive_file, v1 total_inactive_file.
  const inactive = s.memory_stats.stats?.inactive_file ?? s.memory_stats.stats?.total_inactive_file ?? 0;
  return {
    timestamp: s.read,
    cpuMillicores: wallNanos > 0 && cpuDelta > 0 ? Math.round((cpuDelta / wallNanos) * 1000) : 0,
    cpuUsageNanos: s.cpu_stats.cpu_usage.total_usage,
    memoryWorkingSetBytes: Math.max(0, usage - inactive),
    memoryUsageBytes: usage,
    memoryLimitBytes: s.memory_stats.limit ?? 0,
  };
}
