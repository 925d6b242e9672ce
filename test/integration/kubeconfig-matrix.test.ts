// The kubeconfig matrix: the same kubeconfig and environment given to the real kubectl and to
// kubenv, against the simulated cluster, which records what each client presented. Both must
// agree on success, identity (user and groups), impersonation and namespace, and on the outcome
// written down for each variant (so that both breaking the same way fails too).
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listTargets } from '../../src/fetch/list-targets';
import type { FetchRemoteEnvOptions } from '../../src/index';
import { clearExecCredentialCache } from '../../src/kube/exec-credential';
import {
  deploymentMidRollout,
  type RequestLogEntry,
  type SimulatedCluster,
  startSimulatedCluster,
} from '../../src/testing/index';
import { createCertificateAuthority } from '../../src/testing/pki/certificates';
import { EMPTY_PROJECT } from '../support/cluster';
import { writePlugin } from '../support/plugins';
import { startConnectProxy, startSocksProxy, type TestProxy } from '../support/proxies';

// The plain binary matching the simulated server's minor version (the /usr/bin/kubectl dispatcher
// sends its own /version request first, without the kubeconfig's proxy).
const KUBECTL = process.env['KUBENV_TEST_KUBECTL'] ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.31';
const hasKubectl = (() => {
  try {
    accessSync(KUBECTL, constants.X_OK);
    return true;
  } catch {
    return false;
  }
})();

type Env = Record<string, string>;
type RawMap = Record<string, unknown>;

interface Setup {
  /** The environment both tools get (PATH and a fresh HOME are added). */
  readonly env?: Env;
  /** `--context` for kubectl; kubenv gets the same through `context` unless `kubenvContextFromEnv`. */
  readonly context?: string;
  /** Give kubenv the context through MIRRORD_KUBE_CONTEXT instead of the option. */
  readonly kubenvContextFromEnv?: boolean;
  /** Write this kubeconfig to $HOME/.kube/config and set no KUBECONFIG. */
  readonly homeConfig?: RawMap;
}

interface Variant {
  readonly name: string;
  readonly setup: (dir: string) => Setup;
  readonly outcome: 'success' | 'failure';
  /** On success: the user and groups the server saw, the namespace listed. */
  readonly user?: string;
  readonly groups?: readonly string[];
  readonly namespace?: string;
}

interface Observation {
  readonly ok: boolean;
  readonly detail: string;
  readonly users: string[];
  readonly groups: string[];
  readonly namespaces: string[];
  readonly impersonation: unknown;
}

let cluster: SimulatedCluster;
let http: TestProxy;
let socks: TestProxy;
const root = mkdtempSync(path.join(os.tmpdir(), 'kubenv-matrix-'));
const otherCa = createCertificateAuthority();

beforeAll(async () => {
  cluster = await startSimulatedCluster({
    fixtures: [deploymentMidRollout()],
    serverVersion: { major: '1', minor: '31' },
  });
  [http, socks] = await Promise.all([
    startConnectProxy({ kubernetes: '127.0.0.1' }),
    startSocksProxy({ kubernetes: '127.0.0.1' }),
  ]);
});
afterAll(async () => {
  await Promise.all([cluster?.stop(), http?.close(), socks?.close()]);
});
afterEach(() => clearExecCredentialCache());

const port = () => new URL(cluster.url).port;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const simCluster = (extra: RawMap = {}): RawMap => ({
  server: cluster.url,
  'certificate-authority-data': b64(cluster.ca),
  ...extra,
});

function kubeconfig(options: {
  cluster?: RawMap;
  user?: RawMap;
  namespace?: string;
  contexts?: Array<{ name: string; cluster?: string; user?: string; namespace?: string }>;
  users?: Array<{ name: string; user: RawMap }>;
  clusters?: Array<{ name: string; cluster: RawMap }>;
  current?: string;
}): RawMap {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: options.clusters ?? [{ name: 'sim', cluster: options.cluster ?? simCluster() }],
    users: options.users ?? [{ name: 'u', user: options.user ?? { token: cluster.token } }],
    contexts: (options.contexts ?? [{ name: 'c', namespace: options.namespace ?? 'shop' }]).map((context) => ({
      name: context.name,
      context: {
        cluster: context.cluster ?? 'sim',
        user: context.user ?? 'u',
        ...(context.namespace ? { namespace: context.namespace } : {}),
      },
    })),
    'current-context': options.current ?? 'c',
  };
}

function write(dir: string, name: string, content: RawMap | string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode: 0o600 });
  return file;
}

const only = (dir: string, config: RawMap, extra: Env = {}): Setup => ({
  env: { KUBECONFIG: write(dir, 'kubeconfig', config), ...extra },
});

function execUser(command: string, extra: RawMap = {}): RawMap {
  return {
    exec: { apiVersion: 'client.authentication.k8s.io/v1', command, interactiveMode: 'Never', ...extra },
  };
}

const VARIANTS: Variant[] = [
  { name: 'inline token', setup: (d) => only(d, kubeconfig({})), outcome: 'success', namespace: 'shop' },
  {
    name: 'wrong token',
    setup: (d) => only(d, kubeconfig({ user: { token: 'wrong' } })),
    outcome: 'failure',
  },
  {
    name: 'token file, relative to the kubeconfig',
    setup: (d) => {
      write(d, 'secrets/token', `${cluster.token}\n`);
      return only(d, kubeconfig({ user: { tokenFile: 'secrets/token' } }));
    },
    outcome: 'success',
    namespace: 'shop',
  },
  {
    name: 'token and tokenFile: the file is used',
    setup: (d) => {
      write(d, 'token', cluster.token);
      return only(d, kubeconfig({ user: { token: 'wrong-inline', tokenFile: 'token' } }));
    },
    outcome: 'success',
    namespace: 'shop',
  },
  {
    name: 'token and a wrong tokenFile: the file is used, and fails',
    setup: (d) => {
      write(d, 'token', 'wrong-in-file');
      return only(d, kubeconfig({ user: { token: cluster.token, tokenFile: 'token' } }));
    },
    outcome: 'failure',
  },
  {
    name: 'client certificate data (CN and O)',
    setup: (d) => {
      const cert = cluster.issueClientCertificate('alice', ['devs', 'ops']);
      return only(
        d,
        kubeconfig({ user: { 'client-certificate-data': b64(cert.certPem), 'client-key-data': b64(cert.keyPem) } }),
      );
    },
    outcome: 'success',
    user: 'alice',
    groups: ['devs', 'ops'],
    namespace: 'shop',
  },
  {
    name: 'client certificate files, relative paths',
    setup: (d) => {
      const cert = cluster.issueClientCertificate('bob', ['devs']);
      write(d, 'pki/bob.crt', cert.certPem);
      write(d, 'pki/bob.key', cert.keyPem);
      return only(d, kubeconfig({ user: { 'client-certificate': 'pki/bob.crt', 'client-key': 'pki/bob.key' } }));
    },
    outcome: 'success',
    user: 'bob',
    groups: ['devs'],
    namespace: 'shop',
  },
  {
    name: 'CA file, relative path',
    setup: (d) => {
      write(d, 'ca/cluster.pem', cluster.ca);
      return only(d, kubeconfig({ cluster: { server: cluster.url, 'certificate-authority': 'ca/cluster.pem' } }));
    },
    outcome: 'success',
    namespace: 'shop',
  },
  {
    name: 'wrong CA',
    setup: (d) => only(d, kubeconfig({ cluster: simCluster({ 'certificate-authority-data': b64(otherCa.certPem) }) })),
    outcome: 'failure',
  },
  {
    name: 'insecure-skip-tls-verify without a CA',
    setup: (d) => only(d, kubeconfig({ cluster: { server: cluster.url, 'insecure-skip-tls-verify': true } })),
    outcome: 'success',
    namespace: 'shop',
  },
  {
    name: 'insecure-skip-tls-verify with a CA: refused',
    setup: (d) => only(d, kubeconfig({ cluster: simCluster({ 'insecure-skip-tls-verify': true }) })),
    outcome: 'failure',
  },
  {
    name: 'tls-server-name in the certificate',
    setup: (d) => only(d, kubeconfig({ cluster: simCluster({ 'tls-server-name': 'kubernetes.default.svc' }) })),
    outcome: 'success',
    namespace: 'shop',
  },
  {
    name: 'tls-server-name not in the certificate',
    setup: (d) => only(d, kubeconfig({ cluster: simCluster({ 'tls-server-name': 'elsewhere.example' }) })),
    outcome: 'failure',
  },
  {
    name: 'merged KUBECONFIG list: the first file wins each name and the current-context',
    setup: (d) => {
      const first = write(
        d,
        'first',
        kubeconfig({ users: [{ name: 'u', user: { token: cluster.token } }], namespace: 'shop', current: 'c' }),
      );
      const second = write(
        d,
        'second',
        kubeconfig({
          users: [{ name: 'u', user: { token: 'wrong-from-second' } }],
          contexts: [{ name: 'c', namespace: 'other' }, { name: 'd' }],
          current: 'd',
        }),
      );
      return { env: { KUBECONFIG: [path.join(d, 'missing'), first, second].join(path.delimiter) } };
    },
    outcome: 'success',
    namespace: 'shop',
  },
  ...(['option', 'MIRRORD_KUBE_CONTEXT'] as const).map(
    (how): Variant => ({
      name: `context from ${how === 'option' ? '--context / the context option' : 'MIRRORD_KUBE_CONTEXT'}, with its namespace`,
      setup: (d) => ({
        ...only(
          d,
          kubeconfig({
            users: [
              { name: 'u', user: { token: cluster.token } },
              { name: 'ops', user: execUser('./no-such-plugin') },
            ],
            contexts: [
              { name: 'c', user: 'ops', namespace: 'shop' },
              { name: 'staging', namespace: 'staging' },
            ],
          }),
        ),
        context: 'staging',
        kubenvContextFromEnv: how === 'MIRRORD_KUBE_CONTEXT',
      }),
      outcome: 'success',
      namespace: 'staging',
    }),
  ),
  {
    name: 'a context without a namespace: default',
    setup: (d) => only(d, kubeconfig({ contexts: [{ name: 'c' }] })),
    outcome: 'success',
    namespace: 'default',
  },
  {
    name: '~/.kube/config when KUBECONFIG is not set',
    setup: () => ({ homeConfig: kubeconfig({ namespace: 'home-ns' }) }),
    outcome: 'success',
    namespace: 'home-ns',
  },
  {
    name: 'impersonation: as, as-uid, two groups, extras',
    setup: (d) =>
      only(
        d,
        kubeconfig({
          user: {
            token: cluster.token,
            as: 'jane',
            'as-uid': '1001',
            'as-groups': ['devs', 'on-call'],
            'as-user-extra': { reason: ['incident 42', 'paging'], 'acme.com/team': ['platform'] },
          },
        }),
      ),
    outcome: 'success',
    namespace: 'shop',
  },
  {
    name: 'exec plugin (v1) printing a token',
    setup: (d) => {
      writePlugin({ tokens: [cluster.token] }, { dir: d, name: 'plugin.mjs' });
      return only(d, kubeconfig({ user: execUser(path.join(d, 'plugin.mjs')) }));
    },
    outcome: 'success',
    namespace: 'shop',
  },
  {
    name: 'exec plugin with a relative command, from another working directory',
    setup: (d) => {
      writePlugin({ tokens: [cluster.token] }, { dir: path.join(d, 'bin'), name: 'get-token' });
      return only(d, kubeconfig({ user: execUser('./bin/get-token') }));
    },
    outcome: 'success',
    namespace: 'shop',
  },
  {
    name: 'exec plugin on PATH, v1beta1 without interactiveMode',
    setup: (d) => {
      writePlugin(
        { tokens: [cluster.token], apiVersion: 'client.authentication.k8s.io/v1beta1' },
        { dir: path.join(d, 'path'), name: 'kubenv-matrix-plugin' },
      );
      return only(
        d,
        kubeconfig({
          user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'kubenv-matrix-plugin' } },
        }),
        { PATH: `${path.join(d, 'path')}${path.delimiter}${process.env['PATH'] ?? ''}` },
      );
    },
    outcome: 'success',
    namespace: 'shop',
  },
  {
    name: 'exec plugin printing a client certificate',
    setup: (d) => {
      writePlugin({ certificate: cluster.issueClientCertificate('carol', ['sso']) }, { dir: d, name: 'plugin.mjs' });
      return only(d, kubeconfig({ user: execUser(path.join(d, 'plugin.mjs')) }));
    },
    outcome: 'success',
    user: 'carol',
    groups: ['sso'],
    namespace: 'shop',
  },
  {
    name: 'exec plugin that is not installed',
    setup: (d) => only(d, kubeconfig({ user: execUser('kubenv-no-such-plugin', { installHint: 'install it' }) })),
    outcome: 'failure',
  },
  {
    name: 'exec plugin that exits 1',
    setup: (d) => {
      writePlugin({ exitCode: 1 }, { dir: d, name: 'plugin.mjs' });
      return only(d, kubeconfig({ user: execUser(path.join(d, 'plugin.mjs')) }));
    },
    outcome: 'failure',
  },
  {
    name: 'exec v1 without interactiveMode: refused',
    setup: (d) =>
      only(d, kubeconfig({ user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'whatever' } } })),
    outcome: 'failure',
  },
  ...(['http', 'socks5'] as const).map(
    (scheme): Variant => ({
      name: `proxy-url ${scheme} to a server only the proxy resolves`,
      setup: (d) =>
        only(
          d,
          kubeconfig({
            cluster: simCluster({
              server: `https://kubernetes:${port()}`,
              'proxy-url': scheme === 'http' ? http.url : socks.url,
            }),
          }),
        ),
      outcome: 'success',
      namespace: 'shop',
    }),
  ),
  {
    name: 'proxy-url with an unsupported scheme',
    setup: (d) => only(d, kubeconfig({ cluster: simCluster({ 'proxy-url': 'ftp://proxy:21' }) })),
    outcome: 'failure',
  },
  {
    name: 'HTTPS_PROXY to a server only the proxy resolves',
    setup: (d) =>
      only(d, kubeconfig({ cluster: simCluster({ server: `https://kubernetes:${port()}` }) }), {
        HTTPS_PROXY: http.url,
      }),
    outcome: 'success',
    namespace: 'shop',
  },
  {
    name: 'https_proxy (lower case) with NO_PROXY naming the server: not proxied, so unreachable',
    setup: (d) =>
      only(d, kubeconfig({ cluster: simCluster({ server: `https://kubernetes:${port()}` }) }), {
        https_proxy: http.url,
        NO_PROXY: 'example.com,kubernetes',
      }),
    outcome: 'failure',
  },
  {
    name: 'HTTPS_PROXY pointing nowhere, loopback server: never proxied',
    setup: (d) => only(d, kubeconfig({}), { HTTPS_PROXY: 'http://127.0.0.1:9' }),
    outcome: 'success',
    namespace: 'shop',
  },
];

function summarize(entries: RequestLogEntry[], ok: boolean, detail: string): Observation {
  const resourceRequests = entries.filter((entry) => entry.resource !== undefined);
  return {
    ok,
    detail,
    users: [...new Set(entries.map((entry) => entry.user ?? '(none)'))].sort(),
    groups: [...new Set(entries.flatMap((entry) => entry.groups))].sort(),
    namespaces: [...new Set(resourceRequests.map((entry) => entry.namespace ?? ''))].sort(),
    impersonation: resourceRequests[0]?.impersonation,
  };
}

function runKubectl(args: string[], env: Env, cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(KUBECTL, args, { env, cwd, timeout: 20_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr: String(stderr) });
    });
  });
}

async function observe(variant: Variant): Promise<{ kubectl: Observation; kubenv: Observation }> {
  const dir = mkdtempSync(path.join(root, 'variant-'));
  const home = mkdtempSync(path.join(dir, 'home-'));
  const setup = variant.setup(dir);
  if (setup.homeConfig) write(home, '.kube/config', setup.homeConfig);
  const env: Env = { PATH: process.env['PATH'] ?? '', HOME: home, ...setup.env };

  cluster.requests.clear();
  const kubectlEnv = { ...env, KUBECACHEDIR: mkdtempSync(path.join(dir, 'cache-')) };
  const args = [...(setup.context ? ['--context', setup.context] : []), 'get', 'pods', '-o', 'name'];
  const kubectl = await runKubectl(args, kubectlEnv, EMPTY_PROJECT);
  const kubectlEntries = cluster.requests.filter((entry) => entry.userAgent.startsWith('kubectl'));

  cluster.requests.clear();
  const options: FetchRemoteEnvOptions = {
    cwd: EMPTY_PROJECT,
    timeout: 10_000,
    env: setup.kubenvContextFromEnv && setup.context ? { ...env, MIRRORD_KUBE_CONTEXT: setup.context } : env,
    ...(setup.context && !setup.kubenvContextFromEnv ? { context: setup.context } : {}),
  };
  let kubenvOk = true;
  let kubenvDetail = '';
  try {
    await listTargets(options);
  } catch (error) {
    kubenvOk = false;
    kubenvDetail = `${(error as Error).name}: ${(error as Error).message}`;
  }
  const kubenvEntries = cluster.requests.filter((entry) => entry.userAgent === 'kubenv');
  // listTargets lists kinds in parallel: after the first failure the others may still arrive,
  // and must not land in the next variant's log.
  if (!kubenvOk) await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    kubectl: summarize(kubectlEntries, kubectl.code === 0, kubectl.stderr.trim().split('\n').at(-1) ?? ''),
    kubenv: summarize(kubenvEntries, kubenvOk, kubenvDetail),
  };
}

describe.skipIf(!hasKubectl)('kubeconfig matrix: kubenv agrees with the real kubectl', () => {
  it.each(VARIANTS.map((variant) => [variant.name, variant] as const))('%s', async (_name, variant) => {
    const { kubectl, kubenv } = await observe(variant);
    const expected = variant.outcome === 'success';
    expect({ tool: 'kubectl', ok: kubectl.ok, detail: kubectl.detail }).toMatchObject({ ok: expected });
    expect({ tool: 'kubenv', ok: kubenv.ok, detail: kubenv.detail }).toMatchObject({ ok: expected });
    if (!expected) return;
    expect(kubenv.users).toEqual(kubectl.users);
    expect(kubenv.users).toEqual([variant.user ?? cluster.user]);
    expect(kubenv.groups).toEqual(kubectl.groups);
    expect(kubenv.groups).toEqual([...(variant.groups ?? [])].sort());
    expect(kubenv.namespaces).toEqual(kubectl.namespaces);
    expect(kubenv.namespaces).toEqual([variant.namespace]);
    expect(kubenv.impersonation).toEqual(kubectl.impersonation);
  });

  it('impersonation is what the user asked for (both tools)', async () => {
    const variant = VARIANTS.find((v) => v.name.startsWith('impersonation')) as Variant;
    const { kubectl, kubenv } = await observe(variant);
    const wanted = {
      user: 'jane',
      uid: '1001',
      groups: ['devs', 'on-call'],
      extra: { reason: ['incident 42', 'paging'], 'acme.com%2fteam': ['platform'] },
    };
    expect(kubectl.impersonation).toEqual(wanted);
    expect(kubenv.impersonation).toEqual(wanted);
  });

  it('KUBERNETES_EXEC_INFO is the same document kubectl hands the plugin (provideClusterInfo)', async () => {
    const dir = mkdtempSync(path.join(root, 'exec-info-'));
    const plugin = writePlugin({ tokens: [cluster.token] }, { dir, name: 'plugin.mjs' });
    const config = kubeconfig({
      cluster: simCluster({
        'tls-server-name': 'kubernetes',
        extensions: [{ name: 'client.authentication.k8s.io/exec', extension: { audience: 'sim', nested: { a: [1] } } }],
      }),
      user: execUser(plugin.path, { provideClusterInfo: true, args: ['--flag'], env: [{ name: 'X', value: '1' }] }),
    });
    await observe({ name: 'exec info', setup: (d) => only(d, config), outcome: 'success' });
    const [fromKubectl, fromKubenv] = plugin.calls();
    expect(fromKubectl?.argv).toEqual(['--flag']);
    expect(fromKubenv?.argv).toEqual(fromKubectl?.argv);
    expect(fromKubenv?.execInfo).toEqual(fromKubectl?.execInfo);
    expect(fromKubectl?.execInfo).toMatchObject({ spec: { cluster: { config: { audience: 'sim' } } } });
  });
});

describe.runIf(!hasKubectl && (process.env['CI'] === 'true' || process.env['CI'] === '1'))('kubectl on CI', () => {
  it('is installed: the matrix needs it', () => {
    expect.fail(`kubectl is not at ${KUBECTL} (set KUBENV_TEST_KUBECTL to a plain kubectl binary)`);
  });
});
