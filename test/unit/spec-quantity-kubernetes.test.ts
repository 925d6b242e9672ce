/**
 * resourceFieldRef values from Kubernetes' own tests: kubernetes/kubernetes
 * `pkg/api/v1/resource/helpers_test.go`, `TestExtractResourceValue` (at commit
 * 07a94070e51e7e71c4539f987a4b671f9dd6ae07), and the rounding of apimachinery's
 * `Quantity.MilliValue()` / `Quantity.Value()` (both round up) that the kubelet divides with.
 */
import { describe, expect, it } from 'vitest';
import { parseQuantity, resourceFieldValue } from '../../src/sources/spec/quantity';

function value(resource: string, quantity: string, divisor = '1'): string {
  const q = parseQuantity(quantity);
  const d = parseQuantity(divisor);
  if (!q || !d) throw new Error(`unparseable ${quantity} / ${divisor}`);
  return resourceFieldValue(resource, q, d);
}

describe('TestExtractResourceValue', () => {
  it.each([
    ['limits.cpu', '9', '1', '9'],
    ['requests.cpu', '8', '1', '8'],
    ['requests.cpu', '100m', '1', '1'],
    ['requests.cpu', '1200m', '100m', '12'],
    ['requests.memory', '100Mi', '1', '104857600'],
    ['requests.memory', '100Mi', '1Mi', '100'],
    ['limits.memory', '100Mi', '1', '104857600'],
  ])('%s %s with divisor %s is %s', (resource, quantity, divisor, expected) => {
    expect(value(resource, quantity, divisor)).toBe(expected);
  });
});

describe('MilliValue and Value round up before the division', () => {
  it.each([
    // 0.1m is 1 millicore to the kubelet, so it is 1 in millicores and 1 in cores.
    ['limits.cpu', '0.1m', '1m', '1'],
    ['limits.cpu', '0.1m', '1', '1'],
    // A divisor below a millicore counts as one millicore.
    ['limits.cpu', '2', '0.5m', '2000'],
    ['limits.cpu', '1500m', '300u', '1500'],
    // Memory in whole bytes: half a byte is one.
    ['limits.memory', '0.5', '1', '1'],
    ['limits.memory', '1500m', '1', '2'],
    ['limits.memory', '10', '3', '4'],
    ['limits.memory', '9', '3', '3'],
    ['limits.ephemeral-storage', '1Gi', '1G', '2'],
    ['limits.ephemeral-storage', '1G', '1Gi', '1'],
    // An exponent that is zero, large, or negative past the millis.
    ['limits.memory', '7e0', '1', '7'],
    ['limits.memory', '12e10', '1G', '120'],
    ['limits.cpu', '25e-2', '1m', '250'],
    ['limits.cpu', '1e-6', '1m', '1'],
    // More than one digit on each side of the point.
    ['limits.cpu', '12.345', '1m', '12345'],
    ['limits.memory', '10.25Ki', '1', '10496'],
  ])('%s %s with divisor %s is %s', (resource, quantity, divisor, expected) => {
    expect(value(resource, quantity, divisor)).toBe(expected);
  });

  it('a zero divisor in any form is read as 1, as the kubelet reads the zero Quantity', () => {
    for (const zero of ['0', '0m', '0.0', '0Mi', '0e3']) {
      expect(value('limits.cpu', '1500m', zero)).toBe('2');
      expect(value('limits.memory', '1Ki', zero)).toBe('1024');
    }
  });
});

describe('what is not a quantity', () => {
  it.each(['1.5 Gi', '1mi', '1KI', 'Ki', '1e1.5', '1e+', '--1', '+-1', '1m1', '1Gi\n2', 'a1', '1a'])('%j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
