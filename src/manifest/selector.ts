// Label selectors exactly as Kubernetes' apimachinery (pkg/labels, meta/v1 LabelSelector): the string form of
// `-l` flags ("a=b,c!=d,e in (x,y),f notin (z),g,!h"), structured selectors, matching and validation.
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import { labelValueErrors, qualifiedNameErrors } from './names';
import { validateLabels } from './labels';
import type { FieldPath, Issue } from './types';

/** Kubernetes' selection.Operator values. */
export type SelectorOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  /** Sorted and unique, as Kubernetes keeps them. */
  values: string[];
}

/** Requirements are ANDed; none matches everything. Kubernetes' "nothing" selector is `null` here. */
export interface Selector {
  requirements: Requirement[];
}

export type Labels = Readonly<Record<string, string>> | undefined | null;

export function selectorMatches(selector: Selector | null, labels: Labels): boolean {
  if (selector === null) return false;
  for (const r of selector.requirements) if (!requirementMatches(r, labels)) return false;
  return true;
}

export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = labels != null && Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels![r.key] : '';
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^[-+]?\d+$/.test(value)) return false;
      const lv = Number(value);
      const rv = Number(r.values[0]);
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
  }
}

/**
 * A structured selector (matchLabels + matchExpressions), matched without building requirements: the scheduler and
 * controllers call this for every pod. A missing selector matches nothing and an empty one matches everything,
 * as LabelSelectorAsSelector. Assumes a valid selector (see validateLabelSelector).
 */
export function labelSelectorMatches(selector: LabelSelector | undefined | null, labels: Labels): boolean {
  if (selector == null) return false;
  const ml = selector.matchLabels;
  if (ml) {
    for (const k in ml) {
      if (labels == null || !Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== ml[k]) return false;
    }
  }
  const me = selector.matchExpressions;
  if (me) {
    for (const e of me) {
      const has = labels != null && Object.prototype.hasOwnProperty.call(labels, e.key);
      switch (e.operator) {
        case 'In':
          if (!has || !(e.values ?? []).includes(labels![e.key])) return false;
          break;
        case 'NotIn':
          if (has && (e.values ?? []).includes(labels![e.key])) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
  }
  return true;
}

const EXPRESSION_OPERATORS: Record<string, SelectorOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** LabelSelectorAsSelector: `null` (nothing) for a missing selector; throws on an invalid operator. */
export function labelSelectorAsSelector(selector: LabelSelector | undefined | null): Selector | null {
  if (selector == null) return null;
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) requirements.push({ key, operator: '=', values: [value] });
  for (const e of selector.matchExpressions ?? []) {
    const operator = EXPRESSION_OPERATORS[e.operator];
    if (!operator) throw new Error(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    requirements.push({ key: e.key, operator, values: uniqueSorted(e.values ?? []) });
  }
  return { requirements: requirements.sort(byKey) };
}

/** The selector of a label set (a Service's `selector`, a ReplicaSet's pod-template-hash): key=value for each. */
export function selectorFromSet(labels: Labels): Selector {
  return { requirements: Object.entries(labels ?? {}).map(([key, v]) => ({ key, operator: '=' as const, values: [v] })).sort(byKey) };
}

/** Kubernetes' Selector.String(): requirements sorted by key, "a=b,c in (x,y),!d". */
export function formatSelector(selector: Selector | null): string {
  if (selector === null) return '';
  return selector.requirements.map(formatRequirement).join(',');
}

export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  return formatSelector(labelSelectorAsSelector(selector));
}

function formatRequirement(r: Requirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0]}`;
    case 'lt':
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key}${r.operator}${r.values[0]}`;
  }
}

/** ValidateLabelSelector of apimachinery, with paths under `path`. */
export function validateLabelSelector(selector: LabelSelector | undefined | null, path: FieldPath): Issue[] {
  if (selector == null) return [];
  const issues = validateLabels(selector.matchLabels, [...path, 'matchLabels']);
  (selector.matchExpressions ?? []).forEach((e: LabelSelectorRequirement, i) => {
    const at = [...path, 'matchExpressions', i];
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) issues.push({ path: [...at, 'values'], code: 'FieldValueRequired', message: `values must be given when operator is ${e.operator}` });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) issues.push({ path: [...at, 'values'], code: 'FieldValueInvalid', message: `values may not be given when operator is ${e.operator}; remove them` });
        break;
      default:
        issues.push({
          path: [...at, 'operator'],
          code: 'FieldValueNotSupported',
          message: `unsupported operator ${JSON.stringify(e.operator)}: use In, NotIn, Exists or DoesNotExist`,
        });
    }
    for (const m of qualifiedNameErrors(e.key)) issues.push({ path: [...at, 'key'], code: 'FieldValueInvalid', message: `invalid label key ${JSON.stringify(e.key)}: ${m}` });
    values.forEach((v, j) => {
      for (const m of labelValueErrors(v)) issues.push({ path: [...at, 'values', j], code: 'FieldValueInvalid', message: `invalid label value ${JSON.stringify(v)}: ${m}` });
    });
  });
  return issues;
}

/** A selector that selects nothing would never match its own pods: Kubernetes requires one that is not empty. */
export function isEmptyLabelSelector(selector: LabelSelector | undefined | null): boolean {
  return selector == null || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

export function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function byKey(a: Requirement, b: Requirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

// The string form, parsed with the grammar of apimachinery's labels.Parse (lexer + recursive descent).

type Token = { kind: 'id' | 'in' | 'notin' | '!' | '=' | '==' | '!=' | '>' | '<' | '(' | ')' | ',' | 'end' | 'error'; text: string };

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const SYMBOLS = new Set(['!', '!=', '=', '==', '(', ')', ',', '>', '<']);

function lex(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (true) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) {
      out.push({ kind: 'end', text: 'end of string' });
      return out;
    }
    if (SPECIAL.has(s[i])) {
      // The longest run of special characters that is still a token: "!=" but "!" then "(" for "!(".
      let buf = '';
      let last = '';
      while (i < s.length && SPECIAL.has(s[i])) {
        buf += s[i];
        if (SYMBOLS.has(buf)) {
          last = buf;
          i++;
        } else {
          if (last) break;
          i++;
        }
      }
      if (!last) {
        out.push({ kind: 'error', text: buf });
        return out;
      }
      out.push({ kind: last as Token['kind'], text: last });
      continue;
    }
    let j = i;
    while (j < s.length && !SPECIAL.has(s[j]) && !/\s/.test(s[j])) j++;
    const text = s.slice(i, j);
    out.push({ kind: text === 'in' ? 'in' : text === 'notin' ? 'notin' : 'id', text });
    i = j;
  }
}

class SelectorParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  /** In value position the keywords `in` and `notin` are plain identifiers, as in Kubernetes. */
  private peek(values = true): Token {
    const t = this.tokens[Math.min(this.pos, this.tokens.length - 1)];
    return values && (t.kind === 'in' || t.kind === 'notin') ? { kind: 'id', text: t.text } : t;
  }
  private next(values = true): Token {
    const t = this.peek(values);
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  parse(): Requirement[] {
    const out: Requirement[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'end') return out;
      if (t.kind !== 'id' && t.kind !== '!') throw new Error(`found '${t.text}', expected: !, identifier, or 'end of string'`);
      out.push(this.requirement());
      const sep = this.next();
      if (sep.kind === 'end') return out;
      if (sep.kind !== ',') throw new Error(`found '${sep.text}', expected: ',' or 'end of string'`);
      const after = this.peek();
      if (after.kind !== 'id' && after.kind !== '!') throw new Error(`found '${after.text}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let t = this.next();
    const negated = t.kind === '!';
    if (negated) t = this.next();
    if (t.kind !== 'id') throw new Error(`found '${t.text}', expected: identifier`);
    const key = t.text;
    const after = this.peek();
    if (negated || after.kind === 'end' || after.kind === ',') {
      if (negated && after.kind !== 'end' && after.kind !== ',') throw new Error(`found '${after.text}', expected: ',' or 'end of string'`);
      return makeRequirement(key, negated ? '!' : 'exists', []);
    }
    const op = this.next(false);
    switch (op.kind) {
      case 'in':
      case 'notin':
        return makeRequirement(key, op.kind, this.valueSet());
      case '=':
      case '==':
      case '!=':
        return makeRequirement(key, op.kind, [this.exactValue()]);
      case '>':
        return makeRequirement(key, 'gt', [this.exactValue()]);
      case '<':
        return makeRequirement(key, 'lt', [this.exactValue()]);
      default:
        throw new Error(`found '${op.text}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  private valueSet(): string[] {
    const open = this.next();
    if (open.kind !== '(') throw new Error(`found '${open.text}' expected: '('`);
    const values: string[] = [];
    if (this.peek().kind === ')') {
      this.next();
      return [''];
    }
    let expectValue = true;
    for (;;) {
      const t = this.next();
      if (t.kind === 'id' && expectValue) {
        values.push(t.text);
        expectValue = false;
      } else if (t.kind === ',') {
        if (expectValue) values.push('');
        expectValue = true;
      } else if (t.kind === ')') {
        if (expectValue) values.push('');
        return values;
      } else {
        throw new Error(`found '${t.text}', expected: ',', ')' or identifier`);
      }
    }
  }

  private exactValue(): string {
    const t = this.peek();
    if (t.kind === 'end' || t.kind === ',') return '';
    this.next();
    if (t.kind !== 'id') throw new Error(`found '${t.text}', expected: identifier`);
    return t.text;
  }
}

function makeRequirement(key: string, operator: SelectorOperator, values: string[]): Requirement {
  const errs = qualifiedNameErrors(key);
  if (errs.length) throw new Error(`invalid label key ${JSON.stringify(key)}: ${errs.join('; ')}`);
  if ((operator === 'gt' || operator === 'lt') && !/^[-+]?\d+$/.test(values[0])) {
    throw new Error(`for '>', '<' operators, the value must be an integer, got ${JSON.stringify(values[0])}`);
  }
  for (const v of values) {
    const verrs = labelValueErrors(v);
    if (verrs.length) throw new Error(`invalid label value ${JSON.stringify(v)}: ${verrs.join('; ')}`);
  }
  return { key, operator, values: uniqueSorted(values) };
}

/**
 * Parses the string form of a selector, as `kubectl get -l` does. The empty string selects everything.
 * Errors say what was found and what was expected, e.g. `unable to parse requirement: found ')', expected: identifier`.
 */
export function parseSelector(s: string): { selector: Selector } | { error: string } {
  const tokens = lex(s);
  const bad = tokens.find((t) => t.kind === 'error');
  if (bad) return { error: `invalid selector ${JSON.stringify(s)}: unexpected '${bad.text}'` };
  try {
    return { selector: { requirements: new SelectorParser(tokens).parse().sort(byKey) } };
  } catch (err) {
    return { error: `invalid selector ${JSON.stringify(s)}: ${(err as Error).message}` };
  }
}
