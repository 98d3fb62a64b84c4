// The kubelet's event reasons (pkg/kubelet/events) and the messages it writes, so every part of the agent says them
// the same way.
export const EVENT_PULLING = 'Pulling';
export const EVENT_PULLED = 'Pulled';
export const EVENT_FAILED = 'Failed';
export const EVENT_BACK_OFF = 'BackOff';
export const EVENT_CREATED = 'Created';
export const EVENT_STARTED = 'Started';
export const EVENT_KILLING = 'Killing';
export const EVENT_UNHEALTHY = 'Unhealthy';
export const EVENT_PROBE_WARNING = 'ProbeWarning';
export const EVENT_OOM_KILLED = 'OOMKilled';

export const pullingMessage = (image: string) => `Pulling image "${image}"`;
export const pulledMessage = (image: string, ms: number) => `Successfully pulled image "${image}" in ${seconds(ms)}`;
export const presentMessage = (image: string) => `Container image "${image}" already present on machine`;
export const pullFailedMessage = (image: string, error: string) => `Failed to pull image "${image}": ${error}`;
export const pullBackOffMessage = (image: string) => `Back-off pulling image "${image}"`;
export const crashBackOffMessage = (container: string, pod: { name?: string; namespace?: string; uid?: string }) =>
  `Back-off restarting failed container ${container} in pod ${pod.name}_${pod.namespace ?? 'default'}(${pod.uid ?? ''})`;
export const probeKillMessage = (container: string, kind: string) => `Container ${container} failed ${kind} probe, will be restarted`;
export const probeFailedMessage = (kind: string, output: string | undefined) => `${capitalize(kind)} probe failed: ${output ?? ''}`.trimEnd();
export const probeWarningMessage = (kind: string, output: string | undefined) => `${capitalize(kind)} probe warning: ${output ?? ''}`.trimEnd();

/** Go's time.Duration for a pull: "1.234s", "350ms". */
function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
