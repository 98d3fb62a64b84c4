// Builds the synthetic cluster repo the benchmarks read: N Deployments and N Services in a real git repository,
// and an inventory of H hosts in three zones and three pools. Every Deployment asks for what issue 5's benchmark
// names: requests, required node affinity (the general and compute pools), required pod anti-affinity over hosts, and
// a DoNotSchedule topology spread over zones; every other one also prefers the compute pool and spreads softly over
// hosts. Deterministic: the same sizes give the same repo.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface SyntheticSizes {
  apps: number;
  hosts: number;
  replicas: number;
}

const TEAMS = 50;

export function writeSyntheticRepo(dir: string, { apps, hosts, replicas }: SyntheticSizes): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cluster.yaml'), 'apiVersion: berth.dev/v1\nkind: Cluster\nmetadata:\n  name: bench\nspec: {}\n');
  const hostLines = ['apiVersion: berth.dev/v1', 'kind: Inventory', 'defaults:', '  user: root', 'hosts:'];
  for (let i = 0; i < hosts; i++) {
    const zone = String.fromCharCode(97 + (i % 3));
    hostLines.push(
      `  - name: h${i}`,
      `    address: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      `    labels: { topology.kubernetes.io/zone: ${zone}, berth.dev/pool: ${pool(i)} }`,
      `    capacity: { cpu: "64", memory: 256Gi, pods: "110" }`,
    );
  }
  fs.writeFileSync(path.join(dir, 'hosts.yaml'), `${hostLines.join('\n')}\n`);
  for (let t = 0; t < TEAMS; t++) fs.mkdirSync(path.join(dir, 'apps', `team${t}`), { recursive: true });
  for (let i = 0; i < apps; i++) {
    const folder = path.join(dir, 'apps', `team${i % TEAMS}`);
    fs.writeFileSync(path.join(folder, `app${i}-deployment.yaml`), deployment(i, replicas));
    fs.writeFileSync(path.join(folder, `app${i}-service.yaml`), service(i));
  }
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: 'pipe',
      env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@berth.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@berth.invalid' },
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'synthetic cluster');
}

/** One host in ten is in the storage pool, which no app asks for; the rest alternate general and compute. */
function pool(i: number): string {
  return i % 10 === 9 ? 'storage' : i % 2 ? 'compute' : 'general';
}

function deployment(i: number, replicas: number): string {
  const soft = i % 2 === 1;
  return `# app${i}: a web service of team${i % TEAMS}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app${i}
  labels:
    app.kubernetes.io/name: app${i}
    app.kubernetes.io/part-of: team${i % TEAMS}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: app${i}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app${i}
        app.kubernetes.io/part-of: team${i % TEAMS}
    spec:
      containers:
        - name: web
          image: registry.example/app${i}:1.${i % 7}.0
          args: ["--port", "8080"]
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: APP_NAME
              value: app${i}
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 500m, memory: 256Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 5
          livenessProbe:
            tcpSocket: { port: http }
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions:
                  - { key: berth.dev/pool, operator: In, values: [general, compute] }${
    soft
      ? `
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 10
              preference:
                matchExpressions:
                  - { key: berth.dev/pool, operator: In, values: [compute] }`
      : ''
  }
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchLabels: { app.kubernetes.io/name: app${i} }
              topologyKey: kubernetes.io/hostname
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          labelSelector:
            matchLabels: { app.kubernetes.io/name: app${i} }${
    soft
      ? `
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels: { app.kubernetes.io/name: app${i} }`
      : ''
  }
`;
}

function service(i: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: app${i}
spec:
  selector:
    app.kubernetes.io/name: app${i}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}
