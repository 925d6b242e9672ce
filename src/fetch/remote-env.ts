/**
 * The result of a fetch. It carries values (that is its purpose) but never shows them on its
 * own: `console.log`, `util.inspect` and `JSON.stringify` of it list names and provenance only.
 * Read the values through `env` or `remote` explicitly.
 */
import type { ChangedNames, DroppedNames } from '../pipeline/types';
import type { ResolvedTarget } from '../resolve/resolve';
import type { EnvOrigin } from '../sources/origins';

/**
 * Which source produced the remote env: `exec`, `spec`, or `none` (targetless, or the env
 * feature disabled).
 * @public
 */
export type UsedSource = 'exec' | 'spec' | 'none';

/**
 * Everything a fetch found out, with names only (no values): safe to log.
 * @public
 */
export interface RemoteEnvSummary {
  /** The resolved target; with several targets (`targets`), the first one (each is in `targets`). */
  readonly target: ResolvedTarget | undefined;
  readonly source: UsedSource;
  readonly sourceReason: string;
  /** Names of the remote variables after the pipeline, sorted. */
  readonly names: readonly string[];
  /** Names whose value may be secret (from a Secret, or of unknown origin), sorted. */
  readonly secretNames: readonly string[];
  readonly warnings: readonly string[];
  readonly dropped: DroppedNames;
  readonly changed: ChangedNames;
  readonly configFile: string | undefined;
  /**
   * With `targets`: per target name, the resolved target, its source and the names it gave the
   * result (a name set by two targets counts for the later one). `undefined` for one target.
   */
  readonly targets?: Readonly<Record<string, TargetSummary>> | undefined;
}

/**
 * What one of several targets (`targets`) contributed to a fetch: names only.
 * @example
 * ```ts
 * const remote = await fetchRemoteEnv({ targets: { api: 'deploy/api', cache: 'deploy/redis' } })
 * remote.targets?.cache?.names // ['REDIS_URL']
 * ```
 * @public
 */
export interface TargetSummary {
  /** Where this target resolved. */
  readonly target: ResolvedTarget;
  /** The source that served it. */
  readonly source: UsedSource;
  /** Why that source, in one line. */
  readonly sourceReason: string;
  /** Names this target gave the result (after its prefix), sorted. */
  readonly names: readonly string[];
}

/**
 * The remote environment of a workload, after the env pipeline, with its provenance.
 * `util.inspect`/`console.log`/`JSON.stringify` show names, never values.
 * @example
 * ```ts
 * const result = await fetchRemoteEnv({ target: 'deploy/api' })
 * result.env.DATABASE_URL // the value
 * console.log(result)      // names, source and target only
 * ```
 * @public
 */
export interface RemoteEnv extends RemoteEnvSummary {
  /** The local env with the remote variables merged in: what a process gets. */
  readonly env: Readonly<Record<string, string>>;
  /** The remote variables after the pipeline, not merged with the local env. */
  readonly remote: Readonly<Record<string, string>>;
  /** Per remote variable, where its value came from (`secret`, `configmap`, `literal`, ...). */
  readonly origins: Readonly<Record<string, EnvOrigin | 'env-file' | 'mapping' | 'override'>>;
  /** The same as the object, without values. */
  summary(): RemoteEnvSummary;
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Builds a RemoteEnv whose dumps show names only. */
export function createRemoteEnv(
  values: { env: Record<string, string>; remote: Record<string, string> },
  summary: Omit<RemoteEnvSummary, 'names'>,
  origins: Readonly<Record<string, EnvOrigin | 'env-file' | 'mapping' | 'override'>>,
): RemoteEnv {
  const full: RemoteEnvSummary = { ...summary, names: Object.keys(values.remote).sort() };
  const result = { ...full, origins, summary: () => full } as RemoteEnv & Record<symbol, unknown>;
  // Values live in non-enumerable properties: spread, Object.keys and structured logs skip them.
  Object.defineProperty(result, 'env', { value: Object.freeze({ ...values.env }), enumerable: false });
  Object.defineProperty(result, 'remote', { value: Object.freeze({ ...values.remote }), enumerable: false });
  Object.defineProperty(result, 'toJSON', { value: () => full, enumerable: false });
  Object.defineProperty(result, inspectSymbol, {
    value: (_depth: number, options: object, inspect: (value: unknown, options: object) => string) =>
      `RemoteEnv ${inspect(full, options)}`,
    enumerable: false,
  });
  return Object.freeze(result);
}
