import { describe, expect, it } from 'vitest';
import { credentialsFor, credentialsOfSecret } from '../../src/image/pull-secrets';
import { parseImageReference, registryApiHost } from '../../src/image/reference';
import type { Secret } from '../../src/kube/objects';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image references, normalized as the container runtime does', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', 'latest', undefined],
    ['nginx:1.27', 'docker.io', 'library/nginx', '1.27', undefined],
    ['bitnami/redis', 'docker.io', 'bitnami/redis', 'latest', undefined],
    ['index.docker.io/library/nginx', 'docker.io', 'library/nginx', 'latest', undefined],
    ['ghcr.io/acme/api:2.1', 'ghcr.io', 'acme/api', '2.1', undefined],
    ['localhost/app', 'localhost', 'app', 'latest', undefined],
    ['127.0.0.1:5000/kubenv/app:v1', '127.0.0.1:5000', 'kubenv/app', 'v1', undefined],
    [`ghcr.io/acme/api@${DIGEST}`, 'ghcr.io', 'acme/api', undefined, DIGEST],
    [`ghcr.io/acme/api:2.1@${DIGEST}`, 'ghcr.io', 'acme/api', '2.1', DIGEST],
  ])('%s', (input, registry, repository, tag, digest) => {
    expect(parseImageReference(input)).toEqual({ registry, repository, tag, digest });
  });

  it.each(['', 'UPPER/case', 'ghcr.io/acme/api@sha256:short', 'a b', 'ghcr.io/acme/api:bad tag'])(
    'refuses %j',
    (input) => {
      expect(parseImageReference(input)).toBeUndefined();
    },
  );

  it('asks Docker Hub at its API host', () => {
    expect(registryApiHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryApiHost('ghcr.io')).toBe('ghcr.io');
  });
});

function dockerConfigSecret(auths: Record<string, unknown>, legacy = false): Secret {
  const json = JSON.stringify(legacy ? auths : { auths });
  return {
    metadata: { name: 'regcred' },
    data: { [legacy ? '.dockercfg' : '.dockerconfigjson']: Buffer.from(json).toString('base64') },
  };
}
const auth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

describe('image pull Secrets, matched as the kubelet keyring matches them', () => {
  const credentials = credentialsOfSecret(
    dockerConfigSecret({
      'https://index.docker.io/v1/': { auth: auth('hub', 'p1') },
      'quay.io': { username: 'quay', password: 'p2' },
      'quay.io/coreos': { auth: auth('coreos', 'p3') },
      '*.azurecr.io': { auth: auth('acr', 'p4') },
      '127.0.0.1:5000': { auth: auth('local', 'p5') },
    }),
  );
  const users = (registry: string, repository: string) =>
    credentialsFor(credentials, registry, repository).map((credential) => credential.username);

  it('the most specific path first, then the host', () => {
    expect(users('quay.io', 'coreos/etcd')).toEqual(['coreos', 'quay']);
    expect(users('quay.io', 'other/app')).toEqual(['quay']);
  });

  it('Docker Hub images take index.docker.io credentials', () => {
    expect(users('docker.io', 'library/nginx')).toEqual(['hub']);
  });

  it('a glob matches one host label; the port must be equal', () => {
    expect(users('acme.azurecr.io', 'api')).toEqual(['acr']);
    expect(users('deep.acme.azurecr.io', 'api')).toEqual([]);
    expect(users('127.0.0.1:5000', 'kubenv/app')).toEqual(['local']);
    expect(users('127.0.0.1:5001', 'kubenv/app')).toEqual([]);
  });

  it('reads the legacy .dockercfg too, and skips entries it cannot read', () => {
    const legacy = credentialsOfSecret(
      dockerConfigSecret({ 'ghcr.io': { auth: auth('old', 'p6') }, broken: { auth: 'bm9jb2xvbg==' } }, true),
    );
    expect(credentialsFor(legacy, 'ghcr.io', 'acme/api')).toEqual([
      { key: 'ghcr.io', username: 'old', password: 'p6' },
    ]);
    expect(
      credentialsOfSecret({
        metadata: { name: 'x' },
        data: { '.dockerconfigjson': Buffer.from('{').toString('base64') },
      }),
    ).toEqual([]);
  });
});
