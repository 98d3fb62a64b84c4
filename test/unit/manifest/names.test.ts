import { describe, expect, it } from 'vitest';
import {
  configMapKeyErrors,
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  envVarNameErrors,
  ianaSvcNameErrors,
  labelValueErrors,
  qualifiedNameErrors,
  wildcardDns1123SubdomainErrors,
} from '../../../src/manifest/names';

type Rule = (v: string) => readonly string[];

const cases: Array<[string, Rule, string[], string[]]> = [
  ['DNS-1123 labels', dns1123LabelErrors, ['a', 'web', 'my-app-1', '123', 'a'.repeat(63)], ['', 'Web', 'my_app', '-a', 'a-', 'a.b', 'a'.repeat(64)]],
  ['DNS-1123 subdomains', dns1123SubdomainErrors, ['web', 'web.example.com', 'a-1.b-2', '1.2'], ['', 'Web', 'a..b', '.a', 'a.', 'a_b', `${'a'.repeat(250)}.com`]],
  ['DNS-1035 labels', dns1035LabelErrors, ['web', 'a1', 'my-svc'], ['1web', 'Web', 'a.b', '-a', 'a'.repeat(64)]],
  ['wildcard subdomains', wildcardDns1123SubdomainErrors, ['example.com', '*.example.com'], ['*', '*example.com', 'a.*.com', '*.']],
  ['IANA service names', ianaSvcNameErrors, ['http', 'http-alt', 'h2c', 'a1'], ['', 'HTTP', '123', 'a--b', '-http', 'http-', 'a'.repeat(16), 'my_port']],
  [
    'qualified names (label keys)',
    qualifiedNameErrors,
    ['app', 'App.Name_1', 'app.kubernetes.io/name', 'example.com/a', 'a'.repeat(63)],
    ['', '/a', 'a/', 'a/b/c', 'Example.com/a', '-app', 'app-', 'a'.repeat(64), `${'a'.repeat(254)}/b`],
  ],
  ['label values', labelValueErrors, ['', 'web', 'v1.2.3', 'A_b-c.d', 'a'.repeat(63)], ['-web', 'web-', 'a b', 'a/b', 'a'.repeat(64)]],
  ['environment variable names', envVarNameErrors, ['HOME', 'my_var', 'a.b', '-x', '_'], ['1A', 'A B', 'A=B', '', '..a']],
  ['ConfigMap keys', configMapKeyErrors, ['a', 'nginx.conf', 'KEY_NAME', '.hidden', 'a-b'], ['', '.', '..', '..a', 'a/b', 'a b']],
];

describe.each(cases)('%s', (_name, rule, valid, invalid) => {
  it.each(valid)('accepts %j', (v) => expect(rule(v)).toEqual([]));
  it.each(invalid)('refuses %j', (v) => expect(rule(v).length).toBeGreaterThan(0));
});

it('says why a name is too long', () => {
  expect(dns1123LabelErrors('a'.repeat(64))).toContain('must be no more than 63 characters');
  expect(qualifiedNameErrors(`a/${'b'.repeat(64)}`).join()).toMatch(/name part must be no more than 63/);
});
