/**
 * The request log: every request the simulated cluster received, so tests and benchmarks can
 * count round trips.
 */
import type { RequestLog, RequestLogEntry, RequestLogQuery, RequestMatch } from './request-types';

/** A log entry while its request is in flight: the server fills status and duration. */
export interface MutableRequestLogEntry extends RequestLogEntry {
  status: number;
  durationMs: number;
}

/** Whether a request's Kubernetes coordinates match a {@link RequestMatch}. */
export function matchesRequest(
  request: Pick<RequestLogEntry, 'verb' | 'resource' | 'subresource' | 'namespace' | 'name'>,
  match: RequestMatch | undefined,
): boolean {
  if (match === undefined) return true;
  if (match.verb !== undefined && match.verb !== '*' && match.verb !== request.verb) return false;
  if (match.resource !== undefined && match.resource !== '*') {
    const [resource, subresource] = match.resource.split('/');
    if (resource !== request.resource) return false;
    // `pods` means the pods themselves, not pods/exec (as in RBAC rules).
    if ((subresource ?? undefined) !== request.subresource && match.subresource === undefined) return false;
  }
  if (match.subresource !== undefined && match.subresource !== request.subresource) return false;
  if (match.namespace !== undefined && match.namespace !== request.namespace) return false;
  if (match.name !== undefined && match.name !== request.name) return false;
  return true;
}

function matchesQuery(entry: RequestLogEntry, query: RequestLogQuery | undefined): boolean {
  if (query === undefined) return true;
  if (query.method !== undefined && query.method.toUpperCase() !== entry.method) return false;
  if (query.path !== undefined && query.path !== entry.path) return false;
  if (query.apiGroup !== undefined && query.apiGroup !== entry.apiGroup) return false;
  if (query.status !== undefined && query.status !== entry.status) return false;
  return matchesRequest(entry, query);
}

/** The {@link RequestLog} implementation: entries are also index properties. */
export class RequestLogImpl implements RequestLog {
  readonly [index: number]: RequestLogEntry | undefined;
  #entries: RequestLogEntry[] = [];

  get length(): number {
    return this.#entries.length;
  }

  /** Records a request (called by the server). */
  add(entry: MutableRequestLogEntry): void {
    (this as unknown as Record<number, RequestLogEntry>)[this.#entries.length] = entry;
    this.#entries.push(entry);
  }

  filter(query: RequestLogQuery | ((entry: RequestLogEntry) => boolean)): RequestLogEntry[] {
    return typeof query === 'function'
      ? this.#entries.filter((entry) => query(entry))
      : this.#entries.filter((entry) => matchesQuery(entry, query));
  }

  count(query?: RequestLogQuery): number {
    return query === undefined ? this.#entries.length : this.filter(query).length;
  }

  last(query?: RequestLogQuery): RequestLogEntry | undefined {
    return this.#entries.findLast((entry) => matchesQuery(entry, query));
  }

  toArray(): RequestLogEntry[] {
    return [...this.#entries];
  }

  clear(): void {
    for (let index = 0; index < this.#entries.length; index++) {
      delete (this as unknown as Record<number, RequestLogEntry>)[index];
    }
    this.#entries = [];
  }

  [Symbol.iterator](): Iterator<RequestLogEntry> {
    return this.#entries[Symbol.iterator]();
  }
}
