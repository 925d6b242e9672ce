/**
 * What a user reads for each kubeconfig that cannot be used (src/kube/kubeconfig-loader.ts,
 * src/kube/kubeconfig-context.ts): the ConfigError's message, the file, the key path, what was
 * expected and the next step. One row per refusal.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { loadKubeEndpoint } from '../../src/kube/kubeconfig';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-kubeconfig-errors-'));
let count = 0;

function write(text: string): string {
  count += 1;
  const file = path.join(dir, `config-${count}`);
  writeFileSync(file, text);
  return file;
}

const cluster = (fields: Record<string, unknown> = {}) => ({
  name: 'k',
  cluster: { server: 'https://k.example:6443', ...fields },
});
const config = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    clusters: [cluster()],
    users: [{ name: 'u', user: { token: 't' } }],
    contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
    'current-context': 'c',
    ...over,
  });

async function refusal(files: string | string[], context?: string): Promise<ConfigError> {
  const kubeconfig = Array.isArray(files) ? files.join(path.delimiter) : files;
  const error = await loadKubeEndpoint({ kubeconfig, env: {}, ...(context ? { context } : {}) }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const headline = (error: Error) => error.message.split('\n')[0];

describe('a kubeconfig file that cannot be used', () => {
  it('a file that does not exist', async () => {
    const missing = path.join(dir, 'missing');
    const error = await refusal(missing);
    expect(headline(error)).toBe(`Invalid configuration in ${missing}: cannot read kubeconfig ${missing} (ENOENT).`);
    expect(error).toMatchObject({
      file: missing,
      hint: 'Check the path given in KUBECONFIG or the `kubeconfig` option.',
    });
  });

  it('YAML that does not parse: the line and column, and a cause without the text', async () => {
    const file = write('clusters:\n- name: k\n  cluster: { server: "https://secret-host\n');
    const error = await refusal(file);
    expect(headline(error)).toMatch(
      new RegExp(`^Invalid configuration in ${file}: the kubeconfig is not valid YAML at line \\d+, column \\d+\\.$`),
    );
    expect(error.hint).toBe('Check the file with `kubectl config view`.');
    expect((error.cause as Error).message).toMatch(/^YAML syntax error at line \d+, column \d+$/);
    expect(String((error.cause as Error).stack)).not.toContain('secret-host');
  });

  it('a document that is not a mapping', async () => {
    const file = write('- a\n');
    const error = await refusal(file);
    expect(headline(error)).toBe(
      `Invalid configuration in ${file}: the kubeconfig is not a mapping. Expected a kubeconfig document.`,
    );
    expect(error).toMatchObject({ file, expected: 'a kubeconfig document' });
  });

  it('`clusters` that is not a list', async () => {
    const file = write(config({ clusters: { k: {} } }));
    const error = await refusal(file);
    expect(headline(error)).toBe(
      `Invalid configuration in ${file} at \`clusters\`: \`clusters\` is not a list. Expected a list.`,
    );
    expect(error).toMatchObject({ file, keyPath: 'clusters', expected: 'a list' });
  });

  for (const [label, entry] of [
    ['without a name', { user: { token: 't' } }],
    ['with an empty name', { name: '', user: { token: 't' } }],
    ['with a name that is not a string', { name: 7, user: { token: 't' } }],
  ] as const) {
    it(`a user entry ${label}`, async () => {
      const file = write(config({ users: [{ name: 'u', user: {} }, entry] }));
      const error = await refusal(file);
      expect(headline(error)).toBe(
        `Invalid configuration in ${file} at \`users[1].name\`: an entry has no name. Expected a string.`,
      );
      expect(error).toMatchObject({ file, keyPath: 'users[1].name', expected: 'a string' });
    });
  }

  it('`users: null` and a document of comments only are empty, not errors', async () => {
    const comments = write('# nothing yet\n');
    const file = write(config({ users: null }));
    const endpoint = await loadKubeEndpoint({ kubeconfig: [comments, file].join(path.delimiter), env: {} });
    expect(endpoint).toMatchObject({ contextName: 'c', userName: 'u', credentials: { type: 'none' } });
  });
});

describe('a context that cannot be used', () => {
  it('no current-context: the contexts there are named', async () => {
    const file = write(config({ 'current-context': '' }));
    const error = await refusal(file);
    expect(headline(error)).toBe(
      `Invalid configuration in ${file}: the kubeconfig has no current-context and no context was given.`,
    );
    expect(error.hint).toBe('Pick one with the `context` option (--context) or MIRRORD_KUBE_CONTEXT: c.');
  });

  it('a context that is not there: the contexts there are named', async () => {
    const file = write(config());
    const error = await refusal(file, 'prod');
    expect(headline(error)).toBe(`Invalid configuration in ${file}: context "prod" is not in the kubeconfig.`);
    expect(error.hint).toBe('Contexts there: c.');
  });

  it('a context without a cluster', async () => {
    const file = write(config({ contexts: [{ name: 'c', context: { user: 'u' } }] }));
    const error = await refusal(file);
    expect(headline(error)).toBe(
      `Invalid configuration in ${file}: context "c" refers to cluster "", which is not defined.`,
    );
    expect(error).toMatchObject({ file, hint: 'Fix the context with `kubectl config set-context`.' });
  });

  it('a cluster without a server', async () => {
    const file = write(config({ clusters: [{ name: 'k', cluster: {} }] }));
    const error = await refusal(file);
    expect(headline(error)).toBe(
      `Invalid configuration in ${file} at \`clusters[k].cluster.server\`: cluster "k" has no server URL. Expected an https:// URL.`,
    );
    expect(error).toMatchObject({ file, keyPath: 'clusters[k].cluster.server', expected: 'an https:// URL' });
  });

  it('insecure-skip-tls-verify with a CA', async () => {
    const file = write(
      config({ clusters: [cluster({ 'insecure-skip-tls-verify': true, 'certificate-authority': 'ca.pem' })] }),
    );
    const error = await refusal(file);
    expect(error).toMatchObject({
      file,
      keyPath: 'clusters[k].cluster.insecure-skip-tls-verify',
      hint: 'Remove one of them: keep the CA to verify the server (recommended), or drop it to skip verification.',
    });
  });

  it('a certificate-authority file that cannot be read: the path resolved against the kubeconfig', async () => {
    const file = write(config({ clusters: [cluster({ 'certificate-authority': 'no-such-ca.pem' })] }));
    const error = await refusal(file);
    expect(headline(error)).toBe(
      `Invalid configuration in ${file} at \`clusters[k].certificate-authority\`: cannot read certificate-authority file ${path.join(dir, 'no-such-ca.pem')}.`,
    );
    expect(error.hint).toBe('Fix the path in the kubeconfig (relative paths resolve against the kubeconfig file).');
  });

  it('a user defined in a later file: its relative paths resolve against that file', async () => {
    const userDir = mkdtempSync(path.join(dir, 'user-'));
    const userFile = path.join(userDir, 'config');
    writeFileSync(userFile, JSON.stringify({ users: [{ name: 'u', user: { 'client-certificate': 'cert.pem' } }] }));
    const file = write(config({ users: [] }));
    const error = await refusal([file, userFile]);
    expect(error).toMatchObject({ file: userFile, keyPath: 'users[u].client-certificate' });
    expect(error.message).toContain(path.join(userDir, 'cert.pem'));
  });
});
