import { describe, expect, inject, it } from 'vitest';

describe('the checkout service, with the environment of deployment/checkout', () => {
  it('gets the database URL from the cluster', () => {
    const url = new URL(process.env.DATABASE_URL ?? 'missing:');
    expect(url.protocol).toBe('postgres:');
    expect(url.pathname).toBe('/checkout');
  });

  it('gets only the included names: NODE_ENV stays what Vitest set', () => {
    expect(process.env.LOG_LEVEL).toBeTruthy();
    expect(process.env.NODE_ENV).toBe('test');
  });

  it("learns where the env came from with inject('kubenv')", () => {
    const kubenv = inject('kubenv');
    expect(kubenv.target).toBe('deployment/checkout');
    expect(kubenv.namespace).toBe('shop');
    expect(kubenv.pod).toMatch(/^checkout-/);
    expect(kubenv.names).toContain('DATABASE_URL');
    // The metadata holds names, never values.
    expect(JSON.stringify(kubenv)).not.toContain(process.env.DATABASE_URL);
  });
});
