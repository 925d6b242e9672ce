/**
 * The downward API in the spec source, beyond the kubelet's table test (kubelet-cases.test.ts):
 * a pod template (no pod yet) has no pod-only values, `resourceFieldRef` of another container,
 * requests defaulted to limits, hugepages, and what cannot be computed is left out with a warning
 * naming the variable (podFieldSelectorRuntimeValue and ExtractContainerResourceValue in
 * pkg/kubelet and pkg/api/v1/resource@v1.34.4 are the reference).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteEnv } from '../../src/index';
import type { KubeObject } from '../../src/kube/objects';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/testing/index';
import { optionsFor } from '../support/cluster';

const NS = 'downward';
let cluster: SimulatedCluster;
beforeAll(async () => {
  cluster = await startSimulatedCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

const field = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });
const resource = (name: string, ref: Record<string, string>) => ({ name, valueFrom: { resourceFieldRef: ref } });

const containers = (env: readonly object[]) => [
  {
    name: 'app',
    image: 'busybox',
    env,
    resources: { limits: { cpu: '1500m', memory: '1Gi', 'hugepages-2Mi': '4Mi' } },
  },
  { name: 'sidecar', image: 'busybox', resources: { requests: { cpu: '250m' }, limits: { memory: '64Mi' } } },
];

async function readPod(name: string, env: readonly object[], status: Record<string, unknown> = {}) {
  cluster.apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, uid: `uid-${name}`, labels: { app: 'web' } },
    spec: { nodeName: 'node-7', enableServiceLinks: false, containers: containers(env) },
    status: { phase: 'Running', ...status },
  } as KubeObject);
  try {
    return await fetchRemoteEnv(optionsFor(cluster, { target: `pod/${name}`, namespace: NS, source: 'spec' }));
  } finally {
    cluster.remove('pods', NS, name);
  }
}

describe('fieldRef', () => {
  it('IPs: the first of hostIPs/podIPs, all of them joined, else the single field', async () => {
    const env = [
      field('HOST_IP', 'status.hostIP'),
      field('HOST_IPS', 'status.hostIPs'),
      field('POD_IP', 'status.podIP'),
      field('POD_IPS', 'status.podIPs'),
    ];
    const dual = await readPod('dual', env, {
      hostIP: '10.0.0.9',
      hostIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }],
      podIP: '10.1.0.9',
      podIPs: [{ ip: '10.1.0.1' }, { ip: 'fd01::1' }],
    });
    expect(dual.remote).toMatchObject({
      HOST_IP: '10.0.0.1',
      HOST_IPS: '10.0.0.1,fd00::1',
      POD_IP: '10.1.0.1',
      POD_IPS: '10.1.0.1,fd01::1',
    });
    const single = await readPod('single', env, { hostIP: '10.0.0.9', podIP: '10.1.0.9' });
    expect(single.remote).toMatchObject({
      HOST_IP: '10.0.0.9',
      HOST_IPS: '10.0.0.9',
      POD_IP: '10.1.0.9',
      POD_IPS: '10.1.0.9',
    });
  });

  it('name, uid, node, namespace, service account (default when unset), a missing label is empty', async () => {
    const remote = await readPod('fields', [
      field('NAME', 'metadata.name'),
      field('UID', 'metadata.uid'),
      field('NODE', 'spec.nodeName'),
      field('NAMESPACE', 'metadata.namespace'),
      field('SA', 'spec.serviceAccountName'),
      field('APP', "metadata.labels['app']"),
      field('NONE', "metadata.annotations['absent']"),
    ]);
    expect(remote.remote).toMatchObject({
      NAME: 'fields',
      UID: 'uid-fields',
      NODE: 'node-7',
      NAMESPACE: NS,
      SA: 'default',
      APP: 'web',
      NONE: '',
    });
    expect(remote.origins['NAME']).toBe('field');
  });

  it('a field the kubelet does not resolve is left out with a warning naming the variable', async () => {
    const remote = await readPod('unsupported', [field('PHASE', 'status.phase')]);
    expect(Object.hasOwn(remote.remote, 'PHASE')).toBe(false);
    expect(remote.warnings).toContain('PHASE: fieldRef status.phase is not supported or not set; left out');
  });
});

describe('resourceFieldRef', () => {
  it('limits and requests with divisors, rounded up; requests default to limits', async () => {
    const remote = await readPod('resources', [
      resource('CPU_LIMIT', { resource: 'limits.cpu' }),
      resource('CPU_LIMIT_M', { resource: 'limits.cpu', divisor: '1m' }),
      resource('CPU_REQUEST', { resource: 'requests.cpu', divisor: '1m' }),
      resource('MEMORY_MI', { resource: 'limits.memory', divisor: '1Mi' }),
      resource('HUGEPAGES', { resource: 'limits.hugepages-2Mi', divisor: '1Mi' }),
      resource('SIDECAR_CPU', { resource: 'requests.cpu', containerName: 'sidecar', divisor: '1m' }),
      resource('SIDECAR_MEMORY', { resource: 'requests.memory', containerName: 'sidecar', divisor: '1Mi' }),
    ]);
    expect(remote.remote).toMatchObject({
      CPU_LIMIT: '2',
      CPU_LIMIT_M: '1500',
      CPU_REQUEST: '1500',
      MEMORY_MI: '1024',
      HUGEPAGES: '4',
      SIDECAR_CPU: '250',
      SIDECAR_MEMORY: '64',
    });
    expect(remote.origins['CPU_LIMIT']).toBe('resource');
    expect(remote.warnings).toEqual([]);
  });

  it.each([
    [{ resource: 'limits.nvidia.com/gpu' }, 'resourceFieldRef limits.nvidia.com/gpu is not supported'],
    [{ resource: 'usage.cpu' }, 'resourceFieldRef usage.cpu is not supported'],
    [{ resource: 'limits.cpu', containerName: 'nope' }, 'resourceFieldRef limits.cpu is not supported'],
    [{ resource: 'limits.cpu', divisor: 'lots' }, 'has a quantity that cannot be parsed'],
    [{ resource: 'limits.ephemeral-storage' }, "the kubelet uses the node's allocatable ephemeral-storage"],
  ])('%j is left out with a warning', async (ref, warning) => {
    const remote = await readPod('left-out', [resource('VALUE', ref), { name: 'KEPT', value: 'yes' }]);
    expect(Object.hasOwn(remote.remote, 'VALUE')).toBe(false);
    expect(remote.remote['KEPT']).toBe('yes');
    expect(remote.warnings.filter((w) => w.startsWith('VALUE: ') && w.includes(warning))).toHaveLength(1);
  });

  it('an unset request without a limit is 0', async () => {
    const remote = await readPod('unset-request', [resource('STORAGE', { resource: 'requests.ephemeral-storage' })]);
    expect(remote.remote['STORAGE']).toBe('0');
  });
});

describe('a pod template, when no pod exists', () => {
  it('pod-only fields are left out with a warning; the rest is computed from the template', async () => {
    cluster.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'idle', namespace: NS, uid: 'uid-idle' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'idle' } },
        template: {
          metadata: { labels: { app: 'idle' } },
          spec: {
            serviceAccountName: 'idle-sa',
            enableServiceLinks: false,
            containers: [
              {
                name: 'app',
                image: 'busybox',
                env: [
                  field('NAME', 'metadata.name'),
                  field('NODE', 'spec.nodeName'),
                  field('POD_IP', 'status.podIP'),
                  field('POD_IPS', 'status.podIPs'),
                  field('HOST_IP', 'status.hostIP'),
                  field('HOST_IPS', 'status.hostIPs'),
                  field('UID', 'metadata.uid'),
                  field('NAMESPACE', 'metadata.namespace'),
                  field('SA', 'spec.serviceAccountName'),
                  field('APP', "metadata.labels['app']"),
                  { name: 'PLAIN', value: 'x' },
                ],
              },
            ],
          },
        },
      },
    } as KubeObject);
    try {
      const remote = await fetchRemoteEnv(
        optionsFor(cluster, { target: 'deploy/idle', namespace: NS, source: 'spec' }),
      );
      expect(remote.remote).toMatchObject({ NAMESPACE: NS, SA: 'idle-sa', APP: 'idle', PLAIN: 'x' });
      const podOnly: Array<[string, string]> = [
        ['NAME', 'metadata.name'],
        ['NODE', 'spec.nodeName'],
        ['POD_IP', 'status.podIP'],
        ['POD_IPS', 'status.podIPs'],
        ['HOST_IP', 'status.hostIP'],
        ['HOST_IPS', 'status.hostIPs'],
        ['UID', 'metadata.uid'],
      ];
      for (const name of [...podOnly.map(([variable]) => variable), 'HOSTNAME']) {
        expect(Object.hasOwn(remote.remote, name)).toBe(false);
      }
      for (const [name, path] of podOnly) {
        expect(remote.warnings).toContain(`${name} (fieldRef ${path}) needs a running pod; left out`);
      }
      expect(remote.warnings.some((w) => w.startsWith('no pod exists: computed from the pod template'))).toBe(true);
      expect(remote.sourceReason).toContain('the pod template of deployment/idle');
    } finally {
      cluster.remove('deployments', NS, 'idle');
    }
  });
});
