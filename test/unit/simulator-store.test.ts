import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/objects';
import { createCertificateAuthority } from '../../src/testing/pki/certificates';
import { serveRead } from '../../src/testing/server/api';
import { requestInfo } from '../../src/testing/server/request-info';
import { humanDuration } from '../../src/testing/server/table/columns';
import { ObjectStore } from '../../src/testing/store';

function pod(name: string, namespace: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [] },
  } as KubeObject;
}

function read(store: ObjectStore, path: string, accept?: string) {
  const url = new URL(path, 'https://127.0.0.1');
  const reply = serveRead(requestInfo('GET', url), url.searchParams, accept, store);
  if ('status' in reply) return { code: reply.code, body: reply.status as unknown as Record<string, unknown> };
  return { code: reply.code, body: JSON.parse(reply.body) as Record<string, unknown>, contentType: reply.contentType };
}

describe('object store', () => {
  it('fills uid, creationTimestamp and a new resourceVersion, and puts kind and apiVersion first', () => {
    const store = new ObjectStore();
    const first = store.put(pod('api', 'shop'));
    const second = store.put({
      ...pod('api', 'shop'),
      metadata: { name: 'api', namespace: 'shop', labels: { v: '2' } },
    } as KubeObject);
    expect(first.object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.object.metadata.uid).toBe(first.object.metadata.uid);
    expect(Number(second.object.metadata.resourceVersion)).toBeGreaterThan(
      Number(first.object.metadata.resourceVersion),
    );
    expect(second.json.startsWith('{"kind":"Pod","apiVersion":"v1","metadata":{"name":"api","namespace":"shop"')).toBe(
      true,
    );
    expect(JSON.parse(second.itemJson)).not.toHaveProperty('kind');
  });

  it('creates the namespace of a namespaced object and folds Secret stringData into data', () => {
    const store = new ObjectStore();
    const secret = store.put({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'payments' },
      stringData: { password: 'pä55' },
    } as KubeObject);
    expect(secret.object).toMatchObject({ data: { password: Buffer.from('pä55').toString('base64') } });
    expect(secret.object).not.toHaveProperty('stringData');
    const namespace = read(store, '/api/v1/namespaces/payments');
    expect(namespace.body).toMatchObject({ kind: 'Namespace', status: { phase: 'Active' } });
  });

  it('rejects objects the cluster does not serve, naming them', () => {
    const store = new ObjectStore();
    expect(() => store.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } })).toThrow(
      'the simulated cluster does not serve v1 Node',
    );
  });
});

describe('reads', () => {
  const store = new ObjectStore();
  for (let index = 0; index < 25; index++) {
    store.put(pod(`web-${String(index).padStart(2, '0')}`, 'shop', { app: 'web', shard: String(index % 2) }));
  }
  store.put(pod('db-0', 'shop', { app: 'db' }));
  store.put(pod('web-00', 'other', { app: 'web' }));

  it('GET returns the object with kind; 404 names the resource like the API server', () => {
    expect(read(store, '/api/v1/namespaces/shop/pods/db-0').body).toMatchObject({
      kind: 'Pod',
      metadata: { name: 'db-0' },
    });
    expect(read(store, '/api/v1/namespaces/shop/pods/nope')).toEqual({
      code: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', kind: 'pods' },
        code: 404,
      },
    });
    expect(read(store, '/apis/apps/v1/namespaces/shop/deployments/x').body).toMatchObject({
      message: 'deployments.apps "x" not found',
      details: { group: 'apps', kind: 'deployments' },
    });
  });

  it('LIST items carry no kind, come in key order and honour label selectors', () => {
    const list = read(store, '/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb,shard%3D1');
    const items = list.body['items'] as Array<Record<string, unknown>>;
    expect(list.body['kind']).toBe('PodList');
    expect(items).toHaveLength(12);
    expect(items[0]).not.toHaveProperty('kind');
    expect(items.map((item) => (item['metadata'] as { name: string }).name).slice(0, 3)).toEqual([
      'web-01',
      'web-03',
      'web-05',
    ]);
    const all = read(store, '/api/v1/pods').body['items'] as unknown[];
    expect(all).toHaveLength(27);
  });

  it('paginates with limit and an opaque continue token, with remainingItemCount when unfiltered', () => {
    const names: string[] = [];
    let path = '/api/v1/namespaces/shop/pods?limit=10';
    const pages: Array<Record<string, unknown>> = [];
    for (;;) {
      const page = read(store, path).body;
      pages.push(page['metadata'] as Record<string, unknown>);
      names.push(...(page['items'] as Array<{ metadata: { name: string } }>).map((item) => item.metadata.name));
      const token = (page['metadata'] as { continue?: string }).continue;
      if (!token) break;
      path = `/api/v1/namespaces/shop/pods?limit=10&continue=${encodeURIComponent(token)}`;
    }
    expect(names).toHaveLength(26);
    expect(new Set(names).size).toBe(26);
    expect(pages.map((page) => page['remainingItemCount'])).toEqual([16, 6, undefined]);
    const filtered = read(store, '/api/v1/namespaces/shop/pods?limit=5&labelSelector=app%3Dweb').body;
    expect(filtered['metadata']).toHaveProperty('continue');
    expect(filtered['metadata']).not.toHaveProperty('remainingItemCount');
  });

  it('rejects bad selectors and continue tokens with 400', () => {
    expect(read(store, '/api/v1/namespaces/shop/pods?labelSelector=app%20in').body).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: "unable to parse requirement: found '' expected: '('",
    });
    expect(read(store, '/api/v1/namespaces/shop/pods?continue=%%%').body).toMatchObject({ code: 400 });
    expect(read(store, '/api/v1/namespaces/shop/pods?fieldSelector=spec.foo%3Dx').body).toMatchObject({
      message: 'field label not supported: spec.foo',
    });
    expect(read(store, '/api/v1/namespaces/shop/configmaps?fieldSelector=data.x%3Dy').body).toMatchObject({
      message: '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    });
  });

  it('filters on metadata.name and metadata.namespace field selectors', () => {
    const items = read(store, '/api/v1/pods?fieldSelector=metadata.name%3Dweb-00').body['items'] as unknown[];
    expect(items).toHaveLength(2);
    const other = read(store, '/api/v1/pods?fieldSelector=metadata.name%3Dweb-00,metadata.namespace!%3Dshop').body;
    expect(other['items']).toHaveLength(1);
  });

  it('answers as=Table with the server-side columns', () => {
    const table = read(
      store,
      '/api/v1/namespaces/shop/pods/db-0',
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    );
    expect(table.contentType).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    const columns = (table.body['columnDefinitions'] as Array<{ name: string; priority: number }>)
      .filter((column) => column.priority === 0)
      .map((column) => column.name);
    expect(columns).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect((table.body['rows'] as Array<{ cells: unknown[] }>)[0]?.cells.slice(0, 2)).toEqual(['db-0', '0/0']);
  });
});

describe('AGE column', () => {
  it('formats durations like kubectl', () => {
    expect(
      [5e3, 119e3, 150e3, 600e3, 3 * 3600e3 + 60e3, 26 * 3600e3, 3 * 86400e3 + 3600e3, 400 * 86400e3].map(
        humanDuration,
      ),
    ).toEqual(['5s', '119s', '2m30s', '10m', '3h1m', '26h', '3d1h', '400d']);
  });
});

describe('certificates', () => {
  it('issues a server certificate for 127.0.0.1 and client certificates signed by the CA', () => {
    const ca = createCertificateAuthority();
    const caCertificate = new X509Certificate(ca.certPem);
    const server = new X509Certificate(
      ca.issue({ commonName: 'kube-apiserver', usage: 'server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] })
        .certPem,
    );
    const client = new X509Certificate(
      ca.issue({ commonName: 'alice', organizations: ['devs'], usage: 'client' }).certPem,
    );
    expect(caCertificate.ca).toBe(true);
    expect(server.verify(caCertificate.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(client.verify(caCertificate.publicKey)).toBe(true);
    expect(client.subject).toBe('O=devs\nCN=alice');
    expect(client.verify(new X509Certificate(createCertificateAuthority().certPem).publicKey)).toBe(false);
  });
});
