/**
 * The public entry points that reach the cluster. This module stays light: the machinery is in
 * ./run, loaded on first call (./machinery.ts), so `import { parseTarget } from 'kubenv'` never
 * pays for it.
 */
import { checkOptions } from '../config/check-options';
import type { ResolvedTarget } from '../resolve/resolve';
import { withMachinery } from './machinery';
import type { RemoteEnv } from './remote-env';
import type { FetchRemoteEnvOptions } from './run';

/**
 * Reads the environment of a workload's container and runs it through the env pipeline. Never
 * writes `process.env` (see {@link withRemoteEnv} and {@link applyRemoteEnv} for that). A
 * `targetless` config makes no request at all.
 *
 * Options are layered: explicit options \> `MIRRORD_*` environment variables \> config file \>
 * defaults (see {@link loadConfig}).
 *
 * @throws {@link KubenvError} subclasses: `ConfigError`, `TargetParseError`, `NotFoundError`,
 *   `ForbiddenError`, `UnauthorizedError`, `NoPodError`, `ContainerNotFoundError`,
 *   `ExecUnavailableError`, `ClusterUnreachableError`, `TimeoutError`, `KubeApiError`.
 * @example
 * ```ts
 * import { fetchRemoteEnv } from 'kubenv'
 *
 * const remote = await fetchRemoteEnv({ target: 'deploy/api', namespace: 'staging', include: 'DATABASE_*' })
 * console.log(remote.target?.reason)   // deployment/api -> pod api-7d9f-x2 (...), container main (...)
 * const url = remote.remote.DATABASE_URL
 * ```
 * @public
 */
export async function fetchRemoteEnv(options: FetchRemoteEnvOptions = {}): Promise<RemoteEnv> {
  checkOptions(options, 'fetchRemoteEnv');
  return withMachinery((run) => run.runFetchRemoteEnv(options));
}

/**
 * Resolves a target to one pod and container, and says why, without reading any environment.
 * Takes the same options (and layering) as {@link fetchRemoteEnv}.
 *
 * @example
 * ```ts
 * const resolved = await resolveTarget({ target: 'deploy/api' })
 * resolved.pod       // 'api-7d9f-x2'
 * resolved.reason    // 'deployment/api -> pod api-7d9f-x2 (revision 7; Running, Ready; first of 3 by activity), container main (first non-sidecar)'
 * ```
 * @public
 */
export async function resolveTarget(options: FetchRemoteEnvOptions = {}): Promise<ResolvedTarget> {
  checkOptions(options, 'resolveTarget');
  return withMachinery((run) => run.runResolveTarget(options));
}
