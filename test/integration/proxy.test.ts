// Proxies as kubectl uses them: a cluster's proxy-url (http, https, socks5) for every request,
// loopback included; HTTPS_PROXY/NO_PROXY with Go's rules, loopback never proxied. The server is
// named `kubernetes`, which only the test proxies resolve: a request that skipped the proxy fails
// with a DNS error.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FetchRemoteEnvOptions, fetchRemoteEnv, isKubenvError } from '../../src/index';
import { deploymentMidRollout } from '../../src/testing/index';
import { createCertificateAuthority } from '../../src/testing/pki/certificates';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { writeKubeconfig } from '../support/kubeconfigs';
import { startConnectProxy, startSocksProxy, type TestProxy } from '../support/proxies';

const cluster = useCluster(() => [deploymentMidRollout()]);
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-proxy-'));
const HOSTS = { kubernetes: '127.0.0.1' };
// The https proxy's certificate comes from a CA of its own; the kubeconfig trusts both CAs, as
// kubectl uses the cluster's TLS config for an https proxy too.
const proxyCa = createCertificateAuthority();
const proxyCert = proxyCa.issue({ commonName: 'proxy', usage: 'server', ipAddresses: ['127.0.0.1'] });

let http: TestProxy;
let https: TestProxy;
let socks: TestProxy;
beforeAll(async () => {
  [http, https, socks] = await Promise.all([
    startConnectProxy(HOSTS),
    startConnectProxy(HOSTS, { cert: proxyCert.certPem, key: proxyCert.keyPem }),
    startSocksProxy(HOSTS),
  ]);
});
afterAll(async () => {
  await Promise.all([http.close(), https.close(), socks.close()]);
});

function kubeconfig(name: string, options: { host?: string; proxyUrl?: string } = {}): string {
  return writeKubeconfig(
    path.join(dir, name),
    { url: cluster().url, ca: `${cluster().ca}\n${proxyCa.certPem}` },
    {
      cluster: {
        server: `https://${options.host ?? 'kubernetes'}:${new URL(cluster().url).port}`,
        ...(options.proxyUrl ? { 'proxy-url': options.proxyUrl } : {}),
      },
      user: { token: cluster().token },
    },
  );
}

function fetchWith(file: string, env: Record<string, string> = {}, options: FetchRemoteEnvOptions = {}) {
  return fetchRemoteEnv({
    target: 'deploy/checkout',
    cwd: EMPTY_PROJECT,
    ...options,
    env: { KUBECONFIG: file, ...env },
  });
}

describe('proxy-url in the cluster entry', () => {
  it.each([
    ['http', () => http],
    ['https', () => https],
    ['socks5', () => socks],
  ])('%s: reads and exec both go through it, the server name resolved by the proxy', async (scheme, proxy) => {
    const before = proxy().tunnels.length;
    const file = kubeconfig(`proxy-url-${scheme}.yaml`, { proxyUrl: proxy().url });
    const remote = await fetchWith(file, {}, { source: 'exec' });
    expect(remote.source).toBe('exec');
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
    expect(proxy().tunnels.slice(before).length).toBeGreaterThan(0);
    expect(new Set(proxy().tunnels.slice(before))).toEqual(new Set([`kubernetes:${new URL(cluster().url).port}`]));
  });

  it('is used for a loopback server too (a fixed proxy, as client-go sets it)', async () => {
    const before = http.tunnels.length;
    await fetchWith(kubeconfig('proxy-url-loopback.yaml', { host: '127.0.0.1', proxyUrl: http.url }));
    expect(http.tunnels.length).toBeGreaterThan(before);
  });

  it('a scheme kubectl does not support is a ConfigError naming the cluster', async () => {
    const error = await fetchWith(kubeconfig('proxy-url-ftp.yaml', { proxyUrl: 'ftp://proxy:21' })).catch((e) => e);
    expect(isKubenvError(error, 'CONFIG')).toBe(true);
    expect((error as Error).message).toContain('proxy-url');
    expect((error as Error).message).toContain('cluster "sim"');
  });
});

describe('HTTPS_PROXY and NO_PROXY', () => {
  it('HTTPS_PROXY (or https_proxy) is used for the API server', async () => {
    for (const name of ['HTTPS_PROXY', 'https_proxy']) {
      const before = http.tunnels.length;
      const remote = await fetchWith(kubeconfig('env.yaml'), { [name]: http.url });
      expect(remote.remote['APP_VERSION']).toBe('1.5.0');
      expect(http.tunnels.length).toBeGreaterThan(before);
    }
  });

  it('without a proxy, the name the proxy knows does not resolve: ClusterUnreachableError (DNS)', async () => {
    const error = await fetchWith(kubeconfig('env.yaml')).catch((e) => e);
    expect(isKubenvError(error, 'CLUSTER_UNREACHABLE')).toBe(true);
    expect((error as Error).message).toContain('DNS');
  });

  it('NO_PROXY skips the proxy for a matching host', async () => {
    for (const noProxy of ['kubernetes', '.example,kubernetes', '*']) {
      const before = http.tunnels.length;
      const error = await fetchWith(kubeconfig('env.yaml'), { HTTPS_PROXY: http.url, NO_PROXY: noProxy }).catch(
        (e) => e,
      );
      expect(isKubenvError(error, 'CLUSTER_UNREACHABLE')).toBe(true);
      expect(http.tunnels.length).toBe(before);
    }
  });

  it('a loopback server is never proxied', async () => {
    const before = http.tunnels.length;
    const remote = await fetchWith(kubeconfig('loopback.yaml', { host: '127.0.0.1' }), { HTTPS_PROXY: http.url });
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
    expect(http.tunnels.length).toBe(before);
  });
});
