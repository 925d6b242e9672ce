import { defineConfig } from 'kubenv';

// The workload whose environment the tests run with. In CI, MIRRORD_IMPERSONATED_TARGET and
// MIRRORD_TARGET_NAMESPACE point it elsewhere without editing this file.
export default defineConfig({
  target: { path: 'deployment/checkout', namespace: 'shop' },
  feature: {
    env: {
      // Only what the tests need: nothing else from production leaks into the test processes.
      include: ['DATABASE_URL', 'LOG_LEVEL', 'FEATURE_*'],
    },
  },
  timeout: 15_000,
});
