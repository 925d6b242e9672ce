/**
 * Attacks through the kubeconfig's credentials: client certificate data that is not PEM, a
 * tokenFile that does not exist. Each must be a typed error naming the part to fix, found
 * before any request, with no credential bytes in it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteEnv, isKubenvError } from '../../src/index';
import { EMPTY_PROJECT } from '../support/cluster';
import { type RawServer, startRawServer } from '../support/raw-server';

const SECRET = 'c2VjcmV0LWtleS1ieXRlcw-SECRET';
let server: RawServer;
let serverUrl = '';
beforeAll(async () => {
  server = await startRawServer();
  serverUrl = /server: "([^"]+)"/.exec((await import('node:fs')).readFileSync(server.kubeconfigPath, 'utf8'))![1]!;
});
afterAll(async () => {
  await server.stop();
});

function kubeconfig(user: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-faults-kc-'));
  const file = path.join(dir, 'config');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: c',
      '  cluster:',
      `    server: ${serverUrl}`,
      '    insecure-skip-tls-verify: true',
      'contexts:',
      '- name: c',
      '  context:',
      '    cluster: c',
      '    user: u',
      'current-context: c',
      'users:',
      '- name: u',
      '  user:',
      ...user.map((line) => `    ${line}`),
      '',
    ].join('\n'),
  );
  return file;
}

async function failure(file: string): Promise<Error & { code?: string; hint?: string }> {
  server.requests.length = 0;
  const error = await fetchRemoteEnv({
    target: 'pod/x',
    namespace: 'default',
    cwd: EMPTY_PROJECT,
    env: { KUBECONFIG: file },
  }).catch((e: unknown) => e);
  expect(isKubenvError(error), inspect(error)).toBe(true);
  expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  return error as Error & { code?: string; hint?: string };
}

describe('client certificate data that is not PEM', () => {
  it('is a ConfigError naming the user, before any request', async () => {
    const garbage = Buffer.from(`not a certificate ${SECRET}`).toString('base64');
    const error = await failure(kubeconfig([`client-certificate-data: ${garbage}`, `client-key-data: ${garbage}`]));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('client-certificate or client-key of user "u"');
    expect(error.message).toMatch(/PEM|no start line|unsupported/i);
    expect(server.requests).toEqual([]);
  });
});

describe('a tokenFile that does not exist', () => {
  it('is a ConfigError naming the file, not a bare ENOENT', async () => {
    const missing = path.join(os.tmpdir(), 'kubenv-no-such-token-file');
    const error = await failure(kubeconfig([`tokenFile: ${missing}`]));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('token file of user "u" cannot be read (ENOENT)');
    expect(error.message).toContain(missing);
  });
});
