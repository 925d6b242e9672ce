import { defineConfig, type ViteUserConfig } from 'vitest/config';

// Tests split by cost (../shared/STYLE.md): unit (pure, milliseconds), integration (against the simulated
// cluster, the built package, real kubectl/vitest/jest/playwright processes), types (expectTypeOf, type-checked only).
const config: ViteUserConfig = defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          globalSetup: ['test/support/temp-root.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/temp-root.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'types',
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            include: ['test/types/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
    ],
  },
});

export default config;
