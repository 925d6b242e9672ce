import path from 'node:path';
import { expect, test } from 'vitest';
import { defineConfig } from '../../src/config/define';
import { CONFIG_ENV_VARS, readConfigEnvVars } from '../../src/config/env-vars';
import { loadConfig } from '../../src/config/load';

const fixture = (...parts: string[]): string => path.resolve(import.meta.dirname, '../fixture/config', ...parts);

test('the table lists every variable kubenv reads, and the field it sets', () => {
  expect(Object.fromEntries(CONFIG_ENV_VARS.map(({ variable, field }) => [variable, field]))).toEqual({
    MIRRORD_IMPERSONATED_TARGET: 'target',
    MIRRORD_TARGET_NAMESPACE: 'namespace',
    MIRRORD_AGENT_NAMESPACE: 'agentNamespace',
    MIRRORD_OVERRIDE_ENV_VARS_INCLUDE: 'include',
    MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE: 'exclude',
    MIRRORD_OVERRIDE_ENV_VARS_FILE: 'envFile',
    MIRRORD_CONFIG_FILE: 'configFile',
    MIRRORD_KUBE_CONTEXT: 'context',
    MIRRORD_KUBECONFIG: 'kubeconfig',
    KUBECONFIG: 'ambientKubeconfig',
    KUBENV_SOURCE: 'source',
    KUBENV_TIMEOUT: 'timeout',
  });
});

test('reading drops unset and empty variables and ignores everything else', () => {
  expect(
    readConfigEnvVars({ MIRRORD_IMPERSONATED_TARGET: '', MIRRORD_KUBE_CONTEXT: 'dev', HOME: '/home/me', PATH: '/bin' }),
  ).toEqual({ context: { variable: 'MIRRORD_KUBE_CONTEXT', value: 'dev' } });
});

test('every variable of the table takes effect in loadConfig, with its own origin', async () => {
  const values: Record<string, string> = {
    MIRRORD_IMPERSONATED_TARGET: 'pod/p',
    MIRRORD_TARGET_NAMESPACE: 'ns',
    MIRRORD_AGENT_NAMESPACE: 'agents',
    MIRRORD_OVERRIDE_ENV_VARS_INCLUDE: 'A',
    MIRRORD_OVERRIDE_ENV_VARS_FILE: '.env',
    MIRRORD_KUBE_CONTEXT: 'ctx',
    KUBECONFIG: '/kube/config',
    KUBENV_SOURCE: 'spec',
    KUBENV_TIMEOUT: '45000', // long: loadConfig itself runs under it (100 ms timed out under load)
  };
  const config = await loadConfig({ cwd: fixture('empty-project'), env: values });
  const fromEnv = Object.entries(config.origins)
    .filter(([, origin]) => origin.layer === 'env')
    .map(([field, origin]) => [field, origin.variable]);
  // `include` and `exclude` share the filter's origin.
  expect(Object.fromEntries(fromEnv)).toEqual({
    target: 'MIRRORD_IMPERSONATED_TARGET',
    namespace: 'MIRRORD_TARGET_NAMESPACE',
    agentNamespace: 'MIRRORD_AGENT_NAMESPACE',
    include: 'MIRRORD_OVERRIDE_ENV_VARS_INCLUDE',
    exclude: 'MIRRORD_OVERRIDE_ENV_VARS_INCLUDE',
    envFile: 'MIRRORD_OVERRIDE_ENV_VARS_FILE',
    context: 'MIRRORD_KUBE_CONTEXT',
    kubeconfig: 'KUBECONFIG',
    source: 'KUBENV_SOURCE',
    timeout: 'KUBENV_TIMEOUT',
  });
});

test('defineConfig returns the config unchanged', () => {
  const config = { target: 'deploy/api', feature: { env: { include: ['A'] } } } as const;
  expect(defineConfig(config)).toBe(config);
});
