/**
 * The kubelet's service-link test (pkg/kubelet/envvars) and its `$(VAR)` expansion tests
 * (third_party/forked/golang/expansion), both at k8s.io/kubernetes@v1.34.4, run through the
 * simulated cluster and the spec source. Data: test/fixture/kubelet/{envvars,expansion}.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteEnv, type RemoteEnv } from '../../src/index';
import type { KubeObject } from '../../src/kube/objects';
import { expandKubeletReferences } from '../../src/sources/spec/expand';
import { serviceObject } from '../../src/testing/fixtures/builders';
import { podFixture } from '../../src/testing/index';
import { fromServices, fromServicesExpected } from '../fixture/kubelet/envvars';
import { dualContext, expansionCases, mappingContext, mapReference } from '../fixture/kubelet/expansion';
import { optionsFor, useCluster } from '../support/cluster';

const cluster = useCluster(() => [
  podFixture({ name: 'linked', namespace: 'envvars' }),
  podFixture({ name: 'expansion', namespace: 'expansion' }),
]);

const specEnv = (pod: string, namespace: string): Promise<RemoteEnv> =>
  fetchRemoteEnv(optionsFor(cluster(), { target: `pod/${pod}`, namespace, source: 'spec' }));

/** A pod with one container `app` whose env is `env`, replacing the fixture's. */
function podWithEnv(name: string, namespace: string, env: ReadonlyArray<{ name: string; value: string }>): KubeObject {
  const pod = cluster().get('pods', namespace, name) as unknown as { spec: { containers: { env?: unknown }[] } };
  const [first] = pod.spec.containers;
  if (first) first.env = env;
  return pod as unknown as KubeObject;
}

describe('TestFromServices (pkg/kubelet/envvars/envvars_test.go@v1.34.4)', () => {
  it('gives the 52 variables of the five services with a cluster IP, skipping None and empty', async () => {
    cluster().apply(
      ...fromServices.map(([name, clusterIP, ports]) =>
        serviceObject({
          name,
          namespace: 'envvars',
          clusterIP,
          ports: ports.map(([portName, port, protocol]) => ({
            ...(portName ? { name: portName } : {}),
            port,
            protocol: protocol as 'TCP',
          })),
          ...(clusterIP === '' ? { type: 'ExternalName' as const, externalName: 'example.com' } : {}),
        }),
      ),
    );
    const remote = (await specEnv('linked', 'envvars')).remote;
    const links = Object.entries(remote).filter(([name]) => !/^(KUBERNETES_|HOSTNAME$)/.test(name));
    expect(Object.fromEntries(links)).toEqual(Object.fromEntries(fromServicesExpected));
  });
});

describe('expansion tests (third_party/forked/golang/expansion/expand_test.go@v1.34.4)', () => {
  let remote: Record<string, string>;
  const caseName = (index: number) => `CASE_${String(index).padStart(2, '0')}`;

  beforeAll(async () => {
    // The context first (VAR_REF's `$$` keeps its value the literal `$(VAR_A)`, as the Go
    // context holds it), then one variable per case and TestMapReference's chain.
    const context = Object.entries(mappingContext).map(([name, value]) => ({
      name,
      value: name === 'VAR_REF' ? `$${value}` : value,
    }));
    const inputs = expansionCases.map(([, input], index) => ({ name: caseName(index), value: input }));
    const chain = mapReference.env.map(([name, value]) => ({ name, value }));
    cluster().apply(podWithEnv('expansion', 'expansion', [...context, ...inputs, ...chain]));
    remote = (await specEnv('expansion', 'expansion')).remote;
  });

  it('TestMapReference: each variable expands against those before it', () => {
    for (const [name, value] of Object.entries(mapReference.expected)) expect(remote[name]).toBe(value);
  });

  it('keeps the context as the Go test declares it', () => {
    expect(remote['VAR_REF']).toBe('$(VAR_A)');
    expect(remote['VAR_EMPTY']).toBe('');
  });

  describe('TestMapping, through the spec source', () => {
    expansionCases.forEach(([name, input, expected], index) => {
      it(`${name}: ${JSON.stringify(input)}`, () => {
        expect(remote[caseName(index)]).toBe(expected);
      });
    });
  });

  describe('TestMappingDual: declared variables, then service variables', () => {
    // Service-link names are fixed by the service (X_SERVICE_HOST...), so VAR_B cannot be one in a
    // cluster: the two maps go to the expansion the spec source uses, in its lookup order.
    const [declared, serviceVars] = dualContext;
    const lookup = (name: string) => (name in declared ? declared[name] : serviceVars[name]);
    for (const [name, input, expected] of expansionCases) {
      it(`${name}: ${JSON.stringify(input)}`, () => {
        expect(expandKubeletReferences(input, lookup)).toBe(expected);
      });
    }
  });
});
