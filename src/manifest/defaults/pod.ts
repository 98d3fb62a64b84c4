// Kubernetes' defaults for pods (pkg/apis/core/v1/defaults.go): SetDefaults_PodSpec, _Container, _Probe, …
import type { Container, HTTPGetAction, PodSpec, Probe } from 'kubernetes-types/core/v1';
import { quantityStrings } from './clone';

/** 0644, Kubernetes' SecretVolumeSourceDefaultMode and ConfigMapVolumeSourceDefaultMode. */
export const DEFAULT_VOLUME_MODE = 0o644;
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

/** The tag of an image reference; "" when it has a digest and no tag, "latest" when it has neither. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon >= 0) return lastPart.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** Always for :latest or untagged images (they move), IfNotPresent for the rest. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

/**
 * Defaults a pod spec in place (on a copy). `restartPolicy` is left unset for Jobs' templates: Kubernetes defaults
 * it to Always there too, then refuses Always for Jobs, so a Job's pods must choose; Berth asks for it directly.
 */
export function defaultPodSpec(spec: PodSpec, options: { restartPolicy: boolean }): void {
  if (options.restartPolicy) spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    if (v.secret) v.secret.defaultMode ??= DEFAULT_VOLUME_MODE;
    if (v.configMap) v.configMap.defaultMode ??= DEFAULT_VOLUME_MODE;
    if (v.emptyDir?.sizeLimit !== undefined) v.emptyDir.sizeLimit = String(v.emptyDir.sizeLimit);
  }
}

/**
 * What Kubernetes adds to a Pod (not to templates: SetDefaults_Pod): requests copied from limits where unset, and
 * host ports equal to container ports under hostNetwork. Controllers call this on the pods they make.
 */
export function defaultPodOnly(spec: PodSpec): void {
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const limits = c.resources?.limits;
    if (limits && Object.keys(limits).length) {
      const requests = (c.resources!.requests ??= {});
      for (const k in limits) requests[k] ??= limits[k];
    }
    if (spec.hostNetwork) for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
  }
}

export function defaultContainer(c: Container): void {
  if (c.image) c.imagePullPolicy ??= defaultPullPolicy(c.image);
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  if (c.resources) {
    quantityStrings(c.resources.limits);
    quantityStrings(c.resources.requests);
  }
  for (const e of c.env ?? []) {
    const from = e.valueFrom;
    if (from?.fieldRef) from.fieldRef.apiVersion ??= 'v1';
    if (from?.resourceFieldRef?.divisor !== undefined) from.resourceFieldRef.divisor = String(from.resourceFieldRef.divisor);
  }
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  for (const h of [c.lifecycle?.postStart, c.lifecycle?.preStop]) if (h?.httpGet) defaultHTTPGet(h.httpGet);
}

export function defaultProbe(p: Probe): void {
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) defaultHTTPGet(p.httpGet);
}

function defaultHTTPGet(h: HTTPGetAction): void {
  h.path ??= '/';
  h.scheme ??= 'HTTP';
}
