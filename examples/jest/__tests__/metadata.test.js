const { readKubenvMetadata } = require('kubenv/jest');

test('the global setup tells which pod and container served the env', () => {
  const kubenv = readKubenvMetadata();
  expect(kubenv.target).toBe('deployment/checkout');
  expect(kubenv.pod).toMatch(/^checkout-/);
  expect(kubenv.names).toContain('DATABASE_URL');
  // The metadata holds names, never values.
  expect(JSON.stringify(kubenv)).not.toContain(process.env.DATABASE_URL);
});
