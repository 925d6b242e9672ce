/**
 * What a test-runner integration tells the tests about the fetch: names and provenance, never
 * values (Vitest `provide`/`inject`, or the KUBENV_METADATA variable for Jest).
 */
import type { RemoteEnv } from '../fetch/remote-env';

/**
 * Non-secret facts about the remote environment a global setup applied.
 * @public
 */
export interface KubenvTestMetadata {
  /** `deployment/api`; `targetless` when none. */
  readonly target: string;
  readonly namespace: string | undefined;
  readonly pod: string | undefined;
  readonly container: string | undefined;
  readonly source: 'exec' | 'spec' | 'none';
  readonly sourceReason: string;
  /** Names of the remote variables applied, sorted. */
  readonly names: readonly string[];
  readonly warnings: readonly string[];
  /**
   * With several targets (`targets`): per target name, where it resolved and the names it gave
   * (after its prefix). Absent for one target.
   */
  readonly targets?: Readonly<Record<string, KubenvTargetMetadata>> | undefined;
}

/**
 * Non-secret facts about one of several targets (`targets`) a global setup applied.
 * @example
 * ```ts
 * inject('kubenv').targets?.cache?.names // ['CACHE_REDIS_URL']
 * ```
 * @public
 */
export interface KubenvTargetMetadata {
  /** `deployment/redis`. */
  readonly target: string;
  /** The namespace the target resolved in. */
  readonly namespace: string;
  /** The chosen pod; `undefined` when a pod template stood in. */
  readonly pod: string | undefined;
  /** The chosen container. */
  readonly container: string;
  /** The source that served this target. */
  readonly source: 'exec' | 'spec' | 'none';
  /** Names this target gave, sorted. */
  readonly names: readonly string[];
}

/** The metadata of a fetch. */
export function metadataOf(remote: RemoteEnv): KubenvTestMetadata {
  return {
    target: remote.target?.target ?? 'targetless',
    namespace: remote.target?.namespace,
    pod: remote.target?.pod,
    container: remote.target?.container,
    source: remote.source,
    sourceReason: remote.sourceReason,
    names: remote.names,
    warnings: remote.warnings,
    ...(remote.targets ? { targets: targetsMetadata(remote.targets) } : {}),
  };
}

function targetsMetadata(targets: NonNullable<RemoteEnv['targets']>): Record<string, KubenvTargetMetadata> {
  const result: Record<string, KubenvTargetMetadata> = {};
  for (const [name, summary] of Object.entries(targets)) {
    result[name] = {
      target: summary.target.target,
      namespace: summary.target.namespace,
      pod: summary.target.pod,
      container: summary.target.container,
      source: summary.source,
      names: summary.names,
    };
  }
  return result;
}
