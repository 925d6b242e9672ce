/**
 * The simulated cluster's object store. Objects are kept as their JSON text, serialized once
 * when stored, so a LIST of 10,000 pods joins strings instead of cloning and stringifying every
 * object per request. Lists come back in etcd key order (`<namespace>/<name>`), as on a real
 * server.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta } from '../kube/objects';
import type { ResourceDefinition } from './server/resources';
import { groupVersionOf, lookupResource, resourceForKind } from './server/resources';

/** One stored object. `object` is parsed lazily and shared: never mutate it. */
export interface StoredRecord {
  readonly definition: ResourceDefinition;
  /** `''` for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
  /** `<namespace>/<name>` (or `<name>`): the sort and continue key. */
  readonly key: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly resourceVersion: number;
  /** The object with `kind` and `apiVersion`, as a GET returns it. */
  readonly json: string;
  /** The object without `kind` and `apiVersion`, as a list item. */
  readonly itemJson: string;
  readonly object: KubeObject;
}

/** A change, for watches. */
export interface StoreEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly record: StoredRecord;
}

class Record_ implements StoredRecord {
  readonly definition: ResourceDefinition;
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly resourceVersion: number;
  readonly json: string;
  readonly itemJson: string;
  #object: KubeObject | undefined;

  constructor(definition: ResourceDefinition, object: KubeObject, resourceVersion: number) {
    this.definition = definition;
    this.namespace = object.metadata.namespace ?? '';
    this.name = object.metadata.name;
    this.key = this.namespace === '' ? this.name : `${this.namespace}/${this.name}`;
    this.labels = object.metadata.labels;
    this.resourceVersion = resourceVersion;
    this.json = JSON.stringify(object);
    // kind and apiVersion are the first two keys (see normalize), so a list item is the tail.
    const prefix = `{"kind":${JSON.stringify(object.kind)},"apiVersion":${JSON.stringify(object.apiVersion)},`;
    this.itemJson = this.json.startsWith(prefix) ? `{${this.json.slice(prefix.length)}` : this.json;
    this.#object = object;
  }

  get object(): KubeObject {
    this.#object ??= JSON.parse(this.json) as KubeObject;
    return this.#object;
  }
}

function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** In-memory object store with the API server's bookkeeping (uid, resourceVersion, ...). */
export class ObjectStore {
  #resourceVersion = 1000;
  readonly #objects = new Map<ResourceDefinition, Map<string, Record_>>();
  readonly #sorted = new Map<ResourceDefinition, Map<string, StoredRecord[]>>();
  readonly #listeners = new Set<(event: StoreEvent) => void>();

  /** The current resourceVersion of the whole store. */
  get resourceVersion(): number {
    return this.#resourceVersion;
  }

  /** The resource that stores `object`, from its apiVersion and kind. */
  definitionOf(object: KubeObject): ResourceDefinition {
    const { apiVersion, kind } = object;
    if (typeof kind !== 'string' || typeof apiVersion !== 'string') {
      throw new TypeError(
        `Cannot store ${JSON.stringify(object.metadata?.name)}: an object needs "apiVersion" and "kind" (e.g. "v1" / "Pod").`,
      );
    }
    const definition = resourceForKind(apiVersion, kind);
    if (definition === undefined) {
      throw new TypeError(
        `Cannot store ${kind} ${JSON.stringify(object.metadata?.name)}: the simulated cluster does not serve ${apiVersion} ${kind}.`,
      );
    }
    return definition;
  }

  /** Creates or replaces an object; fills uid and creationTimestamp when absent, always a new resourceVersion. */
  put(object: KubeObject): StoredRecord {
    const definition = this.definitionOf(object);
    if (typeof object.metadata?.name !== 'string' || object.metadata.name === '') {
      throw new TypeError(`Cannot store a ${object.kind} without metadata.name.`);
    }
    if (definition.namespaced) {
      const namespace = object.metadata.namespace ?? 'default';
      // A real server refuses objects in a missing namespace; the simulator creates it instead,
      // so a fixture need not list its namespaces.
      if (definition.resource !== 'namespaces' && !this.get(namespacesDefinition(), '', namespace)) {
        this.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
      }
    }
    const previous = this.get(
      definition,
      definition.namespaced ? (object.metadata.namespace ?? 'default') : '',
      object.metadata.name,
    );
    this.#resourceVersion++;
    const record = new Record_(definition, this.#normalize(definition, object, previous), this.#resourceVersion);
    let byKey = this.#objects.get(definition);
    if (byKey === undefined) {
      byKey = new Map();
      this.#objects.set(definition, byKey);
    }
    byKey.set(record.key, record);
    this.#sorted.delete(definition);
    this.#emit({ type: previous === undefined ? 'ADDED' : 'MODIFIED', record });
    return record;
  }

  /** Removes an object; returns it, or undefined when there was none. */
  delete(definition: ResourceDefinition, namespace: string, name: string): StoredRecord | undefined {
    const key = definition.namespaced ? `${namespace}/${name}` : name;
    const record = this.#objects.get(definition)?.get(key);
    if (record === undefined) return undefined;
    this.#objects.get(definition)?.delete(key);
    this.#sorted.delete(definition);
    this.#resourceVersion++;
    this.#emit({ type: 'DELETED', record });
    return record;
  }

  get(definition: ResourceDefinition, namespace: string, name: string): StoredRecord | undefined {
    return this.#objects.get(definition)?.get(definition.namespaced ? `${namespace}/${name}` : name);
  }

  /** Objects of a resource in key order; `namespace` undefined = all namespaces. */
  list(definition: ResourceDefinition, namespace: string | undefined): readonly StoredRecord[] {
    const scope = definition.namespaced && namespace !== undefined ? namespace : '';
    let byScope = this.#sorted.get(definition);
    if (byScope === undefined) {
      byScope = new Map();
      this.#sorted.set(definition, byScope);
    }
    let records = byScope.get(scope);
    if (records === undefined) {
      const all = [...(this.#objects.get(definition)?.values() ?? [])];
      records = (scope === '' ? all : all.filter((record) => record.namespace === scope)).sort((a, b) =>
        a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
      );
      byScope.set(scope, records);
    }
    return records;
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: StoreEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  // Puts kind and apiVersion first (list items drop them by slicing), fills server-owned
  // metadata and folds Secret stringData into data, as the API server does.
  #normalize(definition: ResourceDefinition, object: KubeObject, previous: StoredRecord | undefined): KubeObject {
    const { kind: _kind, apiVersion: _apiVersion, metadata, ...rest } = object as KubeObject & Record<string, unknown>;
    // Key order as a real server writes it; the spread keeps these positions.
    const filled: Mutable<ObjectMeta> = Object.assign(
      { name: '', namespace: undefined, uid: undefined, resourceVersion: undefined, creationTimestamp: undefined },
      metadata,
    );
    filled.uid = metadata.uid ?? previous?.object.metadata.uid ?? randomUUID();
    filled.creationTimestamp =
      metadata.creationTimestamp ?? previous?.object.metadata.creationTimestamp ?? timestamp(new Date());
    filled.resourceVersion = String(this.#resourceVersion);
    if (definition.namespaced) filled.namespace = metadata.namespace ?? 'default';
    else delete filled.namespace;
    if (definition.resource === 'namespaces') {
      filled.labels = { 'kubernetes.io/metadata.name': metadata.name, ...metadata.labels };
    }
    const body: Record<string, unknown> = { ...rest };
    if (definition.resource === 'secrets' && body['stringData'] !== undefined) {
      const data = { ...(body['data'] as Record<string, string> | undefined) };
      for (const [key, value] of Object.entries(body['stringData'] as Record<string, string>)) {
        data[key] = Buffer.from(value, 'utf8').toString('base64');
      }
      body['data'] = data;
      delete body['stringData'];
    }
    if (definition.resource === 'namespaces') {
      body['spec'] ??= { finalizers: ['kubernetes'] };
      body['status'] ??= { phase: 'Active' };
    }
    return {
      kind: definition.kind,
      apiVersion: groupVersionOf(definition),
      metadata: filled,
      ...body,
    } as KubeObject;
  }
}

let namespaces: ResourceDefinition | undefined;
function namespacesDefinition(): ResourceDefinition {
  namespaces ??= lookupResource('namespaces');
  if (namespaces === undefined) throw new Error('unreachable: namespaces resource missing');
  return namespaces;
}
