/**
 * In-cluster config, as client-go's rest.InClusterConfig reads it: with no kubeconfig, the
 * KUBERNETES_SERVICE_HOST/PORT variables and the service account the kubelet mounts at
 * /var/run/secrets/kubernetes.io/serviceaccount (token, ca.crt, namespace). That path is fixed by
 * Kubernetes, so the files are stood in for by a mock of `node:fs` for that folder alone;
 * every other path reads the real disk.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isKubenvError } from '../../src/errors';
import { createAuthenticator } from '../../src/kube/auth';
import { loadKubeEndpoint } from '../../src/kube/kubeconfig';

const MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const mounted = vi.hoisted(() => new Map<string, string>());

function standIn<T extends (...args: never[]) => unknown>(
  real: T,
  mountedValue: (file: string, encoding: unknown) => unknown,
): T {
  return ((...args: never[]) => {
    const file = String(args[0]);
    const mount = '/var/run/secrets/kubernetes.io/serviceaccount/';
    return file.startsWith(mount) ? mountedValue(file, args[1]) : real(...args);
  }) as T;
}

/** The mounted text as a string when an encoding is asked for, else as bytes. */
function contents(file: string, encoding: unknown): string | Buffer {
  if (!mounted.has(file)) missing(file);
  const text = mounted.get(file) as string;
  return encoding ? text : Buffer.from(text);
}

function missing(file: string): never {
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
}

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const existsSync = standIn(real.existsSync, (file) => mounted.has(file));
  const readFileSync = standIn(real.readFileSync, contents);
  return { ...real, existsSync, readFileSync, default: { ...real, existsSync, readFileSync } };
});

/** A HOME without ~/.kube/config. */
const home = mkdtempSync(path.join(os.tmpdir(), 'kubenv-in-cluster-home-'));
const inPod = { HOME: home, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };

beforeEach(() => {
  mounted.clear();
  mounted.set(`${MOUNT}/token`, 'sa-token-1\n');
  mounted.set(`${MOUNT}/ca.crt`, 'CLUSTER CA');
  mounted.set(`${MOUNT}/namespace`, 'payments\n');
});

describe('in-cluster config', () => {
  it('no kubeconfig, inside a pod: the API server of the variables, the mounted CA, namespace and token', async () => {
    const endpoint = await loadKubeEndpoint({ env: inPod });
    expect(endpoint).toMatchObject({
      server: 'https://10.96.0.1:443',
      namespace: 'payments',
      origin: ['in-cluster'],
      tls: { rejectUnauthorized: true },
    });
    expect(endpoint.tls.ca?.toString()).toBe('CLUSTER CA');
    const auth = createAuthenticator(endpoint, { env: {} });
    const signal = new AbortController().signal;
    expect((await auth.authFor(signal)).headers).toEqual({ authorization: 'Bearer sa-token-1' });
    // The projected token rotates: each request reads the file again.
    mounted.set(`${MOUNT}/token`, 'sa-token-2');
    expect((await auth.authFor(signal)).headers).toEqual({ authorization: 'Bearer sa-token-2' });
  });

  it('a KUBECONFIG of only separators names no file, as client-go skips empty names: in-cluster', async () => {
    const endpoint = await loadKubeEndpoint({ env: { ...inPod, KUBECONFIG: `${path.delimiter}${path.delimiter}` } });
    expect(endpoint.origin).toEqual(['in-cluster']);
  });

  it('an IPv6 service host is put in brackets', async () => {
    const endpoint = await loadKubeEndpoint({ env: { ...inPod, KUBERNETES_SERVICE_HOST: 'fd00:10:96::1' } });
    expect(endpoint.server).toBe('https://[fd00:10:96::1]:443');
  });

  it('without a namespace file the namespace is left to the caller', async () => {
    mounted.delete(`${MOUNT}/namespace`);
    expect((await loadKubeEndpoint({ env: inPod })).namespace).toBeUndefined();
    mounted.set(`${MOUNT}/namespace`, '  \n');
    expect((await loadKubeEndpoint({ env: inPod })).namespace).toBeUndefined();
  });

  it('not in a pod (no variables, or no token): "no kubeconfig found"', async () => {
    const cases = [
      { env: { HOME: home, KUBERNETES_SERVICE_PORT: '443' } },
      { env: { HOME: home, KUBERNETES_SERVICE_HOST: '10.96.0.1' } },
      { env: inPod, withoutToken: true },
    ];
    for (const { env, withoutToken } of cases) {
      if (withoutToken) mounted.delete(`${MOUNT}/token`);
      const error = await loadKubeEndpoint({ env }).catch((e: unknown) => e);
      expect(isKubenvError(error, 'CONFIG')).toBe(true);
      expect((error as Error).message).toContain('no kubeconfig found');
    }
  });
});
