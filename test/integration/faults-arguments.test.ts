/**
 * Library misuse against a live (simulated) cluster: bad arguments must fail before any request,
 * and a caller's own AbortSignal must not be reported as kubenv's timeout.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRemoteEnv, fetchRemoteEnv, isKubenvError, withRemoteEnv } from '../../src/index';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, optionsFor, useCluster } from '../support/cluster';
import { run } from '../support/spawn';

const cluster = useCluster(() => [deploymentMidRollout()]);
const target = { target: 'deploy/checkout', namespace: 'shop' };
const applyOptions = () => ({ ...target, kubeconfig: cluster().kubeconfigPath, cwd: EMPTY_PROJECT });

async function configErrorWithoutRequests(call: () => Promise<unknown>): Promise<Error & { hint?: string }> {
  const before = cluster().requests.count();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKubenvError(error, 'CONFIG'), String(error)).toBe(true);
  expect(cluster().requests.count()).toBe(before);
  return error as Error & { hint?: string };
}

describe('arguments are validated before any request', () => {
  it('withRemoteEnv(null, options) sends nothing (it used to send four requests, an exec among them)', async () => {
    const error = await configErrorWithoutRequests(() => withRemoteEnv(null as never, applyOptions()));
    expect(error.message).toContain('takes the function to run as its first argument');
  });

  it('a misspelt option of withRemoteEnv or applyRemoteEnv sends nothing', async () => {
    const error = await configErrorWithoutRequests(() =>
      withRemoteEnv(() => undefined, { ...applyOptions(), namepsace: 'shop' } as never),
    );
    expect(error.hint).toBe('Did you mean `namespace`?');
    await configErrorWithoutRequests(() => applyRemoteEnv({ ...applyOptions(), tagret: 'x' } as never));
  });

  it('`env` is refused by withRemoteEnv: it merges onto process.env', async () => {
    const error = await configErrorWithoutRequests(() =>
      withRemoteEnv(() => undefined, { ...applyOptions(), env: {} } as never),
    );
    expect(error.hint).toBe('withRemoteEnv() has no `env` option.');
  });

  it('a misspelt fetch option sends nothing, instead of reading the default namespace', async () => {
    await configErrorWithoutRequests(() =>
      fetchRemoteEnv({ ...optionsFor(cluster(), { target: 'deploy/checkout' }), namepsace: 'shop' } as never),
    );
  });
});

describe("a caller's AbortSignal", () => {
  it('AbortSignal.timeout(400) rejects with its own reason, not "timed out after 30000 ms"', async () => {
    cluster().faults.hang({ match: { resource: 'deployments' } });
    try {
      const signal = AbortSignal.timeout(400);
      const error = await fetchRemoteEnv(optionsFor(cluster(), { ...target, signal })).catch((e: unknown) => e);
      expect(error).toBe(signal.reason);
      expect(String((error as Error).message)).not.toContain('30000');
    } finally {
      cluster().faults.clear();
    }
  });

  it("kubenv's own timeout still names the operation and the timeout", async () => {
    cluster().faults.hang({ match: { resource: 'deployments' } });
    try {
      const error = await fetchRemoteEnv(optionsFor(cluster(), { ...target, timeout: 300 })).catch((e: unknown) => e);
      expect(isKubenvError(error, 'TIMEOUT')).toBe(true);
      expect((error as Error).message).toContain('timed out after 300 ms');
    } finally {
      cluster().faults.clear();
    }
  });
});

describe('kubenv --timeout', () => {
  for (const value of ['2500.5', '3000000000', '1e10', 'soon']) {
    it(`--timeout ${value} is a ConfigError naming the flag, exit 1`, async () => {
      const result = await run(
        process.execPath,
        ['--', path.resolve('dist/cli.cjs'), 'resolve', '-t', 'targetless', '--timeout', value],
        {
          cwd: EMPTY_PROJECT,
          env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT },
        },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('option `--timeout`');
      expect(result.stderr).not.toMatch(/RangeError|TimeoutOverflowWarning|\n\s+at /);
    });
  }
});
