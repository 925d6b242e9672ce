import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv } from '../../src/index';
import { deploymentMidRollout } from '../../src/testing/index';
import { useCluster } from '../support/cluster';

const cluster = useCluster(() => [deploymentMidRollout()]);

/** A project directory with the given files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-project-'));
  writeFileSync(path.join(dir, 'package.json'), '{"name":"app"}');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const baseEnv = () => ({ KUBECONFIG: cluster().kubeconfigPath });

describe('the env pipeline, driven by a config file', () => {
  it('a kubenv file: include, override, mapping, unset, env_file', async () => {
    const cwd = project({
      '.env.local': "LOG_LEVEL=trace\nEXTRA='from env file'\n",
      'kubenv.config.mjs': `export default {
        target: { path: 'deploy/checkout', namespace: 'shop' },
        feature: { env: {
          include: 'DATABASE_URL;LOG_LEVEL;PORT;NODE_*',
          override: { PORT: '3000' },
          mapping: { '^NODE_ENV$': 'development' },
          unset: ['NODE_VERSION'],
          env_file: '.env.local',
        } },
      }`,
    });
    const remote = await fetchRemoteEnv({ cwd, env: baseEnv() });
    expect(remote.configFile).toBe(path.join(cwd, 'kubenv.config.mjs'));
    expect(remote.remote).toEqual({
      DATABASE_URL: 'postgres://checkout:s3cr3t@postgres.shop.svc:5432/checkout',
      LOG_LEVEL: 'trace',
      EXTRA: 'from env file',
      PORT: '3000',
      NODE_ENV: 'development',
    });
    expect(remote.dropped.include).toContain('APP_VERSION');
    expect(remote.dropped.unset).toEqual(['NODE_VERSION']);
    expect(remote.origins).toMatchObject({
      LOG_LEVEL: 'env-file',
      PORT: 'override',
      NODE_ENV: 'mapping',
      DATABASE_URL: 'secret',
    });
  });

  it('a mirrord config used unchanged, with exclude and a get_env template', async () => {
    const cwd = project({
      // As mirrord's docs write it: the template sits in the raw text and is rendered before parsing.
      '.mirrord/mirrord.json': `{
        "target": {
          "path": { "deployment": "checkout" },
          "namespace": "{{ get_env(name="CHECKOUT_NS", default="default") }}"
        },
        "agent": { "ephemeral": true },
        "feature": {
          "network": { "incoming": "steal" },
          "fs": "read",
          "env": { "exclude": ["DATABASE_*", "CHECKOUT_*", "KUBERNETES_*"] }
        }
      }`,
    });
    const remote = await fetchRemoteEnv({ cwd, env: { ...baseEnv(), CHECKOUT_NS: 'shop' } });
    expect(remote.target?.namespace).toBe('shop');
    expect(remote.remote['DATABASE_URL']).toBeUndefined();
    expect(remote.remote['NODE_ENV']).toBe('production');
    expect(remote.dropped.exclude).toContain('DATABASE_URL');
    expect(Object.keys(remote.remote).some((n) => n.startsWith('KUBERNETES_'))).toBe(false);
  });
});

describe('the env pipeline, driven by MIRRORD_* variables', () => {
  it('target, namespace, include and env file from the environment; an empty variable is unset', async () => {
    const cwd = project({ 'vars.env': 'FROM_FILE=1\n' });
    const remote = await fetchRemoteEnv({
      cwd,
      env: {
        ...baseEnv(),
        MIRRORD_IMPERSONATED_TARGET: 'deploy/checkout',
        MIRRORD_TARGET_NAMESPACE: 'shop',
        MIRRORD_OVERRIDE_ENV_VARS_INCLUDE: 'APP_VERSION;FEATURE_*',
        MIRRORD_OVERRIDE_ENV_VARS_EXCLUDE: '',
        MIRRORD_OVERRIDE_ENV_VARS_FILE: 'vars.env',
      },
    });
    expect(remote.remote).toEqual({ APP_VERSION: '1.5.0', FEATURE_NEW_CHECKOUT: 'true', FROM_FILE: '1' });
  });

  it('an explicit option beats the variable, which beats the file', async () => {
    const cwd = project({
      '.kubenvrc.json': JSON.stringify({ target: 'deploy/nope', feature: { env: { include: 'PORT' } } }),
    });
    const env = {
      ...baseEnv(),
      MIRRORD_IMPERSONATED_TARGET: 'deploy/checkout',
      MIRRORD_OVERRIDE_ENV_VARS_INCLUDE: 'APP_VERSION',
    };
    const fromVariable = await fetchRemoteEnv({ cwd, env, namespace: 'shop' });
    expect(fromVariable.target?.target).toBe('deployment/checkout');
    expect(Object.keys(fromVariable.remote)).toEqual(['APP_VERSION']);
    const fromOption = await fetchRemoteEnv({ cwd, env, namespace: 'shop', include: ['NODE_ENV'] });
    expect(Object.keys(fromOption.remote)).toEqual(['NODE_ENV']);
  });

  it('an empty MIRRORD_IMPERSONATED_TARGET means targetless: no request', async () => {
    cluster().requests.clear();
    const remote = await fetchRemoteEnv({ cwd: project({}), env: { ...baseEnv(), MIRRORD_IMPERSONATED_TARGET: '' } });
    expect(remote.source).toBe('none');
    expect(cluster().requests.length).toBe(0);
  });

  it('local values: remote wins by default, local wins when asked', async () => {
    const cwd = project({});
    const env = { ...baseEnv(), NODE_ENV: 'local-value' };
    const remoteWins = await fetchRemoteEnv({ cwd, env, target: 'deploy/checkout', namespace: 'shop' });
    expect(remoteWins.env['NODE_ENV']).toBe('production');
    const localWins = await fetchRemoteEnv({ cwd, env, target: 'deploy/checkout', namespace: 'shop', localWins: true });
    expect(localWins.env['NODE_ENV']).toBe('local-value');
    expect(localWins.dropped.localWins).toContain('NODE_ENV');
  });
});
