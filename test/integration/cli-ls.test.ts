import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentMidRollout, rolloutFixture, sidecarPod } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { run } from '../support/spawn';

const CLI = path.resolve('dist/cli.cjs');
const cluster = useCluster(() => [deploymentMidRollout(), sidecarPod(), rolloutFixture()]);
const kubenv = (args: string[]) =>
  run(process.execPath, ['--', CLI, ...args], {
    cwd: EMPTY_PROJECT,
    env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, KUBECONFIG: cluster().kubeconfigPath },
  });

describe('kubenv ls', () => {
  it('-o table prints a kubectl-like table: KIND NAME READY AGE CONTAINERS, columns aligned', async () => {
    const result = await kubenv(['ls', '-n', 'mesh', '-o', 'table']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KIND\s+NAME\s+READY\s+AGE\s+CONTAINERS$/);
    const pod = lines.find((line) => line.startsWith('pod '));
    expect(pod).toMatch(/^pod\s+payments\s+\d+\/2\s+\d+[smhdy]\S*\s+istio-proxy,payments$/);
    // Every column starts at the same offset on every line, as kubectl aligns them.
    const start = (line: string, column: number) => [...line.matchAll(/\S+/g)][column]?.index;
    for (const line of lines.slice(1)) expect(start(line, 2)).toBe(start(lines[0] ?? '', 2));
  });

  it('-o wide adds the pod each target resolves to', async () => {
    const result = await kubenv(['ls', '-n', 'shop', '-o', 'wide']);
    expect(result.stdout.split('\n')[0]).toMatch(/CONTAINERS\s+POD$/);
    expect(result.stdout).toMatch(/^deployment\s+checkout\s+.*\s+checkout-5c9d8f6b7d-p4t7r$/m);
  });

  it('piped, it prints bare target strings for scripts (pods once per container), as -o name does', async () => {
    const piped = await kubenv(['ls', '-n', 'mesh']);
    const named = await kubenv(['ls', '-n', 'mesh', '-o', 'name']);
    expect(piped.stdout).toBe(named.stdout);
    expect(piped.stdout.split('\n')).toEqual(
      expect.arrayContaining(['pod/payments/container/istio-proxy', 'pod/payments/container/payments']),
    );
    expect(piped.stdout).not.toContain('KIND');
  });

  it('--json prints the target strings as a JSON array, as before', async () => {
    const result = await kubenv(['ls', '-n', 'rollouts', '--json']);
    const targets = JSON.parse(result.stdout) as string[];
    expect(targets).toContain('rollout/storefront');
    expect(targets.every((t) => typeof t === 'string')).toBe(true);
  });

  it('an unknown -o is a usage error naming the choices', async () => {
    const result = await kubenv(['ls', '-n', 'shop', '-o', 'yaml']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('table, wide, name, json');
    expect(result.stdout).toBe('');
  });
});
