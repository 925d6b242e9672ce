/**
 * The spec source against the real kubelet. For each pod of test/real/manifests/30-env.yaml, the
 * environment kubenv computes from the API objects must equal the container's real environ, less
 * what neither the pod spec nor the API holds:
 *  - the image's ENV (kubenv.local/app:v1: PATH=/bin, GREETING, SHARED), where the spec does not set
 *    the name: the spec source cannot see image config (README, "Sources");
 *  - HOME=/, which runc adds when the process has none;
 *  - the names the pipeline drops by default (PATH, HOME, ...), in both.
 * HOSTNAME is compared: containerd sets it to the pod's hostname and the spec source models that.
 */
import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv } from '../../src/index';
import { DEFAULT_EXCLUDES } from '../../src/pipeline/default-excludes';
import { environBytes, environRecord } from './support/kubectl';
import { admin, realOptions } from './support/options';

const NS = 'kubenv-env';
const APP_IMAGE_ENV: Record<string, string> = { PATH: '/bin', GREETING: 'hello-from-image', SHARED: 'image' };
const RUNTIME_ADDED = ['HOME'];

async function compare(pod: string) {
  const real = environRecord(await environBytes(admin(), NS, pod, 'app'));
  const spec = await fetchRemoteEnv(realOptions({ target: `pod/${pod}`, namespace: NS, source: 'spec' }));
  expect(spec.source).toBe('spec');
  const expected: Record<string, string> = {};
  for (const [name, value] of Object.entries(real)) {
    if (DEFAULT_EXCLUDES.includes(name) || RUNTIME_ADDED.includes(name)) continue;
    if (APP_IMAGE_ENV[name] === value && !(name in spec.remote)) continue;
    expected[name] = value;
  }
  return { real, expected, computed: { ...spec.remote }, warnings: spec.warnings };
}

describe('spec source = the real kubelet’s env', () => {
  it('envFrom (prefixes, optional, odd keys), every valueFrom kind, $(VAR) and $$, service links, downward API, resources', async () => {
    const { expected, computed, real } = await compare('matrix');
    expect(computed).toEqual(expected);
    // A few the kubelet decides in ways easy to get wrong, spelled out.
    expect(real['ESCAPED']).toBe('$(LOG_LEVEL) and $ and $info');
    expect(real['FROM_CM']).toBe('$(LOG_LEVEL)');
    expect(real['DUP']).toBe('second');
  });

  it('service links off; HOSTNAME, KUBERNETES_SERVICE_HOST and PATH set in the spec win', async () => {
    const { expected, computed, real } = await compare('no-links');
    expect(computed).toEqual(expected);
    expect(real['HOSTNAME']).toBe('set-in-spec');
    expect(real['DB_SERVICE_HOST']).toBeUndefined();
  });

  it('a pod name over 63 characters: HOSTNAME is cut as the kubelet cuts it', async () => {
    const pod = 'a-pod-name-that-is-longer-than-sixty-three-characters-for-the-hostname-rule';
    const { expected, computed } = await compare(pod);
    expect(computed).toEqual(expected);
  });

  it('spec.hostname: HOSTNAME is the pod’s hostname, not its name', async () => {
    const { expected, computed, real } = await compare('named-host');
    expect(computed).toEqual(expected);
    expect(real['HOSTNAME']).toBe('custom-host');
  });
});
