/**
 * The CLI and the Vitest example end to end on the real cluster, as a user runs them: the built
 * `kubenv` bin and the real `vitest` process, with only PATH, a fresh HOME and the kubeconfig.
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_PROJECT } from '../support/cluster';
import { type Completed, run } from '../support/spawn';
import { admin, restricted } from './support/options';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.cjs');
const VITEST = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
const DATABASE_URL = 'postgres://checkout:s3cr3t@postgres.shop.svc:5432/checkout';

const userEnv = (kubeconfig: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: [path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter),
  HOME: mkdtempSync(path.join(os.tmpdir(), 'kubenv-home-')),
  KUBECONFIG: kubeconfig,
  ...extra,
});
const kubenv = (args: string[], kubeconfig = admin()): Promise<Completed> =>
  run(process.execPath, ['--', CLI, ...args], { cwd: EMPTY_PROJECT, env: userEnv(kubeconfig) });
const shown = (result: Completed): string => `exit ${result.code}\n${result.stdout}\n${result.stderr}`;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first');
});

describe('kubenv CLI on the real cluster', () => {
  it('print --format json: the remote variables of deploy/checkout', async () => {
    const result = await kubenv(['print', '-t', 'deploy/checkout', '-n', 'shop', '--format', 'json']);
    expect(result.code, shown(result)).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, string>;
    expect(printed['DATABASE_URL']).toBe(DATABASE_URL);
    expect(printed['GREETING']).toBe('hello-from-image');
    expect(printed['POD_NAME']).toMatch(/^checkout-/);
  });

  it('print -o FILE: a dotenv file of mode 0600', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubenv-print-')), '.env.shop');
    const result = await kubenv(['print', '-t', 'deploy/checkout', '-n', 'shop', '-s', 'DATABASE_URL', '-o', file]);
    expect(result.code, shown(result)).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain(DATABASE_URL);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('run: the child gets the env and its exit code passes through', async () => {
    const result = await kubenv([
      ...['run', '-t', 'deploy/checkout', '-n', 'shop', '--'],
      ...[process.execPath, '-e', 'console.log(process.env.APP_VERSION); process.exit(7)'],
    ]);
    expect(result.code, shown(result)).toBe(7);
    expect(result.stdout.trim()).toBe('1.5.0');
  });

  it('ls: the targets of a namespace', async () => {
    const result = await kubenv(['ls', '-n', 'kubenv-resolve', '--json']);
    expect(result.code, shown(result)).toBe(0);
    const listed = JSON.stringify(JSON.parse(result.stdout));
    for (const target of ['deployment/web', 'statefulset/db', 'daemonset/agent', 'job/migrate', 'cronjob/nightly']) {
      expect(listed).toContain(target);
    }
  });

  it('resolve: which pod and container, and why', async () => {
    const result = await kubenv(['resolve', '-t', 'pod/sidecar-first', '-n', 'kubenv-containers']);
    expect(result.code, shown(result)).toBe(0);
    expect(result.stdout).toContain('container app');
  });

  it('an RBAC refusal: one line, the kubectl auth can-i hint, no secret, non-zero exit', async () => {
    const result = await kubenv(['print', '-t', 'pod/with-secret', '-n', 'kubenv-fallback'], restricted());
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('kubectl auth can-i get secrets -n kubenv-fallback');
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });
});

describe('examples/vitest on the real cluster', () => {
  beforeAll(async () => {
    const linked = await run(process.execPath, [path.join(ROOT, 'examples/link-kubenv.mjs')], { cwd: ROOT });
    if (linked.code !== 0) throw new Error(`examples/link-kubenv.mjs failed: ${shown(linked)}`);
  });

  it('globalSetup kubenv/vitest reads deploy/checkout: the example’s own tests pass', async () => {
    const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubenv-report-')), 'report.json');
    const result = await run(
      process.execPath,
      [VITEST, 'run', '--pool', 'forks', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
      { cwd: path.join(ROOT, 'examples/vitest'), env: userEnv(admin(), { CI: 'true' }) },
    );
    expect(result.code, shown(result)).toBe(0);
    const counts = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    expect(counts.numFailedTests).toBe(0);
    expect(counts.numPassedTests).toBe(3);
    expect(result.stdout + result.stderr).not.toContain(DATABASE_URL);
  });
});
