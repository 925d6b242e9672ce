// @ts-check
const { defineConfig } = require('kubenv');

// The workload whose environment the tests run with. No namespace here: it comes from
// MIRRORD_TARGET_NAMESPACE (CI sets it per environment), else from the kubeconfig context.
module.exports = defineConfig({
  target: 'deployment/checkout',
  feature: {
    env: {
      // Only what the tests need: NODE_ENV stays `test`.
      include: ['DATABASE_URL', 'LOG_LEVEL', 'FEATURE_*'],
    },
  },
  timeout: 15_000,
});
