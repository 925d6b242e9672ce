/**
 * Where each remote variable came from, so output can mask secret-derived values. The spec
 * source knows exactly; for exec results the pod spec explains the declared names and the rest
 * is `unknown` (image ENV or keys brought in by envFrom), which callers treat as possibly secret.
 */
import type { Container } from '../kube/objects';
import { emptyEnvRecord } from '../pipeline/env-record';
import { looksLikeServiceLink } from './spec/service-links';

/**
 * Where a remote variable's value came from.
 * @public
 */
export type EnvOrigin =
  | 'secret'
  | 'configmap'
  | 'literal'
  | 'field'
  | 'resource'
  | 'service-link'
  | 'runtime'
  | 'image'
  | 'unknown';

const RUNTIME_NAMES = new Set(['HOSTNAME', 'PATH', 'HOME', 'TERM']);

/** Explains the names of an exec result from the container's declared env. */
export function originsFromDeclaredEnv(
  names: readonly string[],
  container: Container | undefined,
): Record<string, EnvOrigin> {
  const declared = new Map<string, EnvOrigin>();
  for (const variable of container?.env ?? []) {
    const from = variable.valueFrom;
    let origin: EnvOrigin = 'literal';
    if (from?.secretKeyRef) origin = 'secret';
    else if (from?.configMapKeyRef) origin = 'configmap';
    else if (from?.fieldRef) origin = 'field';
    else if (from?.resourceFieldRef) origin = 'resource';
    // A literal with `$(...)` may have pulled in a secret: the exec source cannot tell.
    else if (variable.value?.includes('$(')) origin = 'unknown';
    declared.set(variable.name, origin);
  }
  const origins = emptyEnvRecord<EnvOrigin>();
  for (const name of names) {
    origins[name] =
      declared.get(name) ??
      (looksLikeServiceLink(name) ? 'service-link' : RUNTIME_NAMES.has(name) ? 'runtime' : 'unknown');
  }
  return origins;
}
