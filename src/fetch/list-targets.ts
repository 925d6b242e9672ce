/**
 * `listTargets`: the targets of a namespace with what a picker shows, for an editor extension, a
 * test runner plugin or a dev portal building mirrord's target dialog. This module stays light:
 * the work is in src/listing/list.ts, imported on the first call.
 */
import type { WorkloadKind } from '../target/types';
import type { FetchRemoteEnvOptions } from './run';

/**
 * Options of {@link listTargets}: where to look, layered as for {@link fetchRemoteEnv}
 * (explicit options \> `MIRRORD_*` variables \> config file \> defaults). The namespace comes from
 * `namespace`, `MIRRORD_TARGET_NAMESPACE`, the config file's `target.namespace`, the kubeconfig
 * context, else `default`.
 * @example
 * ```ts
 * const options: ListTargetsOptions = { namespace: 'staging', context: 'prod-eu', timeout: 5_000 }
 * ```
 * @public
 */
export type ListTargetsOptions = Pick<
  FetchRemoteEnvOptions,
  'namespace' | 'context' | 'kubeconfig' | 'kubeConfig' | 'configFile' | 'timeout' | 'signal' | 'cwd' | 'env'
>;

/**
 * One target of a namespace, with what a picker shows. Holds no env value.
 * @example
 * ```ts
 * const entry: ListedTarget = (await listTargets({ namespace: 'shop' })).targets[0]
 * entry.target // 'deployment/checkout': pass it back as `target`
 * ```
 * @public
 */
export interface ListedTarget {
  /** The exact target string to pass back as `target` (`deployment/checkout`, `pod/web-0`). */
  readonly target: string;
  /** Canonical kind, e.g. `deployment`. */
  readonly kind: WorkloadKind;
  /** The object's name. */
  readonly name: string;
  /** The namespace it was listed in. */
  readonly namespace: string;
  /**
   * Container names: the pod's (`pod`), else the pod template's, else (services) those of the pod
   * it resolves to. Append `/container/<name>` to `target` to pick one.
   */
  readonly containers: readonly string[];
  /**
   * Ready count, as kubectl's READY column: ready containers of a pod; ready replicas of a
   * deployment, statefulset, replicaset or rollout; ready pods of a daemonset. Jobs, cronjobs and
   * services have no READY column in kubectl: ready pods among those the target resolves among.
   */
  readonly ready: number;
  /** What `ready` is out of: containers of a pod, desired replicas or pods of a workload. */
  readonly total: number;
  /** `metadata.creationTimestamp`, as the server gave it (RFC 3339). */
  readonly createdAt: string | undefined;
  /** Age at `listedAt`, as kubectl's AGE column prints it (`3d4h`, `45m`). */
  readonly age: string;
  /** The pod the target resolves to right now (what `resolveTarget` picks); `undefined` when none runs. */
  readonly pod: string | undefined;
  /** The container the target resolves to (default-container annotation, first non-sidecar...). */
  readonly container: string | undefined;
}

/**
 * A kind that could not be listed, and why: the call goes on without it.
 * @example
 * ```ts
 * for (const skip of listing.skipped) console.warn(`${skip.kind}: ${skip.reason}`) // 'rollout: not-served'
 * ```
 * @public
 */
export interface SkippedKind {
  /** The kind that was skipped, e.g. `rollout`. */
  readonly kind: WorkloadKind;
  /** `forbidden`: RBAC denies `list`; `not-served`: the cluster has no such resource (no Argo Rollouts CRD). */
  readonly reason: 'forbidden' | 'not-served';
  /** One line naming the resource, the namespace and the next step. */
  readonly message: string;
}

/**
 * What {@link listTargets} found in a namespace.
 * @example
 * ```ts
 * const { namespace, targets, skipped } = await listTargets()
 * ```
 * @public
 */
export interface TargetListing {
  /** The namespace listed (option \> `MIRRORD_TARGET_NAMESPACE` \> config \> kubeconfig context \> `default`). */
  readonly namespace: string;
  /**
   * Every target: pods, deployments, rollouts, statefulsets, daemonsets, replicasets, jobs,
   * cronjobs, services (with a selector), in that order, names sorted within a kind.
   */
  readonly targets: readonly ListedTarget[];
  /** Kinds that were forbidden or not served, skipped rather than failing the call. */
  readonly skipped: readonly SkippedKind[];
  /** Anything else worth saying (names only), e.g. that daemonsets' pods could not be worked out. */
  readonly warnings: readonly string[];
  /** When the lists were read (ISO 8601): the `age` of each target is at this instant. */
  readonly listedAt: string;
}

/**
 * Lists the targets of a namespace with what a target picker shows: kind, name, containers,
 * ready/total, age, the pod a workload resolves to right now and the exact target string to pass
 * back. Builds mirrord's target dialog: offer `targets`, plus "No target (targetless)".
 *
 * One paginated LIST per kind, all in parallel (and one of controllerrevisions when there are
 * daemonsets): never a read of the whole cluster, and no request per target. A kind the user may
 * not list, or that the cluster does not serve (Argo Rollouts without its CRD), is skipped and
 * reported in `skipped`; only services with a selector are targets.
 *
 * @throws {@link KubenvError} subclasses: `ConfigError`, `UnauthorizedError`,
 *   `ClusterUnreachableError`, `TimeoutError`, `KubeApiError`.
 * @example
 * ```ts
 * import { listTargets } from 'kubenv'
 *
 * const { namespace, targets } = await listTargets({ namespace: 'staging' })
 * for (const t of targets) console.log(t.target, `${t.ready}/${t.total}`, t.age, t.pod ?? '(no pod)')
 * // deployment/api 3/3 4d2h api-7d9f-x2
 * const remote = await fetchRemoteEnv({ target: targets[0].target, namespace })
 * ```
 * @public
 */
export async function listTargets(options: ListTargetsOptions = {}): Promise<TargetListing> {
  const { runListTargets } = await import('../listing/list');
  return runListTargets(options);
}
