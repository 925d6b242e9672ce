/**
 * What an exec credential plugin prints, checked as client-go checks it
 * (plugin/pkg/client/auth/exec/exec.go: the ExecCredential kind and apiVersion, a status with a
 * token or a certificate and key pair, an RFC 3339 expirationTimestamp), and plugins that cannot
 * run. Each refusal is a CredentialPluginError that names the plugin and never shows the output.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type CredentialPluginError, fetchRemoteEnv, isKubenvError } from '../../src/index';
import { clearExecCredentialCache } from '../../src/kube/exec-credential';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { execKubeconfig, V1, writePlugin } from '../support/plugins';

const cluster = useCluster(() => [deploymentMidRollout()]);
afterEach(() => clearExecCredentialCache());
const SECRETISH = 'tok-3c1d9e-do-not-show';

const fetchWith = (kubeconfig: string, env: Record<string, string | undefined> = {}) =>
  fetchRemoteEnv({
    target: 'deploy/checkout',
    cwd: EMPTY_PROJECT,
    env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, KUBECONFIG: kubeconfig, ...env },
  });

function printing(stdout: unknown) {
  const plugin = writePlugin({ stdout: typeof stdout === 'string' ? stdout : JSON.stringify(stdout) });
  return execKubeconfig(path.join(plugin.dir, 'kubeconfig'), cluster(), { command: plugin.path });
}

async function refusal(kubeconfig: string): Promise<CredentialPluginError> {
  const error = await fetchWith(kubeconfig).catch((e: unknown) => e);
  expect(isKubenvError(error, 'CREDENTIAL_PLUGIN'), inspect(error)).toBe(true);
  expect(inspect(error, { depth: 5 })).not.toContain(SECRETISH);
  return error as CredentialPluginError;
}

const credential = (status: unknown, extra: Record<string, unknown> = {}) => ({
  kind: 'ExecCredential',
  apiVersion: V1,
  status,
  ...extra,
});

describe('output that is refused', () => {
  it.each([
    ['not JSON', `token: ${SECRETISH}`, 'printed something that is not JSON'],
    [
      'another kind',
      { kind: 'Token', apiVersion: V1, status: { token: SECRETISH } },
      'did not print an ExecCredential',
    ],
    [
      'another apiVersion',
      credential({ token: SECRETISH }, { apiVersion: 'client.authentication.k8s.io/v1beta1' }),
      'printed apiVersion client.authentication.k8s.io/v1beta1',
    ],
    ['no apiVersion', credential({ token: SECRETISH }, { apiVersion: undefined }), 'printed apiVersion (none)'],
    ['no status', credential(undefined), "didn't return a status field"],
    ['a null status', credential(null), "didn't return a status field"],
    ['an empty token', credential({ token: '' }), "didn't return a token or cert/key pair"],
    ['a token that is not a string', credential({ token: 42 }), "didn't return a token or cert/key pair"],
    ['a certificate without a key', credential({ clientCertificateData: SECRETISH }), 'only a certificate or a key'],
    ['a key without a certificate', credential({ clientKeyData: SECRETISH }), 'only a certificate or a key'],
    [
      'an expirationTimestamp that is not a date',
      credential({ token: SECRETISH, expirationTimestamp: 'tomorrow' }),
      'an expirationTimestamp that is not a date',
    ],
  ])('%s', async (_what, stdout, problem) => {
    const error = await refusal(printing(stdout));
    expect(error.message).toContain(problem);
  });
});

describe('output that is accepted', () => {
  it('a token with empty certificate fields and a null expirationTimestamp', async () => {
    const kubeconfig = printing(
      credential({ token: cluster().token, clientCertificateData: '', clientKeyData: '', expirationTimestamp: null }),
    );
    expect((await fetchWith(kubeconfig)).remote['APP_VERSION']).toBe('1.5.0');
  });
});

describe('plugins that cannot run', () => {
  it('a command that is not executable: "could not be started" with the error code', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-plugin-noexec-'));
    const command = path.join(dir, 'get-token');
    writeFileSync(command, '#!/bin/sh\necho never\n');
    chmodSync(command, 0o644);
    const kubeconfig = execKubeconfig(path.join(dir, 'kubeconfig'), cluster(), { command });
    const error = await refusal(kubeconfig);
    expect(error.message).toContain('could not be started (EACCES)');
  });

  it('a plugin killed by a signal says so', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-plugin-killed-'));
    const command = path.join(dir, 'get-token');
    writeFileSync(command, `#!${process.execPath}\nprocess.kill(process.pid, 'SIGKILL');\n`);
    chmodSync(command, 0o755);
    const kubeconfig = execKubeconfig(path.join(dir, 'kubeconfig'), cluster(), { command });
    const error = await refusal(kubeconfig);
    expect(error.message).toContain('was killed by SIGKILL');
  });
});

describe("the plugin's environment", () => {
  it('variables the caller leaves undefined are not passed as the text "undefined"', async () => {
    const plugin = writePlugin({ tokens: [cluster().token] }, { recordEnv: ['KUBENV_TEST_UNSET', 'KUBENV_TEST_SET'] });
    const kubeconfig = execKubeconfig(path.join(plugin.dir, 'kubeconfig'), cluster(), { command: plugin.path });
    await fetchWith(kubeconfig, { KUBENV_TEST_UNSET: undefined, KUBENV_TEST_SET: 'yes' });
    expect(plugin.calls()[0]?.env).toEqual({ KUBENV_TEST_SET: 'yes' });
  });
});
