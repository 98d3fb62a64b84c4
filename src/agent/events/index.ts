// The agent's pod events (the kubelet's Pulling, Pulled, Failed, Created, Started, Killing, Unhealthy, BackOff, …).
export { PodEventRecorder } from './recorder';
export { recordPodEvent, unexpired, podReference, EVENT_SOURCE_COMPONENT, EVENT_TTL_MS, MAX_EVENTS_PER_POD, MAX_MESSAGE_LENGTH, type PodEventInput } from './record';
export * from './reasons';
