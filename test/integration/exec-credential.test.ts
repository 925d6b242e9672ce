// Exec credential plugins run by kubenv itself (no client-node): how the plugin is found and
// called, what it may print, how long it may take, how its credential is cached and refreshed,
// and what the user sees when it fails. Real plugin processes against the simulated cluster.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type FetchRemoteEnvOptions, fetchRemoteEnv, isKubenvError } from '../../src/index';
import { clearExecCredentialCache } from '../../src/kube/exec-credential';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { execKubeconfig, type PluginBehaviour, V1, writePlugin } from '../support/plugins';
import { run } from '../support/spawn';

const cluster = useCluster(() => [deploymentMidRollout()]);
const BASE_ENV = { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT };

afterEach(() => clearExecCredentialCache());

function setup(
  behaviour: PluginBehaviour,
  exec: Record<string, unknown> = {},
  options: { recordEnv?: string[]; clusterFields?: Record<string, unknown> } = {},
) {
  const plugin = writePlugin(behaviour, { recordEnv: options.recordEnv });
  const kubeconfig = execKubeconfig(
    path.join(plugin.dir, 'kubeconfig'),
    cluster(),
    { command: plugin.path, ...exec },
    { clusterFields: options.clusterFields },
  );
  return { plugin, kubeconfig };
}

function fetchWith(kubeconfig: string, options: FetchRemoteEnvOptions = {}) {
  return fetchRemoteEnv({
    target: 'deploy/checkout',
    cwd: EMPTY_PROJECT,
    ...options,
    env: { ...BASE_ENV, KUBECONFIG: kubeconfig, ...options.env },
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('an exec credential plugin', () => {
  it('hands kubenv a token: the fetch succeeds as the token user, in the context namespace', async () => {
    const { plugin, kubeconfig } = setup({ tokens: [cluster().token] });
    cluster().requests.clear();
    const remote = await fetchWith(kubeconfig);
    expect(remote.target?.namespace).toBe('shop');
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
    expect(plugin.runs()).toBe(1);
    expect(
      cluster()
        .requests.toArray()
        .every((entry) => entry.user === cluster().user),
    ).toBe(true);
  });

  it('gets args, its env entries over the caller env, and KUBERNETES_EXEC_INFO without cluster info', async () => {
    const { plugin, kubeconfig } = setup(
      { tokens: [cluster().token] },
      { args: ['get-token', '--cluster', 'sim'], env: [{ name: 'AWS_PROFILE', value: 'staging' }] },
      { recordEnv: ['AWS_PROFILE', 'FROM_CALLER'] },
    );
    await fetchWith(kubeconfig, { env: { AWS_PROFILE: 'default', FROM_CALLER: 'yes' } });
    const [call] = plugin.calls();
    expect(call?.argv).toEqual(['get-token', '--cluster', 'sim']);
    expect(call?.env).toEqual({ AWS_PROFILE: 'staging', FROM_CALLER: 'yes' });
    expect(call?.execInfo).toEqual({ kind: 'ExecCredential', apiVersion: V1, spec: { interactive: false } });
  });

  it('with provideClusterInfo gets the server, the CA and the exec extension config', async () => {
    const { plugin, kubeconfig } = setup(
      { tokens: [cluster().token] },
      { provideClusterInfo: true },
      {
        clusterFields: {
          extensions: [{ name: 'client.authentication.k8s.io/exec', extension: { audience: 'sim' } }],
        },
      },
    );
    await fetchWith(kubeconfig);
    expect(plugin.calls()[0]?.execInfo).toEqual({
      kind: 'ExecCredential',
      apiVersion: V1,
      spec: {
        cluster: {
          server: cluster().url,
          'certificate-authority-data': Buffer.from(cluster().ca).toString('base64'),
          config: { audience: 'sim' },
        },
        interactive: false,
      },
    });
  });

  it('speaks v1beta1 too (interactiveMode defaults to IfAvailable there)', async () => {
    const beta = 'client.authentication.k8s.io/v1beta1';
    const { kubeconfig } = setup(
      { tokens: [cluster().token], apiVersion: beta },
      { apiVersion: beta, interactiveMode: undefined },
    );
    const remote = await fetchWith(kubeconfig);
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
  });

  it('may hand out a client certificate instead of a token', async () => {
    const { plugin, kubeconfig } = setup({ certificate: cluster().issueClientCertificate('cert-user', ['devs']) });
    cluster().requests.clear();
    await fetchWith(kubeconfig);
    expect(plugin.runs()).toBe(1);
    expect(
      new Set(
        cluster()
          .requests.toArray()
          .map((entry) => entry.user),
      ),
    ).toEqual(new Set(['cert-user']));
  });

  it('a new client certificate from the plugin is presented on its own connections, never on the old one', async () => {
    // Already expired: the plugin runs again for each request, handing out jane and joe in turn.
    const certificates = [cluster().issueClientCertificate('jane'), cluster().issueClientCertificate('joe')];
    const { plugin, kubeconfig } = setup({ certificates, expiresInSeconds: -60 });
    cluster().requests.clear();
    const remote = await fetchWith(kubeconfig, { source: 'exec' });
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
    // A run per request, but the two lists that go out at once share one run: the deployment
    // with jane's, the ReplicaSet and pod lists with joe's, the exec with jane's again.
    expect(plugin.runs()).toBe(3);
    const users = cluster()
      .requests.toArray()
      .map((entry) => `${entry.resource}${entry.subresource ? `/${entry.subresource}` : ''} ${entry.user}`);
    expect(users[0]).toBe('deployments jane');
    expect(users.slice(1, 3).sort()).toEqual(['pods joe', 'replicasets joe']);
    expect(users[3]).toBe('pods/exec jane');
  });

  it('runs once per process while its credential is valid, and again once it has expired', async () => {
    const { plugin, kubeconfig } = setup({ tokens: [cluster().token], expiresInSeconds: 3600 });
    await fetchWith(kubeconfig);
    await fetchWith(kubeconfig);
    expect(plugin.runs()).toBe(1);

    const expiring = setup({ tokens: [cluster().token], expiresInSeconds: 1 });
    await fetchWith(expiring.kubeconfig);
    expect(expiring.plugin.runs()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await fetchWith(expiring.kubeconfig);
    expect(expiring.plugin.runs()).toBe(2);
  });

  it('is run again once when the server rejects its credential (401), and the fetch succeeds', async () => {
    const { plugin, kubeconfig } = setup({ tokens: ['revoked-token', cluster().token], expiresInSeconds: 3600 });
    const remote = await fetchWith(kubeconfig);
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
    expect(plugin.runs()).toBe(2);
  });

  it('a credential the server keeps rejecting is an UnauthorizedError after one refresh', async () => {
    const { plugin, kubeconfig } = setup({ tokens: ['always-wrong'] });
    const error = await failure(fetchWith(kubeconfig));
    expect(isKubenvError(error, 'UNAUTHORIZED')).toBe(true);
    expect(plugin.runs()).toBe(2);
    expect(`${error.message}${inspect(error, { depth: 5 })}`).not.toContain('always-wrong');
  });
});

describe('the plugin command is found as kubectl finds it', () => {
  it('a relative path with a slash resolves against the kubeconfig directory, not the cwd', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-relative-'));
    const plugin = writePlugin({ tokens: [cluster().token] }, { dir: path.join(dir, 'bin') });
    const kubeconfig = execKubeconfig(path.join(dir, 'kubeconfig'), cluster(), { command: './bin/plugin.mjs' });
    const remote = await fetchWith(kubeconfig, { cwd: EMPTY_PROJECT });
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
    expect(plugin.runs()).toBe(1);
  });

  it('a bare name is looked up on PATH', async () => {
    const plugin = writePlugin({ tokens: [cluster().token] }, { name: 'kubenv-test-credential' });
    const kubeconfig = execKubeconfig(path.join(plugin.dir, 'kubeconfig'), cluster(), {
      command: 'kubenv-test-credential',
    });
    await fetchWith(kubeconfig, { env: { PATH: `${plugin.dir}${path.delimiter}${BASE_ENV.PATH}` } });
    expect(plugin.runs()).toBe(1);
  });
});

describe('a plugin that fails is reported as such, before any request', () => {
  it('missing: CredentialPluginError naming the command, with the installHint, and no request sent', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-missing-'));
    const kubeconfig = execKubeconfig(path.join(dir, 'kubeconfig'), cluster(), {
      command: 'gke-gcloud-auth-plugin-not-installed',
      installHint: 'Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin',
    });
    cluster().requests.clear();
    const error = await failure(fetchWith(kubeconfig));
    expect(isKubenvError(error, 'CREDENTIAL_PLUGIN')).toBe(true);
    expect(error.message).toContain('`gke-gcloud-auth-plugin-not-installed`');
    expect(error.message).toContain('user "sso"');
    expect(error.message).toContain('gcloud components install gke-gcloud-auth-plugin');
    expect(error).toMatchObject({ failure: 'not-found', command: 'gke-gcloud-auth-plugin-not-installed' });
    expect(cluster().requests.count({ resource: 'deployments' })).toBe(0);
  });

  it('a non-zero exit: the exit code, and its stderr is left to the terminal', async () => {
    const { kubeconfig, plugin } = setup({ exitCode: 3, stderr: 'please run sso login\n' });
    const error = await failure(fetchWith(kubeconfig));
    expect(error).toMatchObject({ code: 'CREDENTIAL_PLUGIN', failure: 'failed', exitCode: 3 });
    expect(error.message).toContain(`\`${plugin.path}\``);
    expect(error.message).toContain('exit code 3');
  });

  it('output that is not an ExecCredential: named, and never quoted (it may hold a token)', async () => {
    for (const stdout of ['{"token": "sekret-not-json', JSON.stringify({ kind: 'ExecCredential', apiVersion: V1 })]) {
      const { kubeconfig } = setup({ stdout });
      const error = await failure(fetchWith(kubeconfig));
      expect(error).toMatchObject({ code: 'CREDENTIAL_PLUGIN', failure: 'invalid-output' });
      expect(inspect(error, { depth: 5 })).not.toContain('sekret');
      clearExecCredentialCache();
    }
    const wrongVersion = setup({ tokens: ['sekret-token'], apiVersion: 'client.authentication.k8s.io/v1beta1' });
    const error = await failure(fetchWith(wrongVersion.kubeconfig));
    expect(error.message).toContain('v1beta1');
    expect(inspect(error, { depth: 5 })).not.toContain('sekret-token');
  });

  it('a plugin that hangs is stopped at the timeout: TimeoutError naming the plugin', async () => {
    const { kubeconfig, plugin } = setup({ hang: true });
    const started = Date.now();
    const error = await failure(fetchWith(kubeconfig, { timeout: 700 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(isKubenvError(error, 'TIMEOUT')).toBe(true);
    expect(error.message).toContain(plugin.path);
  });

  it('an AbortSignal stops it too, rejecting with the signal reason', async () => {
    const { kubeconfig } = setup({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user pressed ctrl-c')), 300);
    const error = await failure(fetchWith(kubeconfig, { signal: controller.signal }));
    expect(error.message).toBe('user pressed ctrl-c');
  });

  it('interactiveMode Always without a terminal is refused without running the plugin', async () => {
    const { kubeconfig, plugin } = setup({ tokens: [cluster().token] }, { interactiveMode: 'Always' });
    const error = await failure(fetchWith(kubeconfig));
    expect(error).toMatchObject({ code: 'CREDENTIAL_PLUGIN', failure: 'not-interactive' });
    expect(plugin.runs()).toBe(0);
  });

  it('a v1 entry without interactiveMode is a ConfigError, as kubectl says', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-nomode-'));
    const file = path.join(dir, 'kubeconfig');
    execKubeconfig(file, cluster(), { command: 'whatever' });
    const config = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(file, 'utf8')));
    delete config.users[0].user.exec.interactiveMode;
    writeFileSync(file, JSON.stringify(config));
    const error = await failure(fetchWith(file));
    expect(isKubenvError(error, 'CONFIG')).toBe(true);
    expect(error.message).toContain('interactiveMode');
  });
});

describe('the CLI with a plugin', () => {
  const CLI = path.resolve('dist/cli.cjs');
  const kubenvCli = (kubeconfig: string, extra: string[] = []) =>
    run(process.execPath, ['--', CLI, 'print', '-t', 'deploy/checkout', '--format', 'dotenv', ...extra], {
      cwd: EMPTY_PROJECT,
      env: { ...BASE_ENV, KUBECONFIG: kubeconfig },
    });

  it('prints the remote env with a plugin token', async () => {
    const { kubeconfig } = setup({ tokens: [cluster().token] });
    const result = await kubenvCli(kubeconfig);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('APP_VERSION=');
  });

  it('a broken plugin: one line naming it, a hint, and with --debug still no credential', async () => {
    const { kubeconfig, plugin } = setup({ stdout: '{"status":{"token":"sekret-cli-token"' });
    const result = await kubenvCli(kubeconfig, ['--debug']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`kubenv: error: The credential plugin \`${plugin.path}\` of user "sso"`);
    expect(result.stderr).toContain('hint: ');
    expect(`${result.stdout}${result.stderr}`).not.toContain('sekret-cli-token');
  });
});

describe('what a plugin writes to stderr', () => {
  it('reaches the user (a login prompt, a warning), and the error still names the plugin', async () => {
    const { kubeconfig } = setup({ exitCode: 2, stderr: 'error: run `sso login` first\n' });
    const result = await run(process.execPath, ['--', path.resolve('dist/cli.cjs'), 'print', '-t', 'deploy/checkout'], {
      cwd: EMPTY_PROJECT,
      env: { ...BASE_ENV, KUBECONFIG: kubeconfig },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: run `sso login` first');
    expect(result.stderr).toContain('failed with exit code 2');
  });
});
