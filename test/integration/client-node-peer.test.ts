// @kubernetes/client-node as an optional peer: used (lazily) for auth-provider kubeconfigs and for a
// KubeConfig the caller already holds; without it, an auth-provider kubeconfig says to install it.
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteEnv, isKubenvError } from '../../src/index';
import { deploymentMidRollout, type SimulatedCluster, startSimulatedCluster } from '../../src/testing/index';
import { EMPTY_PROJECT } from '../support/cluster';
import { writeKubeconfig } from '../support/kubeconfigs';
import { run } from '../support/spawn';

// An OIDC id-token is a JWT; client-node reads its `exp` and sends it while it is valid.
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ID_TOKEN = `${base64url({ alg: 'none' })}.${base64url({ sub: 'jane', exp: 4_102_444_800 })}.c2ln`;

let cluster: SimulatedCluster;
let oidcKubeconfig: string;
beforeAll(async () => {
  cluster = await startSimulatedCluster({ token: ID_TOKEN, fixtures: [deploymentMidRollout()] });
  oidcKubeconfig = writeKubeconfig(path.join(EMPTY_PROJECT, 'oidc.kubeconfig'), cluster, {
    user: {
      'auth-provider': {
        name: 'oidc',
        config: { 'client-id': 'kubenv', 'id-token': ID_TOKEN, 'idp-issuer-url': 'https://idp.invalid' },
      },
    },
  });
});
afterAll(async () => {
  await cluster.stop();
});

describe('an auth-provider kubeconfig', () => {
  it('goes through client-node, when it is installed', async () => {
    cluster.requests.clear();
    const remote = await fetchRemoteEnv({
      target: 'deploy/checkout',
      cwd: EMPTY_PROJECT,
      env: { KUBECONFIG: oidcKubeconfig },
    });
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
    expect(cluster.requests.toArray().every((entry) => entry.user === cluster.user)).toBe(true);
  });

  it('without client-node: a MissingDependencyError that says to install it', async () => {
    // A child process in which @kubernetes/client-node cannot be resolved, as in a project without it.
    const script = `
      import { registerHooks } from 'node:module';
      registerHooks({ resolve(specifier, context, next) {
        if (specifier === '@kubernetes/client-node') throw Object.assign(new Error('Cannot find package'), { code: 'ERR_MODULE_NOT_FOUND' });
        return next(specifier, context);
      } });
      const { fetchRemoteEnv } = await import('kubenv');
      try { await fetchRemoteEnv({ target: 'deploy/checkout', cwd: ${JSON.stringify(EMPTY_PROJECT)} }); console.log('no error'); }
      catch (error) { console.log(JSON.stringify({ code: error.code, dependency: error.dependency, message: error.message })); }
    `;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.resolve('.'),
      env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, KUBECONFIG: oidcKubeconfig },
    });
    const reported = JSON.parse(result.stdout.trim().split('\n').at(-1) as string);
    expect(reported.code).toBe('MISSING_DEPENDENCY');
    expect(reported.dependency).toBe('@kubernetes/client-node');
    expect(reported.message).toContain('auth-provider of kubeconfig user "sso"');
    expect(reported.message).toContain('npm install @kubernetes/client-node');
    expect(reported.message).not.toContain(ID_TOKEN);
  });
});

describe('the kubeConfig option', () => {
  it('uses the caller KubeConfig (its context, namespace and auth), not the kubeconfig files', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.writeKubeconfig({ namespace: 'shop' }));
    cluster.requests.clear();
    const remote = await fetchRemoteEnv({
      target: 'deploy/checkout',
      cwd: EMPTY_PROJECT,
      kubeConfig: kc,
      env: { KUBECONFIG: path.join(EMPTY_PROJECT, 'does-not-exist') },
    });
    expect(remote.target?.namespace).toBe('shop');
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
    expect(cluster.requests.toArray().every((entry) => entry.user === cluster.user)).toBe(true);
  });

  it('with a client certificate user: the server sees the certificate identity', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.writeKubeconfig({ auth: 'client-certificate', user: 'embedded-tool', namespace: 'shop' }));
    cluster.requests.clear();
    await fetchRemoteEnv({ target: 'deploy/checkout', cwd: EMPTY_PROJECT, kubeConfig: kc, env: {} });
    expect(new Set(cluster.requests.toArray().map((entry) => entry.user))).toEqual(new Set(['embedded-tool']));
  });

  it('a context option other than the KubeConfig current one is a ConfigError', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const error = await fetchRemoteEnv({
      target: 'deploy/checkout',
      cwd: EMPTY_PROJECT,
      kubeConfig: kc,
      context: 'other',
      env: {},
    }).catch((e) => e);
    expect(isKubenvError(error, 'CONFIG')).toBe(true);
    expect((error as Error).message).toContain('context "other"');
  });
});
