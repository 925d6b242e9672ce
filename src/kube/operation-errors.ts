/**
 * How a failed request becomes the KubenvError a user reads: the transport's errors
 * (./transport-errors.ts) mapped by status and by the operation that failed, each naming the
 * operation, the object and the next step.
 */
import {
  ClusterUnreachableError,
  ForbiddenError,
  isKubenvError,
  KubeApiError,
  KubenvError,
  NotFoundError,
  ResponseTooLargeError,
  TimeoutError,
  UnauthorizedError,
} from '../errors';
import type { KubeEndpoint } from './kubeconfig';
import { RESOURCES, type ResourceName } from './resources';
import { AnswerTooLargeError, HttpStatusError, NetworkError, UnexpectedAnswerError } from './transport-errors';

/** What an operation was, for the error it may raise. */
export interface Operation {
  readonly verb: 'get' | 'list' | 'create';
  readonly resource: ResourceName;
  readonly subresource?: string;
  readonly namespace: string;
  readonly name?: string | undefined;
}

/** Where the operation ran, for the error's message. */
export interface OperationContext {
  readonly endpoint: KubeEndpoint;
  /** The deadline of the whole operation, for a TimeoutError. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/**
 * The typed error for a failed operation: what the transport threw, mapped with the operation
 * and the endpoint into the KubenvError a user reads. Server messages are never copied into ours.
 */
export function operationError(error: unknown, operation: Operation, context: OperationContext): unknown {
  const { endpoint, timeoutMs, signal } = context;
  // The deadline's own TimeoutError comes back as the abort reason: name the operation below.
  if (error instanceof KubenvError && error !== signal.reason) return error;
  const { verb, resource, namespace, name } = operation;
  const singular = RESOURCES[resource].singular;
  const object = name ? `${singular} "${name}"` : resource;
  const what = `${verb === 'create' ? `exec in ${object}` : `${verb} ${object}`} in namespace "${namespace}"`;
  if (signal.aborted) {
    // Only kubenv's own deadline says "timed out after <timeout>": a caller's signal (also
    // `AbortSignal.timeout()`, whose reason is named TimeoutError too) rejects with its reason.
    if (isKubenvError(signal.reason, 'TIMEOUT')) {
      return new TimeoutError(capitalize(what), timeoutMs, { cause: error });
    }
    return signal.reason;
  }
  const where = { server: endpoint.server, context: endpoint.contextName, user: endpoint.userName };
  if (error instanceof AnswerTooLargeError) {
    return new ResponseTooLargeError(capitalize(what), error.limitBytes, { cause: error });
  }
  if (error instanceof UnexpectedAnswerError) {
    return new KubeApiError(capitalize(what), 200, undefined, {
      hint: `${capitalize(error.problem)}: check that ${endpoint.server} is the API server of the context (\`kubectl cluster-info\`).`,
      cause: error,
    });
  }
  if (error instanceof NetworkError) return new ClusterUnreachableError(where, error.problem, { cause: error });
  if (error instanceof HttpStatusError) {
    const fullResource = operation.subresource ? `${resource}/${operation.subresource}` : resource;
    switch (error.status) {
      case 401:
        return new UnauthorizedError(where, { cause: error });
      case 403:
        return new ForbiddenError(
          { verb, resource: fullResource, namespace, what: name ? `${singular} "${name}"` : undefined },
          { cause: error },
        );
      case 404:
        // An object that is missing names itself in `details`; a resource type the server does not
        // serve (an Argo Rollouts CRD that is not installed) answers 404 without a name.
        if (name !== undefined && error.body?.details?.name === name) {
          return new NotFoundError({ kind: singular, name, namespace }, { cause: error });
        }
        return new KubeApiError(capitalize(what), 404, error.body?.reason, {
          hint: `The server does not serve ${resource}${RESOURCES[resource].group ? ` (${RESOURCES[resource].group}/${RESOURCES[resource].version}): is its CRD installed?` : '.'}`,
          cause: error,
        });
      default:
        return new KubeApiError(capitalize(what), error.status, error.body?.reason, { cause: error });
    }
  }
  return error;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
