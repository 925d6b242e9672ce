/**
 * The spec source against the simulated cluster, for what the kubelet's table test
 * (kubelet-cases.test.ts) does not reach: values taken by key from ConfigMaps and Secrets, a
 * missing key that is not optional, HOSTNAME as the runtime sets it (pkg/kubelet/util/hostname.go
 * and truncatePodHostnameIfNeeded in pkg/kubelet/kubelet_pods.go@v1.34.4: the pod name cut to 63
 * characters, trailing '-' and '.' removed), and a Secret that is not valid UTF-8.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteEnv, isKubenvError, type NotFoundError } from '../../src/index';
import type { KubeObject } from '../../src/kube/objects';
import { serviceObject } from '../../src/testing/fixtures/builders';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/testing/index';
import { optionsFor } from '../support/cluster';

const NS = 'spec-behaviour';
let cluster: SimulatedCluster;

beforeAll(async () => {
  cluster = await startSimulatedCluster();
  cluster.apply(
    object('ConfigMap', 'settings', { data: { LOG_LEVEL: 'debug', REGION: 'eu-west-1' } }),
    object('Secret', 'credentials', {
      type: 'Opaque',
      data: { password: b64('hunter2-ü'), token: b64('t0ken') },
    }),
    object('Secret', 'binary', {
      type: 'Opaque',
      // 0xff and 0xfe never occur in UTF-8; "ok" around them.
      data: { blob: Buffer.from([0x6f, 0xff, 0xfe, 0x6b]).toString('base64'), fine: b64('plain') },
    }),
  );
});
afterAll(async () => {
  await cluster?.stop();
});

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function object(kind: string, name: string, rest: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { name, namespace: NS }, ...rest } as KubeObject;
}

interface PodShape {
  readonly env?: readonly object[];
  readonly envFrom?: readonly object[];
  readonly hostname?: string;
}

/** Puts a pod with one container `app` in place, reads it by spec, and removes the pod again. */
async function readPod(name: string, shape: PodShape, serviceLinks = false, namespace = NS) {
  cluster.apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      nodeName: 'node-1',
      enableServiceLinks: serviceLinks,
      ...(shape.hostname ? { hostname: shape.hostname } : {}),
      containers: [{ name: 'app', image: 'busybox', env: shape.env ?? [], envFrom: shape.envFrom ?? [] }],
    },
    status: { phase: 'Running' },
  } as KubeObject);
  try {
    return await fetchRemoteEnv(optionsFor(cluster, { target: `pod/${name}`, namespace, source: 'spec' }));
  } finally {
    cluster.remove('pods', namespace, name);
  }
}

describe('values by key', () => {
  it('configMapKeyRef and secretKeyRef bring the value, each with its origin', async () => {
    const remote = await readPod('by-key', {
      env: [
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'LOG_LEVEL' } } },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'credentials', key: 'password' } } },
      ],
    });
    expect(remote.remote['LEVEL']).toBe('debug');
    expect(remote.remote['DB_PASSWORD']).toBe('hunter2-ü');
    expect(remote.origins['LEVEL']).toBe('configmap');
    expect(remote.origins['DB_PASSWORD']).toBe('secret');
    expect(remote.secretNames).toContain('DB_PASSWORD');
    expect(remote.secretNames).not.toContain('LEVEL');
    expect(remote.warnings).toEqual([]);
  });

  it.each([
    ['configMapKeyRef', 'settings', 'configmap'],
    ['secretKeyRef', 'credentials', 'secret'],
  ] as const)(
    'a missing key of an existing object, not optional: refused as the kubelet refuses it (%s)',
    async (ref, name, kind) => {
      const error = await readPod(`missing-key-${kind}`, {
        env: [
          { name: 'FIRST', value: 'x' },
          { name: 'WANTED', valueFrom: { [ref]: { name, key: 'NOPE' } } },
        ],
      }).catch((e: unknown) => e);
      expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
      const notFound = error as NotFoundError;
      expect(notFound.key).toBe('NOPE');
      expect(notFound.object).toEqual({ kind, name, namespace: NS });
      expect(notFound.hint).toContain('WANTED');
      // Nothing of the Secret's values in the message or the hint.
      expect(`${notFound.message} ${notFound.hint}`).not.toMatch(/hunter2|t0ken/);
    },
  );

  it('the same missing key, optional: the variable is left out and the rest is read', async () => {
    const remote = await readPod('optional-key', {
      env: [
        { name: 'WANTED', valueFrom: { secretKeyRef: { name: 'credentials', key: 'NOPE', optional: true } } },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'credentials', key: 'token' } } },
      ],
    });
    expect(Object.hasOwn(remote.remote, 'WANTED')).toBe(false);
    expect(remote.remote['TOKEN']).toBe('t0ken');
  });

  it.each([
    ['configMapKeyRef', 'configmap'],
    ['secretKeyRef', 'secret'],
  ] as const)('a missing object behind a %s that is not optional is refused', async (ref, kind) => {
    const error = await readPod(`missing-object-${kind}`, {
      env: [{ name: 'WANTED', valueFrom: { [ref]: { name: 'absent', key: 'k' } } }],
    }).catch((e: unknown) => e);
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    expect((error as NotFoundError).object).toEqual({ kind, name: 'absent', namespace: NS });
    expect((error as NotFoundError).key).toBeUndefined();
  });

  it.each([
    ['configMapRef', 'configmap'],
    ['secretRef', 'secret'],
  ] as const)('envFrom a missing %s, not optional, is refused even after one that exists', async (ref, kind) => {
    const error = await readPod(`missing-from-${kind}`, {
      envFrom: [{ configMapRef: { name: 'settings' } }, { [ref]: { name: 'absent' } }],
    }).catch((e: unknown) => e);
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    expect((error as NotFoundError).object).toEqual({ kind, name: 'absent', namespace: NS });
  });
});

describe('HOSTNAME, as the container runtime sets it', () => {
  it('a pod name longer than 63 characters is cut to 63, without a trailing dash or dot', async () => {
    const dashes = await readPod(`${'a'.repeat(61)}--${'b'.repeat(10)}`, {});
    expect(dashes.remote['HOSTNAME']).toBe('a'.repeat(61));
    expect(dashes.origins['HOSTNAME']).toBe('runtime');
    const dot = await readPod(`${'a'.repeat(62)}.${'b'.repeat(10)}`, {});
    expect(dot.remote['HOSTNAME']).toBe('a'.repeat(62));
    const plain = await readPod(`${'a'.repeat(60)}${'b'.repeat(10)}`, {});
    expect(plain.remote['HOSTNAME']).toBe(`${'a'.repeat(60)}bbb`);
    // Only the end is trimmed: a dash inside the kept part stays.
    const inner = await readPod(`web-${'a'.repeat(70)}`, {});
    expect(inner.remote['HOSTNAME']).toBe(`web-${'a'.repeat(59)}`);
  });

  it('a name of exactly 63 characters is kept whole', async () => {
    const name = `${'c'.repeat(62)}d`;
    expect((await readPod(name, {})).remote['HOSTNAME']).toBe(name);
  });

  it('spec.hostname wins over the pod name', async () => {
    expect((await readPod('named-host', { hostname: 'web-0' })).remote['HOSTNAME']).toBe('web-0');
  });

  it('HOSTNAME set in the spec is kept, from env or from envFrom', async () => {
    const fromEnv = await readPod('own-hostname', { env: [{ name: 'HOSTNAME', value: 'chosen-by-spec' }] });
    expect(fromEnv.remote['HOSTNAME']).toBe('chosen-by-spec');
    expect(fromEnv.origins['HOSTNAME']).toBe('literal');
    cluster.apply(object('ConfigMap', 'host', { data: { HOSTNAME: 'from-configmap' } }));
    try {
      const fromEnvFrom = await readPod('own-hostname-2', { envFrom: [{ configMapRef: { name: 'host' } }] });
      expect(fromEnvFrom.remote['HOSTNAME']).toBe('from-configmap');
    } finally {
      cluster.remove('configmaps', NS, 'host');
    }
  });
});

describe('a Secret value that is not valid UTF-8', () => {
  it('is never decoded silently: a warning names the key and the Secret, never the bytes', async () => {
    const remote = await readPod('binary-secret', {
      env: [
        { name: 'BLOB', valueFrom: { secretKeyRef: { name: 'binary', key: 'blob' } } },
        { name: 'FINE', valueFrom: { secretKeyRef: { name: 'binary', key: 'fine' } } },
      ],
    });
    expect(remote.remote['BLOB']).toBe('o\uFFFD\uFFFDk');
    expect(remote.remote['FINE']).toBe('plain');
    const about = remote.warnings.filter((w) => w.includes('not valid UTF-8'));
    expect(about).toHaveLength(1);
    expect(about[0]).toContain('key blob of secret binary');
    expect(about[0]).not.toContain('o\uFFFD');
  });

  it('a reference to another key of that Secret gives no warning about it', async () => {
    const remote = await readPod('binary-secret-other-key', {
      env: [{ name: 'FINE', valueFrom: { secretKeyRef: { name: 'binary', key: 'fine' } } }],
    });
    expect(remote.remote['FINE']).toBe('plain');
    expect(remote.warnings).toEqual([]);
  });

  it('through envFrom as well', async () => {
    const remote = await readPod('binary-secret-from', { envFrom: [{ secretRef: { name: 'binary' } }] });
    expect(remote.remote['blob']).toBe('o\uFFFD\uFFFDk');
    expect(remote.warnings.some((w) => w.includes('key blob of secret binary') && w.includes('UTF-8'))).toBe(true);
  });
});

describe('services kubenv may not read', () => {
  it('listing the namespace forbidden: service links left out with a warning, the rest read', async () => {
    cluster.faults.deny({ verb: 'list', resource: 'services', namespace: NS });
    try {
      const remote = await readPod('no-list', { env: [{ name: 'A', value: '1' }] }, true);
      expect(remote.remote['A']).toBe('1');
      expect(remote.warnings).toContain(
        `cannot list services in namespace "${NS}" (forbidden): service-link variables are missing`,
      );
      // default/kubernetes is read by name, so its variables are still there.
      expect(remote.remote['KUBERNETES_SERVICE_HOST']).toBeDefined();
    } finally {
      cluster.faults.clear();
    }
  });

  it('default/kubernetes forbidden: its variables left out with a warning', async () => {
    cluster.faults.deny({ verb: 'get', resource: 'services', namespace: 'default' });
    try {
      const remote = await readPod('no-master', { env: [{ name: 'A', value: '1' }] }, true);
      expect(remote.remote['A']).toBe('1');
      expect(remote.warnings).toContain(
        'cannot get service default/kubernetes (forbidden): KUBERNETES_SERVICE_* variables are missing',
      );
      expect(Object.keys(remote.remote).some((name) => name.startsWith('KUBERNETES_'))).toBe(false);
    } finally {
      cluster.faults.clear();
    }
  });
});

describe('envFrom keys that are not IsEnvVarName names, by server version', () => {
  it.each([
    [{ major: '2', minor: '0' }, true],
    [{ major: '1', minor: '30' }, true],
    [{ major: '1', minor: '29' }, false],
    // No version kubenv can read (client.ts, serverVersion): taken as a current server.
    [{ major: '', minor: '' }, true],
  ])('server %j keeps them: %s', async (serverVersion, kept) => {
    const other = await startSimulatedCluster({ serverVersion });
    try {
      // `1ST` fails at its first character, `DB URL` only after a valid start.
      other.apply(
        object('ConfigMap', 'odd-keys', { data: { '1ST': 'a', GOOD: 'b', 'DB URL': 'c', 'my.key-2': 'd' } }),
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'odd', namespace: NS },
          spec: {
            nodeName: 'node-1',
            enableServiceLinks: false,
            containers: [{ name: 'app', image: 'busybox', envFrom: [{ configMapRef: { name: 'odd-keys' } }] }],
          },
          status: { phase: 'Running' },
        } as KubeObject,
      );
      const remote = await fetchRemoteEnv(optionsFor(other, { target: 'pod/odd', namespace: NS, source: 'spec' }));
      expect(remote.remote['GOOD']).toBe('b');
      expect(remote.remote['my.key-2']).toBe('d');
      expect(Object.hasOwn(remote.remote, '1ST')).toBe(kept);
      expect(Object.hasOwn(remote.remote, 'DB URL')).toBe(kept);
      expect(remote.warnings).toEqual(
        kept
          ? []
          : [
              'ConfigMap odd-keys: keys that are not valid env names were skipped, as kubelets before 1.30 skip them: 1ST, DB URL',
            ],
      );
    } finally {
      await other.stop();
    }
  });
});

describe('data that is not what the API server sends (a proxy or another server in between)', () => {
  it('a value that is not a string, or data that is not a mapping: skipped with a warning', async () => {
    cluster.apply(
      object('ConfigMap', 'odd-values', { data: { NUM: 5, OK: 'y' } }),
      object('Secret', 'odd-data', { type: 'Opaque', data: ['not', 'a', 'map'] }),
    );
    try {
      const remote = await readPod('odd-data', {
        envFrom: [{ configMapRef: { name: 'odd-values' } }, { secretRef: { name: 'odd-data' } }],
      });
      expect(remote.remote['OK']).toBe('y');
      expect(Object.hasOwn(remote.remote, 'NUM')).toBe(false);
      expect(remote.warnings).toContain('key NUM of configmap odd-values is not a string; it was skipped');
      expect(remote.warnings).toContain('the data of secret odd-data is not a mapping; it was skipped');
      // Nothing at all came from the Secret.
      expect(remote.secretNames).toEqual([]);
    } finally {
      cluster.remove('configmaps', NS, 'odd-values');
      cluster.remove('secrets', NS, 'odd-data');
    }
  });

  it('data that is a string is not a mapping either: none of its characters become variables', async () => {
    cluster.apply(object('ConfigMap', 'string-data', { data: 'AB' }));
    try {
      const remote = await readPod('string-data', { envFrom: [{ configMapRef: { name: 'string-data' } }] });
      expect(remote.warnings).toEqual(['the data of configmap string-data is not a mapping; it was skipped']);
      expect(Object.values(remote.origins)).not.toContain('configmap');
    } finally {
      cluster.remove('configmaps', NS, 'string-data');
    }
  });

  it.each([
    ['no data', {}],
    ['data: null', { data: null }],
  ])('an object with %s gives nothing and no warning, as an empty one', async (_, rest) => {
    cluster.apply(object('ConfigMap', 'no-data', rest), object('Secret', 'no-data', { type: 'Opaque', ...rest }));
    try {
      const remote = await readPod('no-data', {
        envFrom: [{ configMapRef: { name: 'no-data' } }, { secretRef: { name: 'no-data' } }],
      });
      expect(remote.warnings).toEqual([]);
      expect(Object.values(remote.origins).filter((o) => o === 'configmap' || o === 'secret')).toEqual([]);
    } finally {
      cluster.remove('configmaps', NS, 'no-data');
      cluster.remove('secrets', NS, 'no-data');
    }
  });
});

describe('service-link variables', () => {
  it('come with the origin service-link, after env and envFrom, which win over them', async () => {
    cluster.apply(serviceObject({ name: 'orders', namespace: NS, clusterIP: '10.0.0.21', ports: [{ port: 8080 }] }));
    try {
      const remote = await readPod('links', { env: [{ name: 'ORDERS_SERVICE_PORT', value: 'mine' }] }, true);
      expect(remote.remote['ORDERS_SERVICE_HOST']).toBe('10.0.0.21');
      expect(remote.origins['ORDERS_SERVICE_HOST']).toBe('service-link');
      expect(remote.remote['ORDERS_SERVICE_PORT']).toBe('mine');
      expect(remote.origins['ORDERS_SERVICE_PORT']).toBe('literal');
    } finally {
      cluster.remove('services', NS, 'orders');
    }
  });

  it("a service named kubernetes in the pod's own namespace wins over default/kubernetes", async () => {
    cluster.apply(
      serviceObject({ name: 'kubernetes', namespace: NS, clusterIP: '10.0.0.99', ports: [{ port: 8443 }] }),
    );
    try {
      const remote = await readPod('own-kubernetes', {}, true);
      expect(remote.remote['KUBERNETES_SERVICE_HOST']).toBe('10.0.0.99');
      expect(remote.remote['KUBERNETES_SERVICE_PORT']).toBe('8443');
    } finally {
      cluster.remove('services', NS, 'kubernetes');
    }
  });

  it('in namespace default the list of services already holds kubernetes: no get of it, so no denial matters', async () => {
    cluster.faults.deny({ verb: 'get', resource: 'services', namespace: 'default' });
    try {
      const remote = await readPod('in-default', {}, true, 'default');
      expect(remote.remote['KUBERNETES_SERVICE_HOST']).toBeDefined();
      expect(remote.warnings).toEqual([]);
    } finally {
      cluster.faults.clear();
    }
  });

  it.each([
    ['getting default/kubernetes', { verb: 'get', resource: 'services', namespace: 'default' }],
    ['listing the namespace', { verb: 'list', resource: 'services', namespace: NS }],
  ])('a failure other than forbidden when %s is an error, not a warning', async (_, match) => {
    cluster.faults.fail({ status: 400, count: 1, match });
    try {
      const error = await readPod('services-fail', {}, true).catch((e: unknown) => e);
      expect(isKubenvError(error, 'KUBE_API')).toBe(true);
    } finally {
      cluster.faults.clear();
    }
  });
});

describe('$(VAR) in a literal value, and the origin it gets', () => {
  it('a literal that uses a ConfigMap value or a service variable stays literal; one that uses a Secret is secret', async () => {
    const remote = await readPod('expansion-origins', {
      env: [
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'LOG_LEVEL' } } },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'credentials', key: 'token' } } },
        { name: 'WITH_LEVEL', value: 'level=$(LEVEL)' },
        { name: 'WITH_SERVICE', value: 'https://$(KUBERNETES_SERVICE_HOST)' },
        { name: 'WITH_UNKNOWN', value: '$(NOT_DEFINED)' },
        { name: 'WITH_TOKEN', value: 'Bearer $(TOKEN)' },
      ],
    });
    expect(remote.remote['WITH_LEVEL']).toBe('level=debug');
    expect(remote.remote['WITH_SERVICE']).toBe(`https://${remote.remote['KUBERNETES_SERVICE_HOST']}`);
    expect(remote.remote['WITH_UNKNOWN']).toBe('$(NOT_DEFINED)');
    expect(remote.remote['WITH_TOKEN']).toBe('Bearer t0ken');
    expect(remote.origins).toMatchObject({
      WITH_LEVEL: 'literal',
      WITH_SERVICE: 'literal',
      WITH_UNKNOWN: 'literal',
      WITH_TOKEN: 'secret',
    });
    expect(remote.secretNames).toEqual(expect.arrayContaining(['TOKEN', 'WITH_TOKEN']));
    expect(remote.secretNames).not.toContain('WITH_LEVEL');
  });
});

describe('an env entry without a value', () => {
  it('an entry with an empty value and no valueFrom is an empty literal', async () => {
    const remote = await readPod('blank-value', { env: [{ name: 'BLANK', value: '' }, { name: 'BARE' }] });
    expect(remote.remote).toMatchObject({ BLANK: '', BARE: '' });
    expect(remote.origins).toMatchObject({ BLANK: 'literal', BARE: 'literal' });
  });
});

describe('references the API server would refuse, read as the kubelet reads them', () => {
  it('an envFrom entry with neither configMapRef nor secretRef adds nothing', async () => {
    const remote = await readPod('envfrom-neither', { envFrom: [{ prefix: 'X_' }], env: [{ name: 'A', value: '1' }] });
    expect(remote.remote['A']).toBe('1');
    expect(Object.keys(remote.remote).filter((name) => name.startsWith('X_'))).toEqual([]);
  });

  it('configMapRef and secretRef in one entry, or in one valueFrom: the ConfigMap is used', async () => {
    const remote = await readPod('both-refs', {
      envFrom: [{ configMapRef: { name: 'settings' }, secretRef: { name: 'credentials' } }],
      env: [
        {
          name: 'BOTH',
          valueFrom: {
            configMapKeyRef: { name: 'settings', key: 'REGION' },
            secretKeyRef: { name: 'credentials', key: 'token' },
          },
        },
      ],
    });
    expect(remote.remote['LOG_LEVEL']).toBe('debug');
    expect(Object.hasOwn(remote.remote, 'password')).toBe(false);
    expect(remote.remote['BOTH']).toBe('eu-west-1');
    expect(remote.origins['BOTH']).toBe('configmap');
  });

  it.each([
    ['envFrom', { envFrom: [{ configMapRef: {} }] }],
    ['valueFrom', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { key: 'k' } } }] }],
  ])('%s: a reference without a name, not optional, is refused for the object named ""', async (_, shape) => {
    const error = await readPod('no-name', shape).catch((e: unknown) => e);
    expect(isKubenvError(error, 'NOT_FOUND')).toBe(true);
    expect((error as NotFoundError).object).toEqual({ kind: 'configmap', name: '', namespace: NS });
  });

  it('a valueFrom with no source the kubelet knows gives an empty value', async () => {
    const remote = await readPod('empty-value-from', { env: [{ name: 'EMPTY', valueFrom: {} }] });
    expect(remote.remote['EMPTY']).toBe('');
    expect(remote.origins['EMPTY']).toBe('literal');
  });

  it('a value set next to a valueFrom wins, and the valueFrom object is not even read', async () => {
    cluster.faults.deny({ verb: 'get', resource: 'secrets', namespace: NS });
    try {
      const remote = await readPod('value-and-from', {
        env: [{ name: 'BOTH', value: 'plain', valueFrom: { secretKeyRef: { name: 'credentials', key: 'token' } } }],
      });
      expect(remote.remote['BOTH']).toBe('plain');
      expect(remote.origins['BOTH']).toBe('literal');
    } finally {
      cluster.faults.clear();
    }
  });
});

describe('a value read from a file (fileKeyRef, Kubernetes 1.34)', () => {
  it('is left out with a warning: the file is in a pod volume the spec source cannot see', async () => {
    const remote = await readPod('file-key', {
      env: [
        { name: 'FROM_FILE', valueFrom: { fileKeyRef: { volumeName: 'config', path: 'app.env', key: 'TOKEN' } } },
        { name: 'A', value: '1' },
      ],
    });
    expect(Object.hasOwn(remote.remote, 'FROM_FILE')).toBe(false);
    expect(remote.remote['A']).toBe('1');
    expect(remote.warnings).toEqual([
      'FROM_FILE: valueFrom.fileKeyRef is read from a file in a pod volume, which the spec source cannot see; left out',
    ]);
  });
});
