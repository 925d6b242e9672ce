/**
 * `node --import kubenv/register`, through the real node: the remote env is in `process.env`
 * when the app's first line runs, for a plain script and for `node --test` (node:test), with the
 * target from the config file and the namespace from a MIRRORD_* variable; a failure stops the
 * app before it starts, with the error line and its hint.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentMidRollout } from '../../src/testing/index';
import { useCluster } from '../support/cluster';
import { run } from '../support/spawn';

const ROOT = path.resolve('.');
const PROJECT = mkdtempSync(path.join(os.tmpdir(), 'kubenv-register-'));
const cluster = useCluster(() => [deploymentMidRollout()]);
const SECRET = 's3cr3t';

/** What a user's shell holds: PATH, a HOME, the KUBECONFIG, and the variables given. */
const userEnv = (extra: Record<string, string> = {}) => ({
  PATH: process.env['PATH'] ?? '',
  HOME: PROJECT,
  KUBECONFIG: cluster().kubeconfigPath,
  ...extra,
});
const node = (args: string[], extra: Record<string, string> = {}) =>
  run(process.execPath, args, { cwd: PROJECT, env: userEnv(extra) });

beforeAll(() => {
  // A project where kubenv is installed (the built package), with a kubenv config file.
  mkdirSync(path.join(PROJECT, 'node_modules'));
  symlinkSync(ROOT, path.join(PROJECT, 'node_modules', 'kubenv'), 'dir');
  writeFileSync(path.join(PROJECT, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(path.join(PROJECT, '.kubenvrc.json'), JSON.stringify({ target: 'deploy/checkout' }));
  // The first line of the app reads the env: nothing of the app runs before the preload is done.
  writeFileSync(
    path.join(PROJECT, 'app.js'),
    `console.log(JSON.stringify({ version: process.env.APP_VERSION, database: process.env.DATABASE_URL?.startsWith('postgres://') }));\n`,
  );
  writeFileSync(path.join(PROJECT, 'app.cjs'), `console.log(typeof require, process.env.APP_VERSION);\n`);
  mkdirSync(path.join(PROJECT, 'test'));
  for (const name of ['one', 'two']) {
    writeFileSync(
      path.join(PROJECT, 'test', `${name}.test.js`),
      `import test from 'node:test';
       import assert from 'node:assert/strict';
       test('${name} sees the remote env', () => {
         assert.equal(process.env.APP_VERSION, '1.5.0');
         assert.equal(process.env.POD_NAME, 'checkout-5c9d8f6b7d-p4t7r');
       });\n`,
    );
  }
});

afterAll(() => {
  rmSync(PROJECT, { recursive: true, force: true });
});

describe('node --import kubenv/register', () => {
  it('a plain ESM script sees the remote env on its first line', async () => {
    const result = await node(['--import', 'kubenv/register', 'app.js'], { MIRRORD_TARGET_NAMESPACE: 'shop' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ version: '1.5.0', database: true });
  });

  it('a CommonJS script too', async () => {
    const result = await node(['--import', 'kubenv/register', 'app.cjs'], { MIRRORD_TARGET_NAMESPACE: 'shop' });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('function 1.5.0');
  });

  it('without the preload the same script sees nothing (the control)', async () => {
    const result = await node(['app.js'], { MIRRORD_TARGET_NAMESPACE: 'shop' });
    expect(JSON.parse(result.stdout)).toEqual({});
  });

  it('MIRRORD_IMPERSONATED_TARGET beats the config file, as everywhere else', async () => {
    const result = await node(['--import', 'kubenv/register', 'app.js'], {
      MIRRORD_IMPERSONATED_TARGET: 'pod/checkout-6d8f7b9c4d-8xkqz',
      MIRRORD_TARGET_NAMESPACE: 'shop',
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ version: '1.4.2', database: true });
  });

  it('node --test: every test file runs with the remote env', async () => {
    const result = await node(['--import', 'kubenv/register', '--test'], { MIRRORD_TARGET_NAMESPACE: 'shop' });
    expect(result.stdout).toMatch(/^ℹ pass 2$/m);
    expect(result.stdout).toMatch(/^ℹ fail 0$/m);
    expect(result.code).toBe(0);
  });

  it('a failure prints the error and its hint, exits 1, and the app never starts', async () => {
    const result = await node(['--import', 'kubenv/register', 'app.js'], { MIRRORD_TARGET_NAMESPACE: 'staging' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'kubenv/register: error: deployment "checkout" not found in namespace "staging".\n' +
        'hint: List what exists with `kubectl get deployment -n staging`, or check the namespace and context.\n',
    );
  });

  it('node -r kubenv/register says to use --import, and the app never starts', async () => {
    const result = await node(['-r', 'kubenv/register', 'app.js'], { MIRRORD_TARGET_NAMESPACE: 'shop' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('hint: Load it with `node --import kubenv/register app.js`');
  });

  it('node --test fails every file with that error instead of running tests without the env', async () => {
    const result = await node(['--import', 'kubenv/register', '--test'], { MIRRORD_TARGET_NAMESPACE: 'staging' });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/^ℹ pass 0$/m);
    expect(`${result.stdout}${result.stderr}`).toContain('kubenv/register: error: deployment "checkout" not found');
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
  });
});
