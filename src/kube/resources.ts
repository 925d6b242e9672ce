/**
 * The API resources kubenv reads: where each one lives. Light on purpose: the target grammar
 * refers to it, so it is on the import path of `parseTarget`.
 */

/** Plural resource names kubenv reads. */
export type ResourceName =
  | 'pods'
  | 'services'
  | 'configmaps'
  | 'secrets'
  | 'namespaces'
  | 'nodes'
  | 'serviceaccounts'
  | 'deployments'
  | 'replicasets'
  | 'statefulsets'
  | 'daemonsets'
  | 'controllerrevisions'
  | 'jobs'
  | 'cronjobs'
  | 'rollouts';

/** API group ('' = core), version and kind of a resource. */
export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Singular, as kubectl and error messages spell it. */
  readonly singular: string;
}

/** Where each resource lives. */
export const RESOURCES: Readonly<Record<ResourceName, ResourceInfo>> = {
  pods: { group: '', version: 'v1', kind: 'Pod', singular: 'pod' },
  services: { group: '', version: 'v1', kind: 'Service', singular: 'service' },
  configmaps: { group: '', version: 'v1', kind: 'ConfigMap', singular: 'configmap' },
  secrets: { group: '', version: 'v1', kind: 'Secret', singular: 'secret' },
  namespaces: { group: '', version: 'v1', kind: 'Namespace', singular: 'namespace' },
  nodes: { group: '', version: 'v1', kind: 'Node', singular: 'node' },
  serviceaccounts: { group: '', version: 'v1', kind: 'ServiceAccount', singular: 'serviceaccount' },
  deployments: { group: 'apps', version: 'v1', kind: 'Deployment', singular: 'deployment' },
  replicasets: { group: 'apps', version: 'v1', kind: 'ReplicaSet', singular: 'replicaset' },
  statefulsets: { group: 'apps', version: 'v1', kind: 'StatefulSet', singular: 'statefulset' },
  daemonsets: { group: 'apps', version: 'v1', kind: 'DaemonSet', singular: 'daemonset' },
  controllerrevisions: { group: 'apps', version: 'v1', kind: 'ControllerRevision', singular: 'controllerrevision' },
  jobs: { group: 'batch', version: 'v1', kind: 'Job', singular: 'job' },
  cronjobs: { group: 'batch', version: 'v1', kind: 'CronJob', singular: 'cronjob' },
  rollouts: { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout', singular: 'rollout' },
};

/** The URL path of a resource collection (namespaced unless `namespace` is undefined). */
export function resourcePath(resource: ResourceName, namespace: string | undefined, name?: string): string {
  const info = RESOURCES[resource];
  const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const scope = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${base}${scope}/${resource}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}
