/**
 * The shapes of the Kubernetes objects kubenv reads, reduced to the fields it uses. Ours, so no
 * client-node type leaks into the public API (../shared/STYLE.md), and shared by the kube-access code and
 * the simulated cluster.
 */

/** @public */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean | undefined;
  readonly blockOwnerDeletion?: boolean | undefined;
}

/** @public */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string | undefined;
  readonly uid?: string | undefined;
  readonly resourceVersion?: string | undefined;
  readonly creationTimestamp?: string | undefined;
  readonly deletionTimestamp?: string | undefined;
  readonly labels?: Readonly<Record<string, string>> | undefined;
  readonly annotations?: Readonly<Record<string, string>> | undefined;
  readonly ownerReferences?: readonly OwnerReference[] | undefined;
  readonly generateName?: string | undefined;
}

/** @public */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[] | undefined;
}

/** @public */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | undefined;
}

/** @public */
export interface KeySelector {
  readonly name?: string | undefined;
  readonly key: string;
  readonly optional?: boolean | undefined;
}

/** @public */
export interface EnvVarSource {
  readonly configMapKeyRef?: KeySelector | undefined;
  readonly secretKeyRef?: KeySelector | undefined;
  readonly fieldRef?: { readonly fieldPath: string; readonly apiVersion?: string | undefined } | undefined;
  readonly resourceFieldRef?:
    | { readonly resource: string; readonly containerName?: string | undefined; readonly divisor?: string | undefined }
    | undefined;
}

/** @public */
export interface EnvVar {
  readonly name: string;
  readonly value?: string | undefined;
  readonly valueFrom?: EnvVarSource | undefined;
}

/** @public */
export interface EnvFromSource {
  readonly prefix?: string | undefined;
  readonly configMapRef?: { readonly name?: string | undefined; readonly optional?: boolean | undefined } | undefined;
  readonly secretRef?: { readonly name?: string | undefined; readonly optional?: boolean | undefined } | undefined;
}

/** @public */
export interface ResourceRequirements {
  readonly limits?: Readonly<Record<string, string>> | undefined;
  readonly requests?: Readonly<Record<string, string>> | undefined;
}

/** @public */
export interface Container {
  readonly name: string;
  readonly image?: string | undefined;
  readonly command?: readonly string[] | undefined;
  readonly args?: readonly string[] | undefined;
  readonly env?: readonly EnvVar[] | undefined;
  readonly envFrom?: readonly EnvFromSource[] | undefined;
  readonly resources?: ResourceRequirements | undefined;
  readonly ports?:
    | ReadonlyArray<{ readonly name?: string; readonly containerPort: number; readonly protocol?: string }>
    | undefined;
  /** Native sidecar when `Always` on an init container. */
  readonly restartPolicy?: string | undefined;
}

/** @public */
export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[] | undefined;
  readonly nodeName?: string | undefined;
  readonly serviceAccountName?: string | undefined;
  readonly enableServiceLinks?: boolean | undefined;
  readonly shareProcessNamespace?: boolean | undefined;
  readonly hostname?: string | undefined;
  readonly subdomain?: string | undefined;
  readonly restartPolicy?: string | undefined;
  readonly imagePullSecrets?: ReadonlyArray<{ readonly name: string }> | undefined;
  readonly nodeSelector?: Readonly<Record<string, string>> | undefined;
}

/** @public */
export interface ContainerStatus {
  readonly name: string;
  readonly ready: boolean;
  readonly restartCount: number;
  readonly started?: boolean | undefined;
  /** The image the runtime runs, by digest when it knows one (`registry/repo@sha256:...`). */
  readonly imageID?: string | undefined;
  readonly state?:
    | {
        readonly running?: { readonly startedAt?: string | undefined } | undefined;
        readonly waiting?: { readonly reason?: string | undefined } | undefined;
        readonly terminated?:
          | { readonly reason?: string | undefined; readonly exitCode?: number | undefined }
          | undefined;
      }
    | undefined;
}

/** @public */
export interface PodCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly lastTransitionTime?: string | undefined;
}

/** @public */
export interface PodStatus {
  readonly phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown' | undefined;
  readonly conditions?: readonly PodCondition[] | undefined;
  readonly containerStatuses?: readonly ContainerStatus[] | undefined;
  readonly initContainerStatuses?: readonly ContainerStatus[] | undefined;
  readonly hostIP?: string | undefined;
  readonly hostIPs?: ReadonlyArray<{ readonly ip: string }> | undefined;
  readonly podIP?: string | undefined;
  readonly podIPs?: ReadonlyArray<{ readonly ip: string }> | undefined;
  readonly startTime?: string | undefined;
}

/** @public */
export interface Pod {
  readonly apiVersion?: string | undefined;
  readonly kind?: string | undefined;
  readonly metadata: ObjectMeta;
  readonly spec: PodSpec;
  readonly status?: PodStatus | undefined;
}

/** @public */
export interface PodTemplateSpec {
  readonly metadata?: Partial<ObjectMeta> | undefined;
  readonly spec: PodSpec;
}

/** @public */
export interface ServicePort {
  readonly name?: string | undefined;
  readonly port: number;
  readonly protocol?: string | undefined;
  readonly targetPort?: number | string | undefined;
}

/** @public */
export interface Service {
  readonly apiVersion?: string | undefined;
  readonly kind?: string | undefined;
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly selector?: Readonly<Record<string, string>> | undefined;
    readonly clusterIP?: string | undefined;
    readonly type?: string | undefined;
    readonly ports?: readonly ServicePort[] | undefined;
  };
}

/** @public */
export interface ConfigMap {
  readonly apiVersion?: string | undefined;
  readonly kind?: string | undefined;
  readonly metadata: ObjectMeta;
  readonly data?: Readonly<Record<string, string>> | undefined;
  readonly binaryData?: Readonly<Record<string, string>> | undefined;
}

/** @public */
export interface Secret {
  readonly apiVersion?: string | undefined;
  readonly kind?: string | undefined;
  readonly metadata: ObjectMeta;
  readonly type?: string | undefined;
  /** Base64-encoded values. */
  readonly data?: Readonly<Record<string, string>> | undefined;
  /** Write-only plain values; a real server folds them into `data`. */
  readonly stringData?: Readonly<Record<string, string>> | undefined;
}

/** A Deployment, ReplicaSet, StatefulSet, DaemonSet, Job or Rollout: selector + template. @public */
export interface Workload {
  readonly apiVersion?: string | undefined;
  readonly kind?: string | undefined;
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly replicas?: number | undefined;
    readonly selector?: LabelSelector | undefined;
    readonly template?: PodTemplateSpec | undefined;
    /** Rollout: take the template from another workload. */
    readonly workloadRef?: { readonly apiVersion?: string; readonly kind: string; readonly name: string } | undefined;
    /** CronJob. */
    readonly jobTemplate?: { readonly metadata?: Partial<ObjectMeta>; readonly spec: Workload['spec'] } | undefined;
    readonly schedule?: string | undefined;
  };
  readonly status?:
    | {
        readonly updateRevision?: string | undefined;
        readonly currentRevision?: string | undefined;
        /** Rollout. */
        readonly currentPodHash?: string | undefined;
        readonly stableRS?: string | undefined;
        /** CronJob. */
        readonly active?:
          | ReadonlyArray<{ readonly name: string; readonly namespace?: string; readonly uid?: string }>
          | undefined;
        readonly lastScheduleTime?: string | undefined;
        readonly replicas?: number | undefined;
        readonly readyReplicas?: number | undefined;
      }
    | undefined;
}

/** Any object kubenv or the simulated cluster stores. @public */
export type KubeObject =
  | Pod
  | Service
  | ConfigMap
  | Secret
  | Workload
  | { readonly apiVersion?: string; readonly kind?: string; readonly metadata: ObjectMeta };

/** The part of a Node kubenv reads: its platform, for choosing an image's manifest. */
export interface Node {
  readonly metadata: ObjectMeta;
  readonly status?:
    | { readonly nodeInfo?: { readonly operatingSystem?: string; readonly architecture?: string } | undefined }
    | undefined;
}
