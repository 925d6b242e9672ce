/**
 * What the API server sees of kubenv's credentials when they are refused or come from a plugin:
 * a 401 is retried only when asking again can give another credential (a token file is re-read,
 * a plugin is run again; client-go's behaviour), and impersonation goes with every kind of
 * credential, a plugin's client certificate included.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchRemoteEnv, isKubenvError } from '../../src/index';
import { clearExecCredentialCache } from '../../src/kube/exec-credential';
import { deploymentMidRollout } from '../../src/testing/index';
import { EMPTY_PROJECT, useCluster } from '../support/cluster';
import { writeKubeconfig } from '../support/kubeconfigs';
import { execKubeconfig, writePlugin } from '../support/plugins';

const cluster = useCluster(() => [deploymentMidRollout()]);
const dir = mkdtempSync(path.join(os.tmpdir(), 'kubenv-auth-behaviour-'));
afterEach(() => clearExecCredentialCache());

const fetchWith = (kubeconfig: string) =>
  fetchRemoteEnv({
    target: 'deploy/checkout',
    cwd: EMPTY_PROJECT,
    env: { PATH: process.env['PATH'] ?? '', HOME: EMPTY_PROJECT, KUBECONFIG: kubeconfig },
  });

/** Runs the fetch and returns its error and the status of every request the server got. */
async function refusedWith(kubeconfig: string) {
  cluster().requests.clear();
  const error = await fetchWith(kubeconfig).catch((e: unknown) => e);
  return {
    error,
    statuses: cluster()
      .requests.toArray()
      .map((entry) => entry.status),
  };
}

describe('a credential the API server refuses (401)', () => {
  it('an inline token: one request, no retry that could not help', async () => {
    const file = writeKubeconfig(path.join(dir, 'inline.yaml'), cluster(), { user: { token: 'wrong' } });
    const { error, statuses } = await refusedWith(file);
    expect(isKubenvError(error, 'UNAUTHORIZED')).toBe(true);
    expect(statuses).toEqual([401]);
  });

  it('a token file: read again and retried once', async () => {
    writeFileSync(path.join(dir, 'wrong-token'), 'wrong\n');
    const file = writeKubeconfig(path.join(dir, 'file.yaml'), cluster(), { user: { tokenFile: 'wrong-token' } });
    const { error, statuses } = await refusedWith(file);
    expect(isKubenvError(error, 'UNAUTHORIZED')).toBe(true);
    expect(statuses).toEqual([401, 401]);
  });

  it('a 403 is not a 401: a token file is not read again, the request not repeated', async () => {
    writeFileSync(path.join(dir, 'good-token'), `${cluster().token}\n`);
    const file = writeKubeconfig(path.join(dir, 'forbidden.yaml'), cluster(), { user: { tokenFile: 'good-token' } });
    cluster().faults.deny({ verb: 'get', resource: 'deployments', namespace: 'shop' });
    try {
      const { error, statuses } = await refusedWith(file);
      expect(isKubenvError(error, 'FORBIDDEN')).toBe(true);
      expect(statuses).toEqual([403]);
    } finally {
      cluster().faults.clear();
    }
  });

  it('an empty token file falls back to the inline token', async () => {
    writeFileSync(path.join(dir, 'empty-token'), '\n');
    const file = writeKubeconfig(path.join(dir, 'empty.yaml'), cluster(), {
      user: { tokenFile: 'empty-token', token: cluster().token },
    });
    expect((await fetchWith(file)).remote['APP_VERSION']).toBe('1.5.0');
  });
});

describe('impersonation with a plugin credential', () => {
  it.each(['token', 'client certificate'] as const)(
    'a %s: every request impersonates the user asked for',
    async (kind) => {
      const plugin = writePlugin(
        kind === 'token'
          ? { tokens: [cluster().token], expiresInSeconds: 3600 }
          : { certificate: cluster().issueClientCertificate('plugin-user', ['devs']) },
      );
      const kubeconfig = execKubeconfig(
        path.join(plugin.dir, 'kubeconfig'),
        cluster(),
        { command: plugin.path },
        { userFields: { as: 'jane', 'as-groups': ['ops'] } },
      );
      cluster().requests.clear();
      await fetchWith(kubeconfig);
      const seen = cluster()
        .requests.toArray()
        .map((entry) => entry.impersonation);
      expect(seen.length).toBeGreaterThan(0);
      for (const impersonation of seen) expect(impersonation).toMatchObject({ user: 'jane', groups: ['ops'] });
    },
  );
});
