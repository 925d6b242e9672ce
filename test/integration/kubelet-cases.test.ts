/**
 * The kubelet's own table test of makeEnvironmentVariables, run through the simulated cluster
 * and the spec source (data and adaptations: test/fixture/kubelet/make-environment-variables.ts).
 * The cluster reports 1.34, the version the cases were read at; the cases 1.34 dropped run on one
 * that reports 1.29.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteEnv, isKubenvError } from '../../src/index';
import type { KubeObject } from '../../src/kube/objects';
import { base64, serviceObject } from '../../src/testing/fixtures/builders';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/testing/index';
import {
  cases,
  casesV129,
  hostIPs,
  type MakeEnvCase,
  services,
  skipped,
} from '../fixture/kubelet/make-environment-variables';
import { optionsFor } from '../support/cluster';

const POD = 'dapi-test-pod-name';
let withServices: SimulatedCluster;
let withoutServices: SimulatedCluster;
let version129: SimulatedCluster;

beforeAll(async () => {
  const serverVersion = { major: '1', minor: '34' };
  [withServices, withoutServices, version129] = await Promise.all([
    startSimulatedCluster({ serverVersion }),
    startSimulatedCluster({ serverVersion }),
    startSimulatedCluster({ serverVersion: { major: '1', minor: '29' } }),
  ]);
  const goServices = services.map(([name, namespace, clusterIP, port]) =>
    clusterIP === ''
      ? serviceObject({ name, namespace, clusterIP, ports: [], type: 'ExternalName', externalName: 'example.com' })
      : serviceObject({ name, namespace, clusterIP, ports: [{ port }] }),
  );
  withServices.apply(...goServices);
  version129.apply(...goServices);
  withoutServices.remove('services', 'default', 'kubernetes');
});
afterAll(async () => {
  await Promise.all([withServices?.stop(), withoutServices?.stop(), version129?.stop()]);
});

function objectsOf(testCase: MakeEnvCase): KubeObject[] {
  const podIPs = testCase.podIPs ?? [];
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: POD, namespace: testCase.ns },
    spec: {
      serviceAccountName: 'special',
      nodeName: 'node-name',
      enableServiceLinks: testCase.enableServiceLinks,
      containers: [{ name: 'test', image: 'busybox', ...testCase.container }],
    },
    status: {
      phase: 'Running',
      hostIP: hostIPs[0],
      hostIPs: hostIPs.map((ip) => ({ ip })),
      ...(podIPs.length > 0 ? { podIP: podIPs[0], podIPs: podIPs.map((ip) => ({ ip })) } : {}),
    },
  };
  const objects: object[] = [pod];
  const metadata = (name: string) => ({ name, namespace: testCase.ns });
  if (testCase.configMap) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata('test-config-map'),
      data: testCase.configMap,
    });
  }
  if (testCase.secret) {
    const data = Object.fromEntries(Object.entries(testCase.secret).map(([key, value]) => [key, base64(value)]));
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: metadata('test-secret'), type: 'Opaque', data });
  }
  return objects as KubeObject[];
}

/** Runs one case on `cluster`; returns the warnings kubenv gave. */
async function runCase(cluster: SimulatedCluster, testCase: MakeEnvCase): Promise<readonly string[]> {
  cluster.apply(...objectsOf(testCase));
  try {
    const fetching = fetchRemoteEnv(
      optionsFor(cluster, { target: `pod/${POD}`, namespace: testCase.ns, source: 'spec' }),
    );
    if (testCase.expected === 'error') {
      const error = await fetching.catch((e: unknown) => e);
      expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
      return [];
    }
    const remote = await fetching;
    const { HOSTNAME, ...env } = remote.remote;
    // HOSTNAME is the container runtime's, not makeEnvironmentVariables'.
    expect(HOSTNAME).toBe(POD);
    expect(env).toEqual(testCase.expected);
    return remote.warnings;
  } finally {
    cluster.remove('pods', testCase.ns, POD);
    cluster.remove('configmaps', testCase.ns, 'test-config-map');
    cluster.remove('secrets', testCase.ns, 'test-secret');
  }
}

describe('TestMakeEnvironmentVariables (pkg/kubelet/kubelet_pods_test.go@v1.34.4), spec source', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      await runCase(testCase.nilLister ? withoutServices : withServices, testCase);
    });
  }

  it('lists every case of the Go test as ported or skipped with a reason', () => {
    const skippedAt134 = skipped.filter((skip) => !skip.name.includes('v1.29.0 only'));
    expect(cases.length + skippedAt134.length).toBe(31);
    for (const skip of skipped) expect(skip.reason.length).toBeGreaterThan(20);
  });
});

describe('TestMakeEnvironmentVariables@v1.29.0, the cases 1.34 dropped, on a cluster that reports 1.29', () => {
  for (const testCase of casesV129) {
    it(`${testCase.name}: the invalid keys skipped, with a warning naming them`, async () => {
      const warnings = await runCase(version129, testCase);
      expect(warnings.some((w) => w.includes('1234, 1z') && w.includes('before 1.30'))).toBe(true);
    });
  }
});

describe('service links beyond the Go table', () => {
  it('a headless `kubernetes` service in the pod namespace hides nothing: default/kubernetes still applies', async () => {
    withServices.apply(
      serviceObject({ name: 'kubernetes', namespace: 'headless', clusterIP: 'None', ports: [{ port: 443 }] }),
      ...objectsOf({ name: 'headless', ns: 'headless', enableServiceLinks: true, container: {}, expected: {} }),
    );
    const remote = await fetchRemoteEnv(
      optionsFor(withServices, { target: `pod/${POD}`, namespace: 'headless', source: 'spec' }),
    );
    expect(remote.remote['KUBERNETES_SERVICE_HOST']).toBe('1.2.3.1');
    expect(remote.remote['KUBERNETES_PORT']).toBe('tcp://1.2.3.1:8081');
  });
});
