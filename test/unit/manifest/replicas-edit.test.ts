import { describe, expect, it } from 'vitest';
import { ReplicasEditError, setReplicas } from '../../../src/manifest/replicas-edit';

const web = { kind: 'Deployment', namespace: 'demo', name: 'web' };

const MULTI = `# The web tier.
apiVersion: v1
kind: Service
metadata: {name: web, namespace: demo}
spec: {ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo   # keep it here
spec:
  # Default: 1.
  replicas: 3   # three, for now
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: other
spec:
  replicas: 3
`;

describe('setReplicas changes only spec.replicas of the one object, keeping everything else byte for byte', () => {
  it('replaces the number in place: comments, spacing and flow style survive, other documents untouched', () => {
    const edit = setReplicas(MULTI, 'apps/web.yaml', web, 5);
    expect(edit).toMatchObject({ changed: true, previous: 3 });
    expect(edit.text).toBe(MULTI.replace('replicas: 3   # three, for now', 'replicas: 5   # three, for now'));
  });

  it('finds the object by namespace among same-named ones, an absent namespace meaning default', () => {
    const other = setReplicas(MULTI, 'apps/web.yaml', { ...web, namespace: 'other' }, 0);
    expect(other.text).toBe(`${MULTI.slice(0, MULTI.lastIndexOf('replicas: 3'))}replicas: 0\n`);
    const noNamespace = 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: rs\nspec:\n  replicas: 1\n  selector: {}\n';
    expect(setReplicas(noNamespace, 'rs.yaml', { kind: 'ReplicaSet', namespace: 'default', name: 'rs' }, 2).text).toContain('  replicas: 2\n');
  });

  it('says nothing changed when the file already has that count (or none and 1, the default)', () => {
    expect(setReplicas(MULTI, 'apps/web.yaml', web, 3)).toEqual({ text: MULTI, changed: false, previous: 3 });
    const absent = 'kind: Deployment\nmetadata: {name: web, namespace: demo}\nspec:\n  selector: {}\n';
    expect(setReplicas(absent, 'a.yaml', web, 1)).toEqual({ text: absent, changed: false });
  });

  it.each([
    [
      'a block spec: as its first key, above the comments that head the next key',
      'kind: Deployment\nmetadata: {name: web, namespace: demo}\nspec:\n  # which pods\n  selector: {}\n',
      'kind: Deployment\nmetadata: {name: web, namespace: demo}\nspec:\n  replicas: 4\n  # which pods\n  selector: {}\n',
    ],
    [
      'a flow spec on one line',
      'kind: Deployment\nmetadata: {name: web, namespace: demo}\nspec: {selector: {}}\n',
      'kind: Deployment\nmetadata: {name: web, namespace: demo}\nspec: {replicas: 4, selector: {}}\n',
    ],
    [
      'a JSON file, keeping its indentation and quoting',
      '{\n  "kind": "Deployment",\n  "metadata": {"name": "web", "namespace": "demo"},\n  "spec": {\n    "selector": {}\n  }\n}\n',
      '{\n  "kind": "Deployment",\n  "metadata": {"name": "web", "namespace": "demo"},\n  "spec": {\n    "replicas": 4,\n    "selector": {}\n  }\n}\n',
    ],
    [
      'an item of a kind: List',
      'apiVersion: v1\nkind: List\nitems:\n  - kind: Deployment\n    metadata: {name: web, namespace: demo}\n    spec:\n      replicas: 2\n',
      'apiVersion: v1\nkind: List\nitems:\n  - kind: Deployment\n    metadata: {name: web, namespace: demo}\n    spec:\n      replicas: 4\n',
    ],
  ])('inserts or sets replicas in %s', (_name, before, after) => {
    expect(setReplicas(before, 'f.yaml', web, 4).text).toBe(after);
  });

  it.each([
    ['the object is not in the file', MULTI, { ...web, name: 'api' }, 'Deployment demo/api is not defined in apps/web.yaml'],
    ['the file is not valid YAML', 'kind: [', web, 'apps/web.yaml: cannot edit it, it is not valid YAML'],
    ['spec.replicas is not a number', 'kind: Deployment\nmetadata: {name: web, namespace: demo}\nspec:\n  replicas: {a: 1}\n', web, 'Deployment demo/web in apps/web.yaml: spec.replicas is not a number'],
  ])('refuses, naming the file, when %s', (_name, text, target, message) => {
    const error = (() => {
      try {
        setReplicas(text, 'apps/web.yaml', target, 2);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ReplicasEditError);
    expect((error as Error).message).toContain(message);
    expect((error as ReplicasEditError).data.file).toBe('apps/web.yaml');
  });
});
