/**
 * resourceFieldRef rounding differs by resource, as in the kubelet (pkg/api/v1/resource,
 * ExtractContainerResourceValue): CPU divides milli-values, ceil(MilliValue(q) / MilliValue(d));
 * memory and ephemeral storage divide whole values, ceil(Value(q) / Value(d)), so a divisor
 * below 1 counts as 1 there. And a negative quantity is not one (requests and limits cannot be).
 */
import { describe, expect, it } from 'vitest';
import { parseQuantity, resourceFieldValue } from '../../src/sources/spec/quantity';

function value(resource: string, quantity: string, divisor: string): string {
  const q = parseQuantity(quantity);
  const d = parseQuantity(divisor);
  if (!q || !d) throw new Error(`unparseable ${quantity} / ${divisor}`);
  return resourceFieldValue(resource, q, d);
}

describe('resourceFieldRef rounding by resource', () => {
  it.each([
    ['limits.cpu', '1', '500m', '2'],
    ['requests.cpu', '3', '250m', '12'],
    ['limits.memory', '1', '500m', '1'],
    ['requests.memory', '3', '250m', '3'],
    ['limits.ephemeral-storage', '10', '100m', '10'],
  ])('%s %s with divisor %s is %s', (resource, quantity, divisor, expected) => {
    expect(value(resource, quantity, divisor)).toBe(expected);
  });

  it.each(['-1', '-500m', '-1Gi'])('%s is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
