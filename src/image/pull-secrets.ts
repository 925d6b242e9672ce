/**
 * Registry credentials from image pull Secrets, matched to an image as the kubelet's keyring
 * matches them (k8s.io/kubernetes@v1.34.4 pkg/credentialprovider/keyring.go and config.go): keys
 * are schemeless URLs, `/v1/` or `/v2/` dropped from their path, the most specific key first; a
 * key's host may hold globs per dot-separated part; the port must be equal and the key's path a
 * prefix of the image's. Docker Hub images also take `index.docker.io` credentials.
 */
import type { Secret } from '../kube/objects';

/** A user name and password for a registry. */
export interface RegistryCredential {
  readonly username: string;
  readonly password: string;
}

interface KeyedCredential extends RegistryCredential {
  readonly key: string;
}

const DOCKER_HUB_KEY = 'index.docker.io';

/** The credentials a `.dockerconfigjson` or `.dockercfg` Secret holds; unreadable entries are skipped. */
export function credentialsOfSecret(secret: Secret): KeyedCredential[] {
  const data = secret.data ?? {};
  const text = (key: string) => (data[key] ? Buffer.from(data[key], 'base64').toString('utf8') : undefined);
  let entries: Record<string, unknown> | undefined;
  try {
    const json = text('.dockerconfigjson');
    if (json !== undefined) entries = (JSON.parse(json) as { auths?: Record<string, unknown> }).auths;
    else {
      const legacy = text('.dockercfg');
      if (legacy !== undefined) entries = JSON.parse(legacy) as Record<string, unknown>;
    }
  } catch {
    return [];
  }
  const credentials: KeyedCredential[] = [];
  for (const [location, entry] of Object.entries(entries ?? {})) {
    const key = keyOf(location);
    const credential = decodeEntry(entry);
    if (key !== undefined && credential) credentials.push({ key, ...credential });
  }
  return credentials;
}

/** The credentials that apply to `registry/repository`, the most specific first. */
export function credentialsFor(
  credentials: readonly KeyedCredential[],
  registry: string,
  repository: string,
): RegistryCredential[] {
  const image = `${registry}/${repository}`;
  const sorted = [...credentials].sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  const matching = sorted.filter((credential) => keyMatches(credential.key, image));
  if (matching.length > 0) return matching;
  if (registry === 'docker.io') return sorted.filter((credential) => credential.key === DOCKER_HUB_KEY);
  return [];
}

function keyOf(location: string): string | undefined {
  try {
    const url = new URL(/^https?:\/\//.test(location) ? location : `https://${location}`);
    let path = url.pathname;
    if (path.startsWith('/v1/') || path.startsWith('/v2/')) path = path.slice(3);
    return path.length > 0 && path !== '/' ? `${url.host}${path}` : url.host;
  } catch {
    return undefined;
  }
}

function decodeEntry(entry: unknown): RegistryCredential | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { auth, username, password } = entry as { auth?: unknown; username?: unknown; password?: unknown };
  if (typeof auth === 'string' && auth !== '') {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return undefined;
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof username === 'string' && typeof password === 'string') return { username, password };
  return undefined;
}

function keyMatches(key: string, image: string): boolean {
  const [keyHost, keyPath] = splitHostPath(key);
  const [imageHost, imagePath] = splitHostPath(image);
  const [keyName, keyPort] = splitPort(keyHost);
  const [imageName, imagePort] = splitPort(imageHost);
  if (keyPort !== imagePort || !imagePath.startsWith(keyPath)) return false;
  const keyParts = keyName.split('.');
  const imageParts = imageName.split('.');
  return keyParts.length === imageParts.length && keyParts.every((part, i) => globMatches(part, imageParts[i] ?? ''));
}

function splitHostPath(location: string): [string, string] {
  const slash = location.indexOf('/');
  return slash === -1 ? [location, ''] : [location.slice(0, slash), location.slice(slash)];
}

function splitPort(host: string): [string, string] {
  const colon = host.lastIndexOf(':');
  return colon === -1 ? [host, ''] : [host.slice(0, colon), host.slice(colon + 1)];
}

/** Go's filepath.Match on one host label: `*` and `?` (no `/` to care about inside a label). */
function globMatches(pattern: string, text: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(text);
}
