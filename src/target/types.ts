/**
 * Kinds of workload a target can name. `label` selects pods by labels; `targetless` reads no
 * remote environment.
 * @public
 */
export type WorkloadKind =
  | 'pod'
  | 'deployment'
  | 'rollout'
  | 'statefulset'
  | 'daemonset'
  | 'replicaset'
  | 'job'
  | 'cronjob'
  | 'service';

/**
 * A target that names one object: a pod or a workload. One union member per kind, so checking
 * `kind` narrows (`if (t.kind === 'pod') ... else ...` leaves the other kinds).
 * @public
 */
export type NamedTarget = {
  readonly [K in WorkloadKind]: {
    readonly kind: K;
    readonly name: string;
    readonly container?: string | undefined;
    readonly namespace?: string | undefined;
  };
}[WorkloadKind];

/**
 * A target that selects pods by labels (`label/app=api,tier=web`).
 * @public
 */
export interface LabelTarget {
  readonly kind: 'label';
  /** Label key → value, in the order written. */
  readonly labels: Readonly<Record<string, string>>;
  readonly container?: string | undefined;
  readonly namespace?: string | undefined;
}

/**
 * What to read the environment of: a parsed target. Build one with {@link parseTarget}; print it
 * with {@link formatTarget}.
 *
 * `namespace` is set only when the input carried one (mirrord's `{ path, namespace }` form);
 * otherwise the namespace comes from the options, the environment, the config or the kubeconfig.
 * @public
 */
export type Target = { readonly kind: 'targetless' } | NamedTarget | LabelTarget;

/**
 * mirrord's object forms of a target, accepted by {@link parseTarget} and in config files:
 * `{ "deployment": "api", "container": "main" }`, `{ "labels": { "app": "api" } }`, and the
 * advanced form `{ "path": "deploy/api" | {...}, "namespace": "staging" }`.
 * @public
 */
export type TargetObject =
  | { readonly path?: string | TargetObject | undefined; readonly namespace?: string | undefined }
  | ({ readonly container?: string | undefined } & (
      | { readonly pod: string }
      | { readonly deployment: string }
      | { readonly rollout: string }
      | { readonly stateful_set: string }
      | { readonly daemon_set: string }
      | { readonly replica_set: string }
      | { readonly job: string }
      | { readonly cron_job: string }
      | { readonly service: string }
      | { readonly labels: Readonly<Record<string, string>> }
    ));

/**
 * Anything {@link parseTarget} accepts.
 * @public
 */
export type TargetInput = string | TargetObject | Target;
