/**
 * `Status` objects with the messages, reasons and codes a real kube-apiserver sends, so clients
 * (kubectl, client-node, kubenv) meet the same errors they would meet on a cluster.
 */
import type { ResourceDefinition } from './resources';
import { qualifiedResource } from './resources';

/** A `meta.k8s.io/v1` Status, as sent on the wire. */
export interface Status {
  readonly kind?: 'Status';
  readonly apiVersion?: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Success' | 'Failure';
  readonly message?: string;
  readonly reason?: string;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly causes?: ReadonlyArray<{ readonly reason?: string; readonly message: string; readonly field?: string }>;
    readonly retryAfterSeconds?: number;
  };
  readonly code?: number;
}

/** An error answer: the HTTP status code and the Status body. */
export interface StatusError {
  readonly code: number;
  readonly status: Status;
  readonly headers?: Readonly<Record<string, string>>;
}

function failure(code: number, reason: string, message: string, details?: Status['details']): StatusError {
  return {
    code,
    status: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details === undefined ? {} : { details }),
      code,
    },
  };
}

function objectDetails(definition: ResourceDefinition, name: string | undefined): Status['details'] {
  return {
    ...(name === undefined ? {} : { name }),
    ...(definition.group === '' ? {} : { group: definition.group }),
    kind: definition.resource,
  };
}

/** 404 for a named object: `pods "nope" not found`. */
export function notFound(definition: ResourceDefinition, name: string): StatusError {
  return failure(
    404,
    'NotFound',
    `${qualifiedResource(definition)} "${name}" not found`,
    objectDetails(definition, name),
  );
}

/** 404 for a path the server does not serve. */
export function pathNotFound(): StatusError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 400 with a free-form message (the API server's BadRequest). */
export function badRequest(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

/** 401: no valid credentials. */
export function unauthorized(): StatusError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

/**
 * 403 from RBAC, worded as the API server words it:
 * `pods "x" is forbidden: User "u" cannot create resource "pods/exec" in API group "" in the namespace "ns"`.
 */
export function forbidden(access: {
  definition: ResourceDefinition;
  subresource?: string | undefined;
  verb: string;
  user: string;
  namespace?: string | undefined;
  name?: string | undefined;
}): StatusError {
  const { definition, subresource, verb, user, namespace, name } = access;
  const subject = name === undefined ? qualifiedResource(definition) : `${qualifiedResource(definition)} "${name}"`;
  const resource = subresource === undefined ? definition.resource : `${definition.resource}/${subresource}`;
  const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  const message = `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${definition.group}" ${scope}`;
  return failure(403, 'Forbidden', message, objectDetails(definition, name));
}

/** 405 for a verb the simulator does not implement on a resource. */
export function methodNotSupported(definition: ResourceDefinition, verb: string): StatusError {
  return failure(
    405,
    'MethodNotAllowed',
    `${verb} is not supported on resources of kind "${qualifiedResource(definition)}"`,
    objectDetails(definition, undefined),
  );
}

/** 429 from API Priority and Fairness, with the Retry-After header. */
export function tooManyRequests(retryAfterSeconds: number): StatusError {
  return {
    ...failure(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds }),
    headers: { 'Retry-After': String(retryAfterSeconds) },
  };
}

const reasonsByCode: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** 500: `Internal error occurred: <cause>`, with the cause in `details.causes`. */
export function internalError(cause: string): StatusError {
  return failure(500, 'InternalError', `Internal error occurred: ${cause}`, { causes: [{ message: cause }] });
}

/** Any status code, with the reason the API server uses for it (for injected faults). */
export function statusForCode(code: number, message?: string): StatusError {
  if (code === 500) return internalError(message ?? 'injected fault');
  const reason = reasonsByCode[code] ?? 'Unknown';
  const defaultMessage =
    code === 503
      ? 'the server is currently unable to handle the request'
      : code === 504
        ? 'the server was unable to return a response in the time allotted, but may still be processing the request'
        : `the server responded with the status code ${code} (injected fault)`;
  return failure(code, reason, message ?? defaultMessage);
}
