/**
 * Image references as the container runtime reads them (github.com/distribution/reference,
 * ParseNormalizedNamed): `nginx` is `docker.io/library/nginx:latest`; the first path component is
 * a registry only when it has a `.` or a `:`, or is `localhost`.
 */

/** A parsed image reference. */
export interface ImageReference {
  /** Registry host, with port when given (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  readonly registry: string;
  /** Repository path in that registry (`library/nginx`). */
  readonly repository: string;
  readonly tag: string | undefined;
  /** `sha256:<hex>` when the reference pins a digest. */
  readonly digest: string | undefined;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const DOCKER_HUB = 'docker.io';

/** Parses an image reference; undefined when it is not one. */
export function parseImageReference(input: string): ImageReference | undefined {
  let rest = input.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  const isRegistry = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = isRegistry ? first : DOCKER_HUB;
  let repository = isRegistry ? rest.slice(slash + 1) : rest;
  if (registry === 'index.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+|__)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository))
    return undefined;
  return { registry, repository, tag: digest === undefined ? (tag ?? 'latest') : tag, digest };
}

/** The host that serves a registry's API (Docker Hub's API is not at docker.io). */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry;
}

/** `registry/repository[:tag][@digest]`, for messages. */
export function formatImageReference(reference: ImageReference): string {
  const base = `${reference.registry}/${reference.repository}`;
  return reference.digest ? `${base}@${reference.digest}` : `${base}:${reference.tag ?? 'latest'}`;
}
