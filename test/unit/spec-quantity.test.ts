import { describe, expect, it } from 'vitest';
import { parseQuantity, resourceFieldValue } from '../../src/sources/spec/quantity';

function value(resource: string, quantity: string, divisor = '1'): string {
  const q = parseQuantity(quantity);
  const d = parseQuantity(divisor);
  if (!q || !d) throw new Error(`unparseable ${quantity} / ${divisor}`);
  return resourceFieldValue(resource, q, d);
}

describe('resourceFieldRef values, rounded as the kubelet rounds', () => {
  it('CPU in cores rounds up, in millicores exact', () => {
    expect(value('limits.cpu', '500m')).toBe('1');
    expect(value('limits.cpu', '2')).toBe('2');
    expect(value('limits.cpu', '1500m')).toBe('2');
    expect(value('requests.cpu', '250m', '1m')).toBe('250');
    expect(value('requests.cpu', '0.1', '1m')).toBe('100');
    expect(value('limits.cpu', '1', '100m')).toBe('10');
    // istio writes divisor "0": the kubelet reads it as 1.
    expect(value('limits.cpu', '1500m', '0')).toBe('2');
    expect(value('limits.memory', '1Ki', '0')).toBe('1024');
  });

  it('memory in bytes, and with binary and decimal divisors', () => {
    expect(value('limits.memory', '128Mi')).toBe(String(128 * 1024 * 1024));
    expect(value('limits.memory', '128Mi', '1Mi')).toBe('128');
    expect(value('limits.memory', '1G', '1Mi')).toBe('954');
    expect(value('requests.memory', '1.5Gi', '1Gi')).toBe('2');
    expect(value('limits.ephemeral-storage', '2e3', '1k')).toBe('2');
  });

  it('rejects what is not a quantity', () => {
    expect(parseQuantity('12 apples')).toBeUndefined();
    expect(parseQuantity('-1')).toBeUndefined();
    expect(parseQuantity('1Zi')).toBeUndefined();
  });
});
