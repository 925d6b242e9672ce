/**
 * Which proxy a request to the API server goes through, as kubectl decides it, and the agent that
 * tunnels through it.
 *
 * - A cluster's `proxy-url` (http, https or socks5) is used for every request, loopback included:
 *   client-go sets it as a fixed `http.ProxyURL` (tools/clientcmd/client_config.go at v0.33.0).
 * - Otherwise `HTTPS_PROXY`/`https_proxy` and `NO_PROXY`/`no_proxy` with the semantics of Go's
 *   `httpproxy.FromEnvironment` (golang.org/x/net/http/httpproxy/proxy.go): `localhost` and
 *   loopback addresses are never proxied; NO_PROXY entries are `*`, IPs, CIDRs, and domains
 *   (`example.com` matches itself and its subdomains, `.example.com` and `*.example.com` only the
 *   subdomains), each with an optional `:port`.
 *
 * The tunnelling is TooTallNate's proxy-agents (`https-proxy-agent`, `socks-proxy-agent`), imported
 * only when a proxy is in use: no cost on the common path.
 */
import type { Agent, AgentOptions, RequestOptions } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import { ConfigError } from '../errors';

const PROXY_SCHEMES = new Set(['http:', 'https:', 'socks5:']);

/** Validates a cluster's `proxy-url` as clientcmd does. */
export function parseProxyUrl(value: string, where: { file: string; cluster: string }): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !PROXY_SCHEMES.has(url.protocol)) {
    throw new ConfigError(`cluster "${where.cluster}" has a proxy-url that is not http, https or socks5`, {
      file: where.file,
      keyPath: `clusters[${where.cluster}].cluster.proxy-url`,
      expected: 'an http://, https:// or socks5:// URL',
      found: url ? `scheme "${url.protocol.slice(0, -1)}"` : 'no URL',
    });
  }
  return url;
}

/** The proxy for an https:// server from the environment, or undefined for a direct connection. */
export function proxyFromEnvironment(
  server: string,
  env: Readonly<Record<string, string | undefined>>,
): URL | undefined {
  const raw = env['HTTPS_PROXY'] || env['https_proxy'];
  if (!raw) return undefined;
  const proxy = parseEnvProxy(raw);
  if (!proxy) return undefined;
  const target = new URL(server);
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || '443';
  return useProxy(host, port, env['NO_PROXY'] || env['no_proxy'] || '') ? proxy : undefined;
}

// Go's parseProxy: a value without a scheme is taken as http://host:port.
function parseEnvProxy(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol && url.host) return url;
  } catch {
    // fall through to http://
  }
  try {
    return new URL(`http://${raw}`);
  } catch {
    return undefined;
  }
}

function useProxy(host: string, port: string, noProxy: string): boolean {
  if (host === 'localhost') return false;
  const ipVersion = isIP(host);
  if (ipVersion !== 0 && isLoopback(host, ipVersion)) return false;
  for (const rawEntry of noProxy.split(',')) {
    const entry = rawEntry.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return false;
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const family = isIP(cidr[1] as string);
      if (family !== 0) {
        if (ipVersion === family) {
          const list = new BlockList();
          list.addSubnet(cidr[1] as string, Number(cidr[2]), family === 6 ? 'ipv6' : 'ipv4');
          if (list.check(host, family === 6 ? 'ipv6' : 'ipv4')) return false;
        }
        continue;
      }
    }
    const { host: entryHost, port: entryPort } = splitHostPort(entry);
    if (entryHost === '') continue;
    if (isIP(entryHost) !== 0) {
      if (ipVersion !== 0 && sameIp(entryHost, host) && (entryPort === '' || entryPort === port)) return false;
      continue;
    }
    let domain = entryHost.startsWith('*.') ? entryHost.slice(1) : entryHost;
    const matchesItself = !domain.startsWith('.');
    if (matchesItself) domain = `.${domain}`;
    if (
      (host.endsWith(domain) || (matchesItself && host === domain.slice(1))) &&
      (entryPort === '' || entryPort === port)
    ) {
      return false;
    }
  }
  return true;
}

function splitHostPort(entry: string): { host: string; port: string } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] ?? '' };
  // A bare IPv6 address has colons but no port.
  if (isIP(entry) === 6) return { host: entry, port: '' };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { host: withPort[1] ?? '', port: withPort[2] ?? '' } : { host: entry, port: '' };
}

function isLoopback(host: string, version: number): boolean {
  if (version === 4) return host.startsWith('127.');
  const list = new BlockList();
  list.addAddress('::1', 'ipv6');
  list.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');
  return list.check(host, 'ipv6');
}

function sameIp(a: string, b: string): boolean {
  const family = isIP(a);
  if (family !== isIP(b)) return false;
  const list = new BlockList();
  list.addAddress(a, family === 6 ? 'ipv6' : 'ipv4');
  return list.check(b, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * An agent that tunnels to the API server through `proxy`. `tls` (the cluster's CA, client
 * certificate, server name) applies to the API server and, for an https proxy, to the proxy too,
 * as Go's transport uses one TLS config for both.
 */
export async function createProxyAgent(proxy: URL, tls: AgentOptions): Promise<Agent> {
  if (proxy.protocol === 'socks5:') {
    const { SocksProxyAgent } = await import('socks-proxy-agent');
    // Go's SOCKS5 dialer hands the host name to the proxy, which resolves it: that is socks5h here.
    const remote = new URL(proxy.href.replace(/^socks5:/, 'socks5h:'));
    return new SocksProxyAgent(remote, { ...tls, keepAlive: true }) as unknown as Agent;
  }
  const { HttpsProxyAgent } = await import('https-proxy-agent');
  return new HttpsProxyAgent(proxy, { ...tls, keepAlive: true }) as unknown as Agent;
}

/**
 * The per-request TLS option a request through a proxy needs when the API server is named by its
 * IP address: the proxy agents leave the host out of their TLS options for an IP (SNI cannot carry
 * one), and Node then checks the server's certificate against "localhost". Go checks the IP, and
 * so does this. Per request, not in the agent's options: those reach an https proxy's own TLS
 * connection too, whose certificate names the proxy.
 */
export function proxiedServerIdentity(host: string, tls: AgentOptions): Pick<RequestOptions, 'checkServerIdentity'> {
  if (tls.servername || isIP(host) === 0) return {};
  return { checkServerIdentity: (_name, certificate) => checkServerIdentity(host, certificate) };
}
