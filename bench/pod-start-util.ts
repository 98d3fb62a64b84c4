// Small helpers of bench/pod-start.ts: an HTTP check, percentiles and the printed table.
import http from 'node:http';

export interface Sample {
  ms: number;
  /** Agent pods: when Docker says each step happened, ms after the desired set was accepted. */
  steps?: Record<string, number>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether http://ip:port/ answers with a 2xx or 3xx (what an httpGet probe calls success) within 500 ms. */
export function httpAnswers(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: ip, port, path: '/', timeout: 500, agent: false }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Nearest-rank percentile (p99 of 50 samples is the largest). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(samples: readonly Sample[]): { p50: number; p99: number; max: number } {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

export function printSummary(title: string, agent: readonly Sample[], docker: readonly Sample[], loadavg: number[]): void {
  const a = stats(agent);
  const d = stats(docker);
  const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(9);
  const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}×`.padStart(9);
  console.log(`\n${title} (${agent.length} pods, ${docker.length} docker runs)`);
  console.log(`${''.padEnd(40)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}`);
  console.log(`${'agent: desired accepted → pod Ready'.padEnd(40)}${ms(a.p50)}${ms(a.p99)}${ms(a.max)}`);
  console.log(`${'docker run -d → port answers'.padEnd(40)}${ms(d.p50)}${ms(d.p99)}${ms(d.max)}`);
  console.log(`${'ratio agent / docker run'.padEnd(40)}${ratio(a.p50, d.p50)}${ratio(a.p99, d.p99)}${ratio(a.max, d.max)}`);
  console.log(`loadavg ${loadavg.map((l) => l.toFixed(2)).join(' ')}`);
}

/** Where the agent's time goes: each step's p50 and p99 (ms after the desired set was accepted), from Docker's clock. */
export function printBreakdown(title: string, samples: readonly Sample[]): void {
  const rows = ['sandbox created', 'sandbox started', 'container created', 'container started'];
  console.log(`\nagent, ${title}: steps after the desired set was accepted (Docker's timestamps)`);
  console.log(`${''.padEnd(40)}${'p50'.padStart(9)}${'p99'.padStart(9)}`);
  for (const row of [...rows, 'Ready']) {
    const sorted = samples.map((s) => (row === 'Ready' ? s.ms : s.steps?.[row])).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
    if (sorted.length) console.log(`${row.padEnd(40)}${`${percentile(sorted, 50).toFixed(0)} ms`.padStart(9)}${`${percentile(sorted, 99).toFixed(0)} ms`.padStart(9)}`);
  }
}
