/**
 * The process-wide cache of exec plugin credentials (src/kube/exec-credential/cache.ts), as
 * client-go keeps one: what is shared, what is not, and when the plugin runs again. Real plugin
 * processes against the simulated cluster.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchRemoteEnv, isKubenvError, listTargets } from '../../src/index';
import { createAuthenticator } from '../../src/kube/auth';
import { clearExecCredentialCache } from '../../src/kube/exec-credential';
import { loadKubeEndpoint } from '../../src/kube/kubeconfig';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { execKubeconfig, writePlugin } from '../support/plugins';

const cluster = useCluster(() => [deploymentMidRollout()]);
afterEach(() => clearExecCredentialCache());

const fetchWith = (kubeconfig: string, env: Record<string, string> = {}) =>
  fetchRemoteEnv({
    target: 'deploy/checkout',
    cwd: EMPTY_PROJECT,
    env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, KUBECONFIG: kubeconfig, ...env },
  });

describe('exec plugin credentials across fetches', () => {
  it('a failed run is not kept: the next fetch runs the plugin again', async () => {
    const broken = writePlugin({ exitCode: 1 });
    const kubeconfig = execKubeconfig(path.join(broken.dir, 'kubeconfig'), cluster(), { command: broken.path });
    const error = await fetchWith(kubeconfig).catch((e: unknown) => e);
    expect(isKubenvError(error, 'CREDENTIAL_PLUGIN')).toBe(true);
    // The user fixes the plugin (logs in): same command, now printing a valid token.
    writePlugin({ tokens: [cluster().token], expiresInSeconds: 3600 }, { dir: broken.dir });
    expect((await fetchWith(kubeconfig)).remote['APP_VERSION']).toBe('1.5.0');
    expect(broken.runs()).toBe(2);
  });

  it('a bare command found on another PATH is another plugin: its own credential, not the cached one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-plugin-path-'));
    const good = writePlugin(
      { tokens: [cluster().token], expiresInSeconds: 3600 },
      {
        dir: path.join(dir, 'good'),
        name: 'kubenv-test-login',
      },
    );
    const wrong = writePlugin(
      { tokens: ['not-a-valid-token'], expiresInSeconds: 3600 },
      {
        dir: path.join(dir, 'wrong'),
        name: 'kubenv-test-login',
      },
    );
    const kubeconfig = execKubeconfig(path.join(dir, 'kubeconfig'), cluster(), { command: 'kubenv-test-login' });
    expect((await fetchWith(kubeconfig, { PATH: good.dir })).remote['APP_VERSION']).toBe('1.5.0');
    const error = await fetchWith(kubeconfig, { PATH: wrong.dir }).catch((e: unknown) => e);
    expect(isKubenvError(error, 'UNAUTHORIZED')).toBe(true);
    expect(wrong.runs()).toBeGreaterThan(0);
  });

  it('clearExecCredentialCache() forgets a credential that is still valid', async () => {
    const plugin = writePlugin({ tokens: [cluster().token], expiresInSeconds: 3600 });
    const kubeconfig = execKubeconfig(path.join(plugin.dir, 'kubeconfig'), cluster(), { command: plugin.path });
    await fetchWith(kubeconfig);
    await fetchWith(kubeconfig);
    expect(plugin.runs()).toBe(1);
    clearExecCredentialCache();
    await fetchWith(kubeconfig);
    expect(plugin.runs()).toBe(2);
  });

  it('requests in parallel that all get a 401 refresh once and succeed', async () => {
    const plugin = writePlugin({ tokens: ['revoked-token', cluster().token], expiresInSeconds: 3600 });
    const kubeconfig = execKubeconfig(path.join(plugin.dir, 'kubeconfig'), cluster(), { command: plugin.path });
    const listed = await listTargets({
      namespace: 'shop',
      cwd: EMPTY_PROJECT,
      env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, KUBECONFIG: kubeconfig },
    });
    expect(listed.targets.some((t) => t.target === 'deployment/checkout')).toBe(true);
    expect(plugin.runs()).toBe(2);
  });

  it('a 401 for a credential already dropped drops nothing more: the newer credential is kept', async () => {
    const plugin = writePlugin({ tokens: ['first', 'second', 'third'], expiresInSeconds: 3600 });
    const kubeconfig = execKubeconfig(path.join(plugin.dir, 'kubeconfig'), cluster(), { command: plugin.path });
    const auth = createAuthenticator(await loadKubeEndpoint({ kubeconfig, env: {} }), { env: {} });
    const signal = new AbortController().signal;
    // Two requests sent with the first credential, both answered 401.
    const [one, two] = await Promise.all([auth.authFor(signal), auth.authFor(signal)]);
    expect(auth.refresh(one)).toBe(true);
    expect(auth.refresh(two)).toBe(true);
    expect((await auth.authFor(signal)).headers['authorization']).toBe('Bearer second');
    // A late 401 of the first credential.
    auth.refresh(one);
    expect((await auth.authFor(signal)).headers['authorization']).toBe('Bearer second');
    expect(plugin.runs()).toBe(2);
  });
});
