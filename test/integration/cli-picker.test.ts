import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { type PtySession, startPty } from '../support/pty';
import { run } from '../support/spawn';

const CLI = path.resolve('dist/cli.cjs');
const cluster = useCluster(() => [deploymentMidRollout()]);

// No CI variable: the picker only shows where a person could answer it.
const env = (extra: Record<string, string> = {}) => ({
  PATH: process.env['PATH'] ?? '',
  HOME: EMPTY_PROJECT,
  KUBECONFIG: cluster().kubeconfigPath,
  ...extra,
});
const kubenvOnPty = (args: string[], extra: Record<string, string> = {}) =>
  startPty([process.execPath, '--', CLI, ...args], { env: env(extra), cwd: EMPTY_PROJECT });
const PRINT_APP_VERSION = [
  process.execPath,
  '-e',
  'console.log("APP_VERSION=" + (process.env.APP_VERSION ?? "unset"))',
];

/** Waits for the dialog, types a filter that leaves one entry, and presses Enter. */
async function pick(pty: PtySession, typed: string): Promise<void> {
  await pty.waitFor(/Search:/);
  pty.type(typed);
  await pty.waitFor(/1 match/);
  pty.type('\r');
}

describe('the target picker (kubenv run / print on a terminal, no target anywhere)', () => {
  it('print: type to filter, Enter picks, the env is printed, and the flags to skip the dialog are shown', async () => {
    const pty = kubenvOnPty(['print', '-n', 'shop', '--format', 'json']);
    await pty.waitFor(/Search:/);
    expect(pty.screen()).toContain('No target (targetless)');
    expect(pty.screen()).toMatch(/deployment\s+checkout\s+\d+\/\d+/);
    await pick(pty, 'deploy check');
    expect(await pty.exited).toBe(0);
    expect(pty.screen()).toContain('"APP_VERSION": "1.5.0"');
    expect(pty.screen()).toContain('skip this dialog with: -t deployment/checkout -n shop');
  });

  it.each([
    [
      'a pod, typed in full',
      'checkout-5c9d8f6b7d-p4t7r',
      'APP_VERSION=1.5.0',
      '-t pod/checkout-5c9d8f6b7d-p4t7r -n shop',
    ],
    ['"No target (targetless)"', 'targetless', 'APP_VERSION=unset', '-t targetless'],
  ])('run: %s reaches the child, which runs once the dialog closes', async (_what, typed, seen, flags) => {
    const pty = kubenvOnPty(['run', '-n', 'shop', '--', ...PRINT_APP_VERSION]);
    await pick(pty, typed);
    expect(await pty.exited).toBe(0);
    expect(pty.screen()).toContain(seen);
    expect(pty.screen()).toContain(`skip this dialog with: ${flags}`);
  });

  it('Ctrl-C in the dialog cancels: nothing runs, exit code 130', async () => {
    const pty = kubenvOnPty(['run', '-n', 'shop', '--', ...PRINT_APP_VERSION]);
    await pty.waitFor(/Search:/);
    pty.type('\x03');
    expect(await pty.exited).toBe(130);
    expect(pty.screen()).toContain('cancelled');
    expect(pty.screen()).not.toContain('APP_VERSION=');
  });

  it.each([
    ['CI is set', ['run', '-n', 'shop'], { CI: 'true' }],
    ['--no-input', ['run', '-n', 'shop', '--no-input'], {}],
    [
      'a target comes from MIRRORD_IMPERSONATED_TARGET',
      ['run', '-n', 'shop'],
      { MIRRORD_IMPERSONATED_TARGET: 'deploy/checkout' },
    ],
  ] as const)('no dialog when %s', async (_why, args, extra) => {
    const pty = kubenvOnPty([...args, '--', ...PRINT_APP_VERSION], extra);
    expect(await pty.exited).toBe(0);
    expect(pty.screen()).not.toContain('Search:');
    expect(pty.screen()).toMatch(/APP_VERSION=(unset|1\.5\.0)/);
  });

  it.each([
    ['a target', '{"target":"deploy/checkout"}'],
    ['several targets', '{"targets":{"shop":"deploy/checkout"}}'],
  ])('no dialog when the config file names %s', async (_what, config) => {
    const project = mkdtempSync(path.join(os.tmpdir(), 'kubenv-picker-'));
    writeFileSync(path.join(project, 'package.json'), '{"name":"app"}');
    writeFileSync(path.join(project, '.kubenvrc.json'), config);
    const pty = startPty([process.execPath, '--', CLI, 'run', '-n', 'shop', '--', ...PRINT_APP_VERSION], {
      env: env(),
      cwd: project,
    });
    expect(await pty.exited).toBe(0);
    expect(pty.screen()).not.toContain('Search:');
    expect(pty.screen()).toContain('APP_VERSION=1.5.0');
  });

  it('no cluster at hand: a note, then targetless as without the picker', async () => {
    const pty = kubenvOnPty(['run', '--', ...PRINT_APP_VERSION], {
      KUBECONFIG: path.join(EMPTY_PROJECT, 'no-such-kubeconfig.yaml'),
    });
    expect(await pty.exited).toBe(0);
    expect(pty.screen()).toContain('the targets could not be listed');
    expect(pty.screen()).toContain('going on targetless');
    expect(pty.screen()).toContain('APP_VERSION=unset');
    expect(pty.screen()).not.toContain('Search:');
  });

  it('not on a terminal: targetless as before, without contacting the cluster', async () => {
    cluster().requests.clear();
    const result = await run(process.execPath, ['--', CLI, 'run', '-n', 'shop', '--', ...PRINT_APP_VERSION], {
      env: env(),
      cwd: EMPTY_PROJECT,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('APP_VERSION=unset');
    expect(result.stderr).not.toContain('Search:');
    expect(cluster().requests.length).toBe(0);
  });
});
