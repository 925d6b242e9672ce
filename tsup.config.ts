import { defineConfig } from 'tsup';

// One build for every public subpath, as ESM and CommonJS (Jest loads CommonJS by default).
// Code splitting keeps heavy modules (config loading, kube access) in chunks that are only
// imported when first needed, so `import { parseTarget } from 'kubenv'` stays cheap.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    vitest: 'src/vitest/index.ts',
    jest: 'src/jest/index.ts',
    'jest-global-setup': 'src/jest/global-setup.ts',
    'jest-global-teardown': 'src/jest/global-teardown.ts',
    testing: 'src/testing/index.ts',
    cli: 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  target: 'node22',
  platform: 'node',
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  shims: false,
});
