/**
 * The runnable examples, run as a user runs them: the real `vitest`, `jest` and `playwright test` processes, plain
 * `node` for the scripts, each in its own project directory, importing `kubenv` through
 * examples/node_modules/kubenv (a link to this repository, made by examples/link-kubenv.mjs).
 *
 * Each process gets only PATH, a fresh HOME and the simulated cluster's KUBECONFIG, so no
 * developer config, kubeconfig or MIRRORD_* variable leaks in. The assertions that the remote
 * env arrived live INSIDE the example tests: here we check that they ran and passed, and, as a
 * control, that they fail when kubenv is told to fetch nothing.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoFixtures, deploymentMidRollout, type Fixture, type Secret } from '../../src/testing/index';
import { useCluster } from '../support/cluster';
import { type Completed, run } from '../support/spawn';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLES = path.join(ROOT, 'examples');
const VITEST = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
const JEST = path.join(ROOT, 'node_modules/jest/bin/jest.js');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const PLAYWRIGHT = path.join(ROOT, 'node_modules/@playwright/test/cli.js');
const CLI = path.join(ROOT, 'dist/cli.cjs');

const cluster = useCluster(() => [deploymentMidRollout()]);

/** Every value stored in a Secret of the fixtures: none may be printed by an example. */
function secretValues(fixtures: readonly Fixture[]): string[] {
  const values: string[] = [];
  for (const fixture of fixtures) {
    for (const object of fixture.objects) {
      if (object.kind !== 'Secret') continue;
      const secret = object as Secret;
      for (const encoded of Object.values(secret.data ?? {})) values.push(Buffer.from(encoded, 'base64').toString());
      values.push(...Object.values(secret.stringData ?? {}));
    }
  }
  return values.filter((value) => value.length >= 6);
}
const SECRETS = secretValues([deploymentMidRollout()]);
const DATABASE_URL = 'postgres://checkout:s3cr3t@postgres.shop.svc:5432/checkout';

/** What a user's shell would hand the runner: PATH (with this Node first), a fresh HOME, the kubeconfig. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: [path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter),
    HOME: mkdtempSync(path.join(os.tmpdir(), 'kubenv-home-')),
    KUBECONFIG: cluster().kubeconfigPath,
    ...(process.env['TMPDIR'] ? { TMPDIR: process.env['TMPDIR'] } : {}),
    ...extra,
  };
}

const node = (example: string, args: readonly string[], extra: Record<string, string> = {}): Promise<Completed> =>
  run(process.execPath, args, { cwd: path.join(EXAMPLES, example), env: userEnv(extra) });

/** The output of a run, for failure messages: an example that fails says why. */
const shown = (result: Completed): string => `exit ${result.code}\n${result.stdout}\n${result.stderr}`;

function expectNoSecret(result: Completed): void {
  for (const secret of SECRETS) {
    expect(result.stdout, 'stdout shows a secret value').not.toContain(secret);
    expect(result.stderr, 'stderr shows a secret value').not.toContain(secret);
  }
}

interface Report {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numTotalTests: number;
}

/** Runs a test runner with a JSON report written to a temporary file. */
async function runRunner(
  example: string,
  command: (reportFile: string) => string[],
  extra: Record<string, string> = {},
): Promise<{ result: Completed; report: Report | undefined }> {
  const reportFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubenv-report-')), 'report.json');
  const result = await node(example, command(reportFile), { CI: 'true', ...extra });
  const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as Report) : undefined;
  return { result, report };
}

const vitest = (pool: 'forks' | 'threads', extra: Record<string, string> = {}) =>
  runRunner(
    'vitest',
    (file) => [VITEST, 'run', '--pool', pool, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`],
    extra,
  );

const jest = (mode: 'workers' | 'in band', extra: Record<string, string> = {}) =>
  runRunner(
    'jest',
    (file) => [
      JEST,
      '--ci',
      '--json',
      `--outputFile=${file}`,
      // A fresh cache has no timings: with two files and two workers, Jest starts child processes.
      `--cacheDirectory=${mkdtempSync(path.join(os.tmpdir(), 'kubenv-jest-cache-'))}`,
      ...(mode === 'workers' ? ['--maxWorkers=2'] : ['--runInBand']),
    ],
    { MIRRORD_TARGET_NAMESPACE: 'shop', ...extra },
  );

/** `playwright test` in examples/playwright, its JSON report and test results in a temporary folder. */
async function playwright(extra: Record<string, string> = {}): Promise<{ result: Completed; stats: unknown }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-playwright-'));
  const reportFile = path.join(dir, 'report.json');
  const result = await node(
    'playwright',
    [PLAYWRIGHT, 'test', '--reporter=list,json', `--output=${path.join(dir, 'results')}`],
    { CI: 'true', PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile, ...extra },
  );
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as { stats: unknown })
    : undefined;
  return { result, stats: report?.stats };
}

beforeAll(async () => {
  if (!existsSync(path.join(ROOT, 'dist/index.cjs'))) throw new Error('dist/ is missing: run `npm run build` first');
  const linked = await run(process.execPath, [path.join(EXAMPLES, 'link-kubenv.mjs')], { cwd: ROOT });
  if (linked.code !== 0) throw new Error(`examples/link-kubenv.mjs failed: ${shown(linked)}`);
}, 30_000);

describe('examples/vitest: globalSetup kubenv/vitest, typed kubenv.config.ts, inject("kubenv")', () => {
  it.each(['forks', 'threads'] as const)('passes with pool %s: the env reached the tests', async (pool) => {
    const { result, report } = await vitest(pool);
    expect(result.code, shown(result)).toBe(0);
    expect(report).toMatchObject({ numTotalTests: 3, numPassedTests: 3, numFailedTests: 0 });
    expectNoSecret(result);
  });

  it('fails when kubenv fetches nothing: the example tests do check the env', async () => {
    const { result, report } = await vitest('threads', { MIRRORD_IMPERSONATED_TARGET: 'targetless' });
    expect(result.code, shown(result)).toBe(1);
    expect(report).toMatchObject({ numTotalTests: 3, numPassedTests: 0, numFailedTests: 3 });
  });

  it('type-checks: defineConfig types kubenv.config.ts and inject("kubenv") is typed', async () => {
    const result = await node('vitest', [TSC, '-p', 'tsconfig.json']);
    expect(result.code, shown(result)).toBe(0);
  });
});

describe('examples/jest: CommonJS, globalSetup/globalTeardown kubenv/jest/*', () => {
  it.each(['workers', 'in band'] as const)('passes with tests run %s: the env reached the tests', async (mode) => {
    const { result, report } = await jest(mode);
    expect(result.code, shown(result)).toBe(0);
    expect(report).toMatchObject({ numTotalTests: 3, numPassedTests: 3, numFailedTests: 0 });
    expectNoSecret(result);
  });

  it('fails when kubenv fetches nothing: the example tests do check the env', async () => {
    const { result, report } = await jest('in band', { MIRRORD_IMPERSONATED_TARGET: 'targetless' });
    expect(result.code, shown(result)).toBe(1);
    expect(report).toMatchObject({ numTotalTests: 3, numPassedTests: 0, numFailedTests: 3 });
  });
});

describe('examples/playwright: a globalSetup that applies the env before the workers start', () => {
  it('passes: the env reached the tests in the worker process, names (never values) in the log', async () => {
    const { result, stats } = await playwright();
    expect(result.code, shown(result)).toBe(0);
    expect(stats).toMatchObject({ expected: 2, unexpected: 0, skipped: 0 });
    expect(result.stdout).toContain(
      'kubenv: DATABASE_URL, FEATURE_NEW_CHECKOUT, LOG_LEVEL from checkout-5c9d8f6b7d-p4t7r',
    );
    expectNoSecret(result);
  });

  it('fails when kubenv fetches nothing: the example tests do check the env', async () => {
    const { result, stats } = await playwright({ MIRRORD_IMPERSONATED_TARGET: 'targetless' });
    expect(result.code, shown(result)).toBe(1);
    expect(stats).toMatchObject({ expected: 0, unexpected: 2 });
  });

  it('type-checks against the built package and @playwright/test', async () => {
    const result = await node('playwright', [TSC, '-p', 'tsconfig.json']);
    expect(result.code, shown(result)).toBe(0);
  });
});

describe('examples/script: withRemoteEnv in a plain script', () => {
  it('uses the remote DATABASE_URL inside withRemoteEnv, and process.env is restored after', async () => {
    const result = await node('script', ['check-database.mjs']);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toContain('pod checkout-5c9d8f6b7d-p4t7r, container app (exec)');
    expect(result.stdout).toContain('Would check database "checkout" on postgres.shop.svc:5432 as checkout');
    expect(result.stdout).toContain('After withRemoteEnv, DATABASE_URL is unset again');
    expectNoSecret(result);
  });

  it('prints the kubenv error and its hint, and exits 1, for a mistyped target', async () => {
    const result = await node('script', ['check-database.mjs', 'deploy/checkot']);
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toContain('deployment "checkot" not found in namespace "shop"');
    expect(result.stderr).toContain('Did you mean `deployment/checkout`?');
  });
});

describe("examples/script/target-dialog.mjs: mirrord's target dialog from listTargets alone", () => {
  it('lists the entries with their details and targetless, and the picked string fetches the env', async () => {
    const result = await node('script', ['target-dialog.mjs']);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toContain('No target (targetless)');
    expect(result.stdout).toMatch(
      /^deployment\/checkout\s+\d+\/\d+ ready · \S+ · app · now checkout-5c9d8f6b7d-p4t7r$/m,
    );
    expect(result.stdout).toMatch(/Picked deployment\/checkout: \d+ variables from checkout-5c9d8f6b7d-p4t7r/);
    expectNoSecret(result);
  });
});

describe('examples/mirrord: a .mirrord/mirrord.json used unchanged', () => {
  it('is found and read by the script: get_env template rendered, override applied, secrets masked', async () => {
    const result = await node('mirrord', ['show-env.mjs']);
    expect(result.code, shown(result)).toBe(0);
    const configFile = path.join(EXAMPLES, 'mirrord', '.mirrord', 'mirrord.json');
    expect(result.stdout).toContain(`config file: ${configFile} (read as mirrord)`);
    expect(result.stdout).toContain('target:      deployment/checkout in namespace shop');
    expect(result.stdout).toContain('LOG_LEVEL=debug   (override)');
    expect(result.stdout).toContain('DATABASE_URL=<secret>   (secret)');
    expectNoSecret(result);
  });

  it('drives `kubenv print`: exactly the included names, with the override', async () => {
    const result = await node('mirrord', ['--', CLI, 'print', '--format', 'json']);
    expect(result.code, shown(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      APP_VERSION: '1.5.0',
      DATABASE_URL,
      FEATURE_NEW_CHECKOUT: 'true',
      LOG_LEVEL: 'debug',
    });
  });

  it("takes the namespace from the template's variable when it is set", async () => {
    const result = await node('mirrord', ['--', CLI, 'print'], { CHECKOUT_NAMESPACE: 'staging' });
    expect(result.code, shown(result)).not.toBe(0);
    expect(result.stderr).toContain('deployment "checkout" not found in namespace "staging"');
  });
});

describe('npm run demo (examples/demo.mjs)', () => {
  it('runs against the simulated cluster it starts, shows pod, container, source and fallback, and exits 0', async () => {
    // No KUBECONFIG: without a target the demo needs no cluster of the user's.
    const result = await run(process.execPath, [path.join(EXAMPLES, 'demo.mjs')], {
      cwd: ROOT,
      env: { ...userEnv(), KUBECONFIG: '' },
    });
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toContain('Pod        checkout-5c9d8f6b7d-p4t7r  (revision 2; Running, Ready');
    expect(result.stdout).toContain('Container  app  (first non-sidecar)');
    expect(result.stdout).toContain('Source     exec: cat /proc/1/environ');
    expect(result.stdout).toMatch(/DATABASE_URL +secret +•+ \(masked\)/);
    expect(result.stdout).toContain('Source     spec (auto fallback: the image has no `cat`');
    expect(result.stdout).toContain('inside:  DATABASE_URL is set');
    expect(result.stdout).toContain('after:   DATABASE_URL is unset, as before');
    for (const secret of secretValues(demoFixtures())) {
      expect(result.stdout + result.stderr, 'the demo shows a secret value').not.toContain(secret);
    }
  });
});
