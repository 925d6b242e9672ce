/**
 * A kubeconfig user's `exec` entry is checked as clientcmd checks it (client-go
 * tools/clientcmd/api/v1 types and defaults, tools/clientcmd/validation.go): a broken entry is a
 * ConfigError at `users[<user>].user.exec` before any plugin runs, and a valid one is read with
 * its defaults.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors';
import { loadKubeEndpoint } from '../../src/kube/kubeconfig';

const root = mkdtempSync(path.join(os.tmpdir(), 'kubenv-exec-entry-'));
let count = 0;
const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';

function withExec(exec: unknown, cluster: Record<string, unknown> = {}) {
  count += 1;
  const dir = path.join(root, `c${count}`);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config');
  writeFileSync(
    file,
    JSON.stringify({
      'current-context': 'c',
      clusters: [{ name: 'k', cluster: { server: 'https://k.example', ...cluster } }],
      users: [{ name: 'dev', user: { exec } }],
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'dev' } }],
    }),
  );
  return { file, dir, load: () => loadKubeEndpoint({ kubeconfig: file, env: {} }) };
}

async function refusal(exec: unknown): Promise<ConfigError> {
  const { file, load } = withExec(exec);
  const error = await load().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).file).toBe(file);
  expect((error as ConfigError).keyPath).toBe('users[dev].user.exec');
  return error as ConfigError;
}

const valid = { apiVersion: V1, command: 'get-token', interactiveMode: 'Never' };

describe('a broken exec entry is a ConfigError at users[<user>].user.exec', () => {
  it.each([
    ['a string', 'get-token'],
    ['a list', ['get-token']],
  ])('`exec` that is %s', async (_what, exec) => {
    expect((await refusal(exec)).message).toContain('`exec` is not a mapping');
  });

  it('an apiVersion kubenv does not speak, or none', async () => {
    const alpha = await refusal({ ...valid, apiVersion: 'client.authentication.k8s.io/v1alpha1' });
    expect(alpha.message).toContain('apiVersion "client.authentication.k8s.io/v1alpha1" is not supported');
    expect(alpha.expected).toBe(`one of ${V1}, ${V1BETA1}`);
    const none = await refusal({ command: 'get-token', interactiveMode: 'Never' });
    expect(none.message).toContain('is not supported');
  });

  it.each([
    ['no command', { ...valid, command: undefined }],
    ['an empty command', { ...valid, command: '' }],
    ['a command that is not a string', { ...valid, command: ['aws'] }],
  ])('%s', async (_what, exec) => {
    expect((await refusal(exec)).message).toContain('exec plugin has no command');
  });

  it.each([
    ['a string', 'eks get-token'],
    ['a list with a number', ['--port', 8080]],
  ])('args that are %s', async (_what, args) => {
    expect((await refusal({ ...valid, args })).message).toContain('`args` is not a list of strings');
  });

  it.each([
    ['a map', { AWS_PROFILE: 'dev' }],
    ['an entry without a value', [{ name: 'AWS_PROFILE' }]],
    ['an entry without a name', [{ value: 'dev' }]],
    ['a null entry', [null]],
  ])('env that is %s', async (_what, env) => {
    expect((await refusal({ ...valid, env })).message).toContain('`env` is not a list of `{ name, value }`');
  });

  it('v1 without interactiveMode, as kubectl refuses it; a mode that does not exist', async () => {
    const missing = await refusal({ apiVersion: V1, command: 'get-token' });
    expect(missing.message).toContain('interactiveMode must be specified');
    const empty = await refusal({ apiVersion: V1, command: 'get-token', interactiveMode: '' });
    expect(empty.message).toContain('interactiveMode must be specified');
    const wrong = await refusal({ ...valid, interactiveMode: 'Sometimes' });
    expect(wrong.message).toContain('interactiveMode is not valid');
    expect(wrong.expected).toBe('Never, IfAvailable or Always');
  });
});

describe('a valid exec entry', () => {
  const pluginOf = async (exec: unknown, cluster: Record<string, unknown> = {}) => {
    const credentials = (await withExec(exec, cluster).load()).credentials;
    if (credentials.type !== 'exec') throw new Error(`expected exec credentials, got ${credentials.type}`);
    return credentials.plugin;
  };

  it('without args or env runs the command with none', async () => {
    expect(await pluginOf(valid)).toMatchObject({ command: 'get-token', args: [], env: [], installHint: undefined });
  });

  it('v1beta1 without interactiveMode (or an empty one) means IfAvailable', async () => {
    for (const mode of [{}, { interactiveMode: '' }]) {
      const plugin = await pluginOf({ apiVersion: V1BETA1, command: 'get-token', ...mode });
      expect(plugin.interactiveMode).toBe('IfAvailable');
    }
  });

  it('keeps args, env and installHint as written', async () => {
    const plugin = await pluginOf({
      ...valid,
      interactiveMode: 'Always',
      args: ['eks', 'get-token'],
      env: [{ name: 'AWS_PROFILE', value: 'dev' }],
      installHint: 'brew install awscli',
    });
    expect(plugin).toMatchObject({
      interactiveMode: 'Always',
      args: ['eks', 'get-token'],
      env: [{ name: 'AWS_PROFILE', value: 'dev' }],
      installHint: 'brew install awscli',
    });
  });

  it('provideClusterInfo: the cluster as client-go encodes it, empty values left out', async () => {
    const plain = await pluginOf({ ...valid, provideClusterInfo: true });
    expect(plain.cluster).toEqual({ server: 'https://k.example' });
    const full = await pluginOf(
      { ...valid, provideClusterInfo: true },
      {
        'tls-server-name': 'api.internal',
        'disable-compression': true,
        'insecure-skip-tls-verify': true,
        'proxy-url': '',
        extensions: [{ name: 'client.authentication.k8s.io/exec', extension: { audience: 'dev' } }],
      },
    );
    expect(JSON.parse(JSON.stringify(full.cluster))).toEqual({
      server: 'https://k.example',
      'tls-server-name': 'api.internal',
      'insecure-skip-tls-verify': true,
      'disable-compression': true,
      config: { audience: 'dev' },
    });
    expect((await pluginOf(valid)).cluster).toBeUndefined();
  });

  it('provideClusterInfo: the proxy-url, the exec extension among others, and only string fields', async () => {
    const plugin = await pluginOf(
      { ...valid, provideClusterInfo: true },
      {
        'proxy-url': 'http://proxy.internal:3128',
        'tls-server-name': 5,
        extensions: [
          null,
          { name: 'example.com/other', extension: { audience: 'other' } },
          { name: 'client.authentication.k8s.io/exec', extension: { audience: 'dev' } },
        ],
      },
    );
    expect(JSON.parse(JSON.stringify(plugin.cluster))).toEqual({
      server: 'https://k.example',
      'proxy-url': 'http://proxy.internal:3128',
      config: { audience: 'dev' },
    });
  });

  it('an installHint that is not a string is left out', async () => {
    expect((await pluginOf({ ...valid, installHint: 42 })).installHint).toBeUndefined();
  });
});
