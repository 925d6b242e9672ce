import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv } from '../../src/index';
import {
  distrolessPod,
  downwardApiPod,
  envFromPod,
  type Fixture,
  podFixture,
  podLifecycleFixture,
  serviceLinksFixture,
  sharedProcessNamespacePod,
  sidecarPod,
  startSimulatedCluster,
  variableExpansionPod,
} from '../../src/testing/index';
import { optionsFor, useCluster } from '../support/cluster';

const richFixtures = {
  envFrom: envFromPod(),
  downward: downwardApiPod(),
  expansion: variableExpansionPod(),
  links: serviceLinksFixture(),
};
const TRICKY = {
  WITH_EQUALS: 'postgres://u:p@db/app?a=b&c=d',
  MULTILINE: '-----BEGIN KEY-----\nabc\n-----END KEY-----\n',
  QUOTES: `it's "quoted" and \`ticked\``,
  UNICODE: 'Grüße, 世界 🚀',
  EMPTY: '',
};

const cluster = useCluster(() => [
  ...Object.values(richFixtures),
  distrolessPod(),
  sharedProcessNamespacePod(),
  podLifecycleFixture(),
  sidecarPod(),
  podFixture({ name: 'tricky', namespace: 'values', env: TRICKY }),
  podFixture({ name: 'big', namespace: 'values' }),
  podFixture({ name: 'broken-utf8', namespace: 'values' }),
]);

const fetch = (target: string, namespace: string, extra: Parameters<typeof optionsFor>[1] = {}) =>
  fetchRemoteEnv(optionsFor(cluster(), { target, namespace, ...extra }));

/** What the pipeline removes by default and the runtime adds: not part of the kubelet's env. */
const RUNTIME = new Set(['PATH', 'HOME']);

function kubeletEnvOf(fixture: Fixture, pod: string, container: string): Record<string, string> {
  const entry = fixture.containers.find((c) => c.pod === pod && c.container === container);
  if (!entry?.kubeletEnv) throw new Error(`fixture has no kubelet env for ${pod}/${container}`);
  return { ...entry.kubeletEnv, HOSTNAME: pod };
}

describe('exec source', () => {
  it('returns the environ byte-exact: =, newlines, quotes, unicode, empty values', async () => {
    const remote = await fetch('pod/tricky', 'values', { source: 'exec' });
    expect(remote.source).toBe('exec');
    for (const [name, value] of Object.entries(TRICKY)) expect(remote.remote[name]).toBe(value);
    // Only 2 API requests for a pod: GET pod, exec.
  });

  it('needs exactly 2 requests for a pod target: GET pod and exec', async () => {
    cluster().requests.clear();
    await fetch('pod/tricky', 'values', { source: 'exec' });
    expect(
      cluster()
        .requests.toArray()
        .map((r) => `${r.verb} ${r.resource}${r.subresource ? `/${r.subresource}` : ''}`),
    ).toEqual(['get pods', 'create pods/exec']);
  });

  it('reads a 1 MiB environment', async () => {
    const big = 'x'.repeat(1024 * 1024);
    cluster().setContainer('values', 'big', 'app', { environ: { BIG: big, SMALL: 'ok', PATH: '/bin' } });
    const remote = await fetch('pod/big', 'values');
    expect(remote.remote['BIG']).toHaveLength(big.length);
    expect(remote.remote['SMALL']).toBe('ok');
  });

  it('invalid UTF-8 gives a warning naming the variable, not a crash', async () => {
    const environ = Buffer.concat([Buffer.from('GOOD=1\0BAD='), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\0')]);
    cluster().setContainer('values', 'broken-utf8', 'app', { environ });
    const remote = await fetch('pod/broken-utf8', 'values');
    expect(remote.remote['GOOD']).toBe('1');
    expect(remote.warnings.some((w) => w.startsWith('BAD has a value that is not valid UTF-8'))).toBe(true);
  });

  it('with a shared process namespace reads the container, not the pause process', async () => {
    const remote = await fetch('pod/orders', 'shared-pid', { source: 'exec' });
    expect(remote.sourceReason).toContain('/proc/self/environ');
    const kubelet = kubeletEnvOf(sharedProcessNamespacePod(), 'orders', 'orders');
    for (const [name, value] of Object.entries(kubelet)) expect(remote.remote[name]).toBe(value);
  });
});

describe('spec source: computed exactly as the kubelet does', () => {
  const cases: Array<[string, Fixture, string, string, string]> = [
    [
      'envFrom with prefix, later sources winning, optional refs, invalid keys',
      richFixtures.envFrom,
      'config-demo',
      'config-reader',
      'app',
    ],
    ['fieldRef and resourceFieldRef with divisors', richFixtures.downward, 'downward', 'reporter', 'reporter'],
    ['$(VAR) and $$ rules', richFixtures.expansion, 'expansion', 'expander', 'app'],
  ];

  it.each(cases)('%s: equals the hand-written kubelet env', async (_title, fixture, namespace, pod, container) => {
    const remote = await fetch(`pod/${pod}/container/${container}`, namespace, { source: 'spec' });
    expect(remote.source).toBe('spec');
    const expected = Object.fromEntries(
      Object.entries(kubeletEnvOf(fixture, pod, container)).filter(([n]) => !RUNTIME.has(n)),
    );
    expect(remote.remote).toEqual(expected);
  });

  it.each(cases)(
    '%s: for an image without ENV, spec equals exec',
    async (_title, fixture, namespace, pod, container) => {
      // Give the container exactly what the kubelet passes plus what the runtime adds (no image ENV).
      const environ = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/root', ...kubeletEnvOf(fixture, pod, container) };
      cluster().setContainer(namespace, pod, container, { environ });
      const target = `pod/${pod}/container/${container}`;
      const [viaExec, viaSpec] = await Promise.all([
        fetch(target, namespace, { source: 'exec' }),
        fetch(target, namespace, { source: 'spec' }),
      ]);
      expect(viaExec.source).toBe('exec');
      expect(viaSpec.remote).toEqual(viaExec.remote);
    },
  );

  it('service links: all services of the namespace when enabled, only `kubernetes` when disabled', async () => {
    for (const entry of richFixtures.links.containers) {
      const remote = await fetch(`pod/${entry.pod}/container/${entry.container}`, entry.namespace, { source: 'spec' });
      const expected = Object.fromEntries(
        Object.entries(kubeletEnvOf(richFixtures.links, entry.pod, entry.container)).filter(([n]) => !RUNTIME.has(n)),
      );
      expect(remote.remote).toEqual(expected);
    }
    const names = richFixtures.links.containers.map((c) => c.pod);
    expect(new Set(names).size).toBeGreaterThanOrEqual(2);
  });

  it('fetches each referenced ConfigMap and Secret once, in parallel with the services', async () => {
    cluster().requests.clear();
    // 40 ms per reference request: in series they could not overlap.
    cluster().faults.latency(40, { resource: 'configmaps' });
    cluster().faults.latency(40, { resource: 'secrets' });
    try {
      await fetch('pod/config-reader', 'config-demo', { source: 'spec' });
    } finally {
      cluster().faults.clear();
    }
    const gets = cluster()
      .requests.filter({ verb: 'get' })
      .map((r) => `${r.resource}/${r.name}`);
    expect(gets.filter((g) => g.startsWith('configmaps/')).sort()).toEqual([
      'configmaps/app-config',
      'configmaps/app-overrides',
      'configmaps/optional-config',
    ]);
    expect(gets.filter((g) => g.startsWith('secrets/')).sort()).toEqual([
      'secrets/app-secrets',
      'secrets/optional-secret',
    ]);
    const refs = cluster().requests.filter((r) => r.resource === 'configmaps' || r.resource === 'secrets');
    // Parallel: every reference request started before the first one finished.
    const firstEnd = Math.min(...refs.map((r) => r.startedAt + r.durationMs));
    expect(refs.every((r) => r.startedAt < firstEnd)).toBe(true);
  });

  it('marks secret-derived names, also through $(VAR) expansion', async () => {
    const remote = await fetch('pod/config-reader', 'config-demo', { source: 'spec' });
    expect(remote.secretNames).toEqual(['DB_URL', 'SECRET_API_TOKEN', 'SECRET_DB_PASSWORD']);
    expect(remote.origins['LOG_LEVEL']).toBe('configmap');
  });
});

describe('auto: exec, falling back to spec, saying why', () => {
  it('falls back for a distroless image', async () => {
    const remote = await fetch('pod/catalog-api', 'distroless');
    expect(remote.source).toBe('spec');
    expect(remote.sourceReason).toMatch(/auto fallback: the image has no `cat`/);
    expect(remote.warnings[0]).toMatch(/exec was not possible/);
  });

  it('falls back when pods/exec is forbidden (RBAC)', async () => {
    cluster().faults.deny({ verb: 'create', resource: 'pods/exec', namespace: 'mesh' });
    try {
      const remote = await fetch('pod/payments', 'mesh');
      expect(remote.source).toBe('spec');
      expect(remote.sourceReason).toContain('pods/exec is forbidden');
      expect(remote.remote['PAYMENTS_PROVIDER']).toBe('stripe');
    } finally {
      cluster().faults.clear();
    }
  });

  it('falls back when no container is running (Pending pod), and exec alone refuses', async () => {
    const remote = await fetch('pod/creating', 'lifecycle');
    expect(remote.source).toBe('spec');
    expect(remote.sourceReason).toMatch(/not running|Pending/);
    const error = await fetch('pod/creating', 'lifecycle', { source: 'exec' }).catch((e) => e);
    expect((error as Error).message).toMatch(
      /Cannot read the environment of container "app" in pod "creating" by exec/,
    );
    expect((error as { hint?: string }).hint).toContain("source: 'spec'");
  });

  it('reads a terminating pod that still runs by exec', async () => {
    const remote = await fetch('pod/draining', 'lifecycle');
    expect(remote.source).toBe('exec');
    expect(remote.remote['SHUTDOWN_TIMEOUT']).toBe('25s');
  });
});

describe("spec source: envFrom keys follow the kubelet of the cluster's version", () => {
  // Kubelets up to 1.29 skipped keys that are not IsEnvVarName names (pkg/kubelet/kubelet_pods.go
  // at v1.29.0); from 1.30 they keep every key. The real 1.34 cluster test checks the latter.
  it('a 1.29 cluster: `1ST_RUN` is skipped, with a warning naming it', async () => {
    const old = await startSimulatedCluster({ fixtures: [envFromPod()], serverVersion: { major: '1', minor: '29' } });
    try {
      const remote = await fetchRemoteEnv(
        optionsFor(old, { target: 'pod/config-reader', namespace: 'config-demo', source: 'spec' }),
      );
      expect(remote.remote['1ST_RUN']).toBeUndefined();
      expect(remote.remote['with-dash']).toBe('allowed');
      expect(remote.warnings.join('\n')).toContain('1ST_RUN');
    } finally {
      await old.stop();
    }
  });

  it('a 1.31 cluster: `1ST_RUN` is kept, after one /version request', async () => {
    cluster().requests.clear();
    const remote = await fetch('pod/config-reader', 'config-demo', { source: 'spec' });
    expect(cluster().requests.count({ path: '/version' })).toBe(1);
    expect(remote.remote['1ST_RUN']).toBe('yes');
    expect(remote.warnings.join('\n')).not.toContain('1ST_RUN');
  });
});
