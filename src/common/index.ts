// The base layer: primitives every other module uses, each once. It imports nothing else from src/. backoff,
// duration, ipv4 and same are pure (the pure core may use them); atomic-write and serial do I/O or own promises.
export { BackOff, backOffDelay, type BackOffEntry, type BackOffPolicy } from './backoff';
export { withDeadline } from './deadline';
export { durationMs, parseDuration } from './duration';
export { cidrSize, formatCidr, formatIPv4, overlaps, parseCidr, parseIPv4, type Cidr } from './ipv4';
export { TEMP_PREFIX, writeFileAtomic, writeFileAtomicSync, type AtomicWriteOptions } from './atomic-write';
export { lastGoodCopyOf, loadStateFile, writeStateFile, writeStateFileSync, type StateLoad, type StateRecovery } from './state-file';
export { SerialRunner } from './serial';
export { sleep } from './sleep';
export { sameItems } from './same';
