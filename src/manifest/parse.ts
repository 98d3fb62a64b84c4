import * as jsyaml from 'js-yaml';
import { KUBERNETES_YAML_SCHEMA } from './yaml-schema';
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import { ManifestError, type ManifestErrorCode } from './errors';
import type { FieldPath, ManifestFile, Origin } from './types';

/** Larger than any sane manifest; Kubernetes' API server refuses requests over 3 MiB. */
export const MAX_FILE_BYTES = 3 * 1024 * 1024;
/** Nodes a document may expand to through aliases, to stop billion-laughs documents. */
const MAX_EXPANDED_NODES = 1_000_000;

export interface ParsedObject {
  /** The object exactly as written (not yet validated). */
  raw: Record<string, unknown>;
  origin: Origin;
}

export interface ParsedFile {
  path: string;
  text: string;
  objects: ParsedObject[];
  errors: ManifestError[];
}

export function isManifestPath(path: string): boolean {
  // Hidden files and folders (.git, .github) are not manifests; `..` in a path given on the command line is no folder.
  return /\.(ya?ml|json)$/i.test(path) && !path.split('/').some((seg) => seg.startsWith('.') && seg !== '..');
}

/** One decoder for every file: decode() without `stream` starts afresh each call, and a fatal one keeps no state. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

const parsedByContent = new WeakMap<Uint8Array, Map<string, ParsedFile>>();

/**
 * parseManifestFile, remembered for as long as the file's bytes are: a controller reading commit after commit gets
 * the same bytes for unchanged blobs (see source's BlobCache), so it parses only what a commit changed.
 */
export function parseManifestFileCached(file: ManifestFile): ParsedFile {
  if (typeof file.content === 'string') return parseManifestFile(file);
  let byPath = parsedByContent.get(file.content);
  if (!byPath) parsedByContent.set(file.content, (byPath = new Map()));
  let parsed = byPath.get(file.path);
  if (!parsed) byPath.set(file.path, (parsed = parseManifestFile(file)));
  return parsed;
}

/** Decodes a file and splits it into objects: multi-document YAML, `kind: List`, JSON. Never throws. */
export function parseManifestFile(file: ManifestFile): ParsedFile {
  const result: ParsedFile = { path: file.path, text: '', objects: [], errors: [] };
  const fail = (code: ManifestErrorCode, problem: string, line = 1, col = 1): ParsedFile => {
    result.errors.push(new ManifestError(code, { file: file.path, line, col, problem }));
    return result;
  };

  const bytes = typeof file.content === 'string' ? null : file.content;
  const size = bytes ? bytes.byteLength : Buffer.byteLength(file.content as string);
  if (size > MAX_FILE_BYTES) {
    return fail(
      'FileTooLarge',
      `file is ${(size / 1024 / 1024).toFixed(1)} MiB; a manifest file may be at most ${MAX_FILE_BYTES / 1024 / 1024} MiB (split it into several files)`,
    );
  }
  if (bytes) {
    const nul = bytes.subarray(0, 8192).indexOf(0);
    if (nul >= 0) return fail('BinaryFile', 'binary file (contains NUL bytes), not a YAML or JSON manifest; remove it or rename it');
    try {
      result.text = utf8.decode(bytes);
    } catch {
      return fail('BinaryFile', 'not valid UTF-8 text; manifests must be UTF-8 encoded YAML or JSON');
    }
  } else {
    result.text = file.content as string;
  }
  if (result.text.charCodeAt(0) === 0xfeff) result.text = result.text.slice(1);

  if (/\.json$/i.test(file.path)) parseJson(result);
  else parseYaml(result);
  return result;
}

function parseJson(result: ParsedFile): void {
  let value: unknown;
  try {
    value = JSON.parse(result.text);
  } catch (err) {
    const msg = (err as Error).message;
    const at = /position (\d+)/.exec(msg);
    const { line, col } = at ? offsetToLineCol(result.text, Number(at[1])) : { line: 1, col: 1 };
    result.errors.push(
      new ManifestError('InvalidYAML', { file: result.path, line, col, problem: `invalid JSON: ${msg.replace(/ in JSON at.*$/, '')}` }),
    );
    return;
  }
  addDocument(result, value, 0, 1, 1);
}

function parseYaml(result: ParsedFile): void {
  // js-yaml is about three times faster than yaml's AST parser, which matters at 10,000 files; positions of errors
  // come from yaml's parser, run again on the one file when something is wrong (see locateField).
  let docs: unknown[];
  try {
    docs = jsyaml.loadAll(result.text, null, { schema: KUBERNETES_YAML_SCHEMA });
  } catch (err) {
    result.errors.push(yamlSyntaxError(result, err as jsyaml.YAMLException));
    return;
  }
  const starts = documentStartLines(result.text);
  docs.forEach((value, index) => {
    const line = starts[index] ?? 1;
    if (value !== null && typeof value === 'object' && /&[^\s]/.test(result.text) && /\*[^\s]/.test(result.text)) {
      if (expandedSize(value, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES) {
        result.errors.push(
          new ManifestError('InvalidYAML', {
            file: result.path,
            line,
            col: 1,
            problem: `invalid YAML: aliases expand this document to more than ${MAX_EXPANDED_NODES} nodes (an alias bomb?); write the values out`,
          }),
        );
        return;
      }
    }
    addDocument(result, value, index, line, 1);
  });
}

/**
 * The first line of content of each document, as js-yaml splits them: every `---` marker opens a document, and
 * content before the first marker is a document of its own.
 */
function documentStartLines(text: string): number[] {
  // Most files hold one document and no marker: its first content line is all there is to find.
  if (!text.startsWith('---') && !text.includes('\n---')) return firstContentLine(text);
  const starts: number[] = [];
  let pending = false; // a marker was seen and its document's first content line is not yet known
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^---(\s|$)/.test(l)) {
      starts.push(i + 1);
      const rest = l.slice(3).trim();
      pending = rest === '' || rest.startsWith('#');
      continue;
    }
    const t = l.trim();
    if (t === '' || t.startsWith('#') || l.startsWith('%')) continue;
    if (starts.length === 0) starts.push(i + 1);
    else if (pending) starts[starts.length - 1] = i + 1;
    pending = false;
  }
  return starts;
}

/** [the first line that is not blank, a comment or a directive], as documentStartLines finds it; [] when none is. */
function firstContentLine(text: string): number[] {
  let line = 1;
  for (let at = 0; at < text.length; line++) {
    const end = text.indexOf('\n', at);
    const l = text.slice(at, end < 0 ? text.length : end);
    const t = l.trim();
    if (!(t === '' || t.startsWith('#') || l.startsWith('%'))) return [line];
    if (end < 0) break;
    at = end + 1;
  }
  return [];
}

/** Counts nodes as if aliases were copied, stopping at `limit`: js-yaml shares aliased objects instead. */
function expandedSize(value: unknown, limit: number): number {
  let count = 0;
  const visit = (v: unknown): void => {
    if (++count > limit || v === null || typeof v !== 'object') return;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      visit(child);
      if (count > limit) return;
    }
  };
  visit(value);
  return count;
}

function yamlSyntaxError(result: ParsedFile, err: jsyaml.YAMLException): ManifestError {
  // yaml's messages are clearer than js-yaml's and it points at the exact spot; use it for the report.
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(result.text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true });
  for (const doc of Array.isArray(docs) ? docs : []) {
    const first = doc.errors[0];
    if (first) {
      const { line, col } = lineCounter.linePos(errorOffset(result.text, first.code, first.pos));
      return new ManifestError('InvalidYAML', { file: result.path, line, col, problem: `invalid YAML: ${yamlProblem(first.message, first.code)}` });
    }
  }
  const line = (err.mark?.line ?? 0) + 1;
  const col = (err.mark?.column ?? 0) + 1;
  return new ManifestError('InvalidYAML', { file: result.path, line, col, problem: `invalid YAML: ${yamlProblem(err.reason ?? err.message, '')}` });
}

function addDocument(result: ParsedFile, value: unknown, doc: number, line: number, col: number): void {
  const origin: Origin = { file: result.path, line, col, doc };
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    result.errors.push(
      new ManifestError('NotAManifest', {
        file: result.path,
        line,
        col,
        problem: `expected an object with apiVersion and kind, got ${got}`,
      }),
    );
    return;
  }
  const obj = value as Record<string, unknown>;
  if (obj.kind === 'List' && (obj.apiVersion === 'v1' || obj.apiVersion === undefined)) {
    const items = obj.items;
    if (!Array.isArray(items)) {
      result.errors.push(new ManifestError('FieldValueRequired', { file: result.path, line, col, field: 'items', problem: 'a List needs an items array' }));
      return;
    }
    items.forEach((item, i) => {
      const itemOrigin = { ...origin, item: i };
      const pos = locateField(result, itemOrigin, []);
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        result.errors.push(
          new ManifestError('NotAManifest', { file: result.path, ...pos, field: `items[${i}]`, problem: 'expected an object with apiVersion and kind' }),
        );
        return;
      }
      result.objects.push({ raw: item as Record<string, unknown>, origin: { ...itemOrigin, ...pos } });
    });
    return;
  }
  result.objects.push({ raw: obj, origin });
}

/**
 * Where a person should look for a syntax error, which is not always where the parser noticed it: an unclosed
 * quote is noticed at the end of the file but written where the quote opens; a line indented too far is noticed
 * on the line before, as a key spanning two lines.
 */
function errorOffset(text: string, code: string, [start]: [number, number]): number {
  if (code === 'MISSING_CHAR') {
    const quote = Math.max(text.lastIndexOf('"', start - 1), text.lastIndexOf("'", start - 1));
    if (quote >= 0) return quote;
  }
  if (code === 'MULTILINE_IMPLICIT_KEY' || code === 'BLOCK_AS_IMPLICIT_KEY') {
    const nextLine = text.indexOf('\n', start);
    if (nextLine >= 0) return nextLine + 1 + (/^ */.exec(text.slice(nextLine + 1))?.[0].length ?? 0);
  }
  return start;
}

/** Turns yaml's messages into one line a person can act on. */
function yamlProblem(message: string, code: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'TAB_AS_INDENT' || /tab/i.test(first)) return `${first} (YAML forbids tabs for indentation; use spaces)`;
  if (code === 'DUPLICATE_KEY') return `${first} (each key may appear once per mapping)`;
  return first;
}

export function offsetToLineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

const docCache = new WeakMap<ParsedFile, { docs: Document[]; lines: LineCounter }>();

/**
 * The position of a field, for error messages. Parsing keeps no syntax trees (10,000 files must load fast), so
 * the file is parsed again here, once, only when something in it is wrong. Points at the key of the deepest part
 * of the path that exists, so a missing field points at its parent.
 */
export function locateField(file: ParsedFile, origin: Origin, path: FieldPath): { line: number; col: number } {
  let cached = docCache.get(file);
  if (!cached) {
    const lines = new LineCounter();
    const parsed = parseAllDocuments(file.text, { lineCounter: lines, uniqueKeys: false, merge: true });
    cached = { docs: Array.isArray(parsed) ? parsed : [], lines };
    docCache.set(file, cached);
  }
  const doc = cached.docs[origin.doc];
  if (!doc) return { line: origin.line, col: origin.col };
  const full: FieldPath = origin.item === undefined ? path : ['items', origin.item, ...path];
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const seg of full) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  if (offset === undefined) return { line: origin.line, col: origin.col };
  return cached.lines.linePos(offset);
}
