/**
 * Just enough of the OCI distribution API to read an image's config: the manifest (an image index
 * or Docker manifest list is narrowed to one platform), then the config blob. Authentication as
 * containerd's resolver does it: an anonymous request first; on a 401 its WWW-Authenticate
 * challenge says how: `Basic` (send the credentials) or `Bearer realm=...,service=...` (ask the
 * realm for a pull token, with the credentials when there are any: the anonymous token flow
 * otherwise). Specs: opencontainers/distribution-spec spec.md, distribution/distribution
 * docs/spec/auth/token.md.
 */
import { createHash } from 'node:crypto';
import https from 'node:https';
import { createProxyAgent, proxyFromEnvironment } from '../kube/proxy';
import type { RegistryCredential } from './pull-secrets';
import { type ImageReference, registryApiHost } from './reference';

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(', ');
/** Manifests and configs are small; anything larger is not one. */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/** Why an image's config could not be read: one line, no credentials. */
export class RegistryError extends Error {
  override name = 'RegistryError';
}

/** The part of an OCI image config kubenv reads. */
export interface ImageConfig {
  readonly env: readonly string[];
  /** The manifest digest the config was read through. */
  readonly manifestDigest: string | undefined;
}

interface Platform {
  readonly os: string;
  readonly architecture: string;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** Reads the config of an image, for one platform. */
export async function readImageConfig(
  reference: ImageReference,
  options: {
    credentials: readonly RegistryCredential[];
    platform: Platform;
    signal: AbortSignal;
    /** Where HTTPS_PROXY and NO_PROXY are read, as for the API server (kube/proxy.ts). */
    env: Readonly<Record<string, string | undefined>>;
  },
): Promise<ImageConfig> {
  const session = new RegistrySession(reference, options.credentials, options.signal, options.env);
  let manifest = await session.getJson(`manifests/${reference.digest ?? reference.tag ?? 'latest'}`);
  let manifestDigest = reference.digest;
  if (INDEX_TYPES.includes(String(manifest.json['mediaType'])) || Array.isArray(manifest.json['manifests'])) {
    const entries = (manifest.json['manifests'] ?? []) as Array<{ digest: string; platform?: Platform }>;
    const chosen = entries.find(
      (entry) =>
        entry.platform?.os === options.platform.os && entry.platform?.architecture === options.platform.architecture,
    );
    if (!chosen) {
      const offered = entries.map((entry) => `${entry.platform?.os}/${entry.platform?.architecture}`).join(', ');
      throw new RegistryError(
        `the image index has no ${options.platform.os}/${options.platform.architecture} manifest (it has ${offered})`,
      );
    }
    manifest = await session.getJson(`manifests/${chosen.digest}`, chosen.digest);
    manifestDigest = chosen.digest;
  }
  const configDigest = (manifest.json['config'] as { digest?: string } | undefined)?.digest;
  if (typeof configDigest !== 'string') throw new RegistryError('the manifest names no config blob');
  const config = await session.getJson(`blobs/${configDigest}`, configDigest);
  const env = (config.json['config'] as { Env?: unknown } | undefined)?.Env;
  return {
    env: Array.isArray(env) ? env.filter((entry): entry is string => typeof entry === 'string') : [],
    manifestDigest,
  };
}

class RegistrySession {
  private authorization: string | undefined;
  private readonly base: string;
  private readonly agents = new Map<string, Promise<https.Agent | undefined>>();

  constructor(
    private readonly reference: ImageReference,
    private readonly credentials: readonly RegistryCredential[],
    private readonly signal: AbortSignal,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {
    this.base = `https://${registryApiHost(reference.registry)}/v2/${reference.repository}/`;
  }

  /** GETs a document of the repository, authenticating when challenged; checks its digest when known. */
  async getJson(path: string, digest?: string): Promise<{ json: Record<string, unknown> }> {
    const url = new URL(path, this.base);
    let answer = await this.get(url);
    if (answer.status === 401) {
      this.authorization = await this.authorize(answer.headers['www-authenticate']);
      answer = await this.get(url);
    }
    if (answer.status === 401 || answer.status === 403) {
      throw new RegistryError(
        `the registry refused access (${answer.status})${this.credentials.length === 0 ? ' and no image pull Secret gave credentials for it' : ' with the credentials of the image pull Secrets'}`,
      );
    }
    if (answer.status === 404)
      throw new RegistryError(
        `the registry has no ${path.startsWith('blobs/') ? 'blob' : 'manifest'} ${path.slice(path.indexOf('/') + 1)}`,
      );
    if (answer.status !== 200) throw new RegistryError(`the registry answered ${answer.status}`);
    if (
      digest?.startsWith('sha256:') &&
      `sha256:${createHash('sha256').update(answer.body).digest('hex')}` !== digest
    ) {
      throw new RegistryError(`the registry sent content that does not match ${digest}`);
    }
    try {
      return { json: JSON.parse(answer.body.toString('utf8')) as Record<string, unknown> };
    } catch {
      throw new RegistryError('the registry answered something that is not JSON');
    }
  }

  private get(url: URL, redirects = 0, authorized = true): Promise<Answer> {
    const headers: Record<string, string> = { Accept: ACCEPT };
    if (authorized && this.authorization) headers['Authorization'] = this.authorization;
    return this.request(url, headers).then((answer) => {
      const location = answer.headers['location'];
      if (answer.status >= 300 && answer.status < 400 && typeof location === 'string') {
        if (redirects >= MAX_REDIRECTS) throw new RegistryError('the registry redirected too often');
        const next = new URL(location, url);
        // Blob storage behind a redirect gets no registry credentials (as containerd does).
        return this.get(next, redirects + 1, authorized && next.host === url.host);
      }
      return answer;
    });
  }

  /** A request through the proxy the environment names for that host, if any. */
  private async request(url: URL, headers: Record<string, string>): Promise<Answer> {
    let agent = this.agents.get(url.host);
    if (!agent) {
      const proxy = url.protocol === 'https:' ? proxyFromEnvironment(url.href, this.env) : undefined;
      agent = proxy ? createProxyAgent(proxy, {}) : Promise.resolve(undefined);
      this.agents.set(url.host, agent);
    }
    return request(url, headers, this.signal, await agent);
  }

  private async authorize(challenge: string | string[] | undefined): Promise<string> {
    const header = Array.isArray(challenge) ? challenge.join(', ') : (challenge ?? '');
    const scheme = header.trim().split(/\s+/, 1)[0]?.toLowerCase();
    const basic = this.credentials[0]
      ? `Basic ${Buffer.from(`${this.credentials[0].username}:${this.credentials[0].password}`).toString('base64')}`
      : undefined;
    if (scheme === 'basic') {
      if (!basic) throw new RegistryError('the registry asks for a password and no image pull Secret gives one');
      return basic;
    }
    if (scheme !== 'bearer')
      throw new RegistryError('the registry asks for an authentication scheme kubenv does not speak');
    const params = challengeParams(header);
    if (!params['realm']) throw new RegistryError('the registry sent a Bearer challenge without a realm');
    const realm = new URL(params['realm']);
    if (params['service']) realm.searchParams.set('service', params['service']);
    realm.searchParams.set('scope', `repository:${this.reference.repository}:pull`);
    const answer = await this.request(realm, basic ? { Authorization: basic } : {});
    if (answer.status !== 200) throw new RegistryError(`the registry's token service answered ${answer.status}`);
    let token: unknown;
    try {
      const json = JSON.parse(answer.body.toString('utf8')) as { token?: unknown; access_token?: unknown };
      token = json.token ?? json.access_token;
    } catch {}
    if (typeof token !== 'string' || token === '')
      throw new RegistryError("the registry's token service sent no token");
    return `Bearer ${token}`;
  }
}

/** `Bearer realm="https://auth",service="registry"` -> { realm, service }. */
function challengeParams(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of header.matchAll(/(\w+)="([^"]*)"/g))
    if (match[1] && match[2] !== undefined) params[match[1]] = match[2];
  return params;
}

function request(url: URL, headers: Record<string, string>, signal: AbortSignal, agent?: https.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (url.protocol !== 'https:') {
      reject(new RegistryError(`refusing a registry URL that is not HTTPS (${url.protocol})`));
      return;
    }
    const req = https.get(url, { headers, signal, ...(agent ? { agent } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_DOCUMENT_BYTES) {
          response.destroy();
          reject(new RegistryError(`the registry sent more than ${MAX_DOCUMENT_BYTES} bytes for one document`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        signal.aborted ? signal.reason : new RegistryError(`cannot reach ${url.host} (${error.code ?? error.message})`),
      ),
    );
  });
}
