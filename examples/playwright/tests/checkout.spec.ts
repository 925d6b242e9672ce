import { expect, test } from '@playwright/test';

// These tests use no `page` or `browser` fixture, so no browser is started (or needed). A UI test
// would read the same process.env, e.g. for a login or a seeded database.
test.describe('the checkout service, with the environment of deployment/checkout', () => {
  test('DATABASE_URL comes from the cluster', () => {
    const url = new URL(process.env.DATABASE_URL ?? 'missing:');
    expect(url.protocol).toBe('postgres:');
    expect(url.pathname).toBe('/checkout');
  });

  test('feature flags come from the cluster, and only the included names', () => {
    expect(process.env.FEATURE_NEW_CHECKOUT).toBe('true');
    expect(process.env.APP_VERSION).toBeUndefined();
  });
});
