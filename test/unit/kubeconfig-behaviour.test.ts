/**
 * Kubeconfig behaviours a user notices, checked on what kubenv would send: the endpoint chosen and
 * the headers of a request. client-go is the reference (tools/clientcmd/loader.go: the default
 * ~/.kube/config, a KUBECONFIG list merged first-wins, empty values never overriding;
 * client_config.go: which credentials a user entry gives). kubectl parity for the same entries,
 * against the simulated API server, is in test/integration/kubeconfig-matrix.test.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKubenvError } from '../../src/errors';
import { createAuthenticator, type Headers } from '../../src/kube/auth';
import { type KubeEndpoint, loadKubeEndpoint } from '../../src/kube/kubeconfig';

const root = mkdtempSync(path.join(os.tmpdir(), 'kubenv-kubeconfig-behaviour-'));
let count = 0;

/** A fresh directory under the run's temp root. */
function freshDir(): string {
  count += 1;
  const dir = path.join(root, `case-${count}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** A one-context kubeconfig as JSON (which is YAML). */
function kubeconfig(options: {
  cluster?: Record<string, unknown>;
  user?: Record<string, unknown>;
  current?: string;
  contextCluster?: string;
}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    ...(options.current === undefined ? {} : { 'current-context': options.current }),
    clusters: [{ name: 'k', cluster: { server: 'https://k.example:6443', ...options.cluster } }],
    users: [{ name: 'u', user: options.user ?? {} }],
    contexts: [{ name: 'c', context: { cluster: options.contextCluster ?? 'k', user: 'u' } }],
  });
}

const signal = new AbortController().signal;

async function headersOf(endpoint: KubeEndpoint): Promise<Headers> {
  return (await createAuthenticator(endpoint, { env: {} }).authFor(signal)).headers;
}

async function configError(loading: Promise<unknown>): Promise<Error> {
  const error = await loading.then(
    () => new Error('loaded, but a ConfigError was expected'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect(isKubenvError(error, 'CONFIG')).toBe(true);
  return error as Error;
}

describe('where the kubeconfig is read from', () => {
  it('without KUBECONFIG, ~/.kube/config of HOME is read', async () => {
    const home = freshDir();
    const file = write(home, '.kube/config', kubeconfig({ current: 'c', user: { token: 'home-token' } }));
    for (const env of [{ HOME: home }, { HOME: home, KUBECONFIG: '' }]) {
      const endpoint = await loadKubeEndpoint({ env });
      expect(endpoint.server).toBe('https://k.example:6443');
      expect(endpoint.origin).toEqual([file]);
      expect(await headersOf(endpoint)).toEqual({ authorization: 'Bearer home-token' });
    }
  });

  it('KUBECONFIG, when set, is read instead of ~/.kube/config', async () => {
    const home = freshDir();
    write(home, '.kube/config', kubeconfig({ current: 'c', cluster: { server: 'https://home.example' } }));
    const other = write(
      freshDir(),
      'config',
      kubeconfig({ current: 'c', cluster: { server: 'https://other.example' } }),
    );
    const endpoint = await loadKubeEndpoint({ env: { HOME: home, KUBECONFIG: other } });
    expect(endpoint.server).toBe('https://other.example');
  });
});

describe('a KUBECONFIG list', () => {
  it('an empty current-context in the first file does not win over the next file', async () => {
    const dir = freshDir();
    const first = write(dir, 'first', kubeconfig({ current: '', cluster: { server: 'https://first.example' } }));
    const second = JSON.stringify({
      'current-context': 'picked',
      clusters: [{ name: 'p', cluster: { server: 'https://picked.example' } }],
      contexts: [{ name: 'picked', context: { cluster: 'p' } }],
    });
    const endpoint = await loadKubeEndpoint({
      env: { KUBECONFIG: [first, write(dir, 'second', second)].join(path.delimiter) },
    });
    expect(endpoint.contextName).toBe('picked');
    expect(endpoint.server).toBe('https://picked.example');
  });

  /** Writes `texts` (name -> content) into a fresh directory and loads them, in order, as KUBECONFIG. */
  async function loadList(texts: Record<string, string>) {
    const dir = freshDir();
    const files = Object.entries(texts).map(([name, text]) => write(dir, name, text));
    return { files, endpoint: await loadKubeEndpoint({ env: { KUBECONFIG: files.join(path.delimiter) } }) };
  }

  it('a current-context that is not a string is passed over like an empty one', async () => {
    const { endpoint } = await loadList({ first: 'current-context: 5\n', second: kubeconfig({ current: 'c' }) });
    expect(endpoint.contextName).toBe('c');
  });

  it('a file holding only a null document is an empty kubeconfig, as kubectl reads it', async () => {
    const { files, endpoint } = await loadList({ null: '~\n', good: kubeconfig({ current: 'c' }) });
    expect(endpoint.server).toBe('https://k.example:6443');
    expect(endpoint.origin).toEqual(files);
  });

  it('an empty file in the list is skipped; alone it is a ConfigError, not a crash', async () => {
    const dir = freshDir();
    const empty = write(dir, 'empty', '');
    const comments = write(dir, 'comments', '# nothing here\n');
    const good = write(dir, 'good', kubeconfig({ current: 'c' }));
    const endpoint = await loadKubeEndpoint({ env: { KUBECONFIG: [empty, comments, good].join(path.delimiter) } });
    expect(endpoint.server).toBe('https://k.example:6443');
    expect(endpoint.origin).toEqual([empty, comments, good]);
    for (const only of [empty, comments]) {
      const error = await configError(loadKubeEndpoint({ env: { KUBECONFIG: only } }));
      expect(error.message).toContain('no current-context');
    }
  });
});

describe('a context that cannot be used is a ConfigError naming what is missing', () => {
  it('a context naming a cluster that is not defined', async () => {
    const file = write(freshDir(), 'config', kubeconfig({ current: 'c', contextCluster: 'gone' }));
    const error = await configError(loadKubeEndpoint({ kubeconfig: file, env: {} }));
    expect(error.message).toContain('refers to cluster "gone", which is not defined');
  });

  it('a context without a cluster', async () => {
    const text = JSON.stringify({ 'current-context': 'c', contexts: [{ name: 'c', context: { user: 'u' } }] });
    const file = write(freshDir(), 'config', text);
    const error = await configError(loadKubeEndpoint({ kubeconfig: file, env: {} }));
    expect(error.message).toContain('context "c" refers to cluster ""');
  });

  it('a cluster without a server URL', async () => {
    const text = JSON.stringify({
      'current-context': 'c',
      clusters: [{ name: 'k', cluster: { 'insecure-skip-tls-verify': true } }],
      contexts: [{ name: 'c', context: { cluster: 'k' } }],
    });
    const file = write(freshDir(), 'config', text);
    const error = await configError(loadKubeEndpoint({ kubeconfig: file, env: {} }));
    expect(error.message).toContain('cluster "k" has no server URL');
  });

  it('no current-context and no context given: the contexts there are listed', async () => {
    const file = write(freshDir(), 'config', kubeconfig({}));
    const error = await configError(loadKubeEndpoint({ kubeconfig: file, env: {} }));
    expect((error as { hint?: string }).hint).toContain(': c.');
  });
});

describe('the credentials a user entry gives (client-go client_config.go)', () => {
  async function endpointWith(user: Record<string, unknown>, files: Record<string, string> = {}) {
    const dir = freshDir();
    for (const [name, text] of Object.entries(files)) write(dir, name, text);
    return loadKubeEndpoint({ kubeconfig: write(dir, 'config', kubeconfig({ current: 'c', user })), env: {} });
  }

  it('a client-certificate user sends its certificate and no Authorization header', async () => {
    const endpoint = await endpointWith({
      'client-certificate-data': Buffer.from('CERT').toString('base64'),
      'client-key-data': Buffer.from('KEY').toString('base64'),
    });
    expect(endpoint.tls.cert?.toString()).toBe('CERT');
    expect(endpoint.tls.key?.toString()).toBe('KEY');
    expect(endpoint.credentials).toEqual({ type: 'none' });
    expect(await headersOf(endpoint)).toEqual({});
  });

  it('an inline token is sent as a bearer token', async () => {
    expect(await headersOf(await endpointWith({ token: 'abc' }))).toEqual({ authorization: 'Bearer abc' });
  });

  it('tokenFile: the file, next to the kubeconfig, is read for each request', async () => {
    const endpoint = await endpointWith({ tokenFile: 'secrets/token' }, { 'secrets/token': 'first-token\n' });
    const auth = createAuthenticator(endpoint, { env: {} });
    expect((await auth.authFor(signal)).headers).toEqual({ authorization: 'Bearer first-token' });
    // Projected tokens rotate on disk: the next request reads the new one.
    writeFileSync(path.join(path.dirname(endpoint.origin[0] as string), 'secrets/token'), 'second-token');
    expect((await auth.authFor(signal)).headers).toEqual({ authorization: 'Bearer second-token' });
  });

  it("`token-file`, client-node's spelling, is no kubeconfig field: nothing is sent, as kubectl sends nothing", async () => {
    const endpoint = await endpointWith({ 'token-file': 'token' }, { token: 'from-file' });
    expect(await headersOf(endpoint)).toEqual({});
  });

  it('values that are not strings are left out, as if not set', async () => {
    expect(await headersOf(await endpointWith({ token: 5, as: 7, 'as-uid': 8 }))).toEqual({});
    expect(await headersOf(await endpointWith({ username: 5, password: 6 }))).toEqual({});
  });

  it('an empty token file with no inline token is a ConfigError that shows no token', async () => {
    const endpoint = await endpointWith({ tokenFile: 'token' }, { token: '\n' });
    const error = await configError(createAuthenticator(endpoint, { env: {} }).authFor(signal));
    expect(error.message).toContain('is empty');
  });

  it('basic auth: username and password as an Authorization: Basic header', async () => {
    const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
    expect(await headersOf(await endpointWith({ username: 'admin', password: 'pa:ss' }))).toEqual({
      authorization: basic('admin:pa:ss'),
    });
    expect(await headersOf(await endpointWith({ username: 'admin' }))).toEqual({ authorization: basic('admin:') });
  });

  it('a token wins over basic auth; a user with nothing sends nothing', async () => {
    expect(await headersOf(await endpointWith({ token: 't', username: 'admin', password: 'p' }))).toEqual({
      authorization: 'Bearer t',
    });
    expect(await headersOf(await endpointWith({}))).toEqual({});
  });

  it('as and as-groups go with every kind of credentials', async () => {
    const impersonation = { 'impersonate-user': 'jane', 'impersonate-group': ['devs', 'ops'] };
    const as = { as: 'jane', 'as-groups': ['devs', 'ops'] };
    expect(await headersOf(await endpointWith({ ...as, token: 't' }))).toEqual({
      ...impersonation,
      authorization: 'Bearer t',
    });
    expect(await headersOf(await endpointWith({ ...as, tokenFile: 'token' }, { token: 'f' }))).toEqual({
      ...impersonation,
      authorization: 'Bearer f',
    });
    expect(await headersOf(await endpointWith(as))).toEqual(impersonation);
    // Empty values impersonate no one.
    expect(await headersOf(await endpointWith({ as: '', 'as-groups': [], token: 't' }))).toEqual({
      authorization: 'Bearer t',
    });
  });
});

describe('cluster entries', () => {
  async function clusterEndpoint(cluster: Record<string, unknown>) {
    const file = write(freshDir(), 'config', kubeconfig({ current: 'c', cluster }));
    return loadKubeEndpoint({ kubeconfig: file, env: {} });
  }

  it('tls-server-name is the name the server certificate is checked against', async () => {
    expect((await clusterEndpoint({ 'tls-server-name': 'kubernetes.default.svc' })).tls.servername).toBe(
      'kubernetes.default.svc',
    );
    expect((await clusterEndpoint({})).tls.servername).toBeUndefined();
    expect((await clusterEndpoint({ 'tls-server-name': '' })).tls.servername).toBeUndefined();
  });

  it('trailing slashes of the server URL are dropped, as kubectl requests `/api` of https://host//', async () => {
    expect((await clusterEndpoint({ server: 'https://k.example:6443//' })).server).toBe('https://k.example:6443');
  });

  it('a server or namespace that is not a string counts as not set', async () => {
    const error = await configError(clusterEndpoint({ server: 6443 }));
    expect(error.message).toContain('cluster "k" has no server URL');
    const file = write(
      freshDir(),
      'config',
      JSON.stringify({
        'current-context': 'c',
        clusters: [{ name: 'k', cluster: { server: 'https://k.example' } }],
        contexts: [{ name: 'c', context: { cluster: 'k', namespace: 5 } }],
      }),
    );
    expect((await loadKubeEndpoint({ kubeconfig: file, env: {} })).namespace).toBeUndefined();
  });

  it('the server certificate is verified unless insecure-skip-tls-verify is true', async () => {
    expect((await clusterEndpoint({})).tls.rejectUnauthorized).toBe(true);
    expect((await clusterEndpoint({ 'insecure-skip-tls-verify': false })).tls.rejectUnauthorized).toBe(true);
    expect((await clusterEndpoint({ 'insecure-skip-tls-verify': true })).tls.rejectUnauthorized).toBe(false);
  });
});

describe('files the kubeconfig cannot be read from', () => {
  it('a kubeconfig path that is a folder: named, with its error code, even in a list', async () => {
    const dir = freshDir();
    const good = write(dir, 'good', kubeconfig({ current: 'c' }));
    for (const list of [dir, [dir, good].join(path.delimiter)]) {
      const error = await configError(loadKubeEndpoint({ env: { KUBECONFIG: list } }));
      expect(error.message).toContain(`cannot read kubeconfig ${dir} (EISDIR)`);
    }
  });

  it.each([
    [
      'cluster',
      { 'certificate-authority': 'ca/missing.pem' },
      {},
      'certificate-authority',
      'clusters[k].certificate-authority',
    ],
    ['user', {}, { 'client-certificate': 'tls/missing.crt' }, 'client-certificate', 'users[u].client-certificate'],
    ['user', {}, { 'client-key': 'tls/missing.key' }, 'client-key', 'users[u].client-key'],
  ])(
    'a %s file that is missing: the key, the resolved path and the key path',
    async (_entry, cluster, user, key, keyPath) => {
      const dir = freshDir();
      const file = write(dir, 'config', kubeconfig({ current: 'c', cluster, user }));
      const error = await configError(loadKubeEndpoint({ kubeconfig: file, env: {} }));
      const missing = path.join(dir, Object.values({ ...cluster, ...user })[0] as string);
      expect(error.message).toContain(`cannot read ${key} file ${missing}`);
      expect((error as { keyPath?: string }).keyPath).toBe(keyPath);
    },
  );

  it('lists that are not lists, and entries without a name', async () => {
    const notList = write(freshDir(), 'config', JSON.stringify({ clusters: { k: {} } }));
    const listError = await configError(loadKubeEndpoint({ kubeconfig: notList, env: {} }));
    expect(listError.message).toContain('`clusters` is not a list');
    const nameless = write(freshDir(), 'config', JSON.stringify({ users: [{ user: { token: 't' } }] }));
    const nameError = await configError(loadKubeEndpoint({ kubeconfig: nameless, env: {} }));
    expect((nameError as { keyPath?: string }).keyPath).toBe('users[0].name');
    expect(nameError.message).not.toContain('"t"');
  });
});

describe('impersonation entries (client-go api.AuthInfo: Impersonate, ImpersonateGroups, ImpersonateUserExtra)', () => {
  async function load(user: Record<string, unknown>) {
    const file = write(freshDir(), 'config', kubeconfig({ current: 'c', user: { token: 't', ...user } }));
    return loadKubeEndpoint({ kubeconfig: file, env: {} });
  }

  it.each([
    ['as-groups', 'devs'],
    ['as-groups', ['devs', 7]],
    ['as-user-extra', ['reason']],
    ['as-user-extra', 5],
    ['as-user-extra', true],
    ['as-user-extra', { reason: 'debugging' }],
    ['as-user-extra', { reason: ['debugging', 7] }],
  ])('%s of the wrong shape (%j) is a ConfigError at its key', async (key, value) => {
    const error = await configError(load({ [key]: value }));
    expect((error as { keyPath?: string }).keyPath).toBe(`users[u].user.${key}`);
  });

  it('null or empty entries impersonate no one', async () => {
    for (const user of [
      { 'as-groups': null, 'as-user-extra': null },
      { 'as-user-extra': {} },
      { 'as-user-extra': { reason: [] } },
    ]) {
      expect(await headersOf(await load(user))).toEqual({ authorization: 'Bearer t' });
    }
  });

  it('extra keys are percent-encoded byte by byte, as client-go does', async () => {
    const headers = await headersOf(await load({ as: 'jane', 'as-user-extra': { 'équipe/x': ['a'], 'a%b': ['c'] } }));
    expect(headers).toMatchObject({ 'impersonate-extra-%C3%A9quipe%2Fx': ['a'], 'impersonate-extra-a%25b': ['c'] });
    // A byte below 0x10 still takes two hex digits.
    expect(await headersOf(await load({ 'as-user-extra': { 'a\tb': ['d'] } }))).toMatchObject({
      'impersonate-extra-a%09b': ['d'],
    });
  });

  it('`exec: null` is no exec entry: the token is used', async () => {
    expect(await headersOf(await load({ exec: null }))).toEqual({ authorization: 'Bearer t' });
  });

  it('as goes with auth-provider credentials too', async () => {
    // An OIDC id-token (a JWT valid until 2100) that client-node sends as it is.
    const jwtPart = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const idToken = [jwtPart({ alg: 'none' }), jwtPart({ sub: 'jane', exp: 4_102_444_800 }), 'c2ln'].join('.');
    const oidc = {
      name: 'oidc',
      config: { 'client-id': 'kubenv', 'id-token': idToken, 'idp-issuer-url': 'https://idp.invalid' },
    };
    const headers = await headersOf(await load({ token: undefined, as: 'jane', 'auth-provider': oidc }));
    expect(headers).toEqual({ 'impersonate-user': 'jane', authorization: `Bearer ${idToken}` });
  });

  it('an auth-provider user is handed to client-node by its name', async () => {
    const endpoint = await load({ token: undefined, 'auth-provider': { name: 'oidc', config: {} } });
    expect(endpoint.credentials).toMatchObject({ type: 'auth-provider', userName: 'u' });
  });
});

describe('a kubeconfig that is not a kubeconfig', () => {
  it('invalid YAML: the line and column, never the text', async () => {
    const file = write(freshDir(), 'config', 'clusters:\n- name: k\n  cluster: { server: "https://x\n');
    const error = await configError(loadKubeEndpoint({ kubeconfig: file, env: {} }));
    expect(error.message).toMatch(/not valid YAML at line \d+, column \d+/);
    expect(error.message).not.toContain('https://x');
  });

  it('invalid YAML: the position is the line (as kubectl names it) and column of the mistake, from 1', async () => {
    const file = write(freshDir(), 'config', 'a: 1\nb: c: d\n');
    const error = await configError(loadKubeEndpoint({ kubeconfig: file, env: {} }));
    expect(error.message).toContain('not valid YAML at line 2, column 5.');
  });

  it('of several YAML documents only the first is read, as kubectl reads them', async () => {
    const first = kubeconfig({ current: 'c' });
    const file = write(freshDir(), 'config', `${first}\n---\ncurrent-context: other\n`);
    const endpoint = await loadKubeEndpoint({ kubeconfig: file, env: {} });
    expect(endpoint.contextName).toBe('c');
    expect(endpoint.server).toBe('https://k.example:6443');
  });

  it.each([
    ['a list', '- a\n- b\n'],
    ['a string', 'just text\n'],
  ])('a document that is %s', async (_what, text) => {
    const file = write(freshDir(), 'config', text);
    const error = await configError(loadKubeEndpoint({ kubeconfig: file, env: {} }));
    expect(error.message).toContain('the kubeconfig is not a mapping');
  });

  it('no contexts at all: the hints say to add one', async () => {
    const file = write(freshDir(), 'config', JSON.stringify({ clusters: [] }));
    const none = await configError(loadKubeEndpoint({ kubeconfig: file, env: {} }));
    expect((none as { hint?: string }).hint).toBe('Add a context with `kubectl config set-context`.');
    const named = await configError(loadKubeEndpoint({ kubeconfig: file, env: {}, context: 'prod' }));
    expect((named as { hint?: string }).hint).toContain('defines no contexts');
  });
});
