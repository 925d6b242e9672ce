/**
 * Reads: GET of one object, LIST with label and field selectors and `limit`/`continue`
 * pagination, and WATCH. Responses are assembled from each object's stored JSON text.
 */
import type { ServerResponse } from 'node:http';
import type { Pod } from '../../kube/objects';
import type { ObjectStore, StoredRecord } from '../store';
import type { RequestInfo } from './request-info';
import type { ResourceDefinition } from './resources';
import { groupVersionOf } from './resources';
import type { FieldRequirement } from './selectors/field-selector';
import { parseFieldSelector } from './selectors/field-selector';
import type { LabelSelectorMatcher } from './selectors/label-selector';
import { parseLabelSelector } from './selectors/label-selector';
import { SelectorParseError } from './selectors/parse-error';
import type { StatusError } from './status';
import { badRequest, methodNotSupported, notFound, pathNotFound } from './status';
import { tableJson, wantsTable } from './table/table';

/** A complete answer. */
export interface Reply {
  readonly code: number;
  readonly body: string;
  readonly contentType: string;
}

const json = 'application/json';
const tableContentType = 'application/json;as=Table;v=v1;g=meta.k8s.io';

// Field selectors each resource supports besides metadata.name and metadata.namespace, and how
// the API server words an unsupported one (per resource, as its conversion functions do).
const podFields: Readonly<Record<string, (pod: Pod) => string>> = {
  'spec.nodeName': (pod) => pod.spec.nodeName ?? '',
  'spec.restartPolicy': (pod) => pod.spec.restartPolicy ?? 'Always',
  'spec.schedulerName': (pod) => (pod.spec as { schedulerName?: string }).schedulerName ?? 'default-scheduler',
  'spec.serviceAccountName': (pod) => pod.spec.serviceAccountName ?? '',
  'spec.hostNetwork': (pod) => String((pod.spec as { hostNetwork?: boolean }).hostNetwork ?? false),
  'status.phase': (pod) => pod.status?.phase ?? '',
  'status.podIP': (pod) => pod.status?.podIP ?? '',
  'status.nominatedNodeName': () => '',
};
const extraFields: Readonly<Record<string, Readonly<Record<string, (object: never) => string>>>> = {
  pods: podFields,
  secrets: { type: (secret: { type?: string }) => secret.type ?? 'Opaque' },
  namespaces: { 'status.phase': (ns: { status?: { phase?: string } }) => ns.status?.phase ?? 'Active' },
  services: {
    'spec.clusterIP': (svc: { spec?: { clusterIP?: string } }) => svc.spec?.clusterIP ?? '',
    'spec.type': (svc: { spec?: { type?: string } }) => svc.spec?.type ?? 'ClusterIP',
  },
  replicasets: { 'status.replicas': (rs: { status?: { replicas?: number } }) => String(rs.status?.replicas ?? 0) },
  jobs: { 'status.successful': (job: { status?: { succeeded?: number } }) => String(job.status?.succeeded ?? 0) },
};
const legacyFieldErrors = new Set(['pods', 'secrets', 'namespaces', 'services']);

function fieldValue(definition: ResourceDefinition, record: StoredRecord, field: string): string {
  if (field === 'metadata.name') return record.name;
  if (field === 'metadata.namespace') return record.namespace;
  const extractor = extraFields[definition.resource]?.[field] as ((object: unknown) => string) | undefined;
  return extractor === undefined ? '' : extractor(record.object);
}

function checkFields(
  definition: ResourceDefinition,
  requirements: readonly FieldRequirement[],
): StatusError | undefined {
  for (const { field } of requirements) {
    if (field === 'metadata.name' || field === 'metadata.namespace') continue;
    if (extraFields[definition.resource]?.[field] !== undefined) continue;
    return badRequest(
      legacyFieldErrors.has(definition.resource)
        ? `field label not supported: ${field}`
        : `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
    );
  }
  return undefined;
}

interface Filter {
  readonly labels: LabelSelectorMatcher | undefined;
  readonly fields: readonly FieldRequirement[];
}

function parseFilter(definition: ResourceDefinition, query: URLSearchParams): Filter | StatusError {
  try {
    const labelSelector = query.get('labelSelector');
    const fieldSelector = query.get('fieldSelector');
    const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined;
    const fields = fieldSelector ? parseFieldSelector(fieldSelector) : [];
    return checkFields(definition, fields) ?? { labels, fields };
  } catch (error) {
    if (error instanceof SelectorParseError) return badRequest(error.message);
    throw error;
  }
}

function isStatusError(value: unknown): value is StatusError {
  return typeof value === 'object' && value !== null && 'status' in value && 'code' in value;
}

function matchesFilter(definition: ResourceDefinition, record: StoredRecord, filter: Filter): boolean {
  if (filter.labels !== undefined && filter.labels.requirements.length > 0 && !filter.labels.matches(record.labels)) {
    return false;
  }
  return filter.fields.every(
    (requirement) => (fieldValue(definition, record, requirement.field) === requirement.value) !== requirement.negated,
  );
}

interface ContinueToken {
  readonly rv: number;
  readonly start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64');
}

function decodeContinue(value: string): ContinueToken | StatusError {
  const invalid = (why: string): StatusError => badRequest(`continue key is not valid: ${why}`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return invalid('illegal base64 data at input byte 0');
  try {
    const token = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as {
      v?: unknown;
      rv?: unknown;
      start?: unknown;
    };
    if (token.v !== 'meta.k8s.io/v1') return invalid('server does not recognize this encoded key');
    if (typeof token.rv !== 'number' || typeof token.start !== 'string')
      return invalid('incorrect encoded start resourceVersion');
    return { rv: token.rv, start: token.start };
  } catch {
    return invalid('server does not recognize this encoded key');
  }
}

function listKind(definition: ResourceDefinition): string {
  return `${definition.kind}List`;
}

/** Answers a GET or LIST. */
export function serveRead(
  info: RequestInfo,
  query: URLSearchParams,
  accept: string | undefined,
  store: ObjectStore,
): Reply | StatusError {
  const definition = info.definition;
  if (definition === undefined || info.extraParts > 0) return pathNotFound();
  if (info.namespace !== undefined && !definition.namespaced && definition.resource !== 'namespaces') {
    return pathNotFound();
  }
  if (info.subresource !== undefined && info.subresource !== 'status') return pathNotFound();
  if (info.verb !== 'get' && info.verb !== 'list') return methodNotSupported(definition, info.verb);
  const table = wantsTable(accept);
  const namespace = definition.namespaced ? info.namespace : undefined;

  if (info.verb === 'get') {
    const record = store.get(definition, namespace ?? '', info.name ?? '');
    if (record === undefined) return notFound(definition, info.name ?? '');
    if (table) {
      const body = tableJson(definition.resource, [record], {
        includeObject: query.get('includeObject'),
        listMetadata: { resourceVersion: String(record.resourceVersion) },
      });
      return { code: 200, body, contentType: tableContentType };
    }
    return { code: 200, body: record.json, contentType: json };
  }

  const filter = parseFilter(definition, query);
  if (isStatusError(filter)) return filter;
  const limit = Number(query.get('limit') ?? '0');
  const continueValue = query.get('continue');
  const token = continueValue ? decodeContinue(continueValue) : undefined;
  if (isStatusError(token)) return token;

  const all = store.list(definition, namespace);
  let index = 0;
  if (token !== undefined) {
    // Binary search the first key after the token's start (keys are sorted).
    let low = 0;
    let high = all.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((all[middle]?.key ?? '') < token.start) low = middle + 1;
      else high = middle;
    }
    index = low;
  }
  const selected: StoredRecord[] = [];
  const hasFilter = (filter.labels?.requirements.length ?? 0) > 0 || filter.fields.length > 0;
  for (; index < all.length; index++) {
    const record = all[index];
    if (record === undefined || !matchesFilter(definition, record, filter)) continue;
    if (limit > 0 && selected.length === limit) break;
    selected.push(record);
  }
  // More matching items may follow: hand out a continue token (as etcd does, without checking).
  const more = limit > 0 && index < all.length;
  const resourceVersion = String(token?.rv ?? store.resourceVersion);
  const metadata: Record<string, unknown> = { resourceVersion };
  if (more) {
    const last = selected.at(-1);
    metadata['continue'] = encodeContinue({ rv: Number(resourceVersion), start: `${last?.key ?? ''}\u0000` });
    if (!hasFilter) metadata['remainingItemCount'] = all.length - index;
  }

  if (table) {
    const body = tableJson(definition.resource, selected, {
      includeObject: query.get('includeObject'),
      listMetadata: metadata,
    });
    return { code: 200, body, contentType: tableContentType };
  }
  const head = JSON.stringify({ kind: listKind(definition), apiVersion: groupVersionOf(definition), metadata });
  const body = `${head.slice(0, -1)},"items":[${selected.map((record) => record.itemJson).join(',')}]}`;
  return { code: 200, body, contentType: json };
}

/** Serves a WATCH until the client leaves, `timeoutSeconds` passes or `close()` is called. */
export function serveWatch(
  info: RequestInfo,
  query: URLSearchParams,
  accept: string | undefined,
  store: ObjectStore,
  response: ServerResponse,
): StatusError | { close(): void } {
  const definition = info.definition;
  if (definition === undefined || info.extraParts > 0 || info.subresource !== undefined) return pathNotFound();
  const filter = parseFilter(definition, query);
  if (isStatusError(filter)) return filter;
  const namespace = definition.namespaced ? info.namespace : undefined;
  const table = wantsTable(accept);
  const inScope = (record: StoredRecord): boolean =>
    (namespace === undefined || record.namespace === namespace) && matchesFilter(definition, record, filter);
  const objectJson = (record: StoredRecord): string =>
    table
      ? tableJson(definition.resource, [record], {
          includeObject: query.get('includeObject'),
          listMetadata: { resourceVersion: String(record.resourceVersion) },
        })
      : record.json;

  response.writeHead(200, {
    'Content-Type': table ? tableContentType : json,
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  const send = (type: string, record: StoredRecord): void => {
    response.write(`{"type":"${type}","object":${objectJson(record)}}\n`);
  };
  const resourceVersion = query.get('resourceVersion');
  if (resourceVersion === null || resourceVersion === '' || resourceVersion === '0') {
    for (const record of store.list(definition, namespace)) if (inScope(record)) send('ADDED', record);
  }
  const unsubscribe = store.subscribe((event) => {
    if (event.record.definition === definition && inScope(event.record)) send(event.type, event.record);
  });
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '0');
  const timer = timeoutSeconds > 0 ? setTimeout(() => close(), timeoutSeconds * 1000) : undefined;
  timer?.unref();
  const close = (): void => {
    unsubscribe();
    clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };
  response.on('close', close);
  return { close };
}
