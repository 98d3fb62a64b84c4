import type { Node } from 'kubernetes-types/core/v1';
import { ManifestError, formatFieldPath, sortManifestErrors, type ManifestErrorCode } from './errors';
import { isManifestPath, locateField, parseManifestFileCached, type ParsedFile, type ParsedObject } from './parse';
import { kindSpecs } from './kinds';
import { unsupportedKind } from './unsupported-kind';
import type { Cluster } from './cluster';
import { inventoryToNodes, type Inventory } from './inventory';
import type { FieldPath, Issue, KubeObject, Loaded, ManifestFile, ObjectKey } from './types';
import type { Service } from 'kubernetes-types/core/v1';
import { podSecurityIssues } from './validate/security';
import { nodePortIssues } from './validate/network';
import { parsePortRange } from './validate/net';

export const CLUSTER_FILE = 'cluster.yaml';
export const INVENTORY_FILE = 'hosts.yaml';

/** The validated, defaulted desired state of one commit. */
export interface DesiredState {
  cluster: Loaded<Cluster>;
  inventory: Loaded<Inventory>;
  /** Hosts as v1 Node objects, sorted by name. */
  nodes: Node[];
  /** Every other object, defaulted, sorted by kind, namespace, name. */
  objects: Loaded[];
}

export interface LoadResult {
  /** Undefined when cluster.yaml or hosts.yaml is missing or invalid. Callers must not apply a state with errors. */
  state?: DesiredState;
  errors: ManifestError[];
  /** The files that were missing and whose defaults stood in (LoadOptions.defaultsForMissing). */
  defaulted?: string[];
}

/** For checking files that are not a whole cluster repo (`berth validate FILE…` in CI, as kubeconform does). */
export interface LoadOptions {
  /** A missing cluster.yaml or hosts.yaml is no error: Berth's default cluster settings, and no hosts, stand in. */
  defaultsForMissing?: boolean;
  /** References to objects not among the files (ConfigMaps, Secrets, claims, namespaces, …) pass: they live elsewhere. */
  allowMissingReferences?: boolean;
}

export function objectKey(o: KubeObject): ObjectKey {
  return o.metadata.namespace ? { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name } : { kind: o.kind, name: o.metadata.name };
}

export function keyString(k: ObjectKey): string {
  return `${k.kind}/${k.namespace ?? ''}/${k.name}`;
}

/**
 * Files of one commit (or of a work tree) → the desired state, with every problem found, never only the first.
 * Pure: no I/O, no clock.
 */
export function loadManifests(files: ManifestFile[], { defaultsForMissing = false, allowMissingReferences = false }: LoadOptions = {}): LoadResult {
  const errors: ManifestError[] = [];
  const parsedFiles = files
    .filter((f) => isManifestPath(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(parseManifestFileCached);

  const loaded: Loaded[] = [];
  let cluster: Loaded<Cluster> | undefined;
  let inventory: Loaded<Inventory> | undefined;

  for (const file of parsedFiles) {
    errors.push(...file.errors);
    for (const parsed of file.objects) {
      const obj = validateObject(file, parsed, errors);
      if (!obj) continue;
      const special = checkSpecialFile(file, parsed, obj, errors);
      if (special === 'skip') continue;
      if (obj.object.kind === 'Cluster') cluster = obj as unknown as Loaded<Cluster>;
      else if (obj.object.kind === 'Inventory') inventory = obj as unknown as Loaded<Inventory>;
      else loaded.push(obj);
    }
  }

  const byPath = new Map(parsedFiles.map((f) => [f.path, f]));
  const defaulted: string[] = [];
  if (defaultsForMissing) {
    const absent = (file: string) => !byPath.has(file) && !errors.some((e) => e.data.file === file);
    if (!cluster && absent(CLUSTER_FILE)) {
      cluster = defaultObject<Cluster>(CLUSTER_FILE, { apiVersion: 'berth.dev/v1', kind: 'Cluster', metadata: { name: 'default' }, spec: {} });
      defaulted.push(CLUSTER_FILE);
    }
    if (!inventory && absent(INVENTORY_FILE)) {
      inventory = defaultObject<Inventory>(INVENTORY_FILE, { apiVersion: 'berth.dev/v1', kind: 'Inventory', hosts: [] });
      defaulted.push(INVENTORY_FILE);
    }
  }
  for (const [file, present] of [
    [CLUSTER_FILE, cluster],
    [INVENTORY_FILE, inventory],
  ] as const) {
    if (!present && !errors.some((e) => e.data.file === file)) {
      const what = file === CLUSTER_FILE ? 'the cluster settings (kind: Cluster)' : 'the SSH inventory (kind: Inventory)';
      errors.push(
        new ManifestError('FieldValueRequired', {
          file,
          line: 1,
          col: 1,
          problem: `${file} is missing: it holds ${what}; copy it from cluster-repo-template/ or run \`berth init\``,
        }),
      );
    }
  }

  const objects = crossCheck(loaded, byPath, errors, cluster?.object, allowMissingReferences);
  if (cluster && inventory) checkEdgeHosts(cluster, inventory, byPath, errors);
  const state =
    cluster && inventory
      ? { cluster, inventory, nodes: inventoryToNodes(inventory.object), objects }
      : undefined;
  return { state, errors: sortManifestErrors(errors), ...(defaulted.length ? { defaulted } : {}) };
}

/** cluster.yaml or hosts.yaml as Berth's defaults make it, standing in for a file not given. */
function defaultObject<T>(file: string, raw: object): Loaded<T> {
  const object = kindSpecs.get(`berth.dev/v1/${(raw as { kind: string }).kind}`)!.defaults(raw as KubeObject);
  return { object: object as unknown as T, origin: { file, line: 1, col: 1, doc: 0 } };
}

function validateObject(file: ParsedFile, parsed: ParsedObject, errors: ManifestError[]): Loaded | undefined {
  const raw = parsed.raw;
  const report = (code: ManifestErrorCode, path: FieldPath, problem: string, object?: ObjectKey) => {
    const pos = locateField(file, parsed.origin, path);
    errors.push(new ManifestError(code, { file: file.path, ...pos, object, field: path.length ? formatFieldPath(path) : undefined, problem }));
  };

  if (typeof raw.apiVersion !== 'string' || raw.apiVersion === '') {
    report('FieldValueRequired', ['apiVersion'], 'apiVersion is required (e.g. v1, apps/v1)');
    return undefined;
  }
  if (typeof raw.kind !== 'string' || raw.kind === '') {
    report('FieldValueRequired', ['kind'], 'kind is required (e.g. Deployment, Service)');
    return undefined;
  }
  const meta = raw.metadata as Record<string, unknown> | undefined;
  const name = meta && typeof meta.name === 'string' ? meta.name : undefined;
  const namespace = meta && typeof meta.namespace === 'string' ? meta.namespace : undefined;
  const spec = kindSpecs.get(`${raw.apiVersion}/${raw.kind}`);
  const key: ObjectKey | undefined = name ? { kind: raw.kind, namespace: spec?.namespaced ? (namespace ?? 'default') : undefined, name } : undefined;

  if (!spec) {
    const { field, problem } = unsupportedKind(raw.apiVersion, raw.kind);
    report('KindNotSupported', [field], problem, key);
    return undefined;
  }

  const issues: Issue[] = spec.validate(raw);
  if (!spec.namespaced && namespace !== undefined) {
    issues.push({ path: ['metadata', 'namespace'], code: 'FieldValueInvalid', message: `${raw.kind} is cluster-scoped and takes no namespace; remove metadata.namespace` });
  }
  for (const issue of issues) report(issue.code, issue.path, issue.message, key);
  if (issues.length) return undefined;
  const object = spec.defaults(raw as unknown as KubeObject);
  // Kubernetes drops status on create; kubectl's dry-run output carries an empty one (`status: {}`).
  delete (object as { status?: unknown }).status;
  return { object, origin: parsed.origin };
}

/** Rules that need cluster.yaml: what pods may ask of hosts, and the node port range. */
function clusterRules(obj: KubeObject, cluster: Cluster | undefined): Issue[] {
  if (!cluster) return [];
  const issues = podSecurityIssues(obj, cluster.spec.security);
  if (obj.kind === 'Service') {
    const range = parsePortRange(cluster.spec.network.nodePortRange);
    if (!('error' in range)) issues.push(...nodePortIssues(obj as unknown as Service, range));
  }
  return issues;
}

function checkEdgeHosts(cluster: Loaded<Cluster>, inventory: Loaded<Inventory>, files: Map<string, ParsedFile>, errors: ManifestError[]): void {
  const names = new Set(inventory.object.hosts.map((h) => h.name));
  (cluster.object.spec.edge?.hosts ?? []).forEach((host, i) => {
    if (names.has(host)) return;
    const path = ['spec', 'edge', 'hosts', i];
    const pos = locateField(files.get(cluster.origin.file)!, cluster.origin, path);
    errors.push(
      new ManifestError('ReferenceNotFound', {
        file: cluster.origin.file,
        ...pos,
        object: { kind: 'Cluster', name: cluster.object.metadata.name },
        field: formatFieldPath(path),
        problem: `host "${host}" is not in ${INVENTORY_FILE}: add it there, or remove it from the edge hosts`,
      }),
    );
  });
}

function checkSpecialFile(file: ParsedFile, parsed: ParsedObject, obj: Loaded, errors: ManifestError[]): 'ok' | 'skip' {
  const expected = obj.object.kind === 'Cluster' ? CLUSTER_FILE : obj.object.kind === 'Inventory' ? INVENTORY_FILE : undefined;
  const special = file.path === CLUSTER_FILE ? 'Cluster' : file.path === INVENTORY_FILE ? 'Inventory' : undefined;
  if (expected === undefined && special === undefined) return 'ok';
  const problem =
    expected && expected !== file.path
      ? `kind ${obj.object.kind} belongs in ${expected} at the repo root, not here`
      : special && obj.object.kind !== special
        ? `${file.path} holds only the ${special} object; move this ${obj.object.kind} to its own file`
        : file.objects.length > 1
          ? `${file.path} must hold exactly one ${special} object`
          : undefined;
  if (!problem) return 'ok';
  errors.push(new ManifestError('FieldValueInvalid', { file: file.path, line: parsed.origin.line, col: parsed.origin.col, problem }));
  return 'skip';
}

/** Rules across objects: duplicates, namespaces that exist, and references to objects that exist. */
function crossCheck(loaded: Loaded[], files: Map<string, ParsedFile>, errors: ManifestError[], cluster: Cluster | undefined, allowMissing: boolean): Loaded[] {
  const byKey = new Map<string, Loaded>();
  const unique: Loaded[] = [];
  const report = (l: Loaded, code: ManifestErrorCode, path: FieldPath, problem: string) => {
    const file = files.get(l.origin.file)!;
    const pos = locateField(file, l.origin, path);
    errors.push(
      new ManifestError(code, { file: l.origin.file, ...pos, object: objectKey(l.object), field: path.length ? formatFieldPath(path) : undefined, problem }),
    );
  };

  for (const l of loaded) {
    const k = keyString(objectKey(l.object));
    const first = byKey.get(k);
    if (first) {
      report(l, 'ObjectDuplicate', ['metadata', 'name'], `duplicate object: also defined at ${first.origin.file}:${first.origin.line}; each kind/namespace/name may be defined once`);
      continue;
    }
    byKey.set(k, l);
    unique.push(l);
  }

  const namespaces = new Set(['default']);
  for (const l of unique) if (l.object.kind === 'Namespace') namespaces.add(l.object.metadata.name);

  const valid: Loaded[] = [];
  for (const l of unique) {
    const before = errors.length;
    const ns = l.object.metadata.namespace;
    if (ns !== undefined && !namespaces.has(ns) && !allowMissing) {
      report(l, 'NamespaceNotFound', ['metadata', 'namespace'], `namespace "${ns}" not found: add a Namespace manifest named ${ns}, or use an existing namespace`);
    }
    const spec = kindSpecs.get(`${l.object.apiVersion}/${l.object.kind}`)!;
    for (const ref of spec.references(l.object)) {
      if (ref.optional || allowMissing) continue;
      const target = keyString({ kind: ref.kind, namespace: ref.clusterScoped ? undefined : ns, name: ref.name });
      if (!byKey.has(target)) {
        const where = ref.clusterScoped ? '' : ` in namespace ${ns}`;
        report(l, 'ReferenceNotFound', ref.path, `${ref.kind} "${ref.name}" not found${where}: add it to the repo, fix the name, or mark the reference optional`);
      }
    }
    for (const issue of clusterRules(l.object, cluster)) report(l, issue.code, issue.path, issue.message);
    if (errors.length === before) valid.push(l);
  }
  // Keys made once each, not once per comparison (10,000 objects: about 280,000 comparisons).
  const keyed = valid.map((l) => ({ l, k: keyString(objectKey(l.object)) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((e) => e.l);
}
