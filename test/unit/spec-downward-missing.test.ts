/**
 * The downward API over objects that lack parts: a pod the API server has not given a status yet
 * (or an empty `hostIPs`/`podIPs` list), a pod template without metadata, a container without
 * `resources`. The kubelet's answers are the reference: what it cannot know is left out with a
 * warning, labels and annotations that are absent read as "", unset requests read as 0 (or the
 * limit), and none of this may throw.
 */
import { describe, expect, it } from 'vitest';
import type { Container, Pod, PodTemplateSpec } from '../../src/kube/objects';
import { type DownwardContext, fieldValue, resourceValue } from '../../src/sources/spec/downward-api';

const container: Container = { name: 'app' };

function podContext(status: Pod['status'], app: Container = container): DownwardContext {
  const pod = {
    metadata: { name: 'api-0', namespace: 'ns', uid: 'u-1', labels: { app: 'api' } },
    spec: { nodeName: 'node-1', containers: [app] },
    status,
  } as Pod;
  return { subject: pod, pod, container: app, spec: pod.spec, namespace: 'ns', warnings: [] };
}

describe('fieldRef on a pod without (all of) its status', () => {
  it.each(['status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'])(
    '%s of a pod without a status: left out with a warning',
    (path) => {
      const context = podContext(undefined);
      expect(fieldValue('X', path, context)).toBeUndefined();
      expect(context.warnings).toEqual([`X: fieldRef ${path} is not supported or not set; left out`]);
    },
  );

  it('empty hostIPs and podIPs lists fall back to the single fields', () => {
    const context = podContext({ hostIP: '10.0.0.5', podIP: '10.244.0.9', hostIPs: [], podIPs: [] } as Pod['status']);
    expect(fieldValue('H', 'status.hostIP', context)?.value).toBe('10.0.0.5');
    expect(fieldValue('P', 'status.podIP', context)?.value).toBe('10.244.0.9');
  });

  it('the lists win over the single fields, joined with commas', () => {
    const context = podContext({
      hostIP: '10.0.0.5',
      hostIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }],
      podIP: '10.244.0.9',
      podIPs: [{ ip: '10.244.0.9' }, { ip: 'fd00:10::9' }],
    } as Pod['status']);
    expect(fieldValue('H', 'status.hostIPs', context)?.value).toBe('10.0.0.5,fd00::5');
    expect(fieldValue('P', 'status.podIPs', context)?.value).toBe('10.244.0.9,fd00:10::9');
  });
});

describe('labels and annotations of a pod template without metadata', () => {
  it("read as '' (no pod yet), not a crash", () => {
    const template = { spec: { containers: [container] } } as unknown as PodTemplateSpec;
    const context: DownwardContext = {
      subject: template,
      pod: undefined,
      container,
      spec: template.spec,
      namespace: 'ns',
      warnings: [],
    };
    expect(fieldValue('L', "metadata.labels['app']", context)).toEqual({ value: '', origin: 'field' });
    expect(fieldValue('A', "metadata.annotations['team']", context)).toEqual({ value: '', origin: 'field' });
    expect(context.warnings).toEqual([]);
  });

  it('only a whole bracketed path is a label or annotation', () => {
    const context = podContext({ phase: 'Running' });
    for (const path of ["metadata.labels['app']x", "xmetadata.labels['app']"]) {
      expect(fieldValue('L', path, context)).toBeUndefined();
    }
    expect(fieldValue('L', "metadata.labels['app']", context)?.value).toBe('api');
  });
});

describe('resourceFieldRef of a container without resources', () => {
  it('requests read as 0; limits are the node allocatable the spec cannot see, left out', () => {
    const context = podContext({ phase: 'Running' });
    expect(resourceValue('CPU_REQUEST', { resource: 'requests.cpu' }, context)?.value).toBe('0');
    expect(resourceValue('MEM_REQUEST', { resource: 'requests.memory' }, context)?.value).toBe('0');
    expect(resourceValue('CPU_LIMIT', { resource: 'limits.cpu' }, context)).toBeUndefined();
    expect(context.warnings).toHaveLength(1);
    expect(context.warnings[0]).toContain("node's allocatable cpu");
  });

  it('limits only: requests default to the limits', () => {
    const app: Container = { name: 'app', resources: { limits: { cpu: '2', memory: '1Gi' } } };
    const context = podContext({ phase: 'Running' }, app);
    expect(resourceValue('CPU_REQUEST', { resource: 'requests.cpu' }, context)?.value).toBe('2');
    expect(resourceValue('MEM_REQUEST', { resource: 'requests.memory', divisor: '1Mi' }, context)?.value).toBe('1024');
  });
});
