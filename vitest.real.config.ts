import { defineConfig, type ViteUserConfig } from 'vitest/config';

// The `real` project: kubenv against a real one-node Kubernetes (cluster/up.sh), started by the
// global setup. Not part of `npm test`: `npm run test:real` runs it (root, Go and containerd needed).
const config: ViteUserConfig = defineConfig({
  test: {
    name: 'real',
    include: ['test/real/**/*.test.ts'],
    // One temporary folder per run, removed at the end; then the cluster and its workloads.
    globalSetup: ['test/support/temp-root.ts', 'test/real/setup.ts'],
    testTimeout: 60_000,
    // Cluster start-up (a cached build) and the workloads; a cold build is .ci/run's own step.
    hookTimeout: 120_000,
    teardownTimeout: 120_000,
  },
});

export default config;
