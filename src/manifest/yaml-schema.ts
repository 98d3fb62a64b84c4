import * as jsyaml from 'js-yaml';

/**
 * Kubernetes reads YAML with go-yaml v2 (sigs.k8s.io/yaml), which follows YAML 1.1 for scalars: `0400` is octal
 * (256), the way Secret volumes' `defaultMode: 0400` is written in Kubernetes' own docs. js-yaml follows YAML 1.2,
 * where `0400` is decimal 400 — silently a different file mode. This int type accepts 1.1 octal too. Timestamps
 * stay strings (no `timestamp` type), as Kubernetes' JSON conversion keeps them.
 */
const LEGACY_OCTAL = /^[-+]?0[0-7_]+$/;

// js-yaml's compiled type lists are not in its typings, but are its documented way to reuse the built-in types.
type BuiltinType = jsyaml.Type & { tag: string };
const implicitTypes = (schema: jsyaml.Schema): BuiltinType[] => (schema as unknown as { compiledImplicit: BuiltinType[] }).compiledImplicit;
const byTag = (schema: jsyaml.Schema, name: string): BuiltinType => implicitTypes(schema).find((t) => t.tag === `tag:yaml.org,2002:${name}`)!;
const coreInt = byTag(jsyaml.CORE_SCHEMA, 'int');

const yaml11Int = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) => (data !== null && LEGACY_OCTAL.test(data)) || coreInt.resolve!(data),
  construct: (data: string) => {
    if (LEGACY_OCTAL.test(data)) {
      const sign = data.startsWith('-') ? -1 : 1;
      return sign * parseInt(data.replace(/^[-+]/, '').replace(/_/g, ''), 8);
    }
    return coreInt.construct!(data);
  },
  predicate: coreInt.predicate ?? undefined,
  represent: coreInt.represent ?? undefined,
  defaultStyle: coreInt.defaultStyle ?? undefined,
});


export const KUBERNETES_YAML_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [byTag(jsyaml.CORE_SCHEMA, 'null'), byTag(jsyaml.CORE_SCHEMA, 'bool'), yaml11Int, byTag(jsyaml.CORE_SCHEMA, 'float'), byTag(jsyaml.DEFAULT_SCHEMA, 'merge')],
});
