/**
 * The API resources kubenv reads: where each one lives. The one home of group and version; the
 * workload kinds of the target grammar (../target/kinds.ts) name their resource here. Light on
 * purpose (types and one table, no imports), since the target grammar refers to it.
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

/** API group ('' = core) and version of a resource. */
export interface ResourceInfo {
  readonly group: string;
  readonly version: string;
  /** Singular, as kubectl and error messages spell it. */
  readonly singular: string;
}

/** Where each resource lives. */
export const RESOURCES: Readonly<Record<ResourceName, ResourceInfo>> = {
  pods: { group: '', version: 'v1', singular: 'pod' },
  services: { group: '', version: 'v1', singular: 'service' },
  configmaps: { group: '', version: 'v1', singular: 'configmap' },
  secrets: { group: '', version: 'v1', singular: 'secret' },
  namespaces: { group: '', version: 'v1', singular: 'namespace' },
  nodes: { group: '', version: 'v1', singular: 'node' },
  serviceaccounts: { group: '', version: 'v1', singular: 'serviceaccount' },
  deployments: { group: 'apps', version: 'v1', singular: 'deployment' },
  replicasets: { group: 'apps', version: 'v1', singular: 'replicaset' },
  statefulsets: { group: 'apps', version: 'v1', singular: 'statefulset' },
  daemonsets: { group: 'apps', version: 'v1', singular: 'daemonset' },
  controllerrevisions: { group: 'apps', version: 'v1', singular: 'controllerrevision' },
  jobs: { group: 'batch', version: 'v1', singular: 'job' },
  cronjobs: { group: 'batch', version: 'v1', singular: 'cronjob' },
  rollouts: { group: 'argoproj.io', version: 'v1alpha1', singular: 'rollout' },
};

/** The URL path of a resource collection (namespaced unless `namespace` is undefined). */
export function resourcePath(resource: ResourceName, namespace: string | undefined, name?: string): string {
  const info = RESOURCES[resource];
  const base = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const scope = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${base}${scope}/${resource}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}
