import { describe, expect, it } from 'vitest';
import type { Container, KubeObject, Pod, Service } from '../../src/kube/objects';
import {
  demoFixtures,
  deploymentMidRollout,
  type Fixture,
  largeNamespaceFixture,
  podFixture,
  sharedProcessNamespacePod,
} from '../../src/testing/index';
import { environBytes, environEntries } from '../../src/testing/runtime/environ';
import { ObjectStore } from '../../src/testing/store';

function decode(environ: Buffer | Readonly<Record<string, string>>): Array<[string, string]> {
  return environEntries(environBytes(environ)).map((entry) => {
    const text = entry.toString('utf8');
    const equals = text.indexOf('=');
    return [text.slice(0, equals), text.slice(equals + 1)];
  });
}

const pods = (fixture: Fixture): Pod[] => fixture.objects.filter((object): object is Pod => object.kind === 'Pod');
const serviceVariable = (name: string): string => `${name.toUpperCase().replaceAll('-', '_')}_SERVICE_HOST`;

const fixtures: Array<[string, Fixture]> = [
  ...demoFixtures().map((fixture): [string, Fixture] => [pods(fixture)[0]?.metadata.namespace ?? '?', fixture]),
  ['podFixture', podFixture({ name: 'api-0', env: { A: '1', TEMPLATE: 'keep $(THIS) and $$ literal' } })],
  ['largeNamespaceFixture', largeNamespaceFixture({ pods: 250, deploymentReplicas: 120 })],
];

describe.each(fixtures)('fixture %s', (_name, fixture) => {
  it('is accepted by the store', () => {
    const store = new ObjectStore();
    for (const object of fixture.objects) expect(() => store.put(object)).not.toThrow();
  });

  it('gives every running container a runtime, and only those', () => {
    const expected = pods(fixture)
      .filter((pod) => pod.status?.phase === 'Running')
      .flatMap((pod) =>
        pod.spec.containers.map((container) => `${pod.metadata.namespace}/${pod.metadata.name}/${container.name}`),
      );
    const actual = fixture.containers.map((entry) => `${entry.namespace}/${entry.pod}/${entry.container}`);
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('composes each environ as containerd does: PATH, HOSTNAME, ..., with HOME, and contains every kubelet variable', () => {
    for (const entry of fixture.containers) {
      const pod = pods(fixture).find((candidate) => candidate.metadata.name === entry.pod);
      const environ = decode(entry.runtime.execEnviron ?? entry.runtime.environ);
      expect(environ[0]?.[0]).toBe('PATH');
      expect(environ[1]).toEqual(['HOSTNAME', pod?.spec.hostname ?? entry.pod]);
      expect(environ.some(([name]) => name === 'HOME')).toBe(true);
      const byName = new Map(environ);
      expect(byName.size).toBe(environ.length);
      for (const [name, value] of Object.entries(entry.kubeletEnv ?? {}))
        expect([name, byName.get(name)]).toEqual([name, value]);
    }
  });

  it('lists every declared variable with its literal value in kubeletEnv', () => {
    for (const entry of fixture.containers) {
      const pod = pods(fixture).find((candidate) => candidate.metadata.name === entry.pod);
      const container = pod?.spec.containers.find((candidate: Container) => candidate.name === entry.container);
      for (const variable of container?.env ?? []) {
        const optional =
          variable.valueFrom?.secretKeyRef?.optional === true || variable.valueFrom?.configMapKeyRef?.optional === true;
        if (!optional) expect(entry.kubeletEnv ?? {}).toHaveProperty([variable.name]);
        if (variable.value !== undefined && !variable.value.includes('$')) {
          expect([variable.name, entry.kubeletEnv?.[variable.name]]).toEqual([variable.name, variable.value]);
        }
      }
    }
  });

  it('has the service links of the namespace exactly when enableServiceLinks is on', () => {
    for (const entry of fixture.containers) {
      const pod = pods(fixture).find((candidate) => candidate.metadata.name === entry.pod);
      const kubeletEnv = entry.kubeletEnv ?? {};
      expect(kubeletEnv['KUBERNETES_SERVICE_HOST']).toBe('10.96.0.1');
      const declared = new Set(
        pod?.spec.containers.flatMap((container) => (container.env ?? []).map((variable) => variable.name)),
      );
      const services = fixture.objects.filter(
        (object): object is Service =>
          object.kind === 'Service' &&
          object.metadata.namespace === entry.namespace &&
          !!(object as Service).spec.clusterIP &&
          (object as Service).spec.clusterIP !== 'None',
      );
      for (const service of services) {
        const variable = serviceVariable(service.metadata.name);
        if (declared.has(variable)) continue;
        expect([variable, variable in kubeletEnv]).toEqual([variable, pod?.spec.enableServiceLinks !== false]);
      }
    }
  });

  it('points every ownerReference at an object of the fixture', () => {
    const known = new Set(
      fixture.objects.map((object: KubeObject) => `${object.kind}/${object.metadata.name}/${object.metadata.uid}`),
    );
    for (const object of fixture.objects) {
      for (const owner of object.metadata.ownerReferences ?? []) {
        expect(
          known.has(`${owner.kind}/${owner.name}/${owner.uid}`),
          `${object.metadata.name} -> ${owner.kind}/${owner.name}`,
        ).toBe(true);
      }
    }
  });
});

describe('fixture specifics', () => {
  it('deploymentMidRollout: the newest ReplicaSet matches the deployment revision, and an old pod is older and Ready', () => {
    const fixture = deploymentMidRollout();
    const deployment = fixture.objects.find((object) => object.kind === 'Deployment');
    const revision = deployment?.metadata.annotations?.['deployment.kubernetes.io/revision'];
    const newest = fixture.objects
      .filter((object) => object.kind === 'ReplicaSet')
      .sort(
        (a, b) =>
          Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']) -
          Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']),
      )[0];
    expect(newest?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe(revision);
    const hash = newest?.metadata.labels?.['pod-template-hash'];
    const [oldPod] = pods(fixture).filter((pod) => pod.metadata.labels?.['pod-template-hash'] !== hash);
    const newPods = pods(fixture).filter((pod) => pod.metadata.labels?.['pod-template-hash'] === hash);
    expect(oldPod?.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('True');
    for (const pod of newPods)
      expect(Date.parse(oldPod?.metadata.creationTimestamp ?? '')).toBeLessThan(
        Date.parse(pod.metadata.creationTimestamp ?? ''),
      );
    expect(
      newPods.map((pod) => pod.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).sort(),
    ).toEqual(['False', 'True']);
  });

  it('sharedProcessNamespacePod: the main process has a variable exec does not', () => {
    const [orders] = sharedProcessNamespacePod().containers;
    const main = new Map(decode(orders?.runtime.environ ?? {}));
    const exec = new Map(decode(orders?.runtime.execEnviron ?? {}));
    expect(main.get('NODE_OPTIONS')).toBe('--max-old-space-size=1536');
    expect(exec.has('NODE_OPTIONS')).toBe(false);
  });

  it('podFixture escapes $( so the value stays literal', () => {
    const fixture = podFixture({ name: 'api-0', env: { TEMPLATE: 'keep $(THIS) and $$ literal' } });
    const container = pods(fixture)[0]?.spec.containers[0];
    expect(container?.env?.[0]?.value).toBe('keep $$(THIS) and $$$ literal');
    expect(fixture.containers[0]?.kubeletEnv?.['TEMPLATE']).toBe('keep $(THIS) and $$ literal');
  });

  it('largeNamespaceFixture: 10,000 pods, 1,000 of them in deployment web', () => {
    const started = performance.now();
    const fixture = largeNamespaceFixture();
    console.log(
      `largeNamespaceFixture() built ${fixture.objects.length} objects in ${Math.round(performance.now() - started)} ms`,
    );
    const all = pods(fixture);
    expect(all).toHaveLength(10_000);
    expect(new Set(all.map((pod) => pod.metadata.name)).size).toBe(10_000);
    expect(all.filter((pod) => pod.metadata.labels?.['app'] === 'web')).toHaveLength(1000);
    expect(fixture.containers).toHaveLength(10_000);
  });
});
