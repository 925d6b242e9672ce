// StrykerJS over kubenv's core modules: `npm run test:mutation` (README, Development).
// Globs are by folder or file-name prefix so modules split out later are mutated too.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    // kube access
    'src/kube/kubeconfig*.ts',
    'src/kube/auth.ts',
    'src/kube/transport*.ts',
    'src/kube/http1.ts',
    'src/kube/server-connections.ts',
    'src/kube/retry.ts',
    'src/kube/tls.ts',
    'src/kube/in-cluster.ts',
    'src/kube/exec-credential/**/*.ts',
    // resolution and ranking
    'src/resolve/**/*.ts',
    // the two sources
    'src/sources/spec/**/*.ts',
    'src/sources/exec-source.ts',
    'src/sources/environ.ts',
    // the pipeline (types.ts holds only types)
    'src/pipeline/**/*.ts',
    '!src/pipeline/types.ts',
    // config layering: the three layers and their merge (values.ts is single-value validation)
    'src/config/layer.ts',
    'src/config/resolve.ts',
    'src/config/env-layer.ts',
    'src/config/file-layer.ts',
    'src/config/options-layer.ts',
    'src/config/filter.ts',
    // apply
    'src/apply/**/*.ts',
  ],
  // Copied into the sandbox: everything but these (dist/ stays: a few kept tests spawn it).
  ignorePatterns: ['reports', 'temp', 'coverage', '.kubenv-sim', 'cluster', 'bench'],
  // A static mutant is one in code that runs outside any single test (module top level, a
  // describe body, a beforeAll that fetches once for several tests): Stryker cannot tell which
  // tests reach it, so each would cost a run of the whole suite (28% of the mutants, hours).
  // They are reported as "Ignored"; KUBENV_MUTATION_STATIC=1 tests them too (README).
  ignoreStatic: process.env.KUBENV_MUTATION_STATIC !== '1',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['html', 'clear-text', 'progress', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 3_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};

export default config;
