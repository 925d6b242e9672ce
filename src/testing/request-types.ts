/**
 * Public types of the request log and of the fault controls of `kubenv/testing`.
 */

/**
 * Which requests a fault or a log query applies to. Every given field must match; `resource`
 * may name a subresource as `pods/exec`.
 * @example
 * ```ts
 * cluster.faults.fail({ status: 503, count: 1, match: { verb: 'list', resource: 'pods', namespace: 'shop' } })
 * ```
 * @public
 */
export interface RequestMatch {
  /** Kubernetes verb: get, list, watch, create (exec), update, patch, delete. */
  readonly verb?: string | undefined;
  /** Plural resource (`pods`), or `resource/subresource` (`pods/exec`). */
  readonly resource?: string | undefined;
  readonly subresource?: string | undefined;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
}

/**
 * A log query: a {@link RequestMatch} plus HTTP-level fields.
 * @example
 * ```ts
 * cluster.requests.count({ method: 'GET', apiGroup: 'apps', resource: 'deployments' })
 * ```
 * @public
 */
export interface RequestLogQuery extends RequestMatch {
  readonly method?: string | undefined;
  readonly path?: string | undefined;
  /** API group, `''` for the core group. */
  readonly apiGroup?: string | undefined;
  readonly status?: number | undefined;
}

/**
 * What a client asked to act as, exactly as its headers said (the simulated cluster records it
 * and does not authorize it).
 * @example
 * ```ts
 * expect(cluster.requests.last()?.impersonation?.groups).toEqual(['devs', 'ops'])
 * ```
 * @public
 */
export interface RequestImpersonation {
  readonly user: string | undefined;
  readonly uid: string | undefined;
  /** One entry per header line, in order. */
  readonly groups: readonly string[];
  /** Keys as sent (percent-encoded), lower case. */
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

/**
 * One request the simulated cluster received. `status` and `durationMs` are filled when the
 * answer is sent (`status` 0 while pending or when the connection was reset; 101 for an exec
 * upgrade).
 * @example
 * ```ts
 * const exec = cluster.requests.last({ resource: 'pods/exec' })
 * expect(exec?.query.getAll('command')).toEqual(['cat', '/proc/1/environ'])
 * ```
 * @public
 */
export interface RequestLogEntry {
  readonly method: string;
  /** URL path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Kubernetes verb (get, list, watch, create for exec...); `''` for non-resource paths (discovery). */
  readonly verb: string;
  /** API group, `''` for the core group and non-resource paths. */
  readonly apiGroup: string;
  readonly resource: string | undefined;
  readonly subresource: string | undefined;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly userAgent: string;
  /** The authenticated user, when the request carried valid credentials. */
  readonly user: string | undefined;
  /** The groups of that user: a client certificate's O fields; none for a token. */
  readonly groups: readonly string[];
  /**
   * The impersonation headers the client sent (`Impersonate-User`, `-Uid`, one `Impersonate-Group`
   * line per group, `Impersonate-Extra-<key>` per value); undefined when it sent none.
   */
  readonly impersonation: RequestImpersonation | undefined;
  /** `Date.now()` when the request arrived. */
  readonly startedAt: number;
  readonly status: number;
  readonly durationMs: number;
}

/**
 * The request log: array-like (`length`, index, iteration) with query helpers.
 *
 * @example
 * ```ts
 * cluster.requests.clear()
 * await fetchRemoteEnv({ target: 'deployment/api' })
 * expect(cluster.requests.filter({ resource: 'pods', verb: 'get' }).length).toBe(1)
 * ```
 * @public
 */
export interface RequestLog extends Iterable<RequestLogEntry> {
  readonly length: number;
  readonly [index: number]: RequestLogEntry | undefined;
  /** Entries matching a query or a predicate, oldest first. */
  filter(query: RequestLogQuery | ((entry: RequestLogEntry) => boolean)): RequestLogEntry[];
  /** How many entries match (all when no query). */
  count(query?: RequestLogQuery): number;
  /** The newest matching entry. */
  last(query?: RequestLogQuery): RequestLogEntry | undefined;
  /** A copy of all entries, oldest first. */
  toArray(): RequestLogEntry[];
  /** Forgets every entry. */
  clear(): void;
}

/**
 * Scriptable failures. Each fault applies to matching requests until its `count` is used up
 * (or until `clear()` for faults without a count).
 *
 * @example
 * ```ts
 * cluster.faults.deny({ verb: 'create', resource: 'pods/exec' })
 * cluster.faults.throttle({ count: 2, retryAfterSeconds: 1, match: { resource: 'pods' } })
 * cluster.faults.clear()
 * ```
 * @public
 */
export interface FaultControls {
  /** Adds `ms` of latency to every matching request (cumulative with other latency rules). */
  latency(ms: number, match?: RequestMatch): void;
  /** RBAC: answers 403 with the API server's message for the verb on the resource (`pods/exec` for exec). */
  deny(rule: { readonly verb: string; readonly resource: string; readonly namespace?: string | undefined }): void;
  /** Answers 429 with `Retry-After` to the next `count` matching requests. */
  throttle(options: {
    readonly count: number;
    readonly retryAfterSeconds: number;
    readonly match?: RequestMatch;
  }): void;
  /** Answers `status` (e.g. 500, 503) to the next `count` matching requests. */
  fail(options: {
    readonly status: number;
    readonly count: number;
    readonly match?: RequestMatch;
    readonly message?: string;
  }): void;
  /** Destroys the connection of the next `count` matching requests without answering. */
  reset(options: { readonly count: number; readonly match?: RequestMatch }): void;
  /**
   * Cuts the next exec streams (default: every one until `clear()`) after `afterBytes` bytes of
   * stdout: the WebSocket closes without the status frame.
   */
  cutExec(options: { readonly afterBytes: number; readonly count?: number; readonly match?: RequestMatch }): void;
  /** Never answers the next matching requests (default: every one until `clear()`); `stop()` frees them. */
  hang(options?: { readonly count?: number; readonly match?: RequestMatch }): void;
  /** Removes every fault. */
  clear(): void;
}
