/**
 * The image's own ENV, read from a real registry (Debian's docker-registry, TLS and htpasswd, on
 * 127.0.0.1:5000) that containerd really pulled the images from: spec + image ENV must equal the
 * container's real environ. The images are pushed by test/real/setup.ts (an index with two
 * platforms among them); manifests/70-image.yaml runs them.
 */
import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv } from '../../src/index';
import { DEFAULT_EXCLUDES } from '../../src/pipeline/default-excludes';
import { environBytes, environRecord, getJson } from './support/kubectl';
import { admin, realOptions, restricted } from './support/options';

const NS = 'kubenv-image';
/** runc adds HOME=/ to a process that has none; neither the image nor the pod spec says so. */
const RUNTIME_ADDED = ['HOME'];

describe('image ENV from the registry', () => {
  it('spec + the image ENV of the node’s platform equals the real environ, name for name', async () => {
    const real = environRecord(await environBytes(admin(), NS, 'registry-app', 'app'));
    const remote = await fetchRemoteEnv(
      realOptions({ target: 'pod/registry-app', namespace: NS, source: 'spec', imageEnv: true }),
    );
    const expected = Object.fromEntries(
      Object.entries(real).filter(([name]) => !DEFAULT_EXCLUDES.includes(name) && !RUNTIME_ADDED.includes(name)),
    );
    expect({ ...remote.remote }).toEqual(expected);
    // The amd64 manifest of the index, not the arm64 one; the spec's SHARED over the image's.
    expect(remote.remote['FROM_IMAGE']).toBe('amd64');
    expect(remote.remote['SHARED']).toBe('from-spec');
    expect(remote.origins['JAVA_OPTS']).toBe('image');
    expect(remote.origins['FROM_SPEC']).toBe('literal');
    expect(remote.sourceReason).toContain('127.0.0.1:5000/kubenv/registry-app@sha256:');
  });

  it('the digest the runtime reports is the image read', async () => {
    const pod = await getJson<{ status: { containerStatuses: Array<{ imageID: string }> } }>(admin(), [
      'pod',
      '-n',
      NS,
      'registry-app',
    ]);
    const remote = await fetchRemoteEnv(
      realOptions({ target: 'pod/registry-app', namespace: NS, source: 'spec', imageEnv: true }),
    );
    expect(remote.sourceReason).toContain(pod.status.containerStatuses[0]?.imageID);
  });

  it('auto on a distroless image from the registry: spec + image ENV, credentials from the ServiceAccount', async () => {
    const remote = await fetchRemoteEnv(realOptions({ target: 'deploy/registry-distroless', namespace: NS }));
    expect(remote.source).toBe('spec');
    expect(remote.remote['MODE']).toBe('registry-distroless');
    expect(remote.remote['APP_HOME']).toBe('/srv');
    // The pod spec's NODE_ENV wins over the image's, as in the runtime.
    expect(remote.remote['NODE_ENV']).toBe('staging');
    expect(remote.warnings.join('\n')).toMatch(
      /with the ENV of 127\.0\.0\.1:5000\/kubenv\/registry-distroless@sha256:[0-9a-f]{64} from its registry: entrypoint exports stay unknown/,
    );
  });

  it('imageEnv: false leaves the image out', async () => {
    const remote = await fetchRemoteEnv(
      realOptions({ target: 'deploy/registry-distroless', namespace: NS, imageEnv: false }),
    );
    expect(remote.source).toBe('spec');
    expect(remote.remote['MODE']).toBeUndefined();
    expect(remote.remote['LOG_LEVEL']).toBe('info');
  });

  it('no right to read the pull Secret: the registry refuses, a warning says so, the fetch still succeeds', async () => {
    const remote = await fetchRemoteEnv(
      realOptions({ target: 'pod/registry-app', namespace: NS, kubeconfig: restricted() }),
    );
    expect(remote.source).toBe('spec');
    expect(remote.remote['FROM_SPEC']).toBe('yes');
    expect(remote.remote['FROM_IMAGE']).toBeUndefined();
    expect(remote.warnings.join('\n')).toContain('image ENV of 127.0.0.1:5000/kubenv/registry-app');
  });
});
