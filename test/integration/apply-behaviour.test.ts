/**
 * withRemoteEnv / applyRemoteEnv: what happens to the variables kubenv does not change, and calls
 * that are refused before any request. (A call aborted while queued: apply.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyRemoteEnv, type FetchRemoteEnvOptions, isKubenvError, withRemoteEnv } from '../../src/index';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';

const cluster = useCluster(() => [deploymentMidRollout()]);

const checkout = (extra: Omit<FetchRemoteEnvOptions, 'env'> = {}) => ({
  cwd: EMPTY_PROJECT,
  kubeconfig: cluster().kubeconfigPath,
  target: 'deploy/checkout',
  namespace: 'shop',
  ...extra,
});

const OWN = 'KUBENV_TEST_OWN_VARIABLE';
afterEach(() => {
  delete process.env[OWN];
});

describe('variables kubenv does not change', () => {
  it('keep their value inside fn, and what fn writes to them stays after', async () => {
    process.env[OWN] = 'before';
    const requests = cluster().requests.count();
    await withRemoteEnv(() => {
      expect(process.env[OWN]).toBe('before');
      expect(process.env['APP_VERSION']).toBe('1.5.0');
      process.env[OWN] = 'written inside';
    }, checkout());
    expect(cluster().requests.count()).toBeGreaterThan(requests);
    expect(process.env[OWN]).toBe('written inside');
    expect(process.env['APP_VERSION']).toBeUndefined();
  });

  it('applyRemoteEnv: restore() puts back only what the apply changed', async () => {
    process.env[OWN] = 'before';
    const applied = await applyRemoteEnv(checkout());
    expect(process.env[OWN]).toBe('before');
    process.env[OWN] = 'written meanwhile';
    applied.restore();
    expect(process.env[OWN]).toBe('written meanwhile');
    expect(process.env['APP_VERSION']).toBeUndefined();
  });
});

describe('calls refused before any request', () => {
  it('withRemoteEnv without a function says what it takes', async () => {
    const error = await withRemoteEnv('deploy/api' as never).catch((e: unknown) => e);
    expect(isKubenvError(error, 'CONFIG')).toBe(true);
    expect((error as Error).message).toContain('Expected a function, found a string');
    expect((error as { hint?: string }).hint).toContain('withRemoteEnv(async (remote) =>');
  });

  it.each([
    ['applyRemoteEnv', () => applyRemoteEnv({ ...checkout(), env: {} } as never)],
    ['withRemoteEnv', () => withRemoteEnv(() => undefined, { ...checkout(), env: {} } as never)],
  ])('%s refuses an `env` option: it applies to the real process.env', async (name, call) => {
    const requests = cluster().requests.count();
    const error = await call().catch((e: unknown) => e);
    expect(isKubenvError(error, 'CONFIG')).toBe(true);
    expect((error as Error).message).toContain(`unknown option \`env\` of ${name}()`);
    expect((error as { hint?: string }).hint).toBe(`${name}() has no \`env\` option.`);
    expect(cluster().requests.count()).toBe(requests);
  });
});
