/**
 * A real PID 1 that writes its process title over its environ (cluster/title/title.c, nginx's
 * way) on containerd and runc: `/proc/1/environ` really holds the title and NUL padding, and
 * kubenv must hand back the container's configured environment with a warning instead.
 *
 * The pods are created here, not in manifests/, so a cluster started before the title image
 * existed keeps its workloads; on such a cluster the tests skip and say how to get the image.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteEnv } from '../../src/index';
import { environBytes, getJson, kubectl } from './support/kubectl';
import { admin, realOptions } from './support/options';

const NS = 'kubenv-containers';
const IMAGE = 'kubenv.local/title:v1';
const TITLE = 'nginx: master process /usr/sbin/nginx -g daemon off;';
const ENV = { DATABASE_URL: 'postgres://app:s3cret@db:5432/shop', LOG_LEVEL: 'info' };

/** `overflow`: the title comes from the environment and runs past argv into environ. */
function titlePod(name: string, overflow: boolean): string {
  const env = Object.entries({ ...ENV, ...(overflow ? { PROCESS_TITLE: TITLE } : {}) }).map(([n, value]) => ({
    name: n,
    value,
  }));
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: 'app',
          image: IMAGE,
          imagePullPolicy: 'Never',
          ...(overflow ? {} : { args: [TITLE] }),
          env,
        },
      ],
    },
  });
}

let imagePresent = false;

beforeAll(async () => {
  const nodes = await getJson<{ items: Array<{ status: { images?: Array<{ names?: string[] }> } }> }>(admin(), [
    'nodes',
  ]);
  imagePresent = nodes.items.some((node) => node.status.images?.some((image) => image.names?.includes(IMAGE)));
  if (!imagePresent) return;
  for (const [name, overflow] of [
    ['title-overflow', true],
    ['title-padded', false],
  ] as const) {
    await kubectl(admin(), ['apply', '-f', '-'], { input: titlePod(name, overflow) });
  }
  await kubectl(admin(), [
    'wait',
    '-n',
    NS,
    '--for=condition=Ready',
    '--timeout=120s',
    'pod/title-overflow',
    'pod/title-padded',
  ]);
}, 180_000);

afterAll(async () => {
  if (imagePresent)
    await kubectl(admin(), ['delete', 'pod', '-n', NS, '--wait=false', 'title-overflow', 'title-padded']);
});

describe('exec source: a real PID 1 that rewrote its environ', () => {
  it.for([
    ['title-overflow', '1 entry is not NAME=value'],
    ['title-padded', 'only NUL padding'],
  ] as const)('%s: the configured env and a warning (%s), never the title', async ([pod, reason], context) => {
    if (!imagePresent) {
      context.skip(`${IMAGE} is not on the node: restart the cluster (npm run cluster:real builds it)`);
    }
    // The scenario is real: what PID 1's environ holds is not an environment.
    const raw = await environBytes(admin(), NS, pod, 'app');
    expect(raw.includes(Buffer.from('DATABASE_URL='))).toBe(false);

    const remote = await fetchRemoteEnv(realOptions({ target: `pod/${pod}`, namespace: NS, source: 'exec' }));
    expect(remote.source).toBe('exec');
    expect(remote.remote['DATABASE_URL']).toBe(ENV.DATABASE_URL);
    expect(remote.remote['LOG_LEVEL']).toBe('info');
    expect(remote.remote['TITLE_IMAGE']).toBe('1');
    expect(remote.remote['KUBERNETES_SERVICE_HOST']).toBeDefined();
    const warning = remote.warnings.find((w) => w.includes('rewrote its environ'));
    expect(warning).toContain(`PID 1 in ${pod}/app`);
    expect(warning).toContain(reason);
    expect(remote.warnings.join('\n')).not.toContain('s3cret');
    expect(Object.keys(remote.remote).join(' ')).not.toContain('nginx');
  });
});
