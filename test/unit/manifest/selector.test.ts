import { describe, expect, it } from 'vitest';
import {
  formatLabelSelector,
  formatSelector,
  labelSelectorAsSelector,
  labelSelectorMatches,
  parseSelector,
  selectorFromSet,
  selectorMatches,
  validateLabelSelector,
  type Selector,
} from '../../../src/manifest/selector';

function parsed(s: string): Selector {
  const r = parseSelector(s);
  if ('error' in r) throw new Error(r.error);
  return r.selector;
}

describe('parseSelector (the -l string form)', () => {
  it.each([
    ['', ''],
    ['a=b', 'a=b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['a=', 'a='],
    ['a', 'a'],
    ['!a', '!a'],
    ['  a = b ,  c  ', 'a=b,c'],
    ['x in (b,a)', 'x in (a,b)'],
    ['x notin (z)', 'x notin (z)'],
    ['x in (a,,b)', 'x in (,a,b)'],
    ['x in ()', 'x in ()'],
    ['a=b,c!=d,e in (x,y),f notin (z),g,!h', 'a=b,c!=d,e in (x,y),f notin (z),g,!h'],
    ['z=1,a=2', 'a=2,z=1'],
    ['app.kubernetes.io/name=web', 'app.kubernetes.io/name=web'],
    ['n>5,m<10', 'm<10,n>5'],
    ['in=notin', 'in=notin'],
  ])('parses %j as %j', (input, canonical) => expect(formatSelector(parsed(input))).toBe(canonical));

  it.each([
    ['a=b=c', /expected: ',' or 'end of string'/],
    ['a in b', /expected: '\('/],
    ['a in (b', /expected/],
    ['a in (b c)', /expected/],
    [',a', /expected: !, identifier/],
    ['a,', /identifier after ','/],
    ['!a=b', /expected: ',' or 'end of string'/],
    ['a b', /expected: in, notin, =, ==, !=, gt, lt/],
    ['my key=b', /expected/],
    ['a=b c', /expected: ',' or 'end of string'/],
    ['-a=b', /invalid label key/],
    ['a=-b', /invalid label value/],
    ['n>x', /must be an integer/],
    ['a=(b)', /expected: identifier/],
  ])('refuses %j', (input, message) => {
    const r = parseSelector(input);
    expect('error' in r).toBe(true);
    if ('error' in r) expect(r.error).toMatch(message);
  });
});

describe('selectorMatches', () => {
  const labels = { app: 'web', tier: 'front', version: '3' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['missing in (x)', false],
    ['app notin (db)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['version>2', true],
    ['version>3', false],
    ['version<4', true],
    ['app>1', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
  ])('%j on app=web,tier=front,version=3 → %s', (s, want) => expect(selectorMatches(parsed(s), labels)).toBe(want));

  it('treats null as a selector of nothing', () => {
    expect(selectorMatches(null, { a: 'b' })).toBe(false);
  });
});

describe('labelSelectorMatches (matchLabels + matchExpressions)', () => {
  const labels = { app: 'web', env: 'prod' };
  it.each([
    ['missing selector', undefined, false],
    ['empty selector', {}, true],
    ['matchLabels that match', { matchLabels: { app: 'web' } }, true],
    ['matchLabels that differ', { matchLabels: { app: 'db' } }, false],
    ['matchLabels with a missing key', { matchLabels: { team: 'x' } }, false],
    ['In', { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] }, true],
    ['In without the value', { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, false],
    ['NotIn', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, true],
    ['NotIn on a missing key', { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['a'] }] }, true],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    ['both parts', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, true],
  ])('%s', (_name, selector, want) => {
    expect(labelSelectorMatches(selector, labels)).toBe(want);
    // The fast path agrees with the requirement form.
    expect(selectorMatches(labelSelectorAsSelector(selector), labels)).toBe(want);
  });

  it('prints a structured selector in the string form', () => {
    expect(formatLabelSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['y', 'x'] }] })).toBe(
      'a=1,b=2,c notin (x,y)',
    );
    expect(formatSelector(selectorFromSet({ app: 'web' }))).toBe('app=web');
  });
});

describe('validateLabelSelector', () => {
  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, ['matchExpressions', 0, 'values'], /must be given when operator is In/],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, ['matchExpressions', 0, 'values'], /may not be given/],
    [{ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, ['matchExpressions', 0, 'operator'], /unsupported operator "Gt"/],
    [{ matchExpressions: [{ key: 'bad key', operator: 'Exists' }] }, ['matchExpressions', 0, 'key'], /invalid label key/],
    [{ matchLabels: { app: 'no spaces' } }, ['matchLabels', 'app'], /invalid label value/],
  ])('reports %j', (selector, path, message) => {
    const issues = validateLabelSelector(selector, ['spec', 'selector']);
    expect(issues[0].path).toEqual(['spec', 'selector', ...path]);
    expect(issues[0].message).toMatch(message);
  });

  it('accepts a valid selector', () => {
    expect(validateLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, [])).toEqual([]);
  });
});
