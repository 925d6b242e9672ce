// The proxy choice for an API server from HTTPS_PROXY/NO_PROXY, with the rules of Go's
// golang.org/x/net/http/httpproxy, which kubectl uses.
import { describe, expect, it } from 'vitest';
import { isKubenvError } from '../../src/errors';
import { parseProxyUrl, proxyFromEnvironment } from '../../src/kube/proxy';

const PROXY = 'http://proxy.corp:3128';
const via = (server: string, env: Record<string, string>) => proxyFromEnvironment(server, env)?.href;

describe('HTTPS_PROXY and NO_PROXY follow Go', () => {
  it('HTTPS_PROXY wins over https_proxy; HTTP_PROXY is not for https servers', () => {
    expect(via('https://api.example:6443', { HTTPS_PROXY: PROXY, https_proxy: 'http://other:1' })).toBe(`${PROXY}/`);
    expect(via('https://api.example:6443', { https_proxy: PROXY })).toBe(`${PROXY}/`);
    expect(via('https://api.example:6443', { HTTP_PROXY: PROXY })).toBeUndefined();
  });

  it('a value without a scheme is an http proxy', () => {
    expect(via('https://api.example', { HTTPS_PROXY: 'proxy.corp:3128' })).toBe('http://proxy.corp:3128/');
  });

  it('localhost and loopback addresses are never proxied', () => {
    for (const server of [
      'https://localhost:6443',
      'https://127.0.0.1:6443',
      'https://127.1.2.3',
      'https://[::1]:6443',
    ]) {
      expect(via(server, { HTTPS_PROXY: PROXY })).toBeUndefined();
    }
  });

  it.each([
    ['*', 'https://api.example', false],
    ['example', 'https://api.example', false],
    ['example', 'https://notexample', true],
    ['api.example', 'https://api.example', false],
    ['example', 'https://example', false],
    ['.example', 'https://example', true],
    ['.example', 'https://api.example', false],
    ['*.example', 'https://api.example', false],
    ['*.example', 'https://example', true],
    ['API.Example', 'https://api.example', false],
    ['api.example:6443', 'https://api.example:6443', false],
    ['api.example:443', 'https://api.example:6443', true],
    ['api.example:443', 'https://api.example', false],
    ['10.0.0.0/8', 'https://10.1.2.3:6443', false],
    ['10.0.0.0/8', 'https://11.1.2.3:6443', true],
    ['10.1.2.3', 'https://10.1.2.3:6443', false],
    ['10.1.2.3:6443', 'https://10.1.2.3:6443', false],
    ['10.1.2.3:443', 'https://10.1.2.3:6443', true],
    ['fd00::/8', 'https://[fd00::1]:6443', false],
    ['[fd00::1]:6443', 'https://[fd00::1]:6443', false],
    [' other.example , api.example ', 'https://api.example', false],
  ])('NO_PROXY=%j for %s: proxied %s', (noProxy, server, proxied) => {
    expect(via(server, { HTTPS_PROXY: PROXY, NO_PROXY: noProxy }) !== undefined).toBe(proxied);
    expect(via(server, { HTTPS_PROXY: PROXY, no_proxy: noProxy }) !== undefined).toBe(proxied);
  });
});

describe('proxy-url', () => {
  it('http, https and socks5 are accepted; anything else is a ConfigError naming the cluster', () => {
    for (const url of ['http://p:1', 'https://p:1', 'socks5://p:1080']) {
      expect(parseProxyUrl(url, { file: 'f', cluster: 'c' }).href).toContain('p:');
    }
    for (const url of ['ftp://p', 'socks4://p:1080', 'p:3128']) {
      let error: unknown;
      try {
        parseProxyUrl(url, { file: 'kubeconfig', cluster: 'prod' });
      } catch (caught) {
        error = caught;
      }
      expect(isKubenvError(error, 'CONFIG')).toBe(true);
      expect((error as Error).message).toContain('cluster "prod"');
    }
  });
});
