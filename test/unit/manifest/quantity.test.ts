import { describe, expect, it } from 'vitest';
import { bytes, compareQuantities, cpuMillis, formatQuantity, isQuantityError, parseQuantity, quantityFromBytes, quantityFromMillis } from '../../../src/manifest/quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['128Mi', 128 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1k', 1000],
    ['1M', 1e6],
    ['1Ki', 1024],
    ['100n', 1e-7],
    ['10u', 1e-5],
    ['0', 0],
    ['+5', 5],
    ['-1', -1],
    ['.5', 0.5],
    ['5.', 5],
    ['1.5e-3', 0.0015],
    ['2E', 2e18],
    [0.5, 0.5],
    [2, 2],
  ])('reads %j as %d', (input, value) => {
    const q = parseQuantity(input);
    expect(isQuantityError(q)).toBe(false);
    if (!isQuantityError(q)) expect(q.value).toBeCloseTo(value, 9);
  });

  it.each(['', '12Q', '1K', 'Mi', '1.2.3', ' 1', '1 ', '1Mi5', 'e3', '1e', '0x10', 'abc', '1ki'])('refuses %j', (input) => {
    const q = parseQuantity(input);
    expect(isQuantityError(q)).toBe(true);
    if (isQuantityError(q)) expect(q.error).toMatch(/is not a quantity/);
  });

  it('keeps the format in which the value was written', () => {
    expect(parseQuantity('1Gi')).toMatchObject({ format: 'BinarySI' });
    expect(parseQuantity('1G')).toMatchObject({ format: 'DecimalSI' });
    expect(parseQuantity('1e9')).toMatchObject({ format: 'DecimalExponent' });
    // A binary value under one unit is printed as decimal, as Kubernetes does.
    expect(parseQuantity('0.5Ki')).toMatchObject({ format: 'BinarySI' });
  });
});

describe('cpuMillis and bytes', () => {
  it.each([
    ['500m', 500],
    ['1', 1000],
    ['1.1', 1100],
    ['0.1', 100],
    ['2.5', 2500],
    ['0.0001', 1],
    ['100u', 1],
    [0.25, 250],
  ])('cpuMillis(%j) is %d, rounded up like MilliValue', (q, m) => expect(cpuMillis(q)).toBe(m));

  it.each([
    ['128Mi', 134217728],
    ['1.5Gi', 1610612736],
    ['1G', 1e9],
    ['1e3', 1000],
    ['100m', 1],
    ['1.1', 2],
    ['4Ki', 4096],
  ])('bytes(%j) is %d, rounded up like Value', (q, b) => expect(bytes(q)).toBe(b));

  it('throws on an invalid quantity', () => {
    expect(() => cpuMillis('lots')).toThrow(/not a quantity/);
  });
});

describe('formatQuantity', () => {
  it.each([
    ['1.5Gi', '1536Mi'],
    ['1024Ki', '1Mi'],
    ['0.5Gi', '512Mi'],
    ['1000Ki', '1000Ki'],
    ['0.1Ki', '102400m'],
    ['0.5', '500m'],
    ['1.0', '1'],
    ['2000m', '2'],
    ['1000', '1k'],
    ['1500', '1500'],
    ['100M', '100M'],
    ['1e3', '1e3'],
    ['1500e-3', '1500e-3'],
    ['0.1n', '1n'],
    ['0', '0'],
    ['0Mi', '0'],
    ['-500m', '-500m'],
    ['1', '1'],
  ])('prints %j as %j, like Quantity.String()', (q, out) => expect(formatQuantity(q)).toBe(out));

  it('prints millicores and bytes', () => {
    expect(quantityFromMillis(500)).toBe('500m');
    expect(quantityFromMillis(2000)).toBe('2');
    expect(quantityFromBytes(134217728)).toBe('128Mi');
    expect(quantityFromBytes(1000)).toBe('1k');
  });
});

describe('compareQuantities', () => {
  it.each([
    ['500m', '0.5', 0],
    ['1Gi', '1G', 1],
    ['1000Mi', '1Gi', -1],
    ['1e3', '1k', 0],
  ] as const)('compares %j with %j', (a, b, c) => expect(compareQuantities(a, b)).toBe(c));
});
