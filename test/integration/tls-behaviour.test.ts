/**
 * The TLS side of a fetch as a kubeconfig sets it (src/kube/tls.ts, src/kube/transport.ts), against
 * a bare HTTPS server: the CA the kubeconfig trusts, a server certificate that is self-signed,
 * of another CA, expired or for another name (each a ClusterUnreachableError saying which),
 * `tls-server-name`, `insecure-skip-tls-verify`, the client certificate, and PEM data that
 * cannot be loaded (a ConfigError naming the kubeconfig field, before any request).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { closeConnections, isKubenvError } from '../../src/index';
import { createCertificateAuthority } from '../../src/testing/pki/certificates';
import { startConnectProxy } from '../support/proxies';
import {
  fetchRawPod,
  RAW_POD,
  RAW_TOKEN,
  type RawServer,
  type RawServerOptions,
  startRawServer,
} from '../support/raw-server';

let server: RawServer | undefined;
afterEach(async () => {
  closeConnections();
  await server?.stop();
  server = undefined;
});

async function start(options: RawServerOptions = {}): Promise<RawServer> {
  server = await startRawServer(options);
  server.onRequest = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(RAW_POD));
  };
  return server;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A kubeconfig for `raw` with these cluster and user fields (YAML lines). */
function kubeconfig(raw: RawServer, cluster: readonly string[], user: readonly string[] = []): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubenv-tls-')), 'config');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: c',
      '  cluster:',
      `    server: ${raw.url}`,
      ...cluster.map((line) => `    ${line}`),
      'contexts:',
      '- name: ctx',
      '  context: {cluster: c, user: u, namespace: default}',
      'current-context: ctx',
      'users:',
      '- name: u',
      '  user:',
      `    token: ${RAW_TOKEN}`,
      ...user.map((line) => `    ${line}`),
      '',
    ].join('\n'),
  );
  return file;
}

const fetchPod = (file: string) => fetchRawPod(file);

async function failure(file: string): Promise<Error & { code: string; hint?: string }> {
  const error = await fetchPod(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKubenvError(error), inspect(error)).toBe(true);
  return error as Error & { code: string; hint?: string };
}

const headline = (error: Error) => error.message.split('\n')[0];

describe('the server certificate', () => {
  it('of the CA in certificate-authority-data: the fetch succeeds', async () => {
    const raw = await start();
    const { env } = await fetchPod(kubeconfig(raw, [`certificate-authority-data: ${b64(raw.caPem)}`]));
    expect(env).toMatchObject({ A: '1' });
  });

  it('of another CA (the server sends its chain): "chain is not trusted", and not retried', async () => {
    const raw = await start();
    const other = createCertificateAuthority('another-ca');
    const error = await failure(kubeconfig(raw, [`certificate-authority-data: ${b64(other.certPem)}`]));
    expect(error.code).toBe('CLUSTER_UNREACHABLE');
    expect(headline(error)).toBe(
      `Cannot reach the Kubernetes API at ${raw.url} (context "ctx"): TLS: the server certificate chain is not trusted.`,
    );
    expect(raw.requests).toEqual([]);
  });

  it('self-signed, with no CA in the kubeconfig: "self-signed and not trusted"', async () => {
    // The CA's own certificate, used as the server's: self-signed.
    const raw = await start({ certificate: (ca) => ca });
    const error = await failure(kubeconfig(raw, []));
    expect(headline(error)).toContain(': TLS: the server certificate is self-signed and not trusted.');
  });

  it('expired: "has expired"', async () => {
    const raw = await start({
      certificate: (ca) => ca.issue({ commonName: 'x', usage: 'server', ipAddresses: ['127.0.0.1'], validDays: -1 }),
    });
    const error = await failure(kubeconfig(raw, [`certificate-authority-data: ${b64(raw.caPem)}`]));
    expect(headline(error)).toContain(': TLS: the server certificate has expired.');
  });

  it('for another name: "does not name this host"; tls-server-name names the one it has', async () => {
    const raw = await start({
      certificate: (ca) => ca.issue({ commonName: 'kube.internal', usage: 'server', dnsNames: ['kube.internal'] }),
    });
    const ca = `certificate-authority-data: ${b64(raw.caPem)}`;
    const error = await failure(kubeconfig(raw, [ca]));
    expect(headline(error)).toContain(': TLS: the server certificate does not name this host.');

    const { env } = await fetchPod(kubeconfig(raw, [ca, 'tls-server-name: kube.internal']));
    expect(env).toMatchObject({ A: '1' });
    expect(await failure(kubeconfig(raw, [ca, 'tls-server-name: other.internal']))).toMatchObject({
      code: 'CLUSTER_UNREACHABLE',
    });
  });

  it('through an http proxy to a server named by its IP: checked against that IP (kubectl does)', async () => {
    // The default certificate names 127.0.0.1 only. https-proxy-agent leaves the host out of
    // the TLS options for an IP, and Node then checked the certificate against "localhost".
    const raw = await start();
    const proxy = await startConnectProxy({});
    try {
      const ca = `certificate-authority-data: ${b64(raw.caPem)}`;
      const { env } = await fetchPod(kubeconfig(raw, [ca, `proxy-url: ${proxy.url}`]));
      expect(env).toMatchObject({ A: '1' });
      expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(raw.url).host]));
      // Still checked: a certificate for another name is refused through the proxy too.
      closeConnections();
      await server?.stop();
      const other = await start({
        certificate: (authority) =>
          authority.issue({ commonName: 'kube.internal', usage: 'server', dnsNames: ['kube.internal'] }),
      });
      const error = await failure(
        kubeconfig(other, [`certificate-authority-data: ${b64(other.caPem)}`, `proxy-url: ${proxy.url}`]),
      );
      expect(headline(error)).toContain(': TLS: the server certificate does not name this host.');
    } finally {
      await proxy.close();
    }
  });

  it('is not checked with insecure-skip-tls-verify: true', async () => {
    const raw = await start({ certificate: (ca) => ca });
    const { env } = await fetchPod(kubeconfig(raw, ['insecure-skip-tls-verify: true']));
    expect(env).toMatchObject({ A: '1' });
    // The same server, checked: refused (the unchecked connection is not reused for it).
    expect(headline(await failure(kubeconfig(raw, [])))).toContain('self-signed');
  });
});

describe('the client certificate', () => {
  it('of the kubeconfig user is presented to the server', async () => {
    const raw = await start();
    const client = raw.ca.issue({ commonName: 'jane', usage: 'client' });
    const file = kubeconfig(
      raw,
      [`certificate-authority-data: ${b64(raw.caPem)}`],
      [`client-certificate-data: ${b64(client.certPem)}`, `client-key-data: ${b64(client.keyPem)}`],
    );
    await fetchPod(file);
    expect(raw.clientNames).toEqual(raw.requests.map(() => 'jane'));
    expect(raw.clientNames.length).toBeGreaterThan(0);
  });

  it('none when the user has none', async () => {
    const raw = await start();
    await fetchPod(kubeconfig(raw, [`certificate-authority-data: ${b64(raw.caPem)}`]));
    expect(raw.clientNames).toEqual(raw.requests.map(() => undefined));
    expect(raw.clientNames.length).toBeGreaterThan(0);
  });
});

describe('PEM data that cannot be loaded: a ConfigError naming the field, before any request', () => {
  const SECRET = 'c2VjcmV0LXBlbS1ieXRlcw-SECRET';

  for (const [label, data, reason] of [
    ['holds no certificate', `not a CA ${SECRET}`, 'no PEM certificate'],
    [
      'holds a key, not a certificate',
      `-----BEGIN PRIVATE KEY-----\n${b64(SECRET)}\n-----END PRIVATE KEY-----\n`,
      'no PEM certificate',
    ],
    [
      'holds a certificate block that is not one',
      `-----BEGIN CERTIFICATE-----\n${b64(SECRET)}\n-----END CERTIFICATE-----\n`,
      'asn1',
    ],
  ] as const) {
    it(`a certificate-authority-data that ${label}`, async () => {
      const raw = await start();
      const error = await failure(kubeconfig(raw, [`certificate-authority-data: ${b64(data)}`]));
      expect(error.code).toBe('CONFIG');
      expect(error.message).toContain('the certificate-authority of the cluster of context "ctx" cannot be loaded (');
      expect(error.message).toContain(reason);
      expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
      expect(inspect(error, { depth: 10 })).not.toContain(b64(SECRET));
      expect(raw.requests).toEqual([]);
    });
  }

  it('a CA file with a good certificate after a bad one is refused too', async () => {
    const raw = await start();
    const bad = `-----BEGIN CERTIFICATE-----\n${b64(SECRET)}\n-----END CERTIFICATE-----\n`;
    const error = await failure(kubeconfig(raw, [`certificate-authority-data: ${b64(bad + raw.caPem)}`]));
    expect(error.message).toContain('the certificate-authority of the cluster of context "ctx" cannot be loaded (');
  });

  it('a CA bundle of several good certificates is taken', async () => {
    const raw = await start();
    const other = createCertificateAuthority('another-ca');
    const { env } = await fetchPod(kubeconfig(raw, [`certificate-authority-data: ${b64(other.certPem + raw.caPem)}`]));
    expect(env).toMatchObject({ A: '1' });
  });

  it('a client certificate and a key that do not belong together', async () => {
    const raw = await start();
    const jane = raw.ca.issue({ commonName: 'jane', usage: 'client' });
    const joe = raw.ca.issue({ commonName: 'joe', usage: 'client' });
    const error = await failure(
      kubeconfig(
        raw,
        [`certificate-authority-data: ${b64(raw.caPem)}`],
        [`client-certificate-data: ${b64(jane.certPem)}`, `client-key-data: ${b64(joe.keyPem)}`],
      ),
    );
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('the client-certificate or client-key of user "u" cannot be loaded (');
    expect(error.message).toMatch(/key values mismatch/i);
    expect(inspect(error, { depth: 10 })).not.toContain(joe.keyPem.split('\n')[1]);
    expect(raw.requests).toEqual([]);
  });
});
