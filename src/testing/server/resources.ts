/**
 * The API resources the simulated cluster serves: one table drives discovery, routing, RBAC
 * messages and storage, so a resource is added in one place.
 */

/** A subresource listed in discovery (`pods/exec`, `deployments/scale`, ...). */
export interface SubresourceDefinition {
  readonly name: string;
  readonly kind: string;
  readonly verbs: readonly string[];
}

/** One API resource (plural name within a group version). */
export interface ResourceDefinition {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** Plural, lowercase: the URL segment (`pods`). */
  readonly resource: string;
  readonly singular: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: readonly SubresourceDefinition[];
}

// The simulator implements reads (and watch); discovery lists what it really answers.
const readVerbs = ['get', 'list', 'watch'] as const;

function define(
  group: string,
  version: string,
  resource: string,
  kind: string,
  details: {
    namespaced?: boolean;
    shortNames?: string[];
    categories?: string[];
    subresources?: SubresourceDefinition[];
  } = {},
): ResourceDefinition {
  return {
    group,
    version,
    resource,
    singular: kind.toLowerCase(),
    kind,
    namespaced: details.namespaced ?? true,
    shortNames: details.shortNames ?? [],
    categories: details.categories ?? [],
    subresources: details.subresources ?? [],
  };
}

/** Every resource the simulated cluster serves, in discovery order. */
export const resourceDefinitions: readonly ResourceDefinition[] = [
  define('', 'v1', 'configmaps', 'ConfigMap', { shortNames: ['cm'] }),
  define('', 'v1', 'namespaces', 'Namespace', { namespaced: false, shortNames: ['ns'] }),
  define('', 'v1', 'pods', 'Pod', {
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'status', kind: 'Pod', verbs: ['get'] },
    ],
  }),
  define('', 'v1', 'secrets', 'Secret'),
  define('', 'v1', 'services', 'Service', {
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [{ name: 'status', kind: 'Service', verbs: ['get'] }],
  }),
  define('apps', 'v1', 'controllerrevisions', 'ControllerRevision'),
  define('apps', 'v1', 'daemonsets', 'DaemonSet', {
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [{ name: 'status', kind: 'DaemonSet', verbs: ['get'] }],
  }),
  define('apps', 'v1', 'deployments', 'Deployment', {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [{ name: 'status', kind: 'Deployment', verbs: ['get'] }],
  }),
  define('apps', 'v1', 'replicasets', 'ReplicaSet', {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [{ name: 'status', kind: 'ReplicaSet', verbs: ['get'] }],
  }),
  define('apps', 'v1', 'statefulsets', 'StatefulSet', {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [{ name: 'status', kind: 'StatefulSet', verbs: ['get'] }],
  }),
  define('batch', 'v1', 'cronjobs', 'CronJob', {
    shortNames: ['cj'],
    categories: ['all'],
    subresources: [{ name: 'status', kind: 'CronJob', verbs: ['get'] }],
  }),
  define('batch', 'v1', 'jobs', 'Job', {
    categories: ['all'],
    subresources: [{ name: 'status', kind: 'Job', verbs: ['get'] }],
  }),
  define('argoproj.io', 'v1alpha1', 'rollouts', 'Rollout', {
    shortNames: ['ro'],
    subresources: [{ name: 'status', kind: 'Rollout', verbs: ['get'] }],
  }),
];

/** The verbs every resource advertises. */
export const resourceVerbs: readonly string[] = readVerbs;

/** `group/version` as written in `apiVersion` (`v1` for the core group). */
export function groupVersionOf(definition: ResourceDefinition): string {
  return definition.group === '' ? definition.version : `${definition.group}/${definition.version}`;
}

/** `pods` or `deployments.apps`: how the API server names a resource in error messages. */
export function qualifiedResource(definition: ResourceDefinition): string {
  return definition.group === '' ? definition.resource : `${definition.resource}.${definition.group}`;
}

const byGroupVersionResource = new Map<string, ResourceDefinition>();
const byAnyName = new Map<string, ResourceDefinition>();
for (const definition of resourceDefinitions) {
  byGroupVersionResource.set(`${definition.group}/${definition.version}/${definition.resource}`, definition);
  for (const name of [
    definition.resource,
    definition.singular,
    definition.kind.toLowerCase(),
    ...definition.shortNames,
  ]) {
    byAnyName.set(name, definition);
    byAnyName.set(`${name}.${definition.group}`, definition);
  }
}

/** The resource served at `/apis/<group>/<version>/<resource>`, if any. */
export function findResource(group: string, version: string, resource: string): ResourceDefinition | undefined {
  return byGroupVersionResource.get(`${group}/${version}/${resource}`);
}

/**
 * The resource a test names: plural, singular, kind or short name, case-insensitive, optionally
 * qualified by group (`deployments.apps`).
 */
export function lookupResource(name: string): ResourceDefinition | undefined {
  return byAnyName.get(name.toLowerCase());
}

/** The resource that stores objects of an `apiVersion` + `kind`. */
export function resourceForKind(apiVersion: string, kind: string): ResourceDefinition | undefined {
  return resourceDefinitions.find(
    (definition) => groupVersionOf(definition) === apiVersion && definition.kind === kind,
  );
}

/** The groups served under `/apis`, in discovery order. */
export function apiGroups(): Array<{ name: string; version: string }> {
  const groups: Array<{ name: string; version: string }> = [];
  for (const definition of resourceDefinitions) {
    if (definition.group === '' || groups.some((group) => group.name === definition.group)) continue;
    groups.push({ name: definition.group, version: definition.version });
  }
  return groups;
}
