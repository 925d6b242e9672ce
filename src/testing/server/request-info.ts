/**
 * Splits a request into its Kubernetes coordinates, as the API server's RequestInfoFactory does:
 * API group and version, resource, subresource, namespace, name and verb.
 */
import type { ResourceDefinition } from './resources';
import { findResource } from './resources';

/** A request's Kubernetes coordinates. */
export interface RequestInfo {
  /** True for `/api/v1/...` and `/apis/<group>/<version>/...` paths below the group version. */
  readonly isResourceRequest: boolean;
  readonly verb: string;
  readonly apiGroup: string;
  readonly apiVersion: string;
  /** The resource segment as requested (may be unknown to the server). */
  readonly resource: string | undefined;
  readonly subresource: string | undefined;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly definition: ResourceDefinition | undefined;
  /** Path segments after the subresource (unsupported by every resource served here). */
  readonly extraParts: number;
}

const namespaceSubresources = new Set(['status', 'finalize']);

const nonResource = (verb: string): RequestInfo => ({
  isResourceRequest: false,
  verb,
  apiGroup: '',
  apiVersion: '',
  resource: undefined,
  subresource: undefined,
  namespace: undefined,
  name: undefined,
  definition: undefined,
  extraParts: 0,
});

function methodVerb(method: string): string {
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return 'get';
  }
}

/** The coordinates of `method` on `url`. */
export function requestInfo(method: string, url: URL): RequestInfo {
  const parts = url.pathname
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  let apiGroup: string;
  let apiVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    apiGroup = '';
    apiVersion = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    apiGroup = parts[1] ?? '';
    apiVersion = parts[2] ?? '';
    rest = parts.slice(3);
  } else {
    return nonResource(method.toLowerCase());
  }

  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !namespaceSubresources.has(rest[2] ?? '')) rest = rest.slice(2);
  }
  const resource = rest[0];
  const name = rest[1];
  const subresource = rest[2];

  const watch = url.searchParams.get('watch');
  let verb = methodVerb(method);
  if (verb === 'get' && name === undefined) verb = watch === 'true' || watch === '1' ? 'watch' : 'list';
  if (verb === 'delete' && name === undefined) verb = 'deletecollection';
  // Exec over a WebSocket is a GET, authorized as `create pods/exec` (as since Kubernetes 1.30).
  if (subresource === 'exec') verb = 'create';

  return {
    isResourceRequest: true,
    verb,
    apiGroup,
    apiVersion,
    resource,
    subresource,
    namespace,
    name,
    definition: resource === undefined ? undefined : findResource(apiGroup, apiVersion, resource),
    extraParts: Math.max(0, rest.length - 3),
  };
}
