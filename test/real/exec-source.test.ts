/**
 * The exec source and container choice against real containers (containerd + runc): kubenv must
 * read exactly what `kubectl exec <pod> -c <c> -- cat /proc/1/environ` reads.
 */
import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv, resolveTarget } from '../../src/index';
import { KubeClient } from '../../src/kube/client';
import { DEFAULT_EXCLUDES } from '../../src/pipeline/default-excludes';
import { environBytes, environRecord } from './support/kubectl';
import { admin, realOptions } from './support/options';

const NS = 'kubenv-containers';

describe('container choice on a real pod', () => {
  it('skips a known sidecar first in spec order', async () => {
    const resolved = await resolveTarget(realOptions({ target: 'pod/sidecar-first', namespace: NS }));
    expect(resolved.container).toBe('app');
    const remote = await fetchRemoteEnv(realOptions({ target: 'pod/sidecar-first', namespace: NS }));
    expect(remote.remote['ROLE']).toBe('main');
    expect(remote.remote['SIDECAR']).toBeUndefined();
  });

  it('follows the kubectl.kubernetes.io/default-container annotation', async () => {
    const remote = await fetchRemoteEnv(realOptions({ target: 'pod/annotated', namespace: NS }));
    expect(remote.target?.container).toBe('worker');
    expect(remote.remote['ROLE']).toBe('worker');
  });

  it('takes a named container', async () => {
    const remote = await fetchRemoteEnv(
      realOptions({ target: 'pod/sidecar-first/container/istio-proxy', namespace: NS }),
    );
    expect(remote.target?.container).toBe('istio-proxy');
    expect(remote.remote['SIDECAR']).toBe('1');
    expect(remote.remote['SHARED']).toBe('sidecar');
  });
});

describe('the exec source on a real container', () => {
  it('reads the same bytes as kubectl exec cat /proc/1/environ', async () => {
    const reference = await environBytes(admin(), NS, 'tricky', 'app');
    const client = await KubeClient.connect({ kubeconfig: admin(), env: {}, timeoutMs: 30_000 });
    const ours = await client.exec(
      { namespace: NS, pod: 'tricky', container: 'app', command: ['cat', '/proc/1/environ'] },
      AbortSignal.timeout(30_000),
    );
    expect(ours.exitCode).toBe(0);
    expect(Buffer.compare(ours.stdout, reference)).toBe(0);
  });

  it('hands back every variable of that environ, values exact, less the documented default excludes', async () => {
    const reference = environRecord(await environBytes(admin(), NS, 'tricky', 'app'));
    const remote = await fetchRemoteEnv(realOptions({ target: 'pod/tricky', namespace: NS, source: 'exec' }));
    const expected = Object.fromEntries(Object.entries(reference).filter(([name]) => !DEFAULT_EXCLUDES.includes(name)));
    expect({ ...remote.remote }).toEqual(expected);
    // The hard values arrive intact, and the image's ENV is there beside the spec's.
    expect(remote.remote['MULTILINE']).toBe('-----BEGIN KEY-----\nabc\n-----END KEY-----\n');
    expect(remote.remote['UNICODE']).toBe('Grüße, 世界 🚀');
    expect(remote.remote['EMPTY']).toBe('');
    expect(remote.remote['GREETING']).toBe('hello-from-image');
    expect(remote.remote['SHARED']).toBe('from-spec');
    expect(remote.remote['HOSTNAME']).toBe('tricky');
  });

  it('shareProcessNamespace: the container’s own environment, not the pause process’s', async () => {
    const remote = await fetchRemoteEnv(realOptions({ target: 'pod/shared-pid', namespace: NS, source: 'exec' }));
    expect(remote.source).toBe('exec');
    // PID 1 of this pod is the pause process, whose environ is only HOME=/.
    expect(environRecord(await environBytes(admin(), NS, 'shared-pid', 'app'))).toEqual({ HOME: '/' });
    expect(remote.remote['ROLE']).toBe('shared');
    expect(remote.remote['GREETING']).toBe('hello-from-image');
    expect(remote.remote['HOSTNAME']).toBe('shared-pid');
  });
});
