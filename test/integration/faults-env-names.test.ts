/**
 * Attacks with variable names that are also members of every JavaScript object (`constructor`,
 * `toString`, `valueOf`, `hasOwnProperty`, `__proto__`), through both sources and into
 * process.env; and a ConfigMap reference whose key is missing.
 */
import { describe, expect, it } from 'vitest';
import { fetchRemoteEnv, withRemoteEnv } from '../../src/index';
import { podObject } from '../../src/testing/fixtures/pod-object';
import type { Fixture } from '../../src/testing/index';
import { EMPTY_PROJECT, optionsFor, useCluster } from '../support/cluster';

const ODD = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'] as const;
const namespace = 'odd';
// Built from entries: a `__proto__` key in an object literal would set the prototype instead.
const configData = Object.fromEntries(ODD.map((name) => [name, `cm-${name}`]));

/** A pod whose one variable reads `ref` of a ConfigMap. */
function podReading(name: string, ref: { name: string; key: string }) {
  return podObject({
    name,
    namespace,
    createdAgo: 60_000,
    spec: {
      enableServiceLinks: false,
      containers: [{ name: 'app', image: 'busybox', env: [{ name: 'X', valueFrom: { configMapKeyRef: ref } }] }],
    },
  });
}

function oddFixture(): Fixture {
  const environ = Buffer.from(`${ODD.map((name) => `${name}=exec-${name}`).join('\0')}\0`);
  return {
    objects: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'odd-config', namespace }, data: configData } as never,
      podObject({
        name: 'odd',
        namespace,
        createdAgo: 60_000,
        spec: {
          enableServiceLinks: false,
          containers: [{ name: 'app', image: 'busybox', envFrom: [{ configMapRef: { name: 'odd-config' } }] }],
        },
      }),
      podReading('billing', { name: 'odd-config', key: 'RATE' }),
      // `hasOwnProperty` is no key of the ConfigMap's data: an inherited member must not count.
      podReading('proto-key', { name: 'other', key: 'hasOwnProperty' }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other', namespace }, data: { A: '1' } } as never,
    ],
    containers: [{ namespace, pod: 'odd', container: 'app', runtime: { environ }, kubeletEnv: {} }],
  };
}

const cluster = useCluster(() => [oddFixture()]);

describe('variables named like Object.prototype members', () => {
  for (const source of ['exec', 'spec'] as const) {
    it(`are read as plain variables by the ${source} source`, async () => {
      const remote = await fetchRemoteEnv(optionsFor(cluster(), { target: 'pod/odd', namespace, source }));
      const prefix = source === 'exec' ? 'exec' : 'cm';
      for (const name of ODD) {
        expect(Object.hasOwn(remote.remote, name), name).toBe(true);
        expect(remote.remote[name]).toBe(`${prefix}-${name}`);
        expect(typeof remote.origins[name]).toBe('string');
      }
    });
  }

  it('are applied to process.env and restored exactly, leaving no inherited member behind', async () => {
    const before = { ...process.env };
    await withRemoteEnv(
      () => {
        for (const name of ODD) expect(process.env[name]).toBe(`exec-${name}`);
      },
      { target: 'pod/odd', namespace, source: 'exec', kubeconfig: cluster().kubeconfigPath, cwd: EMPTY_PROJECT },
    );
    for (const name of ODD) expect(Object.hasOwn(process.env, name), name).toBe(false);
    expect({ ...process.env }).toEqual(before);
  });
});

describe('a ConfigMap reference whose key is missing', () => {
  it('names the key, not a missing ConfigMap', async () => {
    const error = await fetchRemoteEnv(
      optionsFor(cluster(), { target: 'pod/billing', namespace, source: 'spec' }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', key: 'RATE' });
    expect((error as Error).message).toContain('Key "RATE" not found in configmap "odd-config"');
    expect((error as Error).message).toContain('exists');
  });

  it('does not take an inherited member for a key', async () => {
    const error = await fetchRemoteEnv(
      optionsFor(cluster(), { target: 'pod/proto-key', namespace, source: 'spec' }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', key: 'hasOwnProperty' });
  });
});
