import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { diffRemoteEnv, isKubenvError } from '../../src/index';
import { EMPTY_PROJECT, optionsFor, useCluster } from '../support/cluster';
import { secretPod } from '../support/secret-pod';
import { run } from '../support/spawn';

const CLI = path.resolve('dist/cli.cjs');
const SECRETS = { staging: 'staging-pass-1111', production: 'production-pass-2222', shared: 'shared-api-key-3333' };

const cluster = useCluster(() => [
  secretPod({
    name: 'api',
    namespace: 'staging',
    plain: { LOG_LEVEL: 'debug', REGION: 'eu-west-1', STAGING_ONLY: 'yes' },
    secret: { DB_PASSWORD: SECRETS.staging, API_KEY: SECRETS.shared },
  }),
  secretPod({
    name: 'api',
    namespace: 'production',
    plain: { LOG_LEVEL: 'info', REGION: 'eu-west-1', PROD_ONLY: 'yes' },
    secret: { DB_PASSWORD: SECRETS.production, API_KEY: SECRETS.shared },
  }),
  secretPod({
    name: 'api-copy',
    namespace: 'staging',
    plain: { LOG_LEVEL: 'debug', REGION: 'eu-west-1', STAGING_ONLY: 'yes' },
    secret: { DB_PASSWORD: SECRETS.staging, API_KEY: SECRETS.shared },
  }),
]);

const kubenv = (args: string[]) =>
  run(process.execPath, ['--', CLI, 'diff', ...args], {
    cwd: EMPTY_PROJECT,
    env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, KUBECONFIG: cluster().kubeconfigPath },
  });
// HOSTNAME differs between pods; the spec source keeps the comparison to what the pods declare.
const STAGING = ['-t', 'pod/api', '-n', 'staging', '--source', 'spec', '-x', 'KUBERNETES_*'];

const noSecretIn = (text: string) => {
  for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
};

describe('kubenv diff', () => {
  it('lists names on one side, and values that differ: non-secret ones shown, secret ones never', async () => {
    const result = await kubenv([...STAGING, '--against', '-n', 'production']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^--- pod\/api in staging\n\+\+\+ pod\/api in production\n/);
    expect(result.stdout).toContain('- STAGING_ONLY\n');
    expect(result.stdout).toContain('+ PROD_ONLY\n');
    expect(result.stdout).toContain('~ LOG_LEVEL: "debug" -> "info"\n');
    expect(result.stdout).toMatch(/~ DB_PASSWORD: secret, different \(hmac [0-9a-f]{8} -> [0-9a-f]{8}\)\n/);
    // Equal values (REGION, HOSTNAME, the shared API_KEY) are not listed, only counted.
    expect(result.stdout).not.toMatch(/REGION|API_KEY/);
    expect(result.stdout).toContain('1 only left, 1 only right, 2 different, 3 equal');
    noSecretIn(result.stdout + result.stderr);
  });

  it('exits 0 when both sides are equal (another target, same namespace)', async () => {
    const result = await kubenv([...STAGING, '-x', 'HOSTNAME', '--against', '-t', 'pod/api-copy']);
    expect(result.stdout).toContain('+++ pod/api-copy in staging');
    expect(result.stdout).toContain('= all 5 variables equal');
    expect(result.code).toBe(0);
  });

  it('--format json: sides, names and differences; secret entries carry hashes only', async () => {
    const result = await kubenv([...STAGING, '--format', 'json', '--against', '-n', 'production']);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({
      equal: false,
      left: { target: 'pod/api', namespace: 'staging', pod: 'api', source: 'spec' },
      right: { target: 'pod/api', namespace: 'production' },
      onlyLeft: ['STAGING_ONLY'],
      onlyRight: ['PROD_ONLY'],
      same: ['API_KEY', 'HOSTNAME', 'REGION'],
    });
    expect(document.different).toEqual([
      {
        name: 'DB_PASSWORD',
        secret: true,
        leftHash: expect.stringMatching(/^[0-9a-f]{8}$/),
        rightHash: expect.any(String),
      },
      { name: 'LOG_LEVEL', secret: false, left: 'debug', right: 'info' },
    ]);
    noSecretIn(result.stdout);
    // --format may also stand after --against.
    const after = await kubenv([...STAGING, '--against', '-n', 'production', '--format', 'json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ equal: false, onlyRight: ['PROD_ONLY'] });
  });

  it('exits 2 on an error, naming the side that failed', async () => {
    const missing = await kubenv([...STAGING, '--against', '-n', 'nowhere']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('pod "api" not found in namespace "nowhere"');
    const noOther = await kubenv(STAGING);
    expect(noOther.code).toBe(2);
    expect(noOther.stderr).toContain('kubenv diff needs --against');
    const badFlag = await kubenv([...STAGING, '--against', '--no-such-flag']);
    expect(badFlag.code).toBe(2);
  });
});

describe('diffRemoteEnv', () => {
  const side = (namespace: string) =>
    optionsFor(cluster(), { target: 'pod/api', namespace, source: 'spec', exclude: 'KUBERNETES_*' });

  it('compares two fetches and keeps secret values out of the result', async () => {
    const diff = await diffRemoteEnv(side('staging'), side('production'));
    expect(diff.equal).toBe(false);
    expect(diff.onlyLeft).toEqual(['STAGING_ONLY']);
    expect(diff.different.map((difference) => difference.name)).toEqual(['DB_PASSWORD', 'LOG_LEVEL']);
    expect(diff.left.target?.namespace).toBe('staging');
    noSecretIn(JSON.stringify(diff));
    noSecretIn(inspect(diff, { depth: 10 }));
  });

  it('hashes with a new key per call: hashes cannot be matched across runs', async () => {
    const [first, second] = await Promise.all([
      diffRemoteEnv(side('staging'), side('production')),
      diffRemoteEnv(side('staging'), side('production')),
    ]);
    const hashOf = (diff: typeof first) => diff.different.find((difference) => difference.secret);
    expect(hashOf(first)).toBeDefined();
    expect(hashOf(first)).not.toEqual(hashOf(second));
  });

  it('rejects with the failing side’s error', async () => {
    const error = await diffRemoteEnv(side('staging'), side('nowhere')).catch((caught: unknown) => caught);
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
  });
});
