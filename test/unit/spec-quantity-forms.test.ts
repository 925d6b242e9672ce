/**
 * The forms a resource quantity may take (k8s.io/apimachinery/pkg/api/resource, Quantity's
 * serialization format): a sign, a fraction without a whole part or without digits after the
 * point, every suffix, and exponents both ways, read as the kubelet reads them.
 */
import { describe, expect, it } from 'vitest';
import { parseQuantity, resourceFieldValue } from '../../src/sources/spec/quantity';

function value(resource: string, quantity: string, divisor = '1'): string {
  const q = parseQuantity(quantity);
  const d = parseQuantity(divisor);
  if (!q || !d) throw new Error(`unparseable ${quantity} / ${divisor}`);
  return resourceFieldValue(resource, q, d);
}

describe('quantity forms', () => {
  it.each([
    ['+2', '1', '2'],
    ['.5', '1m', '500'],
    ['.25', '1m', '250'],
    ['1.', '1m', '1000'],
    [' 250m ', '1m', '250'],
    ['5e-1', '1m', '500'],
    ['5E-4', '1m', '1'],
    ['2e+3', '1', '2000'],
    ['100000u', '1m', '100'],
    ['500000000n', '1m', '500'],
    ['1k', '1', '1000'],
  ])('cpu %s with divisor %s is %s', (quantity, divisor, expected) => {
    expect(value('limits.cpu', quantity, divisor)).toBe(expected);
  });

  it.each([
    ['1M', '1', '1000000'],
    ['1G', '1M', '1000'],
    ['2T', '1G', '2000'],
    ['1P', '1T', '1000'],
    ['1E', '1P', '1000'],
    ['1Ti', '1Gi', '1024'],
    ['1Pi', '1Ti', '1024'],
    ['1Ei', '1Pi', '1024'],
    ['1.5Ki', '1', '1536'],
    ['1001', '1k', '2'],
  ])('memory %s with divisor %s is %s', (quantity, divisor, expected) => {
    expect(value('limits.memory', quantity, divisor)).toBe(expected);
  });

  it.each(['', '.', 'm', '1.2.3', '1e', 'e3', '1Ki1', '0x10'])('%j is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
