/**
 * The kubelet's own table test of makeEnvironmentVariables, run through the simulated cluster
 * and the spec source (data and adaptations: test/fixture/kubelet/make-environment-variables.ts).
 * The cluster reports 1.34, the version the cases were read at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteEnv, isKubenvError } from '../../src/index';
import type { KubeObject } from '../../src/kube/objects';
import { base64, serviceObject } from '../../src/testing/fixtures/builders';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/testing/index';
import { cases, hostIPs, type MakeEnvCase, services, skipped } from '../fixture/kubelet/make-environment-variables';
import { optionsFor } from '../support/cluster';

const POD = 'dapi-test-pod-name';
let withServices: SimulatedCluster;
let withoutServices: SimulatedCluster;

beforeAll(async () => {
  const serverVersion = { major: '1', minor: '34' };
  [withServices, withoutServices] = await Promise.all([
    startSimulatedCluster({ serverVersion }),
    startSimulatedCluster({ serverVersion }),
  ]);
  withServices.apply(
    ...services.map(([name, namespace, clusterIP, port]) =>
      clusterIP === ''
        ? serviceObject({ name, namespace, clusterIP, ports: [], type: 'ExternalName', externalName: 'example.com' })
        : serviceObject({ name, namespace, clusterIP, ports: [{ port }] }),
    ),
  );
  withoutServices.remove('services', 'default', 'kubernetes');
});
afterAll(async () => {
  await Promise.all([withServices?.stop(), withoutServices?.stop()]);
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

describe('TestMakeEnvironmentVariables (pkg/kubelet/kubelet_pods_test.go@v1.34.4), spec source', () => {
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const cluster = testCase.nilLister ? withoutServices : withServices;
      cluster.apply(...objectsOf(testCase));
      try {
        const fetching = fetchRemoteEnv(
          optionsFor(cluster, { target: `pod/${POD}`, namespace: testCase.ns, source: 'spec' }),
        );
        if (testCase.expected === 'error') {
          const error = await fetching.catch((e: unknown) => e);
          expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
          return;
        }
        const { HOSTNAME, ...env } = (await fetching).remote;
        // HOSTNAME is the container runtime's, not makeEnvironmentVariables'.
        expect(HOSTNAME).toBe(POD);
        expect(env).toEqual(testCase.expected);
      } finally {
        cluster.remove('pods', testCase.ns, POD);
        cluster.remove('configmaps', testCase.ns, 'test-config-map');
        cluster.remove('secrets', testCase.ns, 'test-secret');
      }
    });
  }

  it('lists every case of the Go test as ported or skipped with a reason', () => {
    expect(cases.length + skipped.length).toBe(31);
    for (const skip of skipped) expect(skip.reason.length).toBeGreaterThan(20);
  });
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
