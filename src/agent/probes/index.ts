// Liveness, readiness and startup probes: the kubelet's threshold state machine (pure), the probers (httpGet,
// tcpSocket, exec) and the manager that runs them on their schedule.
export {
  PROBE_KINDS,
  probeTiming,
  newProbeState,
  newContainerProbeState,
  observeContainer,
  recordResult,
  nextDue,
  isDue,
  isStarted,
  isReady,
  type ProbeKind,
  type ProbeOutcome,
  type ProbeResult,
  type PublishedResult,
  type ProbeTiming,
  type ProbeState,
  type ContainerProbeState,
  type ObservedProbeContainer,
  type ProbeChange,
  type Transition,
} from './state';
export { createProber, resolvePort, execProbe, type Prober, type ProbeTarget, type ExecFunction, type ProberOptions } from './probers';
export { httpGetProbe, probeURL, PROBE_USER_AGENT, type HttpGetRequest, type HttpGetOptions } from './http';
export { tcpSocketProbe, dialMessage, joinHostPort, type DialOptions } from './tcp';
export {
  ProbeManager,
  type ProbeManagerOptions,
  type ProbeResultConsumer,
  type ProbeUpdate,
  type PodObservation,
  type ContainerProbeStatus,
} from './manager';
