/**
 * The `kubeConfig` option: a caller's client-node KubeConfig (any object of the KubeConfigLike
 * shape) decides the credentials of each request, as client-node's applyToHTTPSOptions fills
 * them in: its headers, and `auth` (`user:password`) as basic auth when it set no Authorization.
 */
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/kube/auth';
import { endpointFromKubeConfig } from '../../src/kube/client-node';
import type { KubeConfigLike } from '../../src/kube/kubeconfig-user';

function kubeConfig(apply: (options: Record<string, unknown>) => void): KubeConfigLike {
  return {
    getCurrentContext: () => 'dev',
    getContextObject: () => ({ namespace: 'shop', user: 'alice' }),
    getCurrentCluster: () => ({ server: 'https://k.example/', name: 'k' }),
    applyToHTTPSOptions: async (options) => apply(options as Record<string, unknown>),
  };
}

async function headersFrom(config: KubeConfigLike) {
  const endpoint = await endpointFromKubeConfig(config, {});
  return (await createAuthenticator(endpoint, { env: {} }).authFor(new AbortController().signal)).headers;
}

describe('credentials from a client-node KubeConfig', () => {
  it('its headers are sent, names in lower case, list values kept as lines', async () => {
    const headers = await headersFrom(
      kubeConfig((options) => {
        options['headers'] = { Authorization: 'Bearer from-kc', 'X-Extra': ['a', 'b'] };
      }),
    );
    expect(headers).toEqual({ authorization: 'Bearer from-kc', 'x-extra': ['a', 'b'] });
  });

  it('`auth` alone becomes basic auth', async () => {
    const headers = await headersFrom(
      kubeConfig((options) => {
        options['auth'] = 'admin:secret';
      }),
    );
    expect(headers).toEqual({ authorization: `Basic ${Buffer.from('admin:secret').toString('base64')}` });
  });

  it('an Authorization header wins over `auth`', async () => {
    const headers = await headersFrom(
      kubeConfig((options) => {
        options['headers'] = { Authorization: 'Bearer from-kc' };
        options['auth'] = 'admin:secret';
      }),
    );
    expect(headers).toEqual({ authorization: 'Bearer from-kc' });
  });

  it('the endpoint is the current cluster and context', async () => {
    const endpoint = await endpointFromKubeConfig(
      kubeConfig(() => {}),
      {},
    );
    expect(endpoint).toMatchObject({ server: 'https://k.example', contextName: 'dev', namespace: 'shop' });
  });
});
