// Name rules of Kubernetes' apimachinery (pkg/util/validation): each returns the list of what is wrong, empty when
// valid, so callers can prefix the messages with the field and the value.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const WILDCARD_DNS1123_SUBDOMAIN = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const DNS1123_LABEL_MAX = 63;

/** What every rule returns for a valid value: one shared empty list, as validation runs on every field. */
const NONE: readonly string[] = Object.freeze([]);
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;

const tooLong = (max: number) => `must be no more than ${max} characters`;

/** Namespace names, container names, volume names, host names. */
export function dns1123LabelErrors(v: string): readonly string[] {
  if (v.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(v)) return NONE;
  const errs: string[] = [];
  if (v.length > DNS1123_LABEL_MAX) errs.push(tooLong(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL.test(v)) {
    errs.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name' or '123-abc')",
    );
  }
  return errs;
}

/** Names of most objects (Deployment, ConfigMap, Secret, Pod, …). */
export function dns1123SubdomainErrors(v: string): readonly string[] {
  if (v.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(v)) return NONE;
  const errs: string[] = [];
  if (v.length > DNS1123_SUBDOMAIN_MAX) errs.push(tooLong(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN.test(v)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')",
    );
  }
  return errs;
}

/** Service names: Kubernetes requires a DNS-1035 label (starts with a letter), as they become DNS names and env vars. */
export function dns1035LabelErrors(v: string): readonly string[] {
  if (v.length <= DNS1123_LABEL_MAX && DNS1035_LABEL.test(v)) return NONE;
  const errs: string[] = [];
  if (v.length > DNS1123_LABEL_MAX) errs.push(tooLong(DNS1123_LABEL_MAX));
  if (!DNS1035_LABEL.test(v)) {
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name' or 'abc-123')",
    );
  }
  return errs;
}

/** Ingress hosts may be `*.example.com`. */
export function wildcardDns1123SubdomainErrors(v: string): readonly string[] {
  if (!v.startsWith('*.')) return dns1123SubdomainErrors(v);
  const errs: string[] = [];
  if (v.length > DNS1123_SUBDOMAIN_MAX) errs.push(tooLong(DNS1123_SUBDOMAIN_MAX));
  if (!WILDCARD_DNS1123_SUBDOMAIN.test(v)) errs.push("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain (e.g. '*.example.com')");
  return errs;
}

/** Port names (container ports, service target ports): IANA service names. */
export function ianaSvcNameErrors(v: string): readonly string[] {
  if (v.length <= 15 && IANA_SVC_NAME.test(v) && HAS_LETTER.test(v) && !v.includes('--') && v[0] !== '-' && v[v.length - 1] !== '-') return NONE;
  const errs: string[] = [];
  if (v.length > 15) errs.push(tooLong(15));
  if (!IANA_SVC_NAME.test(v)) errs.push("must contain only lower case alphanumeric characters (a-z, 0-9) and '-'");
  if (v.includes('--')) errs.push("must not contain consecutive hyphens");
  if (!HAS_LETTER.test(v)) errs.push('must contain at least one letter (a-z)');
  if (v.startsWith('-') || v.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** Label and annotation keys, taint keys, resource names: `[prefix/]name`, prefix a DNS subdomain. */
export function qualifiedNameErrors(v: string): readonly string[] {
  const slash = v.indexOf('/');
  if (slash < 0) {
    if (v.length <= 63 && QUALIFIED_NAME.test(v)) return NONE;
  } else if (slash === v.lastIndexOf('/') && slash <= DNS1123_SUBDOMAIN_MAX && v.length - slash - 1 <= 63) {
    if (DNS1123_SUBDOMAIN.test(v.slice(0, slash)) && QUALIFIED_NAME.test(v.slice(slash + 1))) return NONE;
  }
  const errs: string[] = [];
  const parts = v.split('/');
  let name = v;
  if (parts.length === 2) {
    const [prefix, rest] = parts;
    name = rest;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const e of dns1123SubdomainErrors(prefix)) errs.push(`prefix part ${e}`);
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${tooLong(63)}`);
  if (name.length > 0 && !QUALIFIED_NAME.test(name)) {
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc')",
    );
  }
  return errs;
}

export function labelValueErrors(v: string): readonly string[] {
  if (v.length <= LABEL_VALUE_MAX && LABEL_VALUE.test(v)) return NONE;
  const errs: string[] = [];
  if (v.length > LABEL_VALUE_MAX) errs.push(tooLong(LABEL_VALUE_MAX));
  if (!LABEL_VALUE.test(v)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue' or 'my_value')",
    );
  }
  return errs;
}

/** Kubernetes' classic rule (RelaxedEnvironmentVariableValidation off, as in 1.30). */
export function envVarNameErrors(v: string): readonly string[] {
  if (ENV_VAR_NAME.test(v) && !v.startsWith('..') && v !== '.') return NONE;
  const errs: string[] = [];
  if (!ENV_VAR_NAME.test(v)) {
    errs.push("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'MY_VAR')");
  }
  if (v === '.' || v === '..' || v.startsWith('..')) errs.push("must not be '.' or '..' or start with '..'");
  return errs;
}

/** Keys of ConfigMap and Secret data: they become file names in volumes. */
export function configMapKeyErrors(v: string): readonly string[] {
  if (v.length <= DNS1123_SUBDOMAIN_MAX && CONFIG_MAP_KEY.test(v) && !v.startsWith('..') && v !== '.') return NONE;
  const errs: string[] = [];
  if (v.length > DNS1123_SUBDOMAIN_MAX) errs.push(tooLong(DNS1123_SUBDOMAIN_MAX));
  if (!CONFIG_MAP_KEY.test(v)) errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name' or 'KEY_NAME')");
  if (v === '.' || v === '..') errs.push("must not be '.' or '..'");
  else if (v.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}
