/**
 * Pushing test images to the real cluster's registry (docker-registry on 127.0.0.1:5000, see
 * cluster/up.sh) with the OCI distribution API: blobs by monolithic upload, then manifests, then an
 * image index when there are several platforms. Layers are reused from the images cluster/up.sh
 * built (its OCI archives under <state>/images); only the configs (and so the ENV) differ.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

export interface RegistryAccess {
  /** host:port */
  readonly registry: string;
  readonly username: string;
  readonly password: string;
  readonly ca: string;
}

export interface PlatformImage {
  readonly architecture: string;
  /** Which image of cluster/lib/images.sh gives the layer: `app` (busybox) or `distroless`. */
  readonly layerFrom: 'app' | 'distroless';
  readonly env: readonly string[];
  readonly entrypoint: readonly string[];
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';

/** The registry and its credentials, as cluster/up.sh wrote them beside the admin kubeconfig. */
export function registryOf(stateDir: string): RegistryAccess {
  const written = JSON.parse(readFileSync(path.join(stateDir, 'registry.json'), 'utf8')) as {
    registry: string;
    username: string;
    password: string;
  };
  return { ...written, ca: readFileSync(path.join(stateDir, 'pki/ca.crt'), 'utf8') };
}

/** Pushes `repository:tag`: one manifest, or an index of one manifest per platform. Returns the pushed digest. */
export async function pushImage(
  access: RegistryAccess,
  stateDir: string,
  repository: string,
  tag: string,
  platforms: readonly PlatformImage[],
): Promise<string> {
  const manifests: Array<{ digest: string; size: number; architecture: string }> = [];
  for (const platform of platforms) {
    const layer = layerOf(stateDir, platform.layerFrom);
    await putBlob(access, repository, layer.bytes);
    const config = Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        os: 'linux',
        config: { Env: platform.env, Entrypoint: platform.entrypoint },
        rootfs: { type: 'layers', diff_ids: [layer.digest] },
      }),
    );
    await putBlob(access, repository, config);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, digest: digestOf(config), size: config.length },
        layers: [{ mediaType: OCI_LAYER, digest: layer.digest, size: layer.bytes.length }],
      }),
    );
    const digest = digestOf(manifest);
    await put(access, `/v2/${repository}/manifests/${digest}`, manifest, OCI_MANIFEST);
    manifests.push({ digest, size: manifest.length, architecture: platform.architecture });
  }
  if (manifests.length === 1 && manifests[0]) {
    const only = manifests[0];
    const body = await get(access, `/v2/${repository}/manifests/${only.digest}`, OCI_MANIFEST);
    await put(access, `/v2/${repository}/manifests/${tag}`, body, OCI_MANIFEST);
    return only.digest;
  }
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: manifests.map((m) => ({
        mediaType: OCI_MANIFEST,
        digest: m.digest,
        size: m.size,
        platform: { architecture: m.architecture, os: 'linux' },
      })),
    }),
  );
  await put(access, `/v2/${repository}/manifests/${tag}`, index, OCI_INDEX);
  return digestOf(index);
}

/** A `.dockerconfigjson` for the registry, as `kubectl create secret docker-registry` writes it. */
export function dockerConfigJson(access: RegistryAccess): string {
  const auth = Buffer.from(`${access.username}:${access.password}`).toString('base64');
  return JSON.stringify({
    auths: { [access.registry]: { username: access.username, password: access.password, auth } },
  });
}

const digestOf = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

const layers = new Map<string, { digest: string; bytes: Buffer }>();

/** The one layer of an image archive cluster/up.sh built. */
function layerOf(stateDir: string, image: 'app' | 'distroless'): { digest: string; bytes: Buffer } {
  const cached = layers.get(image);
  if (cached) return cached;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-layer-'));
  execFileSync('tar', ['-xf', path.join(stateDir, 'images', `${image}.tar`), '-C', dir]);
  const blob = (digest: string) => readFileSync(path.join(dir, 'blobs/sha256', digest.slice('sha256:'.length)));
  const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as {
    manifests: Array<{ digest: string }>;
  };
  const manifest = JSON.parse(blob(index.manifests[0]?.digest ?? '').toString()) as {
    layers: Array<{ digest: string }>;
  };
  const digest = manifest.layers[0]?.digest ?? '';
  const layer = { digest, bytes: blob(digest) };
  layers.set(image, layer);
  return layer;
}

async function putBlob(access: RegistryAccess, repository: string, bytes: Buffer): Promise<void> {
  const started = await send(access, 'POST', `/v2/${repository}/blobs/uploads/`, Buffer.alloc(0));
  if (started.status !== 202) throw new Error(`starting an upload: ${started.status} ${started.body}`);
  const location = new URL(String(started.headers['location']), `https://${access.registry}`);
  location.searchParams.set('digest', digestOf(bytes));
  const done = await send(access, 'PUT', `${location.pathname}${location.search}`, bytes, 'application/octet-stream');
  if (done.status !== 201) throw new Error(`uploading a blob: ${done.status} ${done.body}`);
}

async function put(access: RegistryAccess, pathname: string, body: Buffer, type: string): Promise<void> {
  const answer = await send(access, 'PUT', pathname, body, type);
  if (answer.status !== 201) throw new Error(`PUT ${pathname}: ${answer.status} ${answer.body}`);
}

async function get(access: RegistryAccess, pathname: string, accept: string): Promise<Buffer> {
  const answer = await send(access, 'GET', pathname, undefined, undefined, accept);
  if (answer.status !== 200) throw new Error(`GET ${pathname}: ${answer.status}`);
  return answer.raw;
}

function send(
  access: RegistryAccess,
  method: string,
  pathname: string,
  body?: Buffer,
  type?: string,
  accept?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string; raw: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      `https://${access.registry}${pathname}`,
      {
        method,
        ca: access.ca,
        auth: `${access.username}:${access.password}`,
        headers: {
          ...(type ? { 'Content-Type': type } : {}),
          ...(accept ? { Accept: accept } : {}),
          ...(body ? { 'Content-Length': String(body.length) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: raw.toString(), raw });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
