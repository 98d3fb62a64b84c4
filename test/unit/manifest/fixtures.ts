// Realistic manifests of every kind, written the way public projects write them.
import { parse } from 'yaml';

export const MANIFESTS: Record<string, string> = {
  Namespace: `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: { team: payments }
`,
  Pod: `
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: shop, labels: { app: debug } }
spec:
  containers:
    - name: shell
      image: busybox:1.36
      command: ["sh", "-c", "sleep 3600"]
      resources:
        limits: { cpu: 100m, memory: 64Mi }
  restartPolicy: Never
`,
  ConfigMap: `
apiVersion: v1
kind: ConfigMap
metadata: { name: web-config, namespace: shop }
data:
  LOG_LEVEL: info
  nginx.conf: |
    server { listen 8080; }
binaryData:
  logo.png: iVBORw0KGgo=
`,
  Secret: `
apiVersion: v1
kind: Secret
metadata: { name: web-secrets, namespace: shop }
type: Opaque
data:
  password: c2VjcmV0
stringData:
  username: admin
`,
  Service: `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop, labels: { app: web } }
spec:
  selector: { app: web }
  ports:
    - name: http
      port: 80
      targetPort: http
    - name: metrics
      port: 9090
`,
  PersistentVolume: `
apiVersion: v1
kind: PersistentVolume
metadata: { name: data-h1 }
spec:
  capacity: { storage: 10Gi }
  accessModes: [ReadWriteOnce]
  local: { path: /srv/berth/data }
  nodeAffinity:
    required:
      nodeSelectorTerms:
        - matchExpressions:
            - { key: kubernetes.io/hostname, operator: In, values: [h1] }
`,
  PersistentVolumeClaim: `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: shop }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 5Gi } }
  volumeName: data-h1
`,
  Deployment: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: { app.kubernetes.io/name: web, app: web }
  annotations: { berth.dev/owner: "team-payments" }
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web, tier: frontend }
    spec:
      priorityClassName: high
      containers:
        - name: web
          image: registry.local:5000/shop/web:1.4.2
          ports:
            - { name: http, containerPort: 8080 }
          env:
            - name: LOG_LEVEL
              valueFrom: { configMapKeyRef: { name: web-config, key: LOG_LEVEL } }
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: web-secrets, key: password } }
            - name: POD_NAME
              valueFrom: { fieldRef: { fieldPath: metadata.name } }
          envFrom:
            - configMapRef: { name: web-config }
          resources:
            requests: { cpu: 250m, memory: 128Mi }
            limits: { cpu: "1", memory: 256Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
            initialDelaySeconds: 5
          livenessProbe:
            tcpSocket: { port: 8080 }
            periodSeconds: 20
          volumeMounts:
            - { name: config, mountPath: /etc/nginx/conf.d, readOnly: true }
            - { name: cache, mountPath: /var/cache/nginx }
      volumes:
        - name: config
          configMap: { name: web-config, items: [{ key: nginx.conf, path: default.conf }] }
        - name: cache
          emptyDir: {}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector: { matchLabels: { app: web } }
      tolerations:
        - { key: dedicated, operator: Equal, value: web, effect: NoSchedule }
`,
  ReplicaSet: `
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: worker, namespace: shop }
spec:
  replicas: 2
  selector:
    matchExpressions:
      - { key: app, operator: In, values: [worker] }
  template:
    metadata: { labels: { app: worker } }
    spec:
      containers:
        - { name: worker, image: "shop/worker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }
`,
  DaemonSet: `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-exporter, namespace: shop }
spec:
  selector: { matchLabels: { app: node-exporter } }
  template:
    metadata: { labels: { app: node-exporter } }
    spec:
      containers:
        - name: exporter
          image: prom/node-exporter:v1.7.0
          args: ["--path.rootfs=/host"]
          ports: [{ containerPort: 9100, name: metrics }]
          resources: { limits: { memory: 64Mi } }
      tolerations:
        - operator: Exists
`,
  Job: `
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: shop }
spec:
  backoffLimit: 2
  template:
    metadata: { labels: { app: migrate } }
    spec:
      restartPolicy: OnFailure
      containers:
        - name: migrate
          image: shop/web:1.4.2
          command: ["./migrate", "up"]
          envFrom: [{ secretRef: { name: web-secrets } }]
`,
  CronJob: `
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly-report, namespace: shop }
spec:
  schedule: "30 2 * * 1-5"
  timeZone: Europe/Paris
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: shop/report:2024.1
`,
  Ingress: `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  ingressClassName: berth
  tls:
    - hosts: [shop.example.com]
      secretName: shop-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: { name: web, port: { name: http } }
          - path: /api
            pathType: Prefix
            backend:
              service: { name: api, port: { number: 8080 } }
`,
  HorizontalPodAutoscaler: `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web, namespace: shop }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
    - type: Resource
      resource: { name: memory, target: { type: AverageValue, averageValue: 200Mi } }
`,
  PodDisruptionBudget: `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web, namespace: shop }
spec:
  minAvailable: "50%"
  selector: { matchLabels: { app: web } }
`,
  PriorityClass: `
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high }
value: 100000
description: "Customer-facing services"
`,
  Cluster: `
apiVersion: berth.dev/v1
kind: Cluster
metadata: { name: lab }
spec:
  sync: { interval: 1m, autoRevert: true }
  network: { serviceCIDR: 10.96.0.0/16 }
`,
  Inventory: `
apiVersion: berth.dev/v1
kind: Inventory
defaults: { user: root, port: 22, identityFile: ~/.ssh/berth_ed25519, knownHosts: known_hosts }
hosts:
  - name: h1
    address: 10.77.0.11
    labels: { topology.kubernetes.io/zone: a, berth.dev/edge: "true" }
    taints: []
    capacity: { cpu: "2", memory: 4Gi }
    unschedulable: false
  - name: h2
    address: 10.77.0.12
    port: 2222
    taints: [{ key: dedicated, value: web, effect: NoSchedule }]
`,
};

export function manifest(kind: string): Record<string, unknown> {
  return parse(MANIFESTS[kind]) as Record<string, unknown>;
}
