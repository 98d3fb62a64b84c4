// `berth validate PATH…` on files and folders of Kubernetes manifests that are not a cluster repo (CI use, as
// kubeconform is used): the built CLI, run in a folder without cluster.yaml and hosts.yaml.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli';

const CORPUS = path.join(ROOT, 'test/fixtures/corpus/valid');
const DEFAULTS_LINE = "no cluster.yaml or hosts.yaml among these files: checking them with Berth's default cluster settings";

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          envFrom: [{ configMapRef: { name: web-config } }]
          volumeMounts: [{ name: tls, mountPath: /tls }]
      volumes: [{ name: tls, secret: { secretName: web-tls } }]
`;
// Its selector matches no pod in these files: a selector is no reference, so nothing is missing.
const SVC = `apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: 8080 }]
`;
const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata: { name: api-config }
data: { LOG_LEVEL: info }
`;

let dir: string;
/** The built CLI as a person runs it, in `cwd`; stderr kept whatever the exit code (the defaults line is there). */
function berthIn(cwd: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/berth.mjs'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const validate = (...args: string[]) => berthIn(dir, ['validate', ...args]);
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

beforeAll(() => {
  dir = tempDir('berth-validate-');
  write('k8s/svc.yaml', SVC);
  write('k8s/config.yaml', CONFIG);
  write('web/deployment.yaml', WEB);
  // Public manifests as projects ship them: the corpus's shop app, its namespaces elsewhere.
  fs.cpSync(path.join(CORPUS, 'shop'), path.join(dir, 'shop'), { recursive: true });
  fs.cpSync(path.join(CORPUS, 'namespaces.yaml'), path.join(dir, 'namespaces.yaml'));
  fs.cpSync(path.join(CORPUS, 'scheduling'), path.join(dir, 'scheduling'), { recursive: true });
});

describe('berth validate on manifests without cluster.yaml and hosts.yaml', () => {
  it('validates a folder with the default cluster settings, says so in one line, and exits 0', () => {
    const r = validate('k8s');
    expect(r.stderr).toBe(`${DEFAULTS_LINE}\n`);
    expect(r.stdout).toBe('✓ 2 objects valid in k8s\n');
    expect(r.code).toBe(0);
  });

  it('validates files given one by one, named as given', () => {
    const r = validate('k8s/svc.yaml', './k8s/config.yaml');
    expect(r.stderr).toBe(`${DEFAULTS_LINE}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ 2 objects valid/);
  });

  it('validates the current folder when given nothing', () => {
    const r = berthIn(path.join(dir, 'k8s'), ['validate']);
    expect(r.stderr).toBe(`${DEFAULTS_LINE}\n`);
    expect(r.code).toBe(0);
  });

  it('names file, line and field of a mistake, and exits 1', () => {
    write('bad/svc.yaml', SVC.replace('port: 80,', 'port: 80000,'));
    const r = validate('bad', 'k8s/config.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bad\/svc\.yaml:6:\d+ Service default\/api spec\.ports\[0\]\.port: /m);
    expect(r.stderr).toMatch(/1 error in 1 file/);
  });

  it('refuses references to objects not among the files, naming them; --ignore-missing-refs lets them pass', () => {
    const refused = validate('web');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^web\/deployment\.yaml:14:\d+ Deployment default\/web .*configMapRef\.name: ConfigMap "web-config" not found/m);
    expect(refused.stderr).toMatch(/^web\/deployment\.yaml:16:\d+ Deployment default\/web .*secret\.secretName: Secret "web-tls" not found/m);
    expect(refused.stderr).toMatch(/pass --ignore-missing-refs when they live elsewhere/);

    const allowed = validate('web', 'k8s', '--ignore-missing-refs');
    expect(allowed.stderr).toBe(`${DEFAULTS_LINE}\n`);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/✓ 3 objects valid/);
  });

  it('takes public manifests whose namespaces are elsewhere with --ignore-missing-refs, or with the namespaces given', () => {
    const alone = validate('shop');
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/namespace "shop" not found/);
    expect(alone.stderr).toMatch(/PriorityClass "business-critical" not found/);
    expect(validate('shop', '--ignore-missing-refs').code).toBe(0);
    const together = validate('namespaces.yaml', 'scheduling', 'shop', '-o', 'json');
    expect(together.code).toBe(0);
    expect(JSON.parse(together.stdout)).toMatchObject({ valid: true, defaults: ['cluster.yaml', 'hosts.yaml'], errors: [] });
  });

  it('calls an object of another API group a custom resource, with no advice to use berth.dev', () => {
    write('crd/monitor.yaml', 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: { name: web }\nspec: { selector: { matchLabels: { app: web } } }\n');
    write('crd/capi.yaml', 'apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata: { name: prod }\nspec: {}\n');
    const r = validate('crd');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^crd\/monitor\.yaml:2:1 ServiceMonitor web kind: monitoring\.coreos\.com\/v1 ServiceMonitor is not supported by Berth: it is a custom resource \(API group monitoring\.coreos\.com\)/m);
    expect(r.stderr).toMatch(/^crd\/capi\.yaml:2:1 Cluster prod kind: cluster\.x-k8s\.io\/v1beta1 Cluster is not supported by Berth: it is a custom resource/m);
    expect(r.stderr).not.toMatch(/berth\.dev/);
  });

  it('lists the kinds to use without Cluster and Inventory, which belong in their own files', () => {
    write('rbac/role.yaml', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: reader }\nrules: []\n');
    const r = validate('rbac/role.yaml');
    expect(r.code).toBe(1);
    const kinds = r.stderr.match(/Role is not supported by Berth; supported kinds: (.*)$/m)?.[1].split(', ');
    expect(kinds).toContain('Deployment');
    expect(kinds).not.toContain('Cluster');
    expect(kinds).not.toContain('Inventory');
  });

  it('refuses --ref with files, and a path that does not exist, as usage mistakes', () => {
    expect(validate('k8s/svc.yaml', 'k8s/config.yaml', '--ref', 'HEAD').code).toBe(2);
    const missing = validate('nope.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: no such file or folder/);
  });
});
