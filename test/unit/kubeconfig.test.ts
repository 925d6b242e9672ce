import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKubenvError } from '../../src/errors';
import { loadKubeEndpoint } from '../../src/kube/kubeconfig';
import { impersonationHeaders } from '../../src/kube/kubeconfig-user';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-kubeconfig-'));

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  return target;
}

const first = file(
  'a/config',
  `apiVersion: v1
kind: Config
current-context: staging
clusters:
- name: staging
  cluster: { server: "https://staging.example:6443/", certificate-authority: certs/ca.pem }
users:
- name: alice
  user: { token: from-first-file }
contexts:
- name: staging
  context: { cluster: staging, user: alice, namespace: shop }
`,
);
file('a/certs/ca.pem', 'CA FROM A');
const second = file(
  'b/config',
  `apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod
  cluster: { server: "https://prod.example", insecure-skip-tls-verify: true }
users:
- name: alice
  user: { token: from-second-file }
- name: bob
  user: { client-certificate: bob.crt, client-key: bob.key }
contexts:
- name: staging
  context: { cluster: prod, user: bob }
- name: prod
  context: { cluster: prod, user: bob }
`,
);
file('b/bob.crt', 'BOB CERT');
file('b/bob.key', 'BOB KEY');

describe('kubeconfig loading follows kubectl', () => {
  it('merges a KUBECONFIG list: the first file to define a name and the first current-context win', async () => {
    const endpoint = await loadKubeEndpoint({ env: { KUBECONFIG: `${first}${path.delimiter}${second}` } });
    expect(endpoint).toMatchObject({
      server: 'https://staging.example:6443',
      contextName: 'staging',
      userName: 'alice',
      namespace: 'shop',
      credentials: { type: 'token', token: 'from-first-file' },
    });
    // Relative paths resolve against the file that holds them.
    expect(endpoint.tls.ca?.toString()).toBe('CA FROM A');
  });

  it('an explicit context picks entries across files; client certificates resolve next to their file', async () => {
    const endpoint = await loadKubeEndpoint({
      env: { KUBECONFIG: `${first}${path.delimiter}${second}` },
      context: 'prod',
    });
    expect(endpoint.server).toBe('https://prod.example');
    expect(endpoint.tls.rejectUnauthorized).toBe(false);
    expect(endpoint.tls.cert?.toString()).toBe('BOB CERT');
    expect(endpoint.tls.key?.toString()).toBe('BOB KEY');
    expect(endpoint.namespace).toBeUndefined();
  });

  it('the kubeconfig option beats KUBECONFIG; missing files in a list are skipped', async () => {
    const endpoint = await loadKubeEndpoint({
      kubeconfig: `${path.join(dir, 'missing')}${path.delimiter}${second}`,
      env: { KUBECONFIG: first },
    });
    expect(endpoint.contextName).toBe('prod');
  });

  it('a context that does not exist lists the ones that do', async () => {
    const error = await loadKubeEndpoint({ env: { KUBECONFIG: first }, context: 'nope' }).catch((e) => e);
    expect(isKubenvError(error, 'CONFIG')).toBe(true);
    expect((error as Error).message).toContain('context "nope" is not in the kubeconfig');
    expect((error as Error).message).toContain('Contexts there: staging.');
  });

  it('a single named file that does not exist is an error naming it', async () => {
    const missing = path.join(dir, 'nowhere.yaml');
    const error = await loadKubeEndpoint({ kubeconfig: missing, env: {} }).catch((e) => e);
    expect(isKubenvError(error, 'CONFIG')).toBe(true);
    expect((error as Error).message).toContain(missing);
  });

  it('no kubeconfig anywhere and not in a cluster: says how to fix it', async () => {
    const error = await loadKubeEndpoint({ env: { HOME: path.join(dir, 'empty-home') } }).catch((e) => e);
    expect((error as Error).message).toMatch(/no kubeconfig found/);
    expect((error as { hint?: string }).hint).toMatch(/KUBECONFIG/);
  });

  it('invalid YAML names the file and leaks no content', async () => {
    const broken = file('broken.yaml', 'users: [ { name: x, user: { token: "s3cret-token" } ]\n  bad: : :');
    const error = await loadKubeEndpoint({ kubeconfig: broken, env: {} }).catch((e) => e);
    expect((error as Error).message).toContain(broken);
    expect((error as Error).message).not.toContain('s3cret-token');
  });
});

describe('user entries and cluster entries mean what they mean to kubectl', () => {
  const single = (name: string, cluster: string, user: string) =>
    file(
      name,
      `apiVersion: v1
kind: Config
current-context: c
clusters:
- name: c
  cluster: ${cluster}
users:
- name: u
  user: ${user}
contexts:
- name: c
  context: { cluster: c, user: u }
`,
    );

  it('token and tokenFile both set: the file wins (read per request), the inline token is only a fallback', async () => {
    const kubeconfig = single(
      'both/config',
      '{ server: "https://k.example" }',
      '{ token: inline, tokenFile: token.txt }',
    );
    const endpoint = await loadKubeEndpoint({ kubeconfig, env: {} });
    expect(endpoint.credentials).toEqual({
      type: 'token-file',
      path: path.join(dir, 'both', 'token.txt'),
      fallback: 'inline',
    });
  });

  it('insecure-skip-tls-verify with a CA (data or file) is refused, as kubectl refuses it', async () => {
    for (const ca of ['certificate-authority-data: Q0E=', 'certificate-authority: ca.pem']) {
      const kubeconfig = single(
        `insecure-${ca.length}/config`,
        `{ server: "https://k.example", insecure-skip-tls-verify: true, ${ca} }`,
        '{ token: t }',
      );
      const error = await loadKubeEndpoint({ kubeconfig, env: {} }).catch((e) => e);
      expect(isKubenvError(error, 'CONFIG')).toBe(true);
      expect((error as Error).message).toContain('insecure-skip-tls-verify and a certificate authority');
      expect((error as Error).message).toContain(kubeconfig);
    }
  });

  it('impersonation: every group is its own header line, uid and extras are sent, extra keys escaped', async () => {
    const kubeconfig = single(
      'as/config',
      '{ server: "https://k.example" }',
      '{ token: t, as: jane, as-uid: "1234", as-groups: [devs, "ops,oncall"], as-user-extra: { reason: [debugging, "on call"], "acme.com/team": [a] } }',
    );
    const endpoint = await loadKubeEndpoint({ kubeconfig, env: {} });
    expect(impersonationHeaders(endpoint.impersonate)).toEqual({
      'impersonate-user': 'jane',
      'impersonate-uid': '1234',
      'impersonate-group': ['devs', 'ops,oncall'],
      'impersonate-extra-reason': ['debugging', 'on call'],
      'impersonate-extra-acme.com%2Fteam': ['a'],
    });
  });

  it('an exec command with a slash resolves against the kubeconfig directory; a bare name is kept for PATH', async () => {
    const exec = (command: string) =>
      single(
        `exec-${command.replace(/\W/g, '')}/config`,
        '{ server: "https://k.example" }',
        `{ exec: { apiVersion: client.authentication.k8s.io/v1, command: "${command}", interactiveMode: Never } }`,
      );
    const relative = await loadKubeEndpoint({ kubeconfig: exec('./bin/get-token'), env: {} });
    expect(relative.credentials).toMatchObject({
      plugin: { command: path.join(dir, 'exec-bingettoken', 'bin', 'get-token') },
    });
    const bare = await loadKubeEndpoint({ kubeconfig: exec('aws'), env: {} });
    expect(bare.credentials).toMatchObject({ plugin: { command: 'aws' } });
  });
});
