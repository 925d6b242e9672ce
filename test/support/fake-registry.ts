/**
 * A registry that speaks the Bearer token challenge (distribution's docs/spec/auth/token.md), for
 * the image-ENV path the real cluster's htpasswd registry does not exercise: an anonymous token
 * for public repositories, a token for Basic credentials on private ones. The real registry tests
 * are in test/real/image-env.test.ts; this one is ours, so it only checks the protocol's shape.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createCertificateAuthority } from '../../src/testing/pki/certificates';

export interface FakeImage {
  readonly repository: string;
  readonly tag: string;
  /** Per architecture, the config's Env. */
  readonly platforms: Readonly<Record<string, readonly string[]>>;
  /** Pulls need these credentials (Basic at the token endpoint). */
  readonly credentials?: { readonly username: string; readonly password: string };
}

export interface FakeRegistry {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  /** PEM file of the CA that signed its certificate (for NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  /** The digest of an image's index. */
  digestOf(repository: string): string;
  /** What the token endpoint was asked: scope and whether credentials came along. */
  readonly tokenRequests: Array<{ scope: string | null; authorized: boolean }>;
  stop(): Promise<void>;
}

const sha = (body: Buffer) => `sha256:${createHash('sha256').update(body).digest('hex')}`;

export async function startFakeRegistry(images: readonly FakeImage[]): Promise<FakeRegistry> {
  const ca = createCertificateAuthority('kubenv-fake-registry-ca');
  const server = ca.issue({ commonName: '127.0.0.1', usage: 'server', ipAddresses: ['127.0.0.1'] });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-fake-registry-'));
  const caFile = path.join(dir, 'ca.crt');
  writeFileSync(caFile, ca.certPem);

  const blobs = new Map<string, { body: Buffer; type: string }>();
  const tags = new Map<string, string>();
  const put = (body: Buffer, type: string) => {
    const digest = sha(body);
    blobs.set(digest, { body, type });
    return digest;
  };
  for (const image of images) {
    const manifests = Object.entries(image.platforms).map(([architecture, env]) => {
      const config = Buffer.from(JSON.stringify({ architecture, os: 'linux', config: { Env: env } }));
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            digest: put(config, 'application/octet-stream'),
            size: config.length,
          },
          layers: [],
        }),
      );
      return {
        architecture,
        digest: put(manifest, 'application/vnd.oci.image.manifest.v1+json'),
        size: manifest.length,
      };
    });
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: manifests.map((m) => ({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: m.digest,
          size: m.size,
          platform: { architecture: m.architecture, os: 'linux' },
        })),
      }),
    );
    tags.set(`${image.repository}:${image.tag}`, put(index, 'application/vnd.oci.image.index.v1+json'));
  }

  const tokenRequests: FakeRegistry['tokenRequests'] = [];
  const issued = new Map<string, string>(); // token -> repository it grants
  const httpsServer = https.createServer({ cert: server.certPem, key: server.keyPem }, (request, response) => {
    const url = new URL(request.url ?? '/', `https://${request.headers.host}`);
    if (url.pathname === '/token') {
      const scope = url.searchParams.get('scope');
      const repository = /^repository:(.+):pull$/.exec(scope ?? '')?.[1] ?? '';
      const image = images.find((candidate) => candidate.repository === repository);
      const authorization = request.headers.authorization;
      tokenRequests.push({ scope, authorized: authorization !== undefined });
      if (image?.credentials) {
        const expected = `Basic ${Buffer.from(`${image.credentials.username}:${image.credentials.password}`).toString('base64')}`;
        if (authorization !== expected) {
          response.writeHead(401).end();
          return;
        }
      }
      const token = `token-${issued.size}`;
      issued.set(token, repository);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
      return;
    }
    const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    const repository = match?.[1] ?? '';
    const granted = issued.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
    if (granted !== repository) {
      response
        .writeHead(401, {
          'www-authenticate': `Bearer realm="https://${request.headers.host}/token",service="fake-registry",scope="repository:${repository}:pull"`,
        })
        .end();
      return;
    }
    const reference = match?.[3] ?? '';
    const digest = reference.startsWith('sha256:') ? reference : tags.get(`${repository}:${reference}`);
    const blob = digest ? blobs.get(digest) : undefined;
    if (!blob) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': blob.type, 'docker-content-digest': digest ?? '' }).end(blob.body);
  });
  await new Promise<void>((resolve) => httpsServer.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(httpsServer.address() as AddressInfo).port}`;
  return {
    host,
    caFile,
    tokenRequests,
    digestOf: (repository) => [...tags.entries()].find(([key]) => key.startsWith(`${repository}:`))?.[1] ?? '',
    stop: () =>
      new Promise<void>((resolve) => {
        httpsServer.closeAllConnections();
        httpsServer.close(() => resolve());
      }),
  };
}
