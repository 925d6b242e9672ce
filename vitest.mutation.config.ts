import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

// The tests StrykerJS runs against each mutant (stryker.config.mjs). A mutant lives in src/, so
// only tests that import src/ can kill it: the unit tests and the integration tests that run
// kubenv in this process against the simulated cluster. The files left out exercise the built
// dist/ in spawned processes only (the CLI, the package, the examples, kubectl against the
// simulator); they would cost minutes per run and can never see a mutant. The few tests of the
// kept files that spawn dist/cli.cjs pass against the unmutated build. kubeconfig-matrix is left
// out too: half of each of its runs is the real kubectl, and each kubeconfig mutant would run all
// of it (about 9 s a mutant); the unit tests check the same kubeconfig behaviours on kubenv's side.
const LEFT_OUT = [
  'kubeconfig-matrix',
  'apply-esm-cjs',
  'cli',
  'cli-ls',
  'cli-picker',
  'connections',
  'diff',
  'examples',
  'faults-cli',
  'image-env',
  'package-imports',
  'package-tarball',
  'readme-snippets',
  'register',
  'run-masking',
  'simulator-client-node',
  'simulator-kubectl',
  'targets',
];

// Temporary files go into the project folder (StrykerJS's sandbox, removed after the run), not a
// per-run folder of the machine's temp folder: a runner StrykerJS kills for a hanging mutant never
// runs a global teardown (test/support/temp-root.ts), so its folder would stay behind.
const tmp = path.join(process.cwd(), 'temp', 'mutation-tmp');
mkdirSync(tmp, { recursive: true });
process.env['TMPDIR'] = tmp;

const config: ViteUserConfig = defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    exclude: LEFT_OUT.map((name) => `test/integration/${name}.test.ts`),
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

export default config;
