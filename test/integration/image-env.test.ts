/**
 * Image ENV through the Bearer token challenge, end to end through the CLI against the simulated
 * cluster and a registry of ours that speaks that challenge (test/support/fake-registry.ts): the
 * anonymous token flow for a public repository, Basic credentials from an image pull Secret at the
 * token endpoint for a private one, and the node's platform out of an index. The real registry
 * (htpasswd, containerd pulling) is test/real/image-env.test.ts.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/objects';
import { podFixture } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { type FakeRegistry, startFakeRegistry } from '../support/fake-registry';
import { run } from '../support/spawn';

const CLI = path.resolve('dist/cli.cjs');
const NS = 'images';
let registry: FakeRegistry;

beforeAll(async () => {
  registry = await startFakeRegistry([
    {
      repository: 'acme/public',
      tag: 'v1',
      platforms: { amd64: ['PATH=/usr/bin', 'FROM_IMAGE=amd64', 'NODE_ENV=production'], arm64: ['FROM_IMAGE=arm64'] },
    },
    {
      repository: 'acme/private',
      tag: 'v1',
      platforms: { amd64: ['SECRET_IMAGE=yes'] },
      credentials: { username: 'robot', password: 'pull-pass' },
    },
  ]);
});
afterAll(() => registry?.stop());

const cluster = useCluster(() => []);

function load(name: string, repository: string, pullSecret?: string, pinDigest = false): void {
  const fixture = podFixture({
    name,
    namespace: NS,
    env: { NODE_ENV: 'staging' },
    executables: [],
    image: { ref: `${registry.host}/${repository}:v1`, env: [] },
  });
  cluster().load(fixture);
  type Writable = { spec: Record<string, unknown>; status: { containerStatuses: Array<Record<string, unknown>> } };
  const pod = structuredClone(fixture.objects[0]) as unknown as Writable;
  if (pullSecret) pod.spec['imagePullSecrets'] = [{ name: pullSecret }];
  for (const status of pod.status.containerStatuses) {
    status['imageID'] = pinDigest ? `${registry.host}/${repository}@${registry.digestOf(repository)}` : '';
  }
  cluster().apply(pod as unknown as KubeObject);
}

const print = (target: string) =>
  run(process.execPath, ['--', CLI, 'print', '-t', target, '-n', NS, '--format', 'json'], {
    cwd: EMPTY_PROJECT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: EMPTY_PROJECT,
      KUBECONFIG: cluster().kubeconfigPath,
      NODE_EXTRA_CA_CERTS: registry.caFile,
    },
  });

describe('image ENV through a Bearer token challenge', () => {
  it('a public repository: an anonymous token, the amd64 manifest of the index, the spec over the image', async () => {
    load('public', 'acme/public', undefined, true);
    registry.tokenRequests.length = 0;
    const result = await print('pod/public');
    expect(result.code, result.stderr).toBe(0);
    const env = JSON.parse(result.stdout) as Record<string, string>;
    expect(env['FROM_IMAGE']).toBe('amd64');
    expect(env['NODE_ENV']).toBe('staging');
    expect(registry.tokenRequests).toEqual([{ scope: 'repository:acme/public:pull', authorized: false }]);
  });

  it('a private repository: the pull Secret’s credentials at the token endpoint', async () => {
    cluster().apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'regcred', namespace: NS },
      type: 'kubernetes.io/dockerconfigjson',
      data: {
        '.dockerconfigjson': Buffer.from(
          JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from('robot:pull-pass').toString('base64') } } }),
        ).toString('base64'),
      },
    } as KubeObject);
    load('private', 'acme/private', 'regcred');
    registry.tokenRequests.length = 0;
    const result = await print('pod/private');
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as Record<string, string>)['SECRET_IMAGE']).toBe('yes');
    expect(registry.tokenRequests).toEqual([{ scope: 'repository:acme/private:pull', authorized: true }]);
  });

  it('a private repository without a pull Secret: a warning, and the fetch still succeeds', async () => {
    load('no-secret', 'acme/private');
    const result = await print('pod/no-secret');
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as Record<string, string>)['SECRET_IMAGE']).toBeUndefined();
    expect(result.stderr).toContain(`image ENV of ${registry.host}/acme/private:v1 not read`);
  });
});
