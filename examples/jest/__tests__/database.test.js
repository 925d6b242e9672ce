describe('the checkout database, with the environment of deployment/checkout', () => {
  test('DATABASE_URL comes from the cluster', () => {
    const url = new URL(process.env.DATABASE_URL ?? 'missing:');
    expect(url.protocol).toBe('postgres:');
    expect(url.pathname).toBe('/checkout');
  });

  test('only the included names arrive: NODE_ENV stays what Jest set', () => {
    expect(process.env.LOG_LEVEL).toBeTruthy();
    expect(process.env.NODE_ENV).toBe('test');
  });
});
