/**
 * Kube access against the real API server's authentication and RBAC, with the real kubectl on the
 * same kubeconfig as the reference: an exec credential plugin, impersonation with two groups (one
 * Impersonate-Group header each; RBAC in manifests/60-access.yaml grants half of a fetch to each
 * group), client certificates from files given by relative paths.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, fetchRemoteEnv } from '../../src/index';
import { writeKubeconfig } from '../support/kubeconfigs';
import { writePlugin } from '../support/plugins';
import { kubectlRaw } from './support/kubectl';
import { admin, realOptions, restricted } from './support/options';

interface RealCluster {
  url: string;
  ca: string;
  cert: string;
  key: string;
  restrictedToken: string;
}

let real: RealCluster;
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-real-access-'));

beforeAll(() => {
  type Config = {
    clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
    users: Array<{ user: Record<string, string> }>;
  };
  const adminConfig = parseYaml(readFileSync(admin(), 'utf8')) as Config;
  const restrictedConfig = parseYaml(readFileSync(restricted(), 'utf8')) as Config;
  const decode = (data: string | undefined) => Buffer.from(data ?? '', 'base64').toString();
  real = {
    url: adminConfig.clusters[0]?.cluster.server ?? '',
    ca: decode(adminConfig.clusters[0]?.cluster['certificate-authority-data']),
    cert: decode(adminConfig.users[0]?.user['client-certificate-data']),
    key: decode(adminConfig.users[0]?.user['client-key-data']),
    restrictedToken: restrictedConfig.users[0]?.user['token'] ?? '',
  };
});

/** kubectl's verdict on the same kubeconfig. */
async function kubectlCan(kubeconfig: string, namespace: string, pod: string): Promise<boolean> {
  const result = await kubectlRaw(kubeconfig, ['exec', '-n', namespace, pod, '--', 'cat', '/proc/1/environ']);
  return result.code === 0;
}

const adminCertUser = () => ({
  'client-certificate-data': Buffer.from(real.cert).toString('base64'),
  'client-key-data': Buffer.from(real.key).toString('base64'),
});

describe('kube access on the real API server, kubectl as the reference', () => {
  it('an exec credential plugin: its token is the identity the server sees', async () => {
    const plugin = writePlugin({ tokens: [real.restrictedToken], expiresInSeconds: 3600 }, { dir });
    const kubeconfig = writeKubeconfig(path.join(dir, 'plugin.kubeconfig'), real, {
      user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin.path, interactiveMode: 'Never' } },
      namespace: 'kubenv-fallback',
    });
    expect(await kubectlCan(kubeconfig, 'kubenv-fallback', 'plain')).toBe(false);
    const remote = await fetchRemoteEnv(realOptions({ target: 'pod/plain', kubeconfig }));
    // The restricted ServiceAccount may not exec: read from the spec, in the context's namespace.
    expect(remote.source).toBe('spec');
    expect(remote.sourceReason).toContain('pods/exec is forbidden');
    expect(remote.target?.namespace).toBe('kubenv-fallback');
    expect(remote.remote['LOG_LEVEL']).toBe('warn');
  });

  it('impersonation with two groups: each is its own group, as kubectl sends them', async () => {
    const both = writeKubeconfig(path.join(dir, 'both-groups.kubeconfig'), real, {
      user: { ...adminCertUser(), as: 'jane', 'as-groups': ['kubenv-readers', 'kubenv-exec'] },
      namespace: 'kubenv-access',
    });
    expect(await kubectlCan(both, 'kubenv-access', 'app')).toBe(true);
    const remote = await fetchRemoteEnv(realOptions({ target: 'pod/app', kubeconfig: both, source: 'exec' }));
    expect(remote.remote['ROLE']).toBe('access');
  });

  it('impersonation with one of the groups: exec is forbidden for kubectl and kubenv alike', async () => {
    const readersOnly = writeKubeconfig(path.join(dir, 'readers.kubeconfig'), real, {
      user: { ...adminCertUser(), as: 'jane', 'as-groups': ['kubenv-readers'] },
      namespace: 'kubenv-access',
    });
    expect(await kubectlCan(readersOnly, 'kubenv-access', 'app')).toBe(false);
    const error = await fetchRemoteEnv(
      realOptions({ target: 'pod/app', kubeconfig: readersOnly, source: 'exec' }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).resource).toBe('pods/exec');
  });

  it('client certificate and key files named by paths relative to the kubeconfig', async () => {
    const sub = mkdtempSync(path.join(dir, 'certs-'));
    writeFileSync(path.join(sub, 'admin.crt'), real.cert);
    writeFileSync(path.join(sub, 'admin.key'), real.key, { mode: 0o600 });
    const kubeconfig = writeKubeconfig(path.join(sub, 'config'), real, {
      user: { 'client-certificate': 'admin.crt', 'client-key': 'admin.key' },
      namespace: 'kubenv-access',
    });
    expect(await kubectlCan(kubeconfig, 'kubenv-access', 'app')).toBe(true);
    const remote = await fetchRemoteEnv(realOptions({ target: 'pod/app', kubeconfig, cwd: os.tmpdir() }));
    expect(remote.source).toBe('exec');
    expect(remote.remote['ROLE']).toBe('access');
  });
});
