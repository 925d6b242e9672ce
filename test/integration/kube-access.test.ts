// What the API server receives from kubenv for kubeconfig features beyond a plain token:
// impersonation, token files, and their precedence. kubectl parity is in kubeconfig-matrix.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv } from '../../src/index';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { writeKubeconfig } from '../support/kubeconfigs';

const cluster = useCluster(() => [deploymentMidRollout()]);
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-access-'));

function kubeconfig(name: string, user: Record<string, unknown>): string {
  return writeKubeconfig(path.join(dir, name), cluster(), { user });
}

const fetchWith = (file: string) =>
  fetchRemoteEnv({ target: 'deploy/checkout', cwd: EMPTY_PROJECT, env: { KUBECONFIG: file } });

describe('impersonation reaches the API server as the API server reads it', () => {
  it('as, as-uid, one Impersonate-Group line per group, as-user-extra', async () => {
    const file = kubeconfig('as.yaml', {
      token: cluster().token,
      as: 'jane',
      'as-uid': '42',
      'as-groups': ['devs', 'ops'],
      'as-user-extra': { reason: ['debugging', 'on call'] },
    });
    cluster().requests.clear();
    await fetchWith(file);
    const seen = cluster()
      .requests.toArray()
      .map((entry) => entry.impersonation);
    expect(seen.length).toBeGreaterThan(0);
    for (const impersonation of seen) {
      expect(impersonation).toEqual({
        user: 'jane',
        uid: '42',
        groups: ['devs', 'ops'],
        extra: { reason: ['debugging', 'on call'] },
      });
    }
  });
});

describe('token and tokenFile', () => {
  it('both set: the file is used (a wrong inline token does not matter)', async () => {
    writeFileSync(path.join(dir, 'token'), `${cluster().token}\n`);
    const file = kubeconfig('both.yaml', { token: 'wrong-inline-token', tokenFile: 'token' });
    const remote = await fetchWith(file);
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
  });

  it('a token file that cannot be read falls back to the inline token', async () => {
    const file = kubeconfig('fallback.yaml', { token: cluster().token, tokenFile: 'no-such-token' });
    const remote = await fetchWith(file);
    expect(remote.remote['APP_VERSION']).toBe('1.5.0');
  });
});
